// SARIF 2.1.0: valid against the official schema (shipped by @microsoft/jest-sarif), one rule
// per policy with help text, results located in their input file and resource.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import type { Log } from "sarif";
import { sarifReporter, toSarif, toUri } from "../../src/report/sarif-reporter.js";
import { SARIF_SCHEMA_PATH, config, exception, finding, resultOf, sarifErrors } from "./helpers.js";

const HOSTILE = ["<img src=x onerror=alert(1)>", "](javascript:alert(1))", "a`b|c``` | d", '50%,x:y\r\n::error::pwned "q"'];

const DEL = { policy: "PC-DEL-001", title: "Stateful resource deleted", severity: "critical", needs_approval: true, docs: "https://github.com/policy-check/policy-check/blob/main/policies/destructive-changes.md#pc-del-001", remediation: "Have a human approve." } as const;
// in the order the decision sorts them (severity, resource, policy)
const FINDINGS = [
  finding({ ...DEL, resource: "aws_ebs_volume.b", file: "infra/prod plans/plan #2.json" }),
  finding({ ...DEL, resource: 'module.db["eu"].aws_db_instance.main[0]' }),
  finding({ policy: "PC-DP-001", title: "Deletion protection is off", severity: "high", description: null, remediation: null, docs: "policies/deletion-protection.md#pc-dp-001" }),
  finding({ policy: "PC-BKP-011", severity: "medium", undecided: true, file: "C:\\work\\plan.json" }),
  finding({ policy: "ACME-1", severity: "low", kind: "warn", resource: null, file: null, rule: { package: "acme", name: "warn", file: "./policy/acme.rego", row: 9 } }),
  finding({ policy: "main.deny", severity: "info", resource: HOSTILE[0]!, message: HOSTILE.join(" "), file: `x/${HOSTILE[3]}.json`, docs: "https://example.com/a b/(c)" }),
];

function sarif(): Log {
  return JSON.parse(sarifReporter.render(resultOf(FINDINGS, { config: config({ exceptions: [exception({ policy: "ACME-2" })] }) }), { color: false })) as Log;
}

test("the official SARIF 2.1.0 schema is available", () => {
  assert.ok(existsSync(SARIF_SCHEMA_PATH), SARIF_SCHEMA_PATH);
  assert.match(JSON.parse(readFileSync(SARIF_SCHEMA_PATH, "utf8")).title as string, /SARIF.*2\.1\.0/);
});

test("the log is valid against the official SARIF 2.1.0 schema, hostile paths and values included", () => {
  const log = sarif();
  assert.deepEqual(sarifErrors(log), []);
  assert.equal(log.version, "2.1.0");
  assert.equal(log.runs.length, 1);
  assert.equal(log.runs[0]!.tool.driver.name, "policy-check");
  assert.equal(log.runs[0]!.tool.driver.version, "9.9.9-test");
});

test("a run without findings is valid and has an empty result list", () => {
  const log = toSarif(resultOf([]));
  assert.deepEqual(sarifErrors(log), []);
  assert.deepEqual(log.runs[0]!.results, []);
  assert.deepEqual(log.runs[0]!.tool.driver.rules, []);
  assert.deepEqual(log.runs[0]!.properties, { status: "pass", fail_on: "high" });
});

