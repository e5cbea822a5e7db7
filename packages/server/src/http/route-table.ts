// Every route the app answers, read from Express's own router stack (not a
// list kept by hand), so tests and the API reference can check that no route
// is forgotten: a new route shows up here by itself.

import type { Express } from "express";

export type RouteEntry = {
  /** Lower case, e.g. "get". */
  readonly method: string;
  /** Express syntax, e.g. "/v1/payments/:id". */
  readonly path: string;
};

type Layer = {
  readonly rawPath?: unknown;
  readonly route?: { readonly path: unknown; readonly methods: Readonly<Record<string, boolean>> };
  readonly handle?: { readonly stack?: readonly Layer[] };
};

function join(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/+/g, "/");
  return joined.length > 1 ? joined.replace(/\/$/, "") : joined;
}

function walk(stack: readonly Layer[], prefix: string, out: RouteEntry[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const path of paths) {
        if (typeof path !== "string") continue;
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== "_all") out.push({ method, path: join(prefix, path) });
        }
      }
    } else if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === "string" ? layer.rawPath : "";
      walk(layer.handle.stack, join(prefix, mount), out);
    }
  }
}

/** The app's routes, each once, in the order Express tries them. */
export function routeTable(app: Express): RouteEntry[] {
  const out: RouteEntry[] = [];
  walk((app.router as unknown as { stack: readonly Layer[] }).stack, "", out);
  const seen = new Set<string>();
  return out.filter((r) => {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
