// Magento end to end: the Smspay_SmsPayment module's redirect step (its real
// PHP code, run with the unit tests' Magento stand-ins) creates the payment at
// a real smspay; the customer pays in the sandbox; the worker's platform
// notification reaches the fake Magento REST API through @smspay/magento,
// which invoices the order; the signed callback smspay sends is accepted by
// the module's callback controller; a refund made in smspay becomes a credit
// memo.

import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { FakeMagento } from "@smspay/magento/testing";
import { eventually, type RunningSmspay, startSmspay, TestShop } from "@smspay/server/testing";
import { testDatabases } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const harness = (script: string) =>
  fileURLToPath(new URL(`../../plugins/magento/module/Test/EndToEnd/${script}`, import.meta.url));

const credentials = {
  consumerKey: "ck_e2e",
  consumerSecret: "cs_e2e",
  accessToken: "at_e2e",
  accessTokenSecret: "ats_e2e",
};

type Started = {
  checkoutUrl: string;
  additionalInformation: Record<string, string>;
  comments: string[];
};

type Delivery = { headers: IncomingHttpHeaders; body: string };

/** The shop's callback URL as smspay sees it: keeps every signed delivery. */
async function startCallbackRecorder(): Promise<{
  url: string;
  deliveries: Delivery[];
  server: Server;
}> {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/smspay/payment/callback`, deliveries, server };
}

/** Runs a PHP script, feeding `input` on stdin; resolves with its stdout. */
async function php(script: string, args: string[], input = ""): Promise<string> {
  const child = spawn("php", [harness(script), ...args], { stdio: ["pipe", "pipe", "inherit"] });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stdin.end(input);
  const [code] = (await once(child, "close")) as [number | null];
  if (code !== 0) throw new Error(`php ${script} exited with ${code}: ${stdout}`);
  return stdout;
}

describe.each(testDatabases())("Magento end to end on $kind", (factory) => {
  let smspay: RunningSmspay;
  let magento: FakeMagento;
  let callbacks: Awaited<ReturnType<typeof startCallbackRecorder>>;
  let merchant: TestShop;
  let webhookSecret: string;

  beforeAll(async () => {
    magento = await FakeMagento.start({ credentials });
    callbacks = await startCallbackRecorder();
    smspay = await startSmspay({ db: (await factory.open()).db });
    merchant = await TestShop.open(smspay, "Magento Shop");
    const connected = await merchant.api("PUT", "/v1/platform-connection", {
      platform: "magento",
      config: { baseUrl: magento.baseUrl, auth: { type: "oauth1", ...credentials } },
    });
    expect(connected.status).toBe(200);
    const endpoint = await merchant.api("POST", "/v1/webhook-endpoints", { url: callbacks.url });
    expect(endpoint.status).toBe(201);
    webhookSecret = String(endpoint.body.secret);
  });
  afterAll(async () => {
    await smspay.close();
    await magento.close();
    callbacks.server.close();
  });

  /** The module's redirect controller, for the order placed in Magento. */
  async function startPayment(orderRef: string, grandTotal: string): Promise<Started> {
    const args = [smspay.baseUrl, merchant.apiKey, orderRef, grandTotal, "EUR"];
    return JSON.parse(await php("start-payment.php", args)) as Started;
  }

  it("pays a Magento order by SMS and invoices it once, with the payment as transaction", async () => {
    const orderRef = magento.createOrder({ amount: 450, currency: "EUR" });
    const started = await startPayment(orderRef, "4.5000");
    const paymentId = started.additionalInformation.smspay_payment_id ?? "";
    expect(started.checkoutUrl).toBe(`${smspay.baseUrl}/pay/${paymentId}`);
    expect(started.comments).toEqual([`smspay: payment ${paymentId} created.`]);
    // The module keeps the payment on the Magento order payment.
    magento.setPaymentInformation(orderRef, { smspay_payment_id: paymentId });

    const payment = (await merchant.api("GET", `/v1/payments/${paymentId}`)).body;
    expect(payment).toMatchObject({
      status: "pending",
      amount: 450,
      currency: "EUR",
      orderRef,
      description: `Order #${orderRef.padStart(9, "0")}`,
      returnUrl: "https://shop.test/smspay/payment/return/",
    });
    // A second redirect (reload, back button) is the same payment.
    expect((await startPayment(orderRef, "4.5000")).checkoutUrl).toBe(started.checkoutUrl);

    await merchant.sms("+33612340001", payment.shortCode, payment.smsText);

    // The adapter invoices, then comments: wait for both.
    const paid = await eventually(
      () => magento.inspect(orderRef),
      (order) => order.state === "paid" && magento.history(orderRef).comments.length > 0,
    );
    expect(paid).toMatchObject({ state: "paid", timesMarkedPaid: 1, transactionId: paymentId });
    expect(magento.history(orderRef).comments.map((c) => c.comment)).toEqual([
      `smspay: paid by SMS (payment ${paymentId}). Reference ${payment.reference}.`,
    ]);
    expect((await merchant.api("GET", `/v1/payments/${paymentId}`)).body.status).toBe("succeeded");

    // The signed callback smspay sent for it, handled by the module's callback controller.
    const delivery = await eventually(
      () =>
        callbacks.deliveries.find((d) => d.headers["smspay-event-type"] === "payment.succeeded"),
      (found) => found !== undefined,
    );
    if (!delivery) throw new Error("smspay sent no payment.succeeded callback");
    const signature = String(delivery.headers["smspay-signature"]);
    const callbackArgs = [
      smspay.baseUrl,
      merchant.apiKey,
      webhookSecret,
      orderRef,
      "4.5000",
      "EUR",
      paymentId,
    ];
    const handled = JSON.parse(
      await php("handle-callback.php", [...callbackArgs, signature], delivery.body),
    );
    expect(handled).toMatchObject({
      status: 200,
      answer: "handled",
      state: "processing",
      invoices: [{ orderId: Number(orderRef), capture: true, notify: true }],
      transactionId: paymentId,
    });
    const forged = JSON.parse(
      await php(
        "handle-callback.php",
        [...callbackArgs, signature],
        delivery.body.replace("450", "45"),
      ),
    );
    expect(forged).toMatchObject({ status: 401, state: "pending_payment", invoices: [] });

    const refund = await merchant.api(
      "POST",
      `/v1/payments/${paymentId}/refunds`,
      { amount: 150, reason: "one croissant missing" },
      { "idempotency-key": `e2e-refund-${paymentId}` },
    );
    expect(refund.status).toBe(201);
    const refunded = await eventually(
      () => magento.inspect(orderRef),
      (order) => order.refundedAmount === 150,
    );
    expect(refunded).toMatchObject({ state: "partially_refunded", gatewayRefunds: 0 });
    expect(magento.history(orderRef).creditMemos).toEqual([
      expect.objectContaining({
        amount: 150,
        comments: [`smspay refund ${refund.body.id}: one croissant missing`],
      }),
    ]);
  });

  it("cancels the Magento order when the customer lets the payment go", async () => {
    const orderRef = magento.createOrder({ amount: 200, currency: "EUR" });
    const started = await startPayment(orderRef, "2.0000");
    const paymentId = started.additionalInformation.smspay_payment_id ?? "";
    expect((await merchant.api("POST", `/v1/payments/${paymentId}/cancel`)).status).toBe(200);
    const order = await eventually(
      () => magento.inspect(orderRef),
      (view) => view.state === "cancelled",
    );
    expect(order).toMatchObject({ state: "cancelled", timesMarkedPaid: 0 });
  });
});
