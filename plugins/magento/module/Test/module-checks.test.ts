// Runs the Magento module's own checks from the root test command, so
// `./run-tests` covers the PHP side: php -l, XML well-formedness and PHPUnit.

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

describe("Smspay_SmsPayment Magento module (PHP)", () => {
  it("passes php -l, the XML checks and PHPUnit", () => {
    const result = spawnSync("bash", [fileURLToPath(new URL("./run.sh", import.meta.url))], {
      encoding: "utf8",
      timeout: 120_000,
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(output).toMatch(/run\.sh: php -l clean on \d+ files/);
    expect(output).toMatch(/run\.sh: (\d+) of \1 XML files well-formed/);
    expect(output).toMatch(/OK \(\d+ tests, \d+ assertions\)/);
    expect(result.status, output).toBe(0);
  }, 120_000);
});
