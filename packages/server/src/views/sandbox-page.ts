// The sandbox's virtual phone: send an MO to a short code, read the MTs.

import type { Tariff } from "@smspay/core";
import { html, page } from "./html.ts";

export function sandboxPage(tariffs: readonly Tariff[]): string {
  const body = html`<main style="max-width:28rem;margin:0 auto;padding:1rem;font-family:system-ui,sans-serif">
<h1>smspay sandbox phone</h1>
<form id="mo"><label for="from">This phone</label><input id="from" name="from" value="+33612345678" required>
<label for="to">Short code</label><select id="to" name="to">${tariffs.map((t) => html`<option value="${t.shortCode}">${t.shortCode} (${t.amount / 100} ${t.currency})</option>`)}</select>
<label for="text">Message</label><input id="text" name="text" placeholder="PAY 123456" required>
<p><button type="submit">Send SMS</button></p></form>
<h2>Messages</h2><ol id="log" aria-live="polite"></ol>
<p>Magic numbers: +33600000001 insufficient credit, +33600000002 operator error, +33600000003 no delivery receipt, +33600000004 receipt failed.</p>
</main>
<script>(function(){var f=document.getElementById("mo"),log=document.getElementById("log");
function load(){fetch("/sandbox/phones/"+encodeURIComponent(f.from.value)+"/messages").then(function(r){return r.json()}).then(function(j){log.innerHTML="";(j.data||[]).forEach(function(m){var li=document.createElement("li");li.textContent=m.direction.toUpperCase()+" "+m.from+" → "+m.to+": "+m.text+(m.billedAmount?" [billed "+m.billedAmount/100+" "+m.currency+"]":"");log.appendChild(li)})})}
f.addEventListener("submit",function(e){e.preventDefault();fetch("/sandbox/sms",{method:"POST",headers:{"content-type":"application/json"},body:JSON.stringify({from:f.from.value,to:f.to.value,text:f.text.value})}).then(function(){f.text.value="";setTimeout(load,300)})});
setInterval(load,2000);load()})()</script>`;
  return page({ title: "smspay sandbox", lang: "en", body });
}
