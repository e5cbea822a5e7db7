// The OpenAPI document: generated from the routes' own schemas, up to date in
// shared/, covering exactly the API's routes, and true to what the API answers.

import { readFileSync } from "node:fs";
import { createPaymentSchema, refundInputSchema } from "@smspay/core";
import { pgliteTestDatabase } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeTable } from "../http/route-table.ts";
import { TestShop } from "../test-client.ts";
import { type RunningSmspay, startSmspay } from "../test-support.ts";
import { jsonSchema, openApiDocument, openApiPath, openApiText } from "./openapi.ts";
import {
  paymentResponse,
  paymentWithMoneyResponse,
  problemResponse,
  refundResponse,
} from "./openapi-operations.ts";

const COMMITTED = new URL("../../../../shared/openapi/openapi.json", import.meta.url);

describe("the OpenAPI document", () => {
  let running: RunningSmspay;
  let shop: TestShop;

  beforeAll(async () => {
    running = await startSmspay({ db: (await pgliteTestDatabase().open()).db });
    shop = await TestShop.open(running);
  });
  afterAll(() => running?.close());

  it("is committed up to date in shared/openapi (run `pnpm openapi` after changing the API)", () => {
    expect(readFileSync(COMMITTED, "utf8")).toBe(openApiText());
  });

  it("documents every route of the merchant API, and nothing else", () => {
    const routes = routeTable(running.smspay.app)
      .filter((route) => route.path.startsWith("/v1/"))
      .map((route) => `${route.method} ${openApiPath(route.path)}`)
      .sort();
    const documented = Object.entries(openApiDocument().paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
      .sort();
    expect(documented).toEqual(routes);
  });

  it("takes request bodies from the schemas the services validate with", () => {
    const paths = openApiDocument().paths;
    expect(paths["/v1/payments"]?.post?.requestBody?.content["application/json"]?.schema).toEqual(
      jsonSchema(createPaymentSchema),
    );
    expect(
      paths["/v1/payments/{id}/refunds"]?.post?.requestBody?.content["application/json"]?.schema,
    ).toEqual(jsonSchema(refundInputSchema));
    const refund = paths["/v1/payments/{id}/refunds"]?.post?.parameters ?? [];
    expect(refund.find((p) => p.name === "Idempotency-Key")?.required).toBe(true);
    expect(refund.find((p) => p.name === "id")?.in).toBe("path");
  });

  it("is served at /openapi.json and read as a page at /docs/api", async () => {
    const json = await fetch(`${running.baseUrl}/openapi.json`);
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual(JSON.parse(openApiText()));
    const page = await fetch(`${running.baseUrl}/docs/api`);
    expect(page.headers.get("content-type")).toContain("text/html");
    const text = await page.text();
    for (const [path, methods] of Object.entries(openApiDocument().paths)) {
      for (const method of Object.keys(methods))
        expect(text).toContain(`${method.toUpperCase()} ${path}`);
    }
    expect(text).toContain("orderRef");
  });

  it("describes what the API really answers", async () => {
    const created = await shop.create(200);
    expect(paymentResponse.strict().safeParse(created).error).toBeUndefined();
    const paid = await shop.payBySms(450);
    expect(paymentWithMoneyResponse.strict().safeParse(paid).error).toBeUndefined();
    const refund = await shop.api(
      "POST",
      `/v1/payments/${paid.id}/refunds`,
      { amount: 100 },
      {
        "idempotency-key": "doc-1",
      },
    );
    expect(refund.status).toBe(201);
    expect(refundResponse.strict().safeParse(refund.body).error).toBeUndefined();
    const problem = await shop.api("POST", "/v1/payments", { amount: -1 });
    expect(problem.type).toContain("application/problem+json");
    expect(problemResponse.strict().safeParse(problem.body).error).toBeUndefined();
  });
});