test("one rule per policy, with descriptions, help text (remediation and docs) and a help URI", () => {
  const rules = sarif().runs[0]!.tool.driver.rules!;
  assert.deepEqual(rules.map((r) => r.id), ["PC-DEL-001", "PC-DP-001", "PC-BKP-011", "ACME-1", "main.deny"]);
  const del = rules[0]!;
  assert.equal(del.shortDescription?.text, "Stateful resource deleted");
  assert.equal(del.fullDescription?.text, "What the test policy checks.");
  assert.match(del.help!.text, /What the test policy checks\.\n\nFix: Have a human approve\.\n\nDocs: https:\/\/github\.com\/policy-check\/policy-check\/blob\/main\/policies\/destructive-changes\.md#pc-del-001/);
  assert.equal(del.help!.markdown, del.help!.text);
  assert.equal(del.helpUri, "https://github.com/policy-check/policy-check/blob/main/policies/destructive-changes.md#pc-del-001");
  assert.equal(del.defaultConfiguration?.level, "error");
  assert.equal(del.properties?.["security-severity"], "9.5");
  for (const r of rules) {
    assert.ok(r.help?.text && r.help.text.length > 0, `${r.id} has help text`);
    assert.ok(r.shortDescription?.text, `${r.id} has a short description`);
    assert.match(r.name ?? "", /^[A-Za-z0-9]+$/);
  }
  // a relative docs path is mentioned in the help but is not a help URI
  assert.equal(rules[1]!.helpUri, undefined);
  assert.match(rules[1]!.help!.text, /Docs: policies\/deletion-protection\.md#pc-dp-001/);
  assert.equal(rules[1]!.fullDescription?.text, "Deletion protection is off", "the title stands in for a missing description");
  // a docs URL with spaces becomes a valid URI
  assert.equal(rules[4]!.helpUri, "https://example.com/a%20b/(c)");
});

test("results point at their rule, carry the level and are located in the input file and resource", () => {
  const log = sarif();
  const run = log.runs[0]!;
  const rules = run.tool.driver.rules!;
  assert.equal(run.results!.length, FINDINGS.length);
  for (const r of run.results!) {
    assert.equal(rules[r.ruleIndex!]!.id, r.ruleId);
    assert.equal(r.locations!.length, 1);
    assert.ok(r.locations![0]!.physicalLocation!.artifactLocation!.uri, "every result has a file");
    assert.deepEqual(r.locations![0]!.physicalLocation!.region, { startLine: 1 });
    assert.ok(r.partialFingerprints?.["policyCheck/v1"]?.startsWith(`${r.ruleId}:`));
  }
  const [del2, del, dp, bkp, warn, hostile] = run.results!;
  assert.equal(del!.level, "error");
  assert.equal(del!.message.text, 'module.db["eu"].aws_db_instance.main[0]: something is wrong');
  assert.deepEqual(del!.locations![0]!.logicalLocations, [{ fullyQualifiedName: 'module.db["eu"].aws_db_instance.main[0]', kind: "resource" }]);
  assert.equal(del!.locations![0]!.physicalLocation!.artifactLocation!.uri, "plan.json");
  assert.deepEqual(del!.properties, { severity: "critical", needs_approval: true, undecided: false, action: "delete" });
  assert.equal(del2!.locations![0]!.physicalLocation!.artifactLocation!.uri, "infra/prod%20plans/plan%20%232.json");
  assert.equal(dp!.level, "error");
  assert.equal(bkp!.level, "warning");
  assert.equal(bkp!.locations![0]!.physicalLocation!.artifactLocation!.uri, "file:///C:/work/plan.json");
  assert.equal(warn!.level, "warning", "warn rules are warnings whatever their severity");
  assert.equal(warn!.locations![0]!.physicalLocation!.artifactLocation!.uri, "policy/acme.rego", "no input file: the rule's file");
  assert.equal(warn!.locations![0]!.logicalLocations, undefined);
  assert.equal(hostile!.level, "note");
  assert.equal(hostile!.message.text, `${HOSTILE[0]}: ${HOSTILE.join(" ")}`, "JSON carries input values as they are");
  assert.equal(decodeURIComponent(hostile!.locations![0]!.physicalLocation!.artifactLocation!.uri!), `x/${HOSTILE[3]}.json`);
});

test("the run records the decision", () => {
  assert.deepEqual(sarif().runs[0]!.properties, { status: "fail", fail_on: "high" });
});

test("file paths become URI references", () => {
  assert.equal(toUri("plan.json"), "plan.json");
  assert.equal(toUri("./infra/plan.json"), "infra/plan.json");
  assert.equal(toUri("infra\\prod\\plan.json"), "infra/prod/plan.json");
  assert.equal(toUri("/abs/path/plan.json"), "/abs/path/plan.json");
  assert.equal(toUri("a b/c#d?e%f.json"), "a%20b/c%23d%3Fe%25f.json");
  assert.equal(toUri("D:\\x y\\plan.json"), "file:///D:/x%20y/plan.json");
  assert.equal(toUri("ünïcode/plan.json"), "%C3%BCn%C3%AFcode/plan.json");
});
