// Minimal, dependency-free HTML templating: every interpolated value is
// escaped unless it is already `SafeHtml`.

export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Marks text the server produced itself (inline CSS, script, rendered SVG) as HTML. */
export function trusted(text: string): SafeHtml {
  return new SafeHtml(text);
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

type Value = string | number | SafeHtml | null | undefined | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

export function page(options: {
  title: string;
  lang: string;
  dir?: "ltr" | "rtl";
  head?: SafeHtml;
  body: SafeHtml;
}): string {
  return `<!doctype html>${html`<html lang="${options.lang}" dir="${options.dir ?? "ltr"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${options.title}</title>${options.head}</head><body>${options.body}</body></html>`}`;
}
