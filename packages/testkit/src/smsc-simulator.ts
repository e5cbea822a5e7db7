// An SMSC for tests, on the server side of the npm `smpp` package, listening
// on a loopback port: it accepts transceiver binds with the right system_id
// and password (and refuses others with ESME_RINVPASWD), answers submit_sm
// with its own message ids, keeps what it received (concatenated parts
// joined), sends deliver_sm MOs and delivery receipts on demand (or a
// DELIVRD receipt for every MT that asked for one, like an operator; even
// before its submit_sm_resp, like a fast SMSC whose receipt overtakes it), can
// throttle (ESME_RTHROTTLED), refuse destinations (ESME_RINVDSTADR), and go
// down and come back.

import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { createServer, type PDU, type Server, type Session } from "smpp";

const STATUS = { OK: 0x00, INVALID_DESTINATION: 0x0b, INVALID_PASSWORD: 0x0e, THROTTLED: 0x58 };
const ESM_DELIVERY_RECEIPT = 0x04;
const MESSAGE_STATE: Readonly<Record<ReceiptStat, number>> = {
  DELIVRD: 2,
  EXPIRED: 3,
  DELETED: 4,
  UNDELIV: 5,
  ACCEPTD: 6,
  UNKNOWN: 7,
  REJECTD: 8,
};

export type ReceiptStat =
  | "DELIVRD"
  | "EXPIRED"
  | "DELETED"
  | "UNDELIV"
  | "ACCEPTD"
  | "UNKNOWN"
  | "REJECTD";

/** An MT as the SMSC got it; a concatenated message once all its parts arrived. */
export type SimulatedMt = {
  /** The message_id answered to the (first) submit_sm. */
  readonly messageId: string;
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly parts: number;
  readonly dataCoding: number;
  readonly registeredDelivery: number;
  readonly systemId: string;
};

export type SmscSimulatorOptions = {
  readonly systemId: string;
  readonly password: string;
  /**
   * A DELIVRD receipt for every MT that asked for one (registered_delivery 1):
   * after the submit_sm_resp, or before it (the receipt overtakes the answer).
   * Default: only on demand.
   */
  readonly receipts?: "on_demand" | "after_response" | "before_response";
};

type BoundSession = { readonly session: Session; readonly systemId: string };
type Part = {
  readonly messageId: string;
  readonly seq: number;
  readonly text: string;
  readonly registeredDelivery: number;
};

export class SmscSimulator {
  readonly #options: SmscSimulatorOptions;
  #server: Server;
  #port = 0;
  readonly #bound = new Set<BoundSession>();
  readonly #received: SimulatedMt[] = [];
  readonly #partial = new Map<string, Part[]>();
  readonly #refused = new Set<string>();
  #throttle = 0;
  #paused = false;
  #silent = false;
  /** Successful binds since the start (a reconnecting ESME binds again). */
  bindsAccepted = 0;
  readonly #held: Array<() => void> = [];
  /** The most submit_sm ever waiting for their answer at once. */
  maxAwaitingResponse = 0;
  #nextId = 0x5a000000;
  /** submit_sm PDUs answered, throttled ones included. */
  submits = 0;

  private constructor(options: SmscSimulatorOptions) {
    this.#options = options;
    this.#server = this.#createServer();
  }

  static async start(options: SmscSimulatorOptions): Promise<SmscSimulator> {
    const simulator = new SmscSimulator(options);
    await simulator.#listen(0);
    return simulator;
  }

  get port(): number {
    return this.#port;
  }

  /** Sessions bound right now. */
  get binds(): number {
    return this.#bound.size;
  }

  received(): readonly SimulatedMt[] {
    return this.#received;
  }

  /** The next `count` submit_sm are answered ESME_RTHROTTLED. */
  throttleNext(count: number): void {
    this.#throttle = count;
  }

  /** submit_sm to this destination ("+3361...") is answered ESME_RINVDSTADR. */
  refuseDestination(destination: string): void {
    this.#refused.add(destination.replace(/^\+/, ""));
  }

