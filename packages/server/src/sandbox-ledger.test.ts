// The sandbox stands in for the operator's records: they survive a restart.

import { openDatabase } from "@smspay/db";
import { createPostgresDatabase, postgresTestDatabase } from "@smspay/testkit";
import { expect, it } from "vitest";
import { startSmspay, testConfig } from "./test-support.ts";

it("keeps the virtual phones' messages in the database across a restart", async () => {
  const scratch = await createPostgresDatabase();
  const keys = testConfig().keys;
  try {
    const first = await startSmspay({
      db: await openDatabase({ url: scratch.url }),
      config: { keys },
    });
    const sent = await fetch(`${first.baseUrl}/sandbox/sms`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: "+33612340001", to: "81450", text: "HELP" }),
    });
    expect(sent.status).toBe(202);
    await first.close();

    const second = await startSmspay({
      db: await openDatabase({ url: scratch.url }),
      config: { keys },
    });
    try {
      const messages = (await (
        await fetch(`${second.baseUrl}/sandbox/phones/%2B33612340001/messages`)
      ).json()) as {
        data: { direction: string; text: string }[];
      };
      expect(messages.data[0]).toMatchObject({ direction: "mo", text: "HELP" });
      expect((await fetch(`${second.baseUrl}/sandbox`)).headers.get("content-type")).toContain(
        "text/html",
      );
    } finally {
      await second.close();
    }
  } finally {
    await scratch.drop();
  }
});

it("is not mounted when the sandbox is off", async () => {
  const db = await postgresTestDatabase().open();
  const smspay = await startSmspay({ db: db.db, config: { sandbox: false } });
  try {
    const res = await fetch(`${smspay.baseUrl}/sandbox/sms`, { method: "POST" });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe("not_found");
  } finally {
    await smspay.close();
    await db.close();
  }
});
