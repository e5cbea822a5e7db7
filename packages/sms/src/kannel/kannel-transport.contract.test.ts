// The Kannel transport against a real Kannel (bearerbox + smsbox, Debian's
// kannel package) with fakesmsc as the SMSC.

import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { transportContract } from "@smspay/testkit";
import { moGetUrl } from "./kannel-protocol.ts";
import { KannelTransport } from "./kannel-transport.ts";
import { BARRED_PREFIX, REFUSED_NUMBER, startKannel } from "./test/kannel-box.ts";

transportContract(
  "kannel",
  { inbound: "webhook", canGoDown: true, credentials: true },
  async (harness) => {
    const secret = `kannel-secret-${Math.random().toString(36).slice(2)}`;
    const link = await startKannelLink(harness.webhookUrl);
    const box = await startKannel({ getUrl: moGetUrl(link.url, secret) });
    const transport = (password: string) =>
      new KannelTransport({
        name: "kannel",
        sendsmsUrl: box.sendsmsUrl,
        username: box.username,
        password,
        webhookUrl: harness.webhookUrl,
        secret,
      });
    let barred = 0;
    return {
      transport: transport(box.password),
      webhook: transport(box.password),
      shortCode: "84500",
      splitsLongMessages: true,
      peer: {
        async received() {
          return (await box.handsetMessages()).map(({ messageId, ...mt }) => ({
            ...mt,
            providerMessageId: messageId ?? "",
          }));
        },
        async sendMo(mo) {
          await box.injectMo(mo);
          const id = await link.idOf(mo);
          return { providerMessageId: id };
        },
        redeliverMo: (id) => link.replay(id),
        receipts: {
          mode: "by_recipient",
          recipient: (outcome) =>
            outcome === "delivered"
              ? "+33612000001"
              : `${BARRED_PREFIX}${String(10_000 + barred++).padStart(5, "0")}`,
        },
        refusedRecipient: REFUSED_NUMBER,
        async goDown() {
          await box.stopSmsbox();
          return () => box.startSmsbox();
        },
        async forgeMo(mo) {
          const forged = new URL(moGetUrl(harness.webhookUrl, "not-the-secret"));
          const query = new URLSearchParams({
            id: "forged-1",
            from: mo.from,
            to: mo.to,
            text: mo.text,
          });
          await fetch(`${forged.origin}${forged.pathname}?key=not-the-secret&${query}`);
        },
      },
      withWrongCredentials: async () => ({
        transport: transport("wrong-password"),
        close: async () => {},
      }),
      close: async () => {
        await box.close();
        await link.close();
      },
    };
  },
);

/**
 * The HTTP hop between Kannel's get-url and smspay: forwards every request,
 * remembers it by Kannel's message id (to tell the test which id an MO got,
 * and to deliver the very same request again, as Kannel does when an answer
 * is lost).
 */
async function startKannelLink(target: string) {
  const seen = new Map<string, string>();
  const forward = async (pathAndQuery: string) => {
    const query = pathAndQuery.slice(pathAndQuery.indexOf("?"));
    return fetch(`${target}${query}`);
  };
  const server = createServer((req, res) => {
    const pathAndQuery = req.url ?? "/";
    const id = new URL(pathAndQuery, "http://link").searchParams.get("id");
    if (id) seen.set(id, pathAndQuery);
    forward(pathAndQuery).then(
      async (answer) => {
        res.statusCode = answer.status;
        res.end(await answer.text());
      },
      () => {
        res.statusCode = 502;
        res.end();
      },
    );
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/kannel`,
    async idOf(mo: { from: string; text: string }): Promise<string> {
      for (let i = 0; i < 200; i++) {
        for (const [id, pathAndQuery] of seen) {
          const query = new URL(pathAndQuery, "http://link").searchParams;
          if (query.get("from") === mo.from && query.get("text") === mo.text) return id;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`Kannel never delivered the MO from ${mo.from}`);
    },
    async replay(id: string): Promise<void> {
      const pathAndQuery = seen.get(id);
      if (!pathAndQuery) throw new Error(`Kannel never delivered ${id}`);
      await forward(pathAndQuery);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
