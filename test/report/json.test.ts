// The JSON report: versioned, stable, valid against docs/report.schema.json, and every field
// documented in docs/report-json.md.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { jsonReporter, type JsonReport } from "../../src/report/json-reporter.js";
import { REPORT_VERSION } from "../../src/report/types.js";
import { loadConfig } from "../../src/config/load-config.js";
import type { CheckResult } from "../../src/report/types.js";
import { check, config, exception, finding, jsonReportErrors, resultOf, root, tempDir } from "./helpers.js";

const tmp = tempDir("pc-json-");
after(() => tmp.remove());

const TOP_LEVEL = ["report_version", "tool", "status", "fail_on", "counts", "needs_approval", "undecided", "changes", "sources", "findings", "suppressed", "expired_exceptions", "stale_exceptions", "notes", "policies"];
const FINDING_KEYS = ["policy", "title", "severity", "kind", "message", "resource", "resource_id", "action", "file", "needs_approval", "undecided", "description", "remediation", "docs", "rule", "details"];

let incident: CheckResult;
before(async () => {
  const cfg = tmp.write(
    ".policy-check.yml",
    `exceptions:
  - { policy: PC-DEL-002, resource: aws_dlm_lifecycle_policy.orders_data, reason: retired on purpose, owner: "@acme/storage", expires: "2099-12-31" }
  - { policy: PC-DP-001, resource: aws_db_instance.orders, reason: old, owner: bob, expires: "2020-01-01" }
  - { policy: PC-DEL-001, resource: aws_ebs_volume.not_in_this_plan, reason: never matches, owner: carol }
`,
  );
  incident = await check({
    inputs: [join(root, "examples/incident/plan.json"), join(root, "examples/incident/tokens.yaml")],
    workspace: "staging",
    config: loadConfig(cfg),
  });
});

function render(r: CheckResult): JsonReport {
  return JSON.parse(jsonReporter.render(r, { color: false })) as JsonReport;
}

test("a real report is valid against docs/report.schema.json", () => {
  const doc = render(incident);
  assert.deepEqual(jsonReportErrors(doc), []);
  assert.ok(doc.findings.length > 0);
  assert.ok(doc.suppressed.length > 0 && doc.expired_exceptions.length > 0 && doc.stale_exceptions.length > 0, "the sample covers every section");
});

test("report_version is '1' and the top-level fields come in a fixed order", () => {
  const doc = render(incident);
  assert.equal(REPORT_VERSION, "1");
  assert.equal(doc.report_version, "1");
  assert.deepEqual(Object.keys(doc), TOP_LEVEL);
  assert.deepEqual(doc.tool, { name: "policy-check", version: JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version });
  for (const f of doc.findings) assert.deepEqual(Object.keys(f), FINDING_KEYS);
  assert.deepEqual(Object.keys(doc.counts), ["critical", "high", "medium", "low", "info"]);
  assert.deepEqual(Object.keys(doc.changes), ["resources", "create", "update", "delete", "replace", "read", "no_op", "tokens"]);
});

test("the same input gives byte-identical reports", async () => {
  const again = await check({ inputs: [join(root, "examples/incident/plan.json"), join(root, "examples/incident/tokens.yaml")], workspace: "staging", config: loadConfig(join(tmp.dir, ".policy-check.yml")) });
  assert.equal(jsonReporter.render(again, { color: false }), jsonReporter.render(incident, { color: false }));
});

test("the decision is carried as is: status, fail_on, counts, approvals, exceptions", () => {
  const doc = render(incident);
  const d = incident.decision;
  assert.equal(doc.status, "fail");
  assert.equal(doc.fail_on, "high");
  assert.deepEqual(doc.counts, d.counts);
  assert.equal(doc.needs_approval, d.needsApproval);
  assert.ok(doc.needs_approval >= 1, "the deleted volume needs approval");
  assert.equal(doc.findings.length, d.findings.length);
  assert.deepEqual(
    doc.suppressed.map((s) => [s.finding.policy, s.finding.resource, s.exception.owner]),
    [["PC-DEL-002", "aws_dlm_lifecycle_policy.orders_data", "@acme/storage"]],
  );
  assert.deepEqual(doc.expired_exceptions.map((e) => e.expires), ["2020-01-01"]);
  assert.deepEqual(doc.stale_exceptions.map((e) => e.resource), ["aws_ebs_volume.not_in_this_plan"]);
  assert.ok(doc.findings.some((f) => f.policy === "PC-DP-001" && f.resource === "aws_db_instance.orders"), "the expired exception no longer suppresses");
  assert.deepEqual(
    doc.sources.map((s) => [s.path.endsWith("plan.json"), s.kind, s.workspace]),
    [
      [true, "terraform-plan", "staging"],
      [false, "token-config", null],
    ],
  );
  assert.ok(doc.notes.some((n) => /prevent_destroy/.test(n)));
  assert.ok(doc.policies.files > 0 && doc.policies.rules > 0);
});

test("hand-built results are valid too: no findings, warnings, details with big numbers", () => {
  const empty = render(resultOf([]));
  assert.deepEqual(jsonReportErrors(empty), []);
  assert.equal(empty.status, "pass");
  const big = resultOf([finding({ kind: "warn", severity: "info", resource: null, details: { n: 123456789012345678901234567890n, list: [1, "a"] } })], { config: config({ exceptions: [exception({ resource: "nope" })] }) });
  const text = jsonReporter.render(big, { color: false });
  const doc = JSON.parse(text) as JsonReport;
  assert.deepEqual(jsonReportErrors(doc), []);
  assert.deepEqual(doc.findings[0]!.details, { n: "123456789012345678901234567890", list: [1, "a"] });
});

test("every field is documented in docs/report-json.md", () => {
  const md = readFileSync(join(root, "docs/report-json.md"), "utf8");
  for (const k of TOP_LEVEL) assert.ok(md.includes(`\`${k}`), `top-level field ${k}`);
  const findingsRow = md.split("\n").find((l) => l.startsWith("| `findings[]`"));
  assert.ok(findingsRow, "a row for findings[]");
  for (const k of FINDING_KEYS) assert.ok(findingsRow.includes(`\`${k}\``), `finding field ${k}`);
  assert.match(md, /report\.schema\.json/);
});

test("the schema requires every field the report writes (additions need a schema update)", () => {
  const schema = JSON.parse(readFileSync(join(root, "docs/report.schema.json"), "utf8")) as { definitions: Record<string, { required?: string[]; properties?: Record<string, unknown> }> };
  const report = schema.definitions["JsonReport"]!;
  assert.deepEqual([...(report.required ?? [])].sort(), [...TOP_LEVEL].sort());
  assert.deepEqual(Object.keys(report.properties ?? {}).sort(), [...TOP_LEVEL].sort());
});

test("integers beyond 2^53 in finding details are written as their digits", () => {
  const text = jsonReporter.render(resultOf([finding({ details: { size: 123456789012345678901n, n: 1 } })]), { color: false });
  assert.match(text, /"size": "123456789012345678901"/);
  assert.equal(render(resultOf([finding({ details: { n: 1 } })])).findings[0]!.details["n"], 1);
});
