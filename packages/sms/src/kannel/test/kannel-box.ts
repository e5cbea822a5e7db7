// A real Kannel for tests: bearerbox and one smsbox as child processes, with a
// configuration generated from kannel.conf.template on free loopback ports,
// and fakesmsc (Debian's kannel-extras, /usr/lib/kannel/test) as the SMSC:
// one long-running fakesmsc plays the handsets and records every MT it gets,
// short-lived ones inject MOs.

import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { type AddressInfo, createServer as createTcpServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { encodingFor } from "../../transport-encoding.ts";

const BEARERBOX = "/usr/sbin/bearerbox";
const SMSBOX = "/usr/sbin/smsbox";
const FAKESMSC = "/usr/lib/kannel/test/fakesmsc";
const TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), "kannel.conf.template");

/** Numbers Kannel routes to an upstream that refuses them: a "rejected by SMSC" receipt follows. */
export const BARRED_PREFIX = "+336999";
/** A number sendsms refuses outright (black-listed). */
export const REFUSED_NUMBER = "+33670000000";

/** An MT as the handsets' fakesmsc got it, concatenated parts joined. */
export type HandsetMt = {
  /** Our MT id, as Kannel logged it (`account`). */
  readonly messageId: string | undefined;
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly parts: number;
};

export type KannelBox = {
  readonly sendsmsUrl: string;
  readonly username: string;
  readonly password: string;
  /** MTs the handsets received, oldest first. */
  handsetMessages(): Promise<HandsetMt[]>;
  /** A customer's SMS enters Kannel from the SMSC side (fakesmsc); resolves once Kannel has it. */
  injectMo(mo: { from: string; to: string; text: string }): Promise<void>;
  /** Stops smsbox (sendsms and get-url go away) until `startSmsbox`. */
  stopSmsbox(): Promise<void>;
  startSmsbox(): Promise<void>;
  close(): Promise<void>;
};

/**
 * `getUrl`: the sms-service get-url (see moGetUrl); `sendsmsPort`: a port
 * picked beforehand (freePorts), for a smspay that must know the sendsms URL
 * before Kannel starts; `password`: the sendsms user's (random by default).
 */
