// Server-rendered pages of the app: every interpolated value is escaped unless
// the template built it itself.

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export class Html {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

type Value = string | number | Html | null | undefined | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join("");
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  return new Html(
    strings.reduce(
      (out, part, i) => out + part + (i < values.length ? render(values[i] as Value) : ""),
      "",
    ),
  );
}

export function page(title: string, body: Html, options: { refreshSeconds?: number } = {}): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
${options.refreshSeconds ? html`<meta http-equiv="refresh" content="${options.refreshSeconds}">` : ""}
<title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}
fieldset{border:1px solid #ccc;margin:1rem 0}label{display:block;margin:.3rem 0}.error{color:#b00020}
button{font:inherit;padding:.5rem 1rem}</style></head>
<body>${body}</body></html>`.text;
}
