// `smspay user create` beside a running embedded server (through its admin
// socket): a one-time password that signs in, a password from stdin, and the
// caller's mistakes refused plainly.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliServer, startEmbeddedCliServer } from "../test-cli.ts";
import { DashboardClient } from "./dashboard-test-client.ts";

describe("smspay user create", () => {
  let server: CliServer;
  let merchantId: string;

  beforeAll(async () => {
    server = await startEmbeddedCliServer();
    const created = await server.run(["merchant", "create", "--name", "CLI Shop"]);
    merchantId = (JSON.parse(created.stdout) as { merchantId: string }).merchantId;
  }, 60_000);

  afterAll(() => server?.stop());

  it("prints a one-time password that signs the owner in", async () => {
    const run = await server.run([
      "user",
      "create",
      "--merchant",
      merchantId,
      "--email",
      "Owner@CLI.example",
      "--role",
      "owner",
    ]);
    expect(run.code).toBe(0);
    const user = JSON.parse(run.stdout) as { email: string; role: string; password: string };
    expect(user).toMatchObject({ email: "owner@cli.example", role: "owner" });
    expect(user.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const client = await DashboardClient.signIn(server.baseUrl, "owner@cli.example", user.password);
    expect((await client.get("/dashboard")).status).toBe(200);
  });

  it("reads the password from standard input, and then prints none", async () => {
    const run = await server.run(
      [
        "user",
        "create",
        "--merchant",
        merchantId,
        "--email",
        "staff@cli.example",
        "--role",
        "staff",
        "--password-stdin",
      ],
      "a long staff password\n",
    );
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("password");
    await DashboardClient.signIn(server.baseUrl, "staff@cli.example", "a long staff password");
  });

  it("refuses a taken email, an unknown merchant, a bad role or a short password", async () => {
    const base = ["user", "create", "--merchant", merchantId, "--role", "staff"];
    const taken = await server.run([...base, "--email", "staff@cli.example"]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain("already has a dashboard account");
    const unknown = await server.run([
      "user",
      "create",
      "--merchant",
      "mer_nope",
      "--email",
      "x@cli.example",
      "--role",
      "owner",
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no merchant mer_nope");
    expect(
      (await server.run([...base.slice(0, 4), "--role", "boss", "--email", "y@cli.example"])).code,
    ).toBe(2);
    const short = await server.run(
      [...base, "--email", "z@cli.example", "--password-stdin"],
      "short\n",
    );
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("at least 12 characters");
  });
});
