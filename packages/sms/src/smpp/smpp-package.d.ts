// Types for the parts of the npm `smpp` package (0.5.x, plain JavaScript)
// that smspay uses: the client session in the SMPP transport, the server side
// in testkit's SMSC simulator. PDU parameters keep the SMPP specification's
// names; received parameters are read through the helpers in smpp-pdu.ts.

declare module "smpp" {
  import type { EventEmitter } from "node:events";
  import type { Server as NetServer, Socket } from "node:net";

  export type PduParams = Readonly<Record<string, unknown>>;

  export class PDU {
    constructor(command: string, options?: PduParams);
    readonly command: string;
    readonly command_status: number;
    readonly sequence_number: number;
    readonly [param: string]: unknown;
    isResponse(): boolean;
    response(options?: PduParams): PDU;
  }

  export type ResponseCallback = (pdu: PDU) => void;

  export class Session extends EventEmitter {
    readonly socket: Socket;
    send(pdu: PDU, responseCallback?: ResponseCallback): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    bind_transceiver(options: PduParams, responseCallback?: ResponseCallback): boolean;
    submit_sm(options: PduParams, responseCallback?: ResponseCallback): boolean;
    deliver_sm(options: PduParams, responseCallback?: ResponseCallback): boolean;
    enquire_link(options: PduParams, responseCallback?: ResponseCallback): boolean;
    unbind(options: PduParams, responseCallback?: ResponseCallback): boolean;
  }

  export class Server extends NetServer {
    readonly sessions: Session[];
  }

  export function connect(options: {
    readonly host: string;
    readonly port: number;
    readonly tls?: boolean;
  }): Session;

  export function createServer(options: object, listener: (session: Session) => void): Server;
}
