import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "plugins/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/generated/**", ".toolchain/**", ".data/**"],
    // Database suites open real PostgreSQL databases and PGlite instances
    // (initdb takes a few seconds the first time in each process).
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
