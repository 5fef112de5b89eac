// JUnit XML: well-formed (read back with a strict reader), one suite per input file, one test
// case per policy and resource, a failure for findings, skipped cases for suppressed findings,
// and input values escaped.

import { test } from "node:test";
import assert from "node:assert/strict";
import { junitReporter } from "../../src/report/junit-reporter.js";
import { config, exception, finding, parseXml, resultOf, xmlAll, type XmlElement } from "./helpers.js";

const HOSTILE = ['<img src=x onerror=alert(1)>', "](javascript:alert(1))", "a`b|c``` | d", "]]> & <!-- --> \"' </testcase>"];

function render(...args: Parameters<typeof resultOf>): XmlElement {
  const xml = junitReporter.render(resultOf(...args), { color: false });
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'), xml.slice(0, 80));
  return parseXml(xml);
}

const num = (el: XmlElement, a: string) => Number(el.attrs[a]);

test("the strict XML reader rejects what is not well-formed", () => {
  for (const bad of ["<a>", "<a></b>", "<a x=1/>", '<a x="1" x="2"/>', "<a>&</a>", "<a>&bogus;</a>", '<a x="<"/>', "<a/><b/>", "<a>\u0001</a>"]) {
    assert.throws(() => parseXml(bad), Error, bad);
  }
  assert.equal(parseXml('<?xml version="1.0"?>\n<a x="&lt;&#38;&#x41;">t&amp;<b/></a>\n').attrs["x"], "<&A");
});

test("no findings: one passing test case", () => {
  const root = render([]);
  assert.equal(root.name, "testsuites");
  assert.deepEqual([num(root, "tests"), num(root, "failures")], [1, 0]);
  const cases = xmlAll(root, "testcase");
  assert.equal(cases.length, 1);
  assert.equal(xmlAll(root, "failure").length, 0);
});

test("one suite per input file and one test case per policy and resource, with a failure per failing case", () => {
  const root = render([
    finding({ policy: "PC-BKP-003", severity: "critical", resource: "aws_db_instance.orders", message: "backups deleted with the database", file: "plan.json" }),
    finding({ policy: "PC-BKP-003", severity: "critical", resource: "aws_db_instance.orders", message: "backups not replicated", file: "plan.json" }),
    finding({ policy: "PC-DP-001", severity: "high", resource: "aws_db_instance.orders", file: "plan.json" }),
    finding({ policy: "PC-DEL-001", severity: "critical", resource: "aws_ebs_volume.data", file: "plan.json", remediation: "Have a human approve." }),
    finding({ policy: "PC-TOK-001", severity: "critical", resource: 'tokens["KEY"]', file: "tokens.yaml", rule: { package: "policy_check.tokens", name: "deny", file: "t.rego", row: 1 } }),
    finding({ policy: "ACME-W", kind: "warn", severity: "low", resource: null, file: null, message: "consider tagging" }),
  ]);
  const suites = xmlAll(root, "testsuite");
  assert.deepEqual(suites.map((s) => s.attrs["name"]).sort(), ["plan.json", "policies", "tokens.yaml"]);
  const plan = suites.find((s) => s.attrs["name"] === "plan.json")!;
  const names = xmlAll(plan, "testcase").map((c) => c.attrs["name"]);
  assert.deepEqual([...names].sort(), ["PC-BKP-003 aws_db_instance.orders", "PC-DEL-001 aws_ebs_volume.data", "PC-DP-001 aws_db_instance.orders"]);
  assert.equal(new Set(names).size, names.length, "test case names are unique within a suite");
  assert.deepEqual([num(plan, "tests"), num(plan, "failures")], [3, 3]);
  assert.deepEqual([num(root, "tests"), num(root, "failures"), num(root, "skipped")], [5, 4, 0]);

  // the two findings of one policy on one resource are one case listing both
  const bkp = xmlAll(plan, "testcase").find((c) => c.attrs["name"] === "PC-BKP-003 aws_db_instance.orders")!;
  const failures = xmlAll(bkp, "failure");
  assert.equal(failures.length, 1);
  assert.equal(failures[0]!.attrs["type"], "critical");
  assert.match(failures[0]!.attrs["message"]!, /^backups deleted with the database \(and 1 more\)$/);
  assert.match(failures[0]!.text, /- backups deleted with the database\n- backups not replicated/);

  const del = xmlAll(plan, "testcase").find((c) => c.attrs["name"] === "PC-DEL-001 aws_ebs_volume.data")!;
  assert.equal(del.attrs["classname"], "policy_check.test");
  assert.equal(xmlAll(del, "failure")[0]!.text, "Test policy\nFix: Have a human approve.");

  // a warning is a passing case with its message in system-out
  const warn = xmlAll(root, "testcase").find((c) => c.attrs["name"] === "ACME-W")!;
  assert.equal(xmlAll(warn, "failure").length, 0);
  assert.equal(xmlAll(warn, "system-out")[0]!.text, "warning: consider tagging");
});

test("suppressed findings are skipped cases naming the exception", () => {
  const e = exception({ policy: "PC-DEL-001", resource: "aws_ebs_volume.*", reason: "scratch volume", owner: "@acme/platform", expires: "2027-01-31" });
  const root = render([finding({ policy: "PC-DEL-001" }), finding({ policy: "PC-DP-001" })], { config: config({ exceptions: [e] }) });
  assert.deepEqual([num(root, "tests"), num(root, "failures"), num(root, "skipped")], [2, 1, 1]);
  const skipped = xmlAll(root, "skipped");
  assert.equal(skipped.length, 1);
  assert.equal(skipped[0]!.attrs["message"], "suppressed by an exception: scratch volume (owner @acme/platform, until 2027-01-31)");
  const suite = xmlAll(root, "testsuite")[0]!;
  assert.deepEqual([num(suite, "tests"), num(suite, "failures"), num(suite, "skipped")], [2, 1, 1]);
});

test("values from the input are escaped and read back unchanged; characters XML cannot hold are dropped", () => {
  const fs = HOSTILE.map((h, i) => finding({ policy: `P-${i}`, resource: h, message: `${h} is bad`, title: h, remediation: h, file: `dir/${h}.json`, rule: { package: h, name: "deny", file: "x.rego", row: 1 } }));
  fs.push(finding({ policy: "P-ctl", resource: "r\u0000\u0007\u001b[31m", message: "bell\u0007 and nul\u0000" }));
  const xml = junitReporter.render(resultOf(fs), { color: false });
  const root = parseXml(xml);
  const cases = xmlAll(root, "testcase");
  for (const [i, h] of HOSTILE.entries()) {
    const c = cases.find((x) => x.attrs["name"] === `P-${i} ${h}`);
    assert.ok(c, `case for ${JSON.stringify(h)}`);
    assert.equal(c.attrs["classname"], h);
    assert.equal(xmlAll(c, "failure")[0]!.attrs["message"], `${h} is bad`);
    assert.equal(xmlAll(c, "failure")[0]!.text, `${h}\nFix: ${h}`);
  }
  assert.ok(xmlAll(root, "testsuite").some((s) => s.attrs["name"] === `dir/${HOSTILE[0]}.json`));
  const ctl = cases.find((x) => x.attrs["name"]!.startsWith("P-ctl"))!;
  assert.equal(ctl.attrs["name"], "P-ctl r[31m");
  assert.equal(xmlAll(ctl, "failure")[0]!.attrs["message"], "bell and nul");
});
