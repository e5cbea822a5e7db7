// The CLI against a running embedded server: the README's quick start path.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliServer, startEmbeddedCliServer } from "./test-cli.ts";

describe("smspay CLI beside a running embedded server", () => {
  let server: CliServer;

  beforeAll(async () => {
    server = await startEmbeddedCliServer();
  }, 60_000);

  afterAll(() => server?.stop());

  it("creates a merchant through the server, whose key then works on the API", async () => {
    const { stdout } = await server.run(["merchant", "create", "--name", "Quick Start Shop"]);
    const created = JSON.parse(stdout) as { merchantId: string; apiKey: string };
    expect(created.merchantId).toMatch(/^mer_/);
    const res = await fetch(`${server.baseUrl}/v1/payments`, {
      method: "POST",
      headers: { authorization: `Bearer ${created.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({
        amount: 450,
        currency: "EUR",
        orderRef: "A-1",
        returnUrl: "https://shop.example/r",
      }),
    });
    expect(res.status).toBe(201);
    const { stdout: listed } = await server.run(["merchant", "list"]);
    expect(listed).toContain(created.merchantId);
  });

  it("refuses commands that would open the embedded database a second time", async () => {
    const failed = await server.run(["migrate"]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain("smspay is running on this embedded database");
  });
});
