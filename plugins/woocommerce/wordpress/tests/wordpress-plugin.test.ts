// Runs the WordPress plugin's own checks from the root test command, so
// `./run-tests` covers the PHP side: lint + translations + PHPUnit (run.sh),
// and activation in a real WordPress on MariaDB (activate.sh).

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

function run(script: string): { status: number | null; output: string } {
  const result = spawnSync("bash", [fileURLToPath(new URL(script, import.meta.url))], {
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("smspay-woocommerce (PHP)", () => {
  it("passes php -l, the translation checks and PHPUnit", () => {
    const { status, output } = run("./run.sh");
    expect(output).toMatch(/OK \(\d+ tests, \d+ assertions\)/);
    expect(output).toContain("i18n: template, catalogs and compiled catalogs are up to date");
    expect(status, output).toBe(0);
  }, 120_000);

  it("activates in a real WordPress, with and without WooCommerce", () => {
    const { status, output } = run("./activate.sh");
    expect(output).toContain("ok: an admin notice says WooCommerce is missing");
    expect(output).toContain("ok: WooCommerce lists the Pay by SMS gateway");
    expect(output).toContain("ok: uninstalling deleted the settings");
    expect(status, output).toBe(0);
  }, 120_000);
});
