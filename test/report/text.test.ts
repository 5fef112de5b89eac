// The text report: findings grouped by resource with the plan action, severity colored only
// when asked (a terminal without NO_COLOR), suppressed/expired/stale exceptions and notes, and
// a summary line.

import { test } from "node:test";
import assert from "node:assert/strict";
import { textReporter } from "../../src/report/text-reporter.js";
import { ANSI, config, exception, finding, resultOf } from "./helpers.js";

// eslint-disable-next-line no-control-regex
const ANSI_ALL = /\u001b\[[0-9;]*m/g;
const plain = (s: string) => s.replace(ANSI_ALL, "");

const FINDINGS = [
  finding({ policy: "PC-DEL-001", severity: "critical", resource: "aws_ebs_volume.data", action: "delete", message: "aws_ebs_volume.data will be deleted", needs_approval: true, file: "plans/prod.json" }),
  finding({ policy: "PC-DP-001", severity: "high", resource: "aws_db_instance.main", action: "update", message: "aws_db_instance.main has deletion_protection off", remediation: "Set deletion_protection = true.", file: "plans/prod.json" }),
  finding({ policy: "PC-BKP-011", severity: "medium", resource: "aws_db_instance.main", action: "update", message: "backups kept 1 day", undecided: true, file: "plans/prod.json" }),
  finding({ policy: "ACME-1", severity: "low", resource: null, action: null, message: "a warning without a resource", kind: "warn", remediation: null, file: null }),
];

test("findings are grouped under their resource with the plan action and the file", () => {
  const out = textReporter.render(resultOf(FINDINGS), { color: false });
  const lines = out.split("\n");
  const db = lines.indexOf("aws_db_instance.main (update)  plans/prod.json");
  const vol = lines.indexOf("aws_ebs_volume.data (delete)  plans/prod.json");
  assert.ok(db >= 0 && vol >= 0, out);
  assert.ok(vol < db, "the group with the most severe finding comes first");
  // both findings of the database under its heading, indented
  assert.match(lines[db + 1]!, /^ {2}HIGH {5}PC-DP-001 {2}aws_db_instance\.main has deletion_protection off$/);
  assert.match(lines[db + 2]!, /^\s+fix: Set deletion_protection = true\.$/);
  assert.match(lines[db + 3]!, /^ {2}MEDIUM {3}PC-BKP-011 {2}backups kept 1 day {2}undecided until apply$/);
  assert.match(lines[vol + 1]!, /^ {2}CRITICAL PC-DEL-001 {2}aws_ebs_volume\.data will be deleted {2}needs approval$/);
  assert.ok(lines.includes("(no resource)"), "findings without a resource get their own group");
  assert.match(out, /LOW {6}ACME-1 {2}a warning without a resource {2}warn/);
});

test("a summary line: status, counts by severity, approvals, undecided, changes and fail_on", () => {
  const out = textReporter.render(resultOf(FINDINGS, { changes: { resources: 3, delete: 1, update: 1, create: 1, tokens: 2 } }), { color: false });
  const last = out.trimEnd().split("\n").at(-1)!;
  assert.equal(last, "FAIL 1 critical, 1 high, 1 medium, 1 low (1 needs human approval, 1 undecided until apply) — 3 resources (1 to delete, 0 to replace, 1 to update, 1 to create), 2 credentials; fail_on: high");
  assert.ok(out.endsWith("\n"));
});

test("a clean run says PASS and no findings", () => {
  const out = textReporter.render(resultOf([], { changes: { resources: 1, delete: 0, create: 1 } }), { color: false });
  assert.equal(out, "PASS no findings — 1 resource (0 to delete, 0 to replace, 0 to update, 1 to create); fail_on: high\n");
});

test("findings below fail_on pass, and are still listed", () => {
  const out = textReporter.render(resultOf([finding({ severity: "medium" })]), { color: false });
  assert.match(out, /MEDIUM/);
  assert.match(out, /^PASS 1 medium/m);
});

test("plain output has no escape sequences; colored output colors severities and status", () => {
  const result = resultOf(FINDINGS);
  const off = textReporter.render(result, { color: false });
  assert.doesNotMatch(off, ANSI);
  const on = textReporter.render(result, { color: true });
  assert.match(on, ANSI);
  assert.equal(plain(on), off, "color only adds escape sequences");
  // critical: bold red; high: red; medium: yellow; low: cyan; FAIL: bold red
  assert.match(on, /\u001b\[1m\u001b\[31mCRITICAL/);
  assert.match(on, /\u001b\[31mHIGH/);
  assert.match(on, /\u001b\[33mMEDIUM/);
  assert.match(on, /\u001b\[36mLOW/);
  assert.match(on, /\u001b\[1m\u001b\[31mFAIL\u001b\[39m\u001b\[22m/);
  assert.match(textReporter.render(resultOf([]), { color: true }), /\u001b\[32mPASS/);
});

test("suppressed findings, expired and stale exceptions and notes are listed before the summary", () => {
  const live = exception({ policy: "PC-DEL-001", resource: "aws_ebs_volume.*", reason: "scratch volume", owner: "@acme/platform", expires: "2027-01-31" });
  const expired = exception({ policy: "PC-DP-001", resource: "aws_db_instance.main", expires: "2026-01-01", owner: "bob" });
  const stale = exception({ policy: "PC-X", resource: "aws_s3_bucket.gone" });
  const result = resultOf(FINDINGS, { config: config({ exceptions: [live, expired, stale] }), notes: ["plan.json: prevent_destroy unknown"] });
  const out = textReporter.render(result, { color: false });
  assert.match(out, /^suppressed PC-DEL-001 on aws_ebs_volume\.data: scratch volume \(owner @acme\/platform, until 2027-01-31\)$/m);
  assert.match(out, /^expired exception: PC-DP-001 on aws_db_instance\.main expired 2026-01-01 \(owner bob\); it no longer suppresses$/m);
  assert.match(out, /^stale exception: PC-X on aws_s3_bucket\.gone matched nothing; remove it$/m);
  assert.match(out, /^note: plan\.json: prevent_destroy unknown$/m);
  assert.match(out.trimEnd().split("\n").at(-1)!, /\(1 undecided until apply, 1 suppressed\)/);
  // the expired exception no longer suppresses: its finding is listed
  assert.match(out, /PC-DP-001 {2}aws_db_instance\.main has deletion_protection off/);
});

test("a run whose findings are all suppressed says so in its summary", () => {
  const out = textReporter.render(resultOf([finding()], { config: config({ exceptions: [exception()] }) }), { color: false });
  assert.match(out, /^PASS no findings \(1 suppressed\)/m);
});

test("terminal control characters from the input are neutralized", () => {
  const evil = "aws_s3_bucket.b[\"\u001b[2J\u001b]0;pwned\u0007\rX\"]";
  const out = textReporter.render(resultOf([finding({ resource: evil, message: `${evil} is\u001b[8m hidden`, remediation: "fix\u0008\u0008it" })]), { color: false });
  assert.doesNotMatch(out, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  assert.match(out, /aws_s3_bucket\.b\["�\[2J�\]0;pwned��X"\]/);
});

test("wrapped METADATA remediation is reflowed onto one line", () => {
  const out = textReporter.render(resultOf([finding({ remediation: "Set it\n  to true.\n\nThen\nre-plan." })]), { color: false });
  assert.match(out, /fix: Set it to true\. Then re-plan\.\n/);
});
