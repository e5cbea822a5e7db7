// The structured logger the app writes to (the server's pino logger fits it).
// Phone numbers and e-mail addresses never go in: shop domains and ids only.

export interface AppLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