export async function startKannel(options: {
  getUrl: string;
  sendsmsPort?: number;
  password?: string;
}): Promise<KannelBox> {
  const dir = await mkdtemp(path.join(tmpdir(), "smspay-kannel-"));
  const ports = await freePorts(6);
  const [admin, smsbox, handsets, mo, barred, picked] = ports as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const sendsms = options.sendsmsPort ?? picked;
  const upstream = await startRefusingUpstream();
  const username = "smspay";
  const password = options.password ?? `pw-${Math.random().toString(36).slice(2)}`;
  const values: Record<string, string> = {
    DIR: dir,
    ADMIN_PORT: String(admin),
    ADMIN_PASSWORD: `admin-${Math.random().toString(36).slice(2)}`,
    SMSBOX_PORT: String(smsbox),
    HANDSETS_PORT: String(handsets),
    MO_PORT: String(mo),
    BARRED_PORT: String(barred),
    SENDSMS_PORT: String(sendsms),
    BARRED_PREFIX,
    UPSTREAM_URL: `${upstream.url}/send?to=%P&text=%b`,
    SENDSMS_USERNAME: username,
    SENDSMS_PASSWORD: password,
    REFUSED_REGEX: `^\\${REFUSED_NUMBER}$`,
    GET_URL: options.getUrl,
  };
  const template = await readFile(TEMPLATE, "utf8");
  const config = template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`kannel.conf.template: no value for ${key}`);
    return value;
  });
  const configFile = path.join(dir, "kannel.conf");
  await writeFile(configFile, config);

  const children = new Set<ChildProcess>();
  const run = (command: string, args: string[]) => {
    const child = spawn(command, args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    child.once("exit", () => children.delete(child));
    return child;
  };
  const bearerbox = run(BEARERBOX, [configFile]);
  let smsboxProcess: ChildProcess | undefined;
  const sendsmsUrl = `http://127.0.0.1:${sendsms}/cgi-bin/sendsms`;
  const startSmsbox = async () => {
    smsboxProcess = run(SMSBOX, [configFile]);
    await until(() => answers(sendsmsUrl), "smsbox's sendsms interface");
  };

  // fakesmsc prints each MT it gets: "Got message N: <from to type data>".
  const handsetLines: string[] = [];
  let handsetsClient: ChildProcess | undefined;
  const connectHandsets = () => {
    let buffer = "";
    // fakesmsc sends at least one message and then stays connected: make it one
    // routed to an smsbox id that never connects, so no MO reaches the get-url.
    handsetsClient = run(FAKESMSC, [
      "-H",
      "127.0.0.1",
      "-r",
      String(handsets),
      "-i",
      "86400",
      "-m",
      "1",
      "0 0 route no-such-smsbox keep-connected",
    ]);
    for (const stream of [handsetsClient.stdout, handsetsClient.stderr]) {
      stream?.setEncoding("utf8");
      stream?.on("data", (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const line of lines) if (line.includes("Got message")) handsetLines.push(line);
      });
    }
  };
  const statusUrl = `http://127.0.0.1:${admin}/status.txt?password=${values.ADMIN_PASSWORD}`;

  try {
    await until(async () => {
      if (bearerbox.exitCode !== null) throw new Error("bearerbox exited; see its log");
      const status = await fetch(statusUrl).then(
        (r) => r.text(),
        () => undefined,
      );
      if (status === undefined) return false;
      // fakesmsc gives up when the port is not open yet: connect (again) until the SMSC is online.
      if (!handsetsClient || handsetsClient.exitCode !== null) connectHandsets();
      return /handsets\[handsets\][^\n]*\(online/.test(status);
    }, "bearerbox with the handsets' fakesmsc connected");
    await startSmsbox();
  } catch (error) {
    const exits = [...children].map((child) => once(child, "exit"));
    for (const child of children) child.kill("SIGKILL");
    await Promise.all(exits);
    await upstream.close();
    throw new Error(`Kannel did not start (logs in ${dir})`, { cause: error });
  }

  let injections: Promise<void> = Promise.resolve();
  return {
    sendsmsUrl,
    username,
    password,
    async handsetMessages() {
      const access = await readFile(path.join(dir, "access.log"), "utf8").catch(() => "");
      return attachMessageIds(joinParts(handsetLines.map(parseHandsetLine)), access);
    },
    injectMo(moMessage) {
      // The fake SMSC serves one client at a time: one injection after the other.
      const next = injections.then(() => inject(mo, moMessage, run));
      injections = next.catch(() => undefined);
      return next;
    },
    async stopSmsbox() {
      const child = smsboxProcess;
      if (!child || child.exitCode !== null) return;
      child.kill("SIGKILL");
      await once(child, "exit");
    },
    startSmsbox,
    async close() {
      const exits = [...children].map((child) => once(child, "exit"));
      for (const child of children) child.kill("SIGKILL");
      await Promise.all(exits);
      await upstream.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function inject(
  port: number,
  mo: { from: string; to: string; text: string },
  run: (command: string, args: string[]) => ChildProcess,
): Promise<void> {
  const body =
    encodingFor(mo.text) === "gsm7"
      ? `text ${mo.text}`
      : `ucs2 ${percentEncode(Buffer.from(mo.text, "utf16le").swap16())}`;
  const child = run(FAKESMSC, [
    "-H",
    "127.0.0.1",
    "-r",
    String(port),
    "-i",
    "0",
    "-m",
    "1",
    `${mo.from} ${mo.to} ${body}`,
  ]);
  let output = "";
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      output += chunk;
    });
  }
  try {
    await until(async () => {
      if (child.exitCode !== null) throw new Error(`fakesmsc exited: ${output}`);
      return /sent message 1\b/.test(output);
    }, "fakesmsc to send the MO");
    // fakesmsc stays connected after its last message; Kannel has the MO by now.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    child.kill("SIGKILL");
    if (child.exitCode === null) await once(child, "exit");
  }
}

