// The dashboard's stylesheet. Mobile first (one column, tables scroll inside
// their own region), wider grids from 48rem. Colours meet WCAG 2.2 AA (text
// 4.5:1 on its background, controls 3:1); targets are at least 24 px; focus
// is always visible. Bar widths are classes (w0..w100): the CSP forbids
// inline styles.

export function dashboardStyle(): string {
  const widths = Array.from({ length: 101 }, (_, i) => `.w${i}{width:${i}%}`).join("");
  return `:root{--brand:#0b5cff;--ink:#14171a;--muted:#4a5058;--bad:#b3261e;--good:#146c2e;--line:#c9ced6;--bg:#eef0f3}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;background:var(--bg);color:var(--ink)}
a{color:#0a4fd6}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:2}
.skip:focus{left:.5rem}
.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;background:#fff;border-bottom:1px solid var(--line);padding:.5rem 1rem}
.brand{font-weight:800;font-size:1.125rem;color:var(--ink);text-decoration:none;min-height:2.75rem;display:flex;align-items:center}
.top nav{flex:1 1 100%;order:3;overflow-x:auto}
.top nav ul{display:flex;gap:.25rem;list-style:none;margin:0;padding:0}
.top nav a{display:block;padding:.5rem .75rem;border-radius:.5rem;text-decoration:none;color:var(--ink);white-space:nowrap;min-height:2.75rem}
.top nav a[aria-current=page]{background:var(--ink);color:#fff}
.who{display:flex;align-items:center;gap:.5rem;flex-wrap:wrap;margin-inline-start:auto;font-size:.875rem}
.who form{display:inline}
.role{background:#e3e7ed;border-radius:1rem;padding:0 .5rem}
.lang{font-size:.875rem;min-height:1.5rem;padding:.25rem 0}
main{max-width:72rem;margin:0 auto;padding:1rem}
main:focus{outline:none}
h1{font-size:1.5rem;margin:.25rem 0 1rem}
h2{font-size:1.125rem;margin:0 0 .75rem}
h3{font-size:1rem;margin:1rem 0 .5rem}
.card{background:#fff;border-radius:.75rem;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 3px #0002}
.narrow{max-width:28rem}
.grid{display:grid;gap:0 1rem;grid-template-columns:minmax(0,1fr)}
.muted,.hint{color:var(--muted)}
.hint{font-size:.875rem;margin:.25rem 0}
.empty{color:var(--muted);font-style:italic}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.ltr{direction:ltr;unicode-bidi:isolate}
.num{text-align:end;font-variant-numeric:tabular-nums}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
input,select{display:block;width:100%;min-width:0;max-width:100%;min-height:2.75rem;padding:.5rem .75rem;border:2px solid #6b7280;border-radius:.5rem;background:#fff;color:var(--ink);font:inherit}
input[aria-invalid=true]{border-color:var(--bad)}
fieldset{border:1px solid var(--line);border-radius:.5rem;margin:.75rem 0;padding:.5rem .75rem}
legend{font-weight:600;padding:0 .25rem}
.check{display:flex;gap:.5rem;align-items:center;font-weight:400;margin:.25rem 0}
.check input{width:1.25rem;height:1.25rem;min-height:0;flex:none;margin:0}
.btn{display:inline-flex;align-items:center;justify-content:center;min-height:2.75rem;margin:.75rem .5rem 0 0;padding:.5rem 1rem;border:2px solid var(--brand);border-radius:.5rem;background:var(--brand);color:#fff;font:inherit;font-weight:700;text-decoration:none;cursor:pointer}
.btn.alt{background:#fff;color:#0a4fd6}
.btn.danger{background:var(--bad);border-color:var(--bad)}
.link{border:0;background:none;color:#0a4fd6;font:inherit;text-decoration:underline;cursor:pointer;min-height:1.5rem;padding:.25rem 0}
:focus-visible{outline:3px solid var(--ink);outline-offset:2px}
.filters{display:grid;gap:0 .75rem;grid-template-columns:repeat(2,minmax(0,1fr));background:#fff;border-radius:.75rem;padding:.5rem 1rem 1rem;margin:0 0 1rem;box-shadow:0 1px 3px #0002}
.filters .wide,.filters .actions{grid-column:1/-1}
.toolbar{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem}
.toolbar .btn{margin:0}
.table-wrap{overflow-x:auto;background:#fff;border-radius:.75rem;box-shadow:0 1px 3px #0002;margin:0 0 1rem}
table{border-collapse:collapse;width:100%;font-size:.9375rem}
caption{text-align:start;font-weight:700;padding:.75rem 1rem}
th,td{padding:.5rem .75rem;border-bottom:1px solid var(--line);text-align:start;vertical-align:top}
thead th{background:#f6f7f9;white-space:nowrap}
td a{display:inline-block;min-height:1.5rem}
.badge{display:inline-block;border-radius:1rem;padding:0 .5rem;font-size:.875rem;font-weight:600;background:#e3e7ed;color:var(--ink)}
.s-succeeded{background:#d7f0dd;color:#0d4a1f}
.s-failed{background:#fbe0de;color:#8a1c15}
.s-partially_refunded,.s-refunded{background:#fdf0d5;color:#6b4400}
.badge.test{background:#ece3fb;color:#4a2a85}
.notice{border-radius:.5rem;padding:.5rem .75rem;margin:0 0 1rem;font-weight:600}
.notice.ok{background:#d7f0dd;color:#0d4a1f}
.notice.error{background:#fbe0de;color:#8a1c15}
.secret{word-break:break-all;font-size:1rem}
.facts{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:0}
.facts dt{color:var(--muted)}.facts dd{margin:0;font-weight:600}
.timeline{margin:0;padding-inline-start:1.25rem}
.timeline li{margin:.25rem 0}
.plain{list-style:none;margin:0;padding:0}
.items>li{border-top:1px solid var(--line);padding:.5rem 0}
.items>li:first-child{border-top:0}
.items form{display:flex;flex-wrap:wrap;align-items:end;gap:.5rem}
.items form label{flex:1 1 100%}
.items form input{flex:1 1 12rem}
.items form .btn{margin:0}
.sms-list{list-style:none;margin:0;padding:0}
.sms-list p{margin:.25rem 0}
.bubble{background:#f0f2f5;border-radius:.75rem;padding:.5rem .75rem;display:inline-block;max-width:40rem}
.kpis{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:.75rem;margin:0 0 1rem}
.kpi{background:#fff;border-radius:.75rem;padding:.75rem 1rem;box-shadow:0 1px 3px #0002}
.kpi p{margin:0}
.kpi-label{color:var(--muted);font-size:.875rem}
.kpi-value{font-size:1.375rem;font-weight:800;font-variant-numeric:tabular-nums}
.bars{list-style:none;margin:0;padding:0}
.bars li{display:grid;grid-template-columns:minmax(6rem,10rem) 1fr auto;align-items:center;gap:.5rem;margin:.375rem 0}
.bar-track{background:#e3e7ed;border-radius:.25rem;height:.75rem;overflow:hidden}
.bar-fill{display:block;height:100%;background:var(--brand)}
.bar-value{font-variant-numeric:tabular-nums;font-size:.875rem}
${widths}
.chart{min-height:220px;margin:0 0 .5rem}
.swatch{vertical-align:middle}
.logo-preview{max-height:3rem;max-width:10rem;background:#fff;border:1px solid var(--line);border-radius:.25rem;padding:.25rem}
.pager{display:flex;gap:.5rem;flex-wrap:wrap}
@media (min-width:48rem){
.top nav{flex:0 1 auto;order:0}
.grid{grid-template-columns:repeat(2,minmax(0,1fr))}
.filters{grid-template-columns:repeat(4,minmax(0,1fr))}
.filters .wide{grid-column:span 4}
.kpis{grid-template-columns:repeat(3,1fr)}
}
@media (min-width:72rem){.kpis{grid-template-columns:repeat(6,1fr)}}
`;
}
