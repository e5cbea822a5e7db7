// One SMPP 3.4 transceiver bind, kept up: connect, bind_transceiver with the
// credentials, enquire_link keep-alive (a link that stops answering is
// dropped), reconnection with exponential backoff, a window of in-flight
// submits, and throttling answers (ESME_RTHROTTLED, queue full) retried after
// a growing pause. Incoming deliver_sm go to a handler whose answer decides
// the deliver_sm_resp status.

import { SmspayError } from "@smspay/core";
import { connect, PDU, type PduParams, type Session } from "smpp";
import { isCredentialError, readString, STATUS } from "./smpp-pdu.ts";

export type SmppLinkOptions = {
  readonly host: string;
  readonly port: number;
  readonly systemId: string;
  readonly password: string;
  readonly systemType?: string;
  /** 0x34 for SMPP 3.4 (strict SMSCs refuse the package's default 0x50). */
  readonly interfaceVersion?: number;
  /** Submits waiting for their answer at once (the SMSC's window). */
  readonly window?: number;
  readonly enquireLinkMs?: number;
  /** How long a submit waits for its answer, and a send for the bind. */
  readonly responseTimeoutMs?: number;
  readonly bindWaitMs?: number;
  readonly reconnect?: { readonly initialMs: number; readonly maxMs: number };
  readonly throttle?: { readonly initialMs: number; readonly retries: number };
  /** An incoming deliver_sm: resolve with the deliver_sm_resp status. */
  readonly onDeliver: (pdu: PDU) => Promise<number>;
  /** Link events worth a log line (never message contents). */
  readonly onEvent?: (event: string, detail?: unknown) => void;
};

type State =
  | { readonly kind: "connecting" }
  | { readonly kind: "bound"; readonly session: Session }
  | { readonly kind: "refused"; readonly status: number }
  | { readonly kind: "down"; readonly reason: string }
  | { readonly kind: "closed" };

/** Answers that say "not now": the same submit can succeed a little later. */
const TRANSIENT = new Set<number>([
  STATUS.SYSTEM_ERROR,
  STATUS.QUEUE_FULL,
  STATUS.THROTTLED,
  STATUS.TEMPORARY_APP_ERROR,
]);

export class SmppLink {
  readonly #o: Required<Omit<SmppLinkOptions, "onEvent" | "systemType">> &
    Pick<SmppLinkOptions, "onEvent" | "systemType">;
  #state: State = { kind: "connecting" };
  #stateWaiters: Array<() => void> = [];
  #attempt = 0;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #keepAlive: NodeJS.Timeout | undefined;
  #inFlight = 0;
  #windowWaiters: Array<() => void> = [];
  #pending = new Map<PDU, (error: Error) => void>();

