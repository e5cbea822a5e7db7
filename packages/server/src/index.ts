export { createApp } from "./app.ts";
export { type Config, ConfigError, loadConfig } from "./config.ts";
export { createLogger, type Logger } from "./logger.ts";
export { createSmspay, type Smspay } from "./smspay.ts";
export { Worker } from "./worker.ts";
