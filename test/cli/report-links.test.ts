// Reports read outside the checkout link the shipped policies' published pages: the CLI's
// Markdown and SARIF carry absolute documentation URLs; text and JSON keep the repository path.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SHIPPED_DOCS_BASE } from "../../src/report/docs-links.js";
import { root, runCli } from "./helpers.js";

test("markdown and SARIF from the CLI link the shipped policy pages; JSON keeps the repository path", () => {
  const dir = mkdtempSync(join(tmpdir(), "pc-links-"));
  try {
    const sarif = join(dir, "out.sarif");
    const json = join(dir, "out.json");
    const r = runCli(["--workspace", "staging", "--format", "markdown", "--output", `sarif=${sarif}`, "--output", `json=${json}`, join(root, "examples/incident/plan.json")]);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stdout.includes(`](${SHIPPED_DOCS_BASE}policies/destructive-changes.md#pc-del-001)`), "markdown links PC-DEL-001 to its section");
    const rules = (JSON.parse(readFileSync(sarif, "utf8")) as { runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } } }[] }).runs[0]!.tool.driver.rules;
    const del = rules.find((x) => x.id === "PC-DEL-001");
    assert.equal(del?.helpUri, `${SHIPPED_DOCS_BASE}policies/destructive-changes.md#pc-del-001`);
    const findings = (JSON.parse(readFileSync(json, "utf8")) as { findings: { policy: string; docs: string | null }[] }).findings;
    assert.equal(findings.find((f) => f.policy === "PC-DEL-001")?.docs, "policies/destructive-changes.md#pc-del-001");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
