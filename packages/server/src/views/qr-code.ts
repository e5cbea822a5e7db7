// The short-code instruction as a QR code, for customers on a computer: their
// phone's camera opens the SMS app with the text filled in. Rendered on the
// server as a compact inline SVG (one path, ~1-2 KB), so the page needs no
// image request and no script.

import QRCode from "qrcode";
import { escapeHtml } from "./html.ts";

// Payments are looked at many times (the page refreshes while it waits):
// keep the latest renderings rather than encoding again.
const CACHE_SIZE = 500;
const cache = new Map<string, string>();

/** An `<svg>` element encoding `text`, labelled for assistive technology. */
export async function qrSvg(text: string, label: string): Promise<string> {
  let svg = cache.get(text);
  if (svg === undefined) {
    svg = await QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(text, svg);
  }
  return svg.replace("<svg ", `<svg role="img" aria-label="${escapeHtml(label)}" `);
}
