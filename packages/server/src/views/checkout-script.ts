// The checkout's only script, inlined. Everything it does is an enhancement
// of a page that works without it (plain forms, meta refresh, a redirect hop
// for the SMS link):
// - counts the time left down each second;
// - follows the payment live (server-sent events, polling where they are
//   missing) and reloads the page when its status changes, saying so in the
//   status live region first;
// - turns the SMS link into the sms: URI itself, reporting the tap with a
//   beacon (the hop does that without script);
// - copies the SMS text;
// - counts the PIN resend cooldown down, keeping the button disabled until then;
// - returns a paid customer to the shop after a few seconds, unless they choose
//   to stay (a time limit the user can turn off, WCAG 2.2.1).
// Plain ES2017, no framework: it must stay small (the page's budget is 30 KB).

export const CHECKOUT_SCRIPT = `(function(){
var d=document,m=d.querySelector("main"),id=m.dataset.id,st=d.getElementById("status"),base="/pay/"+id;
function beacon(type){var b=new URLSearchParams({type:type});if(!(navigator.sendBeacon&&navigator.sendBeacon(base+"/beacon",b)))fetch(base+"/beacon",{method:"POST",body:b,keepalive:true})}
function mmss(s){s=Math.max(0,s);var n=Math.floor(s/60),r=s%60;return n+":"+(r<10?"0":"")+r}
var left=d.getElementById("left");
if(left){var end=Date.parse(left.getAttribute("data-expires"));var tick=function(){left.textContent=mmss(Math.round((end-Date.now())/1000))};tick();setInterval(tick,1000)}
function reload(){location.replace(base+"?r=1")}
function changed(j){if(j.status===m.dataset.status)return false;st.textContent=j.text||"";setTimeout(reload,600);return true}
if(m.dataset.live==="1"){
if(window.EventSource){var es=new EventSource(base+"/events?lang="+d.documentElement.lang);es.addEventListener("status",function(e){if(changed(JSON.parse(e.data)))es.close()})}
else{var poll=setInterval(function(){fetch(base+"/status?lang="+d.documentElement.lang,{cache:"no-store"}).then(function(r){return r.json()}).then(function(j){if(changed(j))clearInterval(poll)}).catch(function(){})},2000)}}
var link=d.getElementById("sms-link");
if(link){link.href=link.dataset.sms;link.addEventListener("click",function(){beacon("sms_link_tapped")})}
var copy=d.getElementById("copy");
if(copy&&navigator.clipboard){copy.hidden=false;copy.addEventListener("click",function(){navigator.clipboard.writeText(copy.dataset.text).then(function(){d.getElementById("copied").textContent=copy.dataset.done;beacon("flow_chosen")})})}
var back=d.getElementById("back"),stay=d.getElementById("stay");
if(back&&back.dataset.after){var go=setTimeout(function(){location.assign(back.href)},back.dataset.after*1000);stay.hidden=false;stay.addEventListener("click",function(){clearTimeout(go);stay.hidden=true;d.getElementById("returning").hidden=true})}
var resend=d.getElementById("resend");
if(resend){var wait=+resend.dataset.wait,label=d.getElementById("resend-wait");var cool=function(){if(wait>0){resend.disabled=true;label.textContent=label.dataset.text.replace("{seconds}",wait);wait--;setTimeout(cool,1000)}else{resend.disabled=false;label.textContent=""}};cool()}
})()`;
