// The decision: enable/disable, severity overrides, exceptions (policy, address glob, expiry,
// stale), and pass/fail against fail_on.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { decide, severityRank } from "../../src/decide/decide.js";
import { config, exception, finding } from "../report/helpers.js";

const TODAY = new Date("2026-06-15T12:00:00Z");
const DB = 'module.db["eu"].aws_db_instance.main[0]';

describe("fail_on", () => {
  test("severity ranks: critical > high > medium > low > info", () => {
    const order = (["critical", "high", "medium", "low", "info"] as const).map(severityRank);
    assert.deepEqual([...order].sort((a, b) => b - a), order);
  });

  test("a finding at or above fail_on fails; below it passes", () => {
    const cases = [
      ["critical", "high", "fail"],
      ["high", "high", "fail"],
      ["medium", "high", "pass"],
      ["low", "medium", "pass"],
      ["low", "low", "fail"],
      ["info", "low", "pass"],
      ["info", "info", "fail"],
      ["critical", "critical", "fail"],
      ["high", "critical", "pass"],
    ] as const;
    for (const [severity, failOn, status] of cases) {
      const d = decide([finding({ severity })], config({ failOn }), TODAY);
      assert.equal(d.status, status, `${severity} finding, fail_on ${failOn}`);
      assert.equal(d.failOn, failOn);
    }
  });

  test("fail_on none never fails on ordinary findings", () => {
    const d = decide([finding({ severity: "critical" }), finding({ severity: "high", policy: "PC-X" })], config({ failOn: "none" }), TODAY);
    assert.equal(d.status, "pass");
    assert.equal(d.findings.length, 2, "the findings are still reported");
  });

  test("destructive changes (needs_approval) fail whatever fail_on says, until a human approves", () => {
    const del = finding({ severity: "low", needs_approval: true });
    for (const failOn of ["critical", "high", "none"] as const) {
      const d = decide([del], config({ failOn }), TODAY);
      assert.equal(d.status, "fail", failOn);
      assert.equal(d.needsApproval, 1);
    }
  });

  test("warn findings are reported but never fail, not even critical or needing approval", () => {
    const d = decide([finding({ kind: "warn", severity: "critical", needs_approval: true })], config({ failOn: "info" }), TODAY);
    assert.equal(d.status, "pass");
    assert.equal(d.findings.length, 1);
    assert.equal(d.counts.critical, 1);
    assert.equal(d.needsApproval, 0, "a warning does not ask for approval");
  });

  test("violation rules count like deny rules", () => {
    assert.equal(decide([finding({ kind: "violation" })], config(), TODAY).status, "fail");
  });

  test("no findings: pass, all counts zero", () => {
    const d = decide([], config({ failOn: "info" }), TODAY);
    assert.equal(d.status, "pass");
    assert.deepEqual(d.counts, { critical: 0, high: 0, medium: 0, low: 0, info: 0 });
    assert.equal(d.needsApproval, 0);
    assert.equal(d.undecided, 0);
  });
});

describe("counts and order", () => {
  test("findings are ordered most severe first, then by resource and policy; counts by severity", () => {
    const fs = [
      finding({ severity: "low", resource: "a", policy: "P1" }),
      finding({ severity: "critical", resource: "z", policy: "P2" }),
      finding({ severity: "high", resource: "b", policy: "P3" }),
      finding({ severity: "critical", resource: "a", policy: "P4" }),
      finding({ severity: "critical", resource: "a", policy: "P0" }),
      finding({ severity: "info", resource: null, policy: "P5" }),
    ];
    const d = decide(fs, config(), TODAY);
    assert.deepEqual(
      d.findings.map((f) => `${f.severity} ${f.resource} ${f.policy}`),
      ["critical a P0", "critical a P4", "critical z P2", "high b P3", "low a P1", "info null P5"],
    );
    assert.deepEqual(d.counts, { critical: 3, high: 1, medium: 0, low: 1, info: 1 });
  });

  test("findings alike in severity, resource and policy are ordered by message, in code-unit order, whatever order they came in", () => {
    const msgs = ["b second", "a first", "B upper", "é accent"];
    for (const order of [msgs, [...msgs].reverse()]) {
      const d = decide(order.map((m) => finding({ message: m })), config(), TODAY);
      assert.deepEqual(d.findings.map((f) => f.message), ["B upper", "a first", "b second", "é accent"]);
    }
  });

  test("undecided findings are counted", () => {
    const d = decide([finding({ undecided: true }), finding({ policy: "B" })], config(), TODAY);
    assert.equal(d.undecided, 1);
  });

  test("the input findings are not modified", () => {
    const f = finding({ severity: "critical" });
    decide([f], config({ severity: { "PC-TEST-001": "low" } }), TODAY);
    assert.equal(f.severity, "critical");
  });
});