  constructor(options: SmppLinkOptions) {
    this.#o = {
      interfaceVersion: 0x34,
      window: 10,
      enquireLinkMs: 30_000,
      responseTimeoutMs: 10_000,
      bindWaitMs: 5_000,
      reconnect: { initialMs: 500, maxMs: 60_000 },
      throttle: { initialMs: 200, retries: 5 },
      ...options,
    };
  }

  get bound(): boolean {
    return this.#state.kind === "bound";
  }

  start(): void {
    this.#connect();
  }

  /**
   * Submits one PDU; resolves with the SMSC's message id. Gives up, retryably,
   * at `deadline` (epoch ms) whatever it waits for: the bind, room in the
   * window, the answer, a throttling pause.
   */
  async submit(params: PduParams, deadline = Number.POSITIVE_INFINITY): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const answer = await this.#withWindow(
        () => this.#request("submit_sm", params, deadline),
        deadline,
      );
      if (answer.command_status === STATUS.OK) return readString(answer, "message_id");
      const transient = TRANSIENT.has(answer.command_status);
      const pause = this.#o.throttle.initialMs * 2 ** attempt;
      if (!transient || attempt >= this.#o.throttle.retries || Date.now() + pause >= deadline) {
        throw new SmspayError(
          "transport_error",
          `SMSC refused submit_sm (command_status 0x${answer.command_status.toString(16)})`,
          { retryable: transient },
        );
      }
      this.#o.onEvent?.("throttled", { status: answer.command_status, attempt });
      await sleep(pause);
    }
  }

  /** Unbinds and stops reconnecting. */
  async close(): Promise<void> {
    const state = this.#state;
    this.#setState({ kind: "closed" });
    clearTimeout(this.#reconnectTimer);
    clearInterval(this.#keepAlive);
    if (state.kind !== "bound") return;
    const { session } = state;
    if (session.socket.writable) {
      await Promise.race([
        new Promise<void>((resolve) => session.unbind({}, () => resolve())),
        sleep(1_000),
      ]);
      await Promise.race([new Promise<void>((resolve) => session.close(resolve)), sleep(1_000)]);
    }
    session.socket.destroy();
  }

  #connect(): void {
    if (this.#state.kind === "closed") return;
    this.#setState({ kind: "connecting" });
    const session = connect({ host: this.#o.host, port: this.#o.port });
    let settled = false;
    const lost = (reason: string) => {
      if (settled) return;
      settled = true;
      clearInterval(this.#keepAlive);
      for (const reject of this.#pending.values()) {
        reject(
          new SmspayError("transport_error", `SMPP link lost: ${reason}`, { retryable: true }),
        );
      }
      this.#pending.clear();
      if (this.#state.kind === "closed") return;
      if (this.#state.kind !== "refused") this.#setState({ kind: "down", reason });
      this.#scheduleReconnect();
    };
    // The package emits socket errors on the session: without a listener they would crash the process.
    session.on("error", (error: Error) => {
      this.#o.onEvent?.("error", error.message);
      lost(error.message);
    });
    session.on("close", () => lost("connection closed"));
    session.on("connect", () => {
      session.bind_transceiver(
        {
          system_id: this.#o.systemId,
          password: this.#o.password,
          system_type: this.#o.systemType ?? "",
          interface_version: this.#o.interfaceVersion,
        },
        (answer) => {
          if (answer.command_status !== STATUS.OK) {
            this.#setState({ kind: "refused", status: answer.command_status });
            this.#o.onEvent?.("bind_refused", answer.command_status);
            session.destroy();
            return;
          }
          this.#attempt = 0;
          this.#setState({ kind: "bound", session });
          this.#o.onEvent?.("bound");
          this.#startKeepAlive(session);
        },
      );
    });
    session.on("enquire_link", (pdu: PDU) => {
      session.send(pdu.response());
    });
    session.on("unbind", (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
    session.on("deliver_sm", (pdu: PDU) => {
      this.#o.onDeliver(pdu).then(
        (status) => session.send(pdu.response({ command_status: status })),
        () => session.send(pdu.response({ command_status: STATUS.TEMPORARY_APP_ERROR })),
      );
    });
  }

  #startKeepAlive(session: Session): void {
    clearInterval(this.#keepAlive);
    this.#keepAlive = setInterval(() => {
      this.#request("enquire_link", {}).catch(() => {
        // No answer in time: the link is dead even if TCP has not noticed.
        this.#o.onEvent?.("enquire_link_timeout");
        session.destroy();
      });
    }, this.#o.enquireLinkMs);
  }

  #scheduleReconnect(): void {
    const { initialMs, maxMs } = this.#o.reconnect;
    const ceiling = Math.min(maxMs, initialMs * 2 ** this.#attempt);
    this.#attempt += 1;
    const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = setTimeout(() => this.#connect(), delay);
  }

  async #request(
    command: string,
    params: PduParams,
    deadline = Number.POSITIVE_INFINITY,
  ): Promise<PDU> {
    const session = await this.#boundSession(deadline);
    const pdu = new PDU(command, params);
    const waitMs = Math.min(this.#o.responseTimeoutMs, deadline - Date.now());
    // Not sent at all rather than sent and abandoned: the SMSC might deliver what we call failed.
    if (waitMs <= 0) {
      throw new SmspayError("transport_error", `no time left to send ${command}`, {
        retryable: true,
      });
    }
    return new Promise<PDU>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(pdu);
        reject(
          new SmspayError("transport_error", `no ${command}_resp within the timeout`, {
            retryable: true,
          }),
        );
      }, waitMs);
      this.#pending.set(pdu, (error) => {
        clearTimeout(timer);
        reject(error);
      });
      const sent = session.send(pdu, (answer) => {
        clearTimeout(timer);
        this.#pending.delete(pdu);
        resolve(answer);
      });
      if (!sent) {
        clearTimeout(timer);
        this.#pending.delete(pdu);
        reject(new SmspayError("transport_error", "SMPP link not writable", { retryable: true }));
      }
    });
  }

  async #boundSession(sendDeadline: number): Promise<Session> {
    const deadline = Math.min(Date.now() + this.#o.bindWaitMs, sendDeadline);
    for (;;) {
      const state = this.#state;
      if (state.kind === "bound") return state.session;
      if (state.kind === "closed") {
        throw new SmspayError("transport_error", "SMPP transport is closed", { retryable: true });
      }
      // The last connection attempt failed: fail now (a router can try another transport).
      if (state.kind === "down") {
        throw new SmspayError("transport_error", `SMPP link is down: ${state.reason}`, {
          retryable: true,
        });
      }
      if (state.kind === "refused" && isCredentialError(state.status)) {
        throw new SmspayError(
          "transport_error",
          `SMSC refused the bind (command_status 0x${state.status.toString(16)}): check system_id and password`,
        );
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new SmspayError("transport_error", "SMPP link is not bound", { retryable: true });
      }
      await Promise.race([
        new Promise<void>((resolve) => this.#stateWaiters.push(resolve)),
        sleep(left),
      ]);
    }
  }

  async #withWindow<T>(work: () => Promise<T>, deadline: number): Promise<T> {
    while (this.#inFlight >= this.#o.window) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new SmspayError("transport_error", "no room in the SMPP window in time", {
          retryable: true,
        });
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        // Past the deadline this waiter leaves the queue: the loop above then gives up.
        const timer = Number.isFinite(left)
          ? setTimeout(() => {
              const queued = this.#windowWaiters.indexOf(wake);
              if (queued >= 0) this.#windowWaiters.splice(queued, 1);
              resolve();
            }, left)
          : undefined;
        this.#windowWaiters.push(wake);
      });
    }
    this.#inFlight += 1;
    try {
      return await work();
    } finally {
      this.#inFlight -= 1;
      this.#windowWaiters.shift()?.();
    }
  }

  #setState(state: State): void {
    this.#state = state;
    const waiters = this.#stateWaiters;
    this.#stateWaiters = [];
    for (const wake of waiters) wake();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
