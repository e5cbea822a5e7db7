// Structured logs (pino). Phone numbers never reach a log line in full: code
// logs masked numbers only, and these paths are redacted as a second guard.

import { type Logger, pino } from "pino";

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        "phone",
        "from",
        "to",
        "*.phone",
        "*.from",
        "*.to",
        "req.headers.authorization",
        "apiKey",
      ],
      censor: "[redacted]",
    },
  });
}