describe("enable, disable and severity overrides", () => {
  test("disabled policies never produce findings", () => {
    const d = decide([finding({ policy: "PC-A" }), finding({ policy: "PC-B" })], config({ disable: ["PC-A"] }), TODAY);
    assert.deepEqual(d.findings.map((f) => f.policy), ["PC-B"]);
  });

  test("enable lists the only policies that run", () => {
    const d = decide([finding({ policy: "PC-A" }), finding({ policy: "PC-B" }), finding({ policy: "PC-C" })], config({ enable: ["PC-B", "PC-C"] }), TODAY);
    assert.deepEqual(d.findings.map((f) => f.policy).sort(), ["PC-B", "PC-C"]);
  });

  test("disable wins over enable", () => {
    const d = decide([finding({ policy: "PC-A" })], config({ enable: ["PC-A"], disable: ["PC-A"] }), TODAY);
    assert.equal(d.findings.length, 0);
    assert.equal(d.status, "pass");
  });

  test("a disabled policy's only finding makes the run pass", () => {
    assert.equal(decide([finding({ severity: "critical" })], config({ disable: ["PC-TEST-001"] }), TODAY).status, "pass");
  });

  test("a severity override changes the finding's severity, its count and the decision", () => {
    const d = decide([finding({ policy: "PC-DP-004", severity: "high" })], config({ severity: { "PC-DP-004": "medium" } }), TODAY);
    assert.equal(d.findings[0]!.severity, "medium");
    assert.equal(d.counts.high, 0);
    assert.equal(d.counts.medium, 1);
    assert.equal(d.status, "pass", "medium is below the default fail_on high");
    const up = decide([finding({ policy: "PC-X", severity: "low" })], config({ severity: { "PC-X": "critical" } }), TODAY);
    assert.equal(up.status, "fail");
  });

  test("overrides apply to other policies only by exact id", () => {
    const d = decide([finding({ policy: "PC-DP-0041", severity: "high" })], config({ severity: { "PC-DP-004": "low" } }), TODAY);
    assert.equal(d.findings[0]!.severity, "high");
  });
});

