// A peer that hangs: it accepts connections, reads what clients send, and
// never finishes answering: `silent` never says a word, `trickle` sends an
// HTTP status line and headers, then one body byte every 50 ms, forever (a
// client that waits only for headers, or for the socket to go idle, waits
// for ever). Tests use it to prove a client gives up by itself, in time, and
// closes the connection it gave up on.

import { once } from "node:events";
import { type AddressInfo, createServer, type Server, type Socket } from "node:net";

export type HangingMode = "silent" | "trickle";

export class HangingServer {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #accepted = 0;
  #closedByClient = 0;
  #received = "";
  #closing = false;

  private constructor(mode: HangingMode) {
    this.#server = createServer((socket) => {
      this.#accepted += 1;
      this.#sockets.add(socket);
      let trickle: NodeJS.Timeout | undefined;
      socket.on("data", (chunk) => {
        this.#received += chunk.toString("latin1");
        if (mode === "trickle" && !trickle) {
          socket.write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n");
          trickle = setInterval(() => socket.write(" "), 50);
        }
      });
      socket.on("error", () => {
        // A client that gives up may reset the connection: that is the point.
      });
      socket.on("close", () => {
        clearInterval(trickle);
        this.#sockets.delete(socket);
        if (!this.#closing) this.#closedByClient += 1;
      });
    });
  }

  static async start(mode: HangingMode = "silent"): Promise<HangingServer> {
    const hanging = new HangingServer(mode);
    hanging.#server.listen(0, "127.0.0.1");
    await once(hanging.#server, "listening");
    return hanging;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Connections clients opened. */
  get accepted(): number {
    return this.#accepted;
  }

  /** Connections the clients closed themselves (they gave up waiting). */
  get closedByClient(): number {
    return this.#closedByClient;
  }

  /** Everything clients sent, as text (request lines, headers, bodies). */
  get received(): string {
    return this.#received;
  }

  async close(): Promise<void> {
    this.#closing = true;
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
