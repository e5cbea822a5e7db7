// The transport types SMSPAY_TRANSPORTS can configure. Secrets are plain
// strings here: the settings parser has already replaced {"env": "NAME"}
// references with the environment's values.

import { z } from "zod";
import { KannelTransport } from "../kannel/kannel-transport.ts";
import { SmppTransport } from "../smpp/smpp-transport.ts";
import {
  callTimeout,
  defineTransport,
  type TransportFactory,
  webhookUrl,
} from "./transport-factory.ts";

const secret = z.string().min(1, "must not be empty");

export const kannelTransportType = defineTransport({
  type: "kannel",
  options: z
    .object({
      sendsmsUrl: z.url(),
      username: z.string().min(1),
      password: secret,
      /** Shared with Kannel's get-url; signs every dlr-url. */
      secret: z.string().min(16, "use at least 16 random characters"),
      allowedIps: z.array(z.string().min(1)).optional(),
      smsc: z.string().min(1).optional(),
      /** Where Kannel reaches this webhook, when not through PUBLIC_URL. */
      webhookUrl: z.url().optional(),
      timeoutMs: z.number().int().min(100).max(60_000).optional(),
    })
    .strict(),
  build: (name, o, context) => {
    const timeoutMs = callTimeout(o.timeoutMs, context);
    const transport = new KannelTransport({
      name,
      sendsmsUrl: o.sendsmsUrl,
      username: o.username,
      password: o.password,
      secret: o.secret,
      webhookUrl: o.webhookUrl ?? webhookUrl(context.publicUrl, name),
      ...(o.allowedIps ? { allowedIps: o.allowedIps } : {}),
      ...(o.smsc ? { smsc: o.smsc } : {}),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
    return { transport, webhook: transport };
  },
});

export const smppTransportType = defineTransport({
  type: "smpp",
  options: z
    .object({
      host: z.string().min(1),
      port: z.number().int().min(1).max(65_535).default(2775),
      systemId: z.string().min(1).max(15),
      password: secret.max(8, "SMPP 3.4 passwords are at most 8 characters"),
      systemType: z.string().max(12).optional(),
      /** 0x34 (52) for SMPP 3.4. */
      interfaceVersion: z.number().int().min(0).max(255).default(0x34),
      window: z.number().int().min(1).max(1_000).default(10),
      enquireLinkSeconds: z.number().int().min(5).max(600).default(30),
      longMessages: z.enum(["udh", "payload"]).default("udh"),
    })
    .strict(),
  build: (name, o, context) => {
    const transport = new SmppTransport({
      name,
      host: o.host,
      port: o.port,
      systemId: o.systemId,
      password: o.password,
      ...(o.systemType ? { systemType: o.systemType } : {}),
      interfaceVersion: o.interfaceVersion,
      window: o.window,
      enquireLinkMs: o.enquireLinkSeconds * 1000,
      longMessages: o.longMessages,
      ...(context.timeoutMs === undefined ? {} : { sendTimeoutMs: context.timeoutMs }),
      deliver: context.deliver,
      onEvent: (event, detail) => context.onEvent(name, event, detail),
    });
    return { transport, start: () => transport.start(), close: () => transport.close() };
  },
});

export const TRANSPORT_TYPES: readonly TransportFactory[] = [
  kannelTransportType,
  smppTransportType,
];