describe("exceptions", () => {
  test("an exception suppresses the matching finding, which stays visible as suppressed", () => {
    const e = exception({ policy: "PC-DEL-001", resource: DB });
    const f = finding({ policy: "PC-DEL-001", resource: DB, severity: "critical", needs_approval: true });
    const d = decide([f], config({ exceptions: [e] }), TODAY);
    assert.equal(d.status, "pass");
    assert.equal(d.findings.length, 0);
    assert.deepEqual(d.suppressed, [{ finding: f, exception: e }]);
    assert.deepEqual(d.counts.critical, 0, "suppressed findings are not counted");
    assert.equal(d.needsApproval, 0);
    assert.deepEqual(d.staleExceptions, []);
    assert.deepEqual(d.expiredExceptions, []);
  });

  test("the resource glob matches full addresses with module paths and count/for_each indexes", () => {
    const fs = [
      finding({ policy: "PC-DEL-001", resource: DB }),
      finding({ policy: "PC-DEL-001", resource: 'module.db["eu"].aws_db_instance.main[1]' }),
      finding({ policy: "PC-DEL-001", resource: 'module.db["us"].aws_db_instance.main[0]' }),
      finding({ policy: "PC-DEL-001", resource: "aws_db_instance.main" }),
    ];
    const d = decide(fs, config({ exceptions: [exception({ policy: "PC-DEL-001", resource: 'module.db["eu"].aws_db_instance.main[*]' })] }), TODAY);
    assert.deepEqual(d.suppressed.map((s) => s.finding.resource), [DB, 'module.db["eu"].aws_db_instance.main[1]']);
    assert.deepEqual(d.findings.map((f) => f.resource).sort(), ["aws_db_instance.main", 'module.db["us"].aws_db_instance.main[0]']);
  });

  test("a root-module pattern does not suppress the same name inside a module", () => {
    const d = decide([finding({ resource: DB })], config({ exceptions: [exception({ resource: "aws_db_instance.main" })] }), TODAY);
    assert.equal(d.findings.length, 1);
    assert.equal(d.staleExceptions.length, 1);
  });

  test("an exception applies only to its policy; '*' applies to every policy", () => {
    const fs = [finding({ policy: "PC-A" }), finding({ policy: "PC-B" })];
    const one = decide(fs, config({ exceptions: [exception({ policy: "PC-A" })] }), TODAY);
    assert.deepEqual(one.findings.map((f) => f.policy), ["PC-B"]);
    const all = decide(fs, config({ exceptions: [exception({ policy: "*" })] }), TODAY);
    assert.equal(all.findings.length, 0);
    assert.equal(all.suppressed.length, 2);
  });

  test("one exception may suppress several findings; the first matching exception is recorded", () => {
    const e1 = exception({ resource: "aws_ebs_volume.*", reason: "first" });
    const e2 = exception({ resource: "aws_ebs_volume.data", reason: "second" });
    const d = decide([finding(), finding({ resource: "aws_ebs_volume.logs" })], config({ exceptions: [e1, e2] }), TODAY);
    assert.equal(d.suppressed.length, 2);
    assert.ok(d.suppressed.every((s) => s.exception === e1));
    assert.deepEqual(d.staleExceptions, [e2], "an exception shadowed by an earlier one matched nothing");
  });

  test("findings without a resource are matched only by '*' resource patterns", () => {
    const f = finding({ resource: null });
    assert.equal(decide([f], config({ exceptions: [exception({ resource: "aws_*" })] }), TODAY).findings.length, 1);
    assert.equal(decide([f], config({ exceptions: [exception({ resource: "*" })] }), TODAY).findings.length, 0);
  });

  test("an exception that matched nothing is reported as stale", () => {
    const e = exception({ policy: "PC-DEL-001", resource: "aws_ebs_volume.gone" });
    const d = decide([finding({ policy: "PC-DEL-001" })], config({ exceptions: [e] }), TODAY);
    assert.deepEqual(d.staleExceptions, [e]);
    assert.equal(d.findings.length, 1);
    assert.equal(d.status, "fail");
  });

  test("an exception for a disabled policy is stale (its findings never reach it)", () => {
    const e = exception({ policy: "PC-A", resource: "*" });
    const d = decide([finding({ policy: "PC-A" })], config({ disable: ["PC-A"], exceptions: [e] }), TODAY);
    assert.deepEqual(d.staleExceptions, [e]);
  });

  test("an exception suppresses after a severity override (the override is recorded on the suppressed finding)", () => {
    const d = decide([finding({ severity: "high" })], config({ severity: { "PC-TEST-001": "info" }, exceptions: [exception()] }), TODAY);
    assert.equal(d.suppressed[0]!.finding.severity, "info");
  });

  test("expires is inclusive: the exception still suppresses on its last day", () => {
    const e = exception({ expires: "2026-06-15" });
    const d = decide([finding()], config({ exceptions: [e] }), TODAY);
    assert.equal(d.suppressed.length, 1);
    assert.deepEqual(d.expiredExceptions, []);
  });

  test("an expired exception no longer suppresses and is reported as expired (not stale)", () => {
    const e = exception({ expires: "2026-06-14" });
    const f = finding({ severity: "critical" });
    const d = decide([f], config({ exceptions: [e] }), TODAY);
    assert.equal(d.status, "fail");
    assert.deepEqual(d.findings, [f]);
    assert.deepEqual(d.suppressed, []);
    assert.deepEqual(d.expiredExceptions, [e]);
    assert.deepEqual(d.staleExceptions, []);
  });

  test("an expired exception is reported even when it would match nothing", () => {
    const e = exception({ resource: "nothing.here", expires: "2020-01-01" });
    const d = decide([], config({ exceptions: [e] }), TODAY);
    assert.deepEqual(d.expiredExceptions, [e]);
    assert.deepEqual(d.staleExceptions, []);
  });

  test("expiry uses the UTC calendar day of the clock", () => {
    const e = exception({ expires: "2026-06-15" });
    assert.equal(decide([finding()], config({ exceptions: [e] }), new Date("2026-06-15T23:59:59Z")).suppressed.length, 1);
    assert.equal(decide([finding()], config({ exceptions: [e] }), new Date("2026-06-16T00:00:00Z")).suppressed.length, 0);
  });

  test("an exception without expiry never expires", () => {
    const d = decide([finding()], config({ exceptions: [exception({ expires: null })] }), new Date("2999-01-01T00:00:00Z"));
    assert.equal(d.suppressed.length, 1);
  });

  test("expired, stale and live exceptions together", () => {
    const live = exception({ policy: "PC-A", resource: "a.*" });
    const stale = exception({ policy: "PC-B", resource: "b.*" });
    const expired = exception({ policy: "PC-C", resource: "c.*", expires: "2025-12-31" });
    const fs = [finding({ policy: "PC-A", resource: "a.x" }), finding({ policy: "PC-C", resource: "c.x" })];
    const d = decide(fs, config({ exceptions: [live, stale, expired] }), TODAY);
    assert.deepEqual(d.suppressed.map((s) => s.exception), [live]);
    assert.deepEqual(d.staleExceptions, [stale]);
    assert.deepEqual(d.expiredExceptions, [expired]);
    assert.deepEqual(d.findings.map((f) => f.policy), ["PC-C"]);
  });
});