type HandsetPart = {
  readonly from: string;
  readonly to: string;
  readonly text: string;
  /** Concatenation header (reference, total, sequence) when the MT was split. */
  readonly part?: { readonly ref: number; readonly total: number; readonly seq: number };
};

function parseHandsetLine(line: string): HandsetPart {
  const match = /Got message \d+: <(\S+) (\S+) (.*)>$/.exec(line);
  if (!match) throw new Error(`unexpected fakesmsc line: ${line}`);
  const [, from = "", to = "", rest = ""] = match;
  const udh = /^udh (\S+) (data|ucs-2|text) (.*)$/.exec(rest);
  if (udh) {
    const header = percentDecode(udh[1] ?? "");
    const text = decodeBody(udh[2] ?? "", udh[3] ?? "");
    // Concatenation IE 0x00: [length 5][IE 0][IE length 3][ref][total][seq].
    return {
      from,
      to,
      text,
      part: { ref: header[3] ?? 0, total: header[4] ?? 1, seq: header[5] ?? 1 },
    };
  }
  const space = rest.indexOf(" ");
  return { from, to, text: decodeBody(rest.slice(0, space), rest.slice(space + 1)) };
}

function decodeBody(type: string, data: string): string {
  if (type === "text") return data;
  const octets = percentDecode(data);
  return type === "ucs-2" ? octets.swap16().toString("utf16le") : octets.toString("utf8");
}

function joinParts(parts: HandsetPart[]): Omit<HandsetMt, "messageId">[] {
  const messages: Omit<HandsetMt, "messageId">[] = [];
  const pending = new Map<string, HandsetPart[]>();
  for (const part of parts) {
    if (!part.part) {
      messages.push({ from: part.from, to: part.to, text: part.text, parts: 1 });
      continue;
    }
    const key = `${part.from} ${part.to} ${part.part.ref}`;
    const group = [...(pending.get(key) ?? []), part];
    if (group.length < part.part.total) {
      pending.set(key, group);
      continue;
    }
    pending.delete(key);
    group.sort((a, b) => (a.part?.seq ?? 0) - (b.part?.seq ?? 0));
    messages.push({
      from: part.from,
      to: part.to,
      text: group.map((p) => p.text).join(""),
      parts: group.length,
    });
  }
  return messages;
}

/** Kannel's access log has one "Sent SMS" line per MT, with our id as [ACT:...], in sending order. */
function attachMessageIds(
  messages: Omit<HandsetMt, "messageId">[],
  accessLog: string,
): HandsetMt[] {
  const ids = new Map<string, string[]>();
  for (const line of accessLog.split("\n")) {
    const match =
      /^\S+ \S+ Sent SMS \[SMSC:handsets\].*?\[ACT:([^\]]*)\].*?\[from:([^\]]*)\] \[to:([^\]]*)\]/.exec(
        line,
      );
    if (!match) continue;
    const key = `${match[2]} ${match[3]}`;
    ids.set(key, [...(ids.get(key) ?? []), match[1] ?? ""]);
  }
  return messages.map((message) => ({
    ...message,
    messageId: ids.get(`${message.from} ${message.to}`)?.shift(),
  }));
}

async function startRefusingUpstream(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.statusCode = 400;
    res.end("REJECTED barred destination");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Loopback ports free right now. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, async () => {
      const server = createTcpServer();
      server.listen(0, "127.0.0.1");
      await once(server, "listening");
      return server;
    }),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function percentDecode(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "%" && /^[0-9a-f]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (char === "+") bytes.push(0x20);
    else bytes.push(...Buffer.from(char ?? "", "utf8"));
  }
  return Buffer.from(bytes);
}

function percentEncode(octets: Buffer): string {
  return [...octets].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
}