  /** A customer's SMS, delivered to a bound ESME; resolves with its deliver_sm_resp status. */
  /**
   * A customer's SMS, delivered to a bound ESME (in `parts` concatenated
   * deliver_sm when asked); resolves with the (last) deliver_sm_resp status.
   */
  async sendMo(
    mo: { from: string; to: string; text: string },
    options: { parts?: number } = {},
  ): Promise<number> {
    const ucs2 = !/^[A-Za-z0-9 .,:;!?'"()+\-*/=<>@#%&_\n]*$/.test(mo.text);
    const base = {
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: mo.from.replace(/^\+/, ""),
      dest_addr_ton: 3,
      dest_addr_npi: 0,
      destination_addr: mo.to,
      esm_class: 0,
      data_coding: ucs2 ? 0x08 : 0x00,
    };
    const parts = options.parts ?? 1;
    if (parts === 1) return this.#deliver({ ...base, short_message: mo.text });
    const size = Math.ceil(mo.text.length / parts);
    const reference = this.#nextId & 0xff;
    let status = 0;
    for (let seq = 1; seq <= parts; seq++) {
      status = await this.#deliver({
        ...base,
        short_message: {
          udh: Buffer.from([0x05, 0x00, 0x03, reference, parts, seq]),
          message: mo.text.slice((seq - 1) * size, seq * size),
        },
      });
    }
    return status;
  }

  /** Stops answering enquire_link while keeping the connection open (a hung SMSC). */
  ignoreEnquireLinks(ignore = true): void {
    this.#silent = ignore;
  }

  /** submit_sm answers wait until `resumeResponses` (an SMSC slow to answer: the ESME's window fills). */
  pauseResponses(): void {
    this.#paused = true;
  }

  resumeResponses(): void {
    this.#paused = false;
    for (const answer of this.#held.splice(0)) answer();
  }

  /** submit_sm received but not answered yet. */
  get awaitingResponse(): number {
    return this.#held.length;
  }

  /** A delivery receipt for an MT, in the appendix B text and the TLVs; resolves with the resp status. */
  sendReceipt(input: { messageId: string; stat: ReceiptStat; err?: string }): Promise<number> {
    const mt = this.#received.find((m) => m.messageId === input.messageId);
    const date = smppDate(new Date());
    const delivered = input.stat === "DELIVRD" ? "001" : "000";
    const err = input.err ?? (input.stat === "DELIVRD" ? "000" : "001");
    return this.#deliver({
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: (mt?.to ?? "").replace(/^\+/, ""),
      dest_addr_ton: 3,
      dest_addr_npi: 0,
      destination_addr: mt?.from ?? "",
      esm_class: ESM_DELIVERY_RECEIPT,
      data_coding: 0,
      short_message: `id:${input.messageId} sub:001 dlvrd:${delivered} submit date:${date} done date:${date} stat:${input.stat} err:${err} text:`,
      receipted_message_id: input.messageId,
      message_state: MESSAGE_STATE[input.stat],
    });
  }

  /** Drops every session and stops listening (the SMSC is down). */
  async stop(): Promise<void> {
    for (const { session } of this.#bound) session.destroy();
    this.#bound.clear();
    for (const session of this.#server.sessions) session.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Listens again on the same port. */
  async restart(): Promise<void> {
    this.#server = this.#createServer();
    await this.#listen(this.#port);
  }

  close(): Promise<void> {
    return this.stop();
  }

  async #listen(port: number): Promise<void> {
    this.#server.listen(port, "127.0.0.1");
    await once(this.#server, "listening");
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  #createServer(): Server {
    return createServer({}, (session) => {
      let bound: BoundSession | undefined;
      session.on("error", () => {
        // A client that vanishes mid-PDU: the session closes, nothing to do.
      });
      session.on("close", () => {
        if (bound) this.#bound.delete(bound);
      });
      session.on("bind_transceiver", (pdu: PDU) => {
        if (pdu.system_id !== this.#options.systemId || pdu.password !== this.#options.password) {
          session.send(pdu.response({ command_status: STATUS.INVALID_PASSWORD }));
          session.close();
          return;
        }
        bound = { session, systemId: String(pdu.system_id) };
        this.#bound.add(bound);
        this.bindsAccepted += 1;
        session.send(pdu.response({ system_id: "smsc-simulator" }));
      });
      session.on("enquire_link", (pdu: PDU) => {
        if (!this.#silent) session.send(pdu.response());
      });
      session.on("unbind", (pdu: PDU) => {
        session.send(pdu.response());
        session.close();
      });
      session.on("submit_sm", (pdu: PDU) => {
        this.submits += 1;
        if (!bound) {
          session.send(pdu.response({ command_status: 0x04 }));
          return;
        }
        if (this.#throttle > 0) {
          this.#throttle -= 1;
          session.send(pdu.response({ command_status: STATUS.THROTTLED }));
          return;
        }
        if (this.#refused.has(String(pdu.destination_addr))) {
          session.send(pdu.response({ command_status: STATUS.INVALID_DESTINATION }));
          return;
        }
        const messageId = (this.#nextId++).toString(16);
        const mt = this.#accept(pdu, messageId, bound.systemId);
        const wantsReceipt = mt !== undefined && (mt.registeredDelivery & 0x01) === 1;
        const respond = () => session.send(pdu.response({ message_id: messageId }));
        const answer = () => {
          if (!this.#paused) return respond();
          this.#held.push(respond);
          this.maxAwaitingResponse = Math.max(this.maxAwaitingResponse, this.#held.length);
        };
        if (
          !wantsReceipt ||
          this.#options.receipts === undefined ||
          this.#options.receipts === "on_demand"
        ) {
          answer();
        } else if (this.#options.receipts === "before_response") {
          this.sendReceipt({ messageId: mt.messageId, stat: "DELIVRD" }).then(answer, answer);
        } else {
          answer();
          setImmediate(() => {
            this.sendReceipt({ messageId: mt.messageId, stat: "DELIVRD" }).catch(() => undefined);
          });
        }
      });
    });
  }

  /** Records the MT; returns it once complete (a concatenated one with its last part). */
  #accept(pdu: PDU, messageId: string, systemId: string): SimulatedMt | undefined {
    const decoded = pdu.short_message as { udh?: Buffer[]; message: string | Buffer } | undefined;
    const payload = pdu.message_payload as { message: string | Buffer } | undefined;
    const chosen = decoded && decoded.message.length > 0 ? decoded : (payload ?? decoded);
    const text = typeof chosen?.message === "string" ? chosen.message : "";
    const base = {
      from: String(pdu.source_addr),
      to: `${pdu.dest_addr_ton === 1 ? "+" : ""}${String(pdu.destination_addr)}`,
      dataCoding: Number(pdu.data_coding),
      systemId,
    };
    const concat = decoded?.udh?.find((element) => element[0] === 0x00 && element[1] === 0x03);
    if (!concat) {
      const mt = {
        ...base,
        messageId,
        text,
        parts: 1,
        registeredDelivery: Number(pdu.registered_delivery),
      };
      this.#received.push(mt);
      return mt;
    }
    const key = `${base.from} ${base.to} ${concat[2]}`;
    const parts = [
      ...(this.#partial.get(key) ?? []),
      { messageId, seq: concat[4] ?? 0, text, registeredDelivery: Number(pdu.registered_delivery) },
    ];
    if (parts.length < (concat[3] ?? 1)) {
      this.#partial.set(key, parts);
      return undefined;
    }
    this.#partial.delete(key);
    parts.sort((a, b) => a.seq - b.seq);
    const first = parts[0];
    const mt = {
      ...base,
      messageId: first?.messageId ?? messageId,
      text: parts.map((p) => p.text).join(""),
      parts: parts.length,
      registeredDelivery: first?.registeredDelivery ?? 0,
    };
    this.#received.push(mt);
    return mt;
  }

  #deliver(params: Record<string, unknown>): Promise<number> {
    const [target] = this.#bound;
    if (!target) return Promise.reject(new Error("no ESME is bound to the SMSC simulator"));
    return new Promise((resolve) => {
      target.session.deliver_sm(params, (answer) => resolve(answer.command_status));
    });
  }
}

/** SMPP receipt dates: YYMMDDhhmm. */
function smppDate(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}`;
}
