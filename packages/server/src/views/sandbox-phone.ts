// The sandbox's virtual phone, as a panel other sandbox pages embed: the
// messages it sent and received (refreshed every second) and a keyboard to
// text a short code. `quick` buttons send a prepared SMS in one tap.

import { html, type SafeHtml } from "./html.ts";

export const DEFAULT_SANDBOX_PHONE = "+33612345678";

export type QuickSms = { readonly label: string; readonly to: string; readonly text: string };

export function sandboxPhone(options: {
  phone: string;
  shortCodes: readonly string[];
  quick: readonly QuickSms[];
}): SafeHtml {
  return html`<section class="phone" aria-labelledby="phone-title">
<h2 id="phone-title">Virtual phone</h2>
<label for="from">Number</label><input id="from" value="${options.phone}" inputmode="tel" autocomplete="off">
${options.quick.map(
  (q) =>
    html`<button type="button" class="btn quick" data-to="${q.to}" data-text="${q.text}">${q.label}</button>`,
)}
<form id="mo"><label for="to">To</label><input id="to" list="codes" value="${options.shortCodes[0] ?? ""}" required>
<datalist id="codes">${options.shortCodes.map((c) => html`<option value="${c}">`)}</datalist>
<label for="text">Message</label><input id="text" placeholder="PAY 123456" required>
<button class="btn alt" type="submit">Send SMS</button></form>
<h3>Messages</h3><ol id="log" class="log" aria-live="polite"></ol>
</section>`;
}

// Plain script, no framework: posts MOs to /sandbox/sms, polls the phone's log.
export const SANDBOX_PHONE_SCRIPT = `(function(){
var d=document,from=d.getElementById("from"),log=d.getElementById("log"),seen="";
function send(to,text){return fetch("/sandbox/sms",{method:"POST",headers:{"content-type":"application/json"},body:JSON.stringify({from:from.value,to:to,text:text})}).then(function(r){if(!r.ok)return r.json().then(function(j){alert(j.detail)});load()})}
function load(){fetch("/sandbox/phones/"+encodeURIComponent(from.value)+"/messages",{cache:"no-store"}).then(function(r){return r.ok?r.json():{data:[]}}).then(function(j){var key=JSON.stringify(j.data);if(key===seen)return;seen=key;log.textContent="";j.data.slice().reverse().forEach(function(m){var li=d.createElement("li");li.className=m.direction;var head=d.createElement("small");head.textContent=(m.direction==="mo"?"You → ":"From ")+(m.direction==="mo"?m.to:m.from)+(m.billedAmount?" · billed "+(m.billedAmount/100).toFixed(2)+" "+m.currency:"");var p=d.createElement("span");p.textContent=m.text;li.appendChild(head);li.appendChild(p);log.appendChild(li)})}).catch(function(){})}
d.querySelectorAll(".quick").forEach(function(b){b.addEventListener("click",function(){send(b.dataset.to,b.dataset.text)})});
d.getElementById("mo").addEventListener("submit",function(e){e.preventDefault();var t=d.getElementById("text");send(d.getElementById("to").value,t.value).then(function(){t.value=""})});
from.addEventListener("change",function(){seen="";load()});
setInterval(load,1000);load()})()`;

export const SANDBOX_STYLE = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,sans-serif;background:#eef0f3;color:#14171a}
header{background:#14171a;color:#fff;padding:.75rem 1rem}header a{color:#fff}h1{font-size:1.25rem;margin:0}
.wrap{display:flex;flex-wrap:wrap;gap:1rem;padding:1rem;max-width:72rem;margin:0 auto}
.wrap>*{flex:1 1 20rem;background:#fff;border-radius:.75rem;padding:1rem;box-shadow:0 1px 3px #0003}
.phone{max-width:26rem}label{display:block;font-weight:700;margin:.5rem 0 .25rem}
input,select{width:100%;min-height:2.75rem;padding:.5rem;font:inherit;border:2px solid #6b7280;border-radius:.5rem}
.btn{display:block;width:100%;min-height:2.75rem;margin:.5rem 0;padding:.5rem 1rem;border:2px solid #0b5cff;border-radius:.5rem;background:#0b5cff;color:#fff;font:inherit;font-weight:700;cursor:pointer;text-align:center;text-decoration:none}
.btn.alt{background:#fff;color:#0b5cff}
.log{list-style:none;padding:0;margin:0;display:flex;flex-direction:column;gap:.5rem}
.log li{padding:.5rem .75rem;border-radius:.75rem;max-width:90%;background:#e4e7eb}.log li.mo{align-self:flex-end;background:#d6e4ff}
.log small{display:block;color:#4a5058}iframe{width:100%;height:44rem;border:1px solid #c4c8ce;border-radius:.5rem}
.products{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:1rem}.product{border:1px solid #c4c8ce;border-radius:.5rem;padding:1rem}
:focus-visible{outline:3px solid #14171a;outline-offset:2px}`;
