// Load generation with autocannon (in the bench process, separate from the
// smspay processes under test), spread over every process of the fleet.

import autocannon from "autocannon";

export type LoadResult = {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  errors: number;
  non2xx: number;
};

export type LoadSpec = {
  readonly urls: readonly string[];
  readonly path: string;
  readonly method?: "GET" | "POST";
  readonly headers?: Record<string, string>;
  /** A fixed body, or one made per request. */
  readonly body?: string | (() => string);
  readonly connections: number;
  readonly seconds?: number;
  /** Stop after this many requests in all (split over the fleet). */
  readonly amount?: number;
};

export async function load(spec: LoadSpec): Promise<LoadResult> {
  const perProcess = Math.max(1, Math.floor(spec.connections / spec.urls.length));
  const started = performance.now();
  const results = await Promise.all(
    spec.urls.map((url) => {
      const makeBody = spec.body;
      const request: autocannon.Request = {
        method: spec.method ?? "GET",
        path: spec.path,
        ...(spec.headers ? { headers: spec.headers } : {}),
        ...(typeof makeBody === "function"
          ? { setupRequest: (req: autocannon.Request) => ({ ...req, body: makeBody() }) }
          : makeBody !== undefined
            ? { body: makeBody }
            : {}),
      };
      return autocannon({
        url,
        connections: perProcess,
        requests: [request],
        ...(spec.amount !== undefined
          ? { amount: Math.ceil(spec.amount / spec.urls.length) }
          : { duration: spec.seconds ?? 10 }),
      });
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  const total = results.reduce((sum, r) => sum + r.requests.total, 0);
  // Latency percentiles are merged conservatively: the worst process's figure.
  return {
    rps: total / elapsedSeconds,
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    total,
    errors: results.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
  };
}
