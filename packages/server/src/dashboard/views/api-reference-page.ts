// /docs/api: the OpenAPI document as a page people read, rendered on the
// server from the document itself (so the page and the file never differ).

import type { JsonSchema, OpenApiDocument, OpenApiOperation } from "../../routes/openapi.ts";
import { html, page, type SafeHtml } from "../../views/html.ts";

/** A schema's type in a few words: "string, 1-128 chars", "one of a | b". */
function describeType(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map(String).join(" | ")}`;
  if (schema.const !== undefined) return `"${String(schema.const)}"`;
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (variants) return variants.map(describeType).join(" or ");
  const limits = [
    schema.minLength !== undefined ? `min ${String(schema.minLength)} chars` : "",
    schema.maxLength !== undefined ? `max ${String(schema.maxLength)} chars` : "",
    schema.minimum !== undefined ? `≥ ${String(schema.minimum)}` : "",
    schema.maximum !== undefined ? `≤ ${String(schema.maximum)}` : "",
    schema.format !== undefined ? String(schema.format) : "",
    schema.default !== undefined ? `default ${JSON.stringify(schema.default)}` : "",
  ].filter(Boolean);
  const type =
    schema.type === "array" && schema.items
      ? `array of ${describeType(schema.items as JsonSchema)}`
      : String(schema.type ?? "any");
  return limits.length > 0 ? `${type} (${limits.join(", ")})` : type;
}

/** The fields of an object schema, nested ones with dotted names. */
function fields(schema: JsonSchema, prefix = ""): SafeHtml[] {
  const variants = schema.oneOf as JsonSchema[] | undefined;
  if (variants) return variants.flatMap((variant) => fields(variant, prefix));
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties) return [];
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties).flatMap(([name, field]) => [
    html`<tr><td><code>${prefix}${name}</code></td><td>${describeType(field)}</td><td>${required.has(name) ? "yes" : ""}</td><td>${String(field.description ?? "")}</td></tr>`,
    ...(field.type === "object" ? fields(field, `${prefix}${name}.`) : []),
  ]);
}

function table(caption: string, rows: readonly SafeHtml[]): SafeHtml {
  if (rows.length === 0) return html``;
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label="${caption}"><table><caption>${caption}</caption><thead><tr><th scope="col">name</th><th scope="col">type</th><th scope="col">required</th><th scope="col">notes</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function operation(method: string, path: string, op: OpenApiOperation): SafeHtml {
  const params = op.parameters.map(
    (p) =>
      html`<tr><td><code>${p.name}</code> <span class="muted">(${p.in})</span></td><td>${describeType(p.schema)}</td><td>${p.required ? "yes" : ""}</td><td>${p.description ?? ""}</td></tr>`,
  );
  const [bodyType, body] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
  const [status, answer] = Object.entries(op.responses)[0] ?? [];
  const answerSchema = answer?.content?.["application/json"]?.schema;
  return html`<section class="card" id="${op.operationId}" aria-labelledby="${op.operationId}-h">
<h3 id="${op.operationId}-h"><code>${method.toUpperCase()} ${path}</code></h3><p>${op.summary}</p>
${table("Parameters", params)}
${body ? html`<p class="muted">Body: <code>${bodyType ?? ""}</code></p>${table("Body fields", fields(body.schema))}` : ""}
<p class="muted">Answers <code>${status ?? ""}</code>; errors are <code>application/problem+json</code>.</p>
${answerSchema ? table(`Answer ${status ?? ""}`, fields(answerSchema)) : ""}</section>`;
}

export function apiReferencePage(document: OpenApiDocument): string {
  const byTag = new Map<string, SafeHtml[]>();
  const toc: SafeHtml[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags[0] ?? "Other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), operation(method, path, op)]);
      toc.push(
        html`<li><a href="#${op.operationId}"><code>${method.toUpperCase()} ${path}</code></a></li>`,
      );
    }
  }
  return page({
    title: `${document.info.title} · reference`,
    lang: "en",
    head: html`<link rel="stylesheet" href="/dashboard/assets/dashboard.css">`,
    body: html`<a class="skip" href="#main">Skip to content</a><header class="top"><a class="brand" href="/docs/api">smspay API</a><a class="lang" href="/openapi.json">openapi.json</a></header>
<main id="main" tabindex="-1"><h1>${document.info.title}</h1><p>${document.info.description}</p>
<p>Send <code>Authorization: Bearer &lt;API key&gt;</code> with every request. The machine-readable document is <a href="/openapi.json">/openapi.json</a>.</p>
<nav aria-label="Operations" class="card"><ul class="plain">${toc}</ul></nav>
${[...byTag].map(([tag, ops]) => html`<h2>${tag}</h2>${ops}`)}</main>`,
  });
}
