// JUnit XML: one test suite per input file, one test case per policy and resource, with a
// failure listing that policy's findings on the resource (warnings are passing cases with
// system-out). Findings an exception accepted are skipped cases naming the exception.

import type { Exception } from "../config/types.js";
import type { Finding } from "../evaluate/finding.js";
import type { CheckResult, Reporter } from "./types.js";
import { escapeXml } from "./escape.js";

interface Case {
  classname: string;
  name: string;
  findings: Finding[];
  exception: Exception | null;
}

export const junitReporter: Reporter = {
  format: "junit",
  render(result: CheckResult): string {
    const d = result.decision;
    const suites = new Map<string, Map<string, Case>>();
    const add = (f: Finding, exception: Exception | null) => {
      const suite = f.file ?? "policies";
      const cases = suites.get(suite) ?? new Map<string, Case>();
      suites.set(suite, cases);
      const key = `${exception ? "s" : "f"}\u0000${f.policy}\u0000${f.resource ?? ""}`;
      const c = cases.get(key) ?? { classname: f.rule.package, name: `${f.policy} ${f.resource ?? ""}`.trim(), findings: [], exception };
      c.findings.push(f);
      cases.set(key, c);
    };
    for (const f of d.findings) add(f, null);
    for (const s of d.suppressed) add(s.finding, s.exception);

    let tests = 0;
    let failures = 0;
    let skipped = 0;
    const body: string[] = [];
    for (const [name, cases] of suites) {
      const rendered = [...cases.values()].map(renderCase);
      const f = rendered.filter((r) => r.outcome === "failure").length;
      const s = rendered.filter((r) => r.outcome === "skipped").length;
      tests += rendered.length;
      failures += f;
      skipped += s;
      body.push(`  <testsuite name="${escapeXml(name)}" tests="${rendered.length}" failures="${f}" skipped="${s}">`, ...rendered.map((r) => r.xml), "  </testsuite>");
    }
    if (suites.size === 0) {
      tests = 1;
      body.push(`  <testsuite name="policy-check" tests="1" failures="0" skipped="0"><testcase classname="policy-check" name="all policies pass"/></testsuite>`);
    }
    return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="policy-check" tests="${tests}" failures="${failures}" skipped="${skipped}">`, ...body, "</testsuites>"].join("\n") + "\n";
  },
};

function renderCase(c: Case): { outcome: "failure" | "skipped" | "pass"; xml: string } {
  const open = `    <testcase classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}">`;
  if (c.exception) {
    const e = c.exception;
    const why = `suppressed by an exception: ${e.reason} (owner ${e.owner}${e.expires ? `, until ${e.expires}` : ""})`;
    return { outcome: "skipped", xml: `${open}<skipped message="${escapeXml(why)}"/></testcase>` };
  }
  const failing = c.findings.filter((f) => f.kind !== "warn");
  const warnings = c.findings.filter((f) => f.kind === "warn");
  const out = warnings.length ? `<system-out>${escapeXml(warnings.map((f) => `warning: ${f.message}`).join("\n"))}</system-out>` : "";
  if (failing.length === 0) return { outcome: "pass", xml: `${open}${out}</testcase>` };
  const first = failing[0]!;
  const message = failing.length === 1 ? first.message : `${first.message} (and ${failing.length - 1} more)`;
  const text = [...(failing.length > 1 ? failing.map((f) => `- ${f.message}`) : []), first.title, first.remediation ? `Fix: ${first.remediation}` : ""].filter(Boolean).join("\n");
  return { outcome: "failure", xml: `${open}<failure message="${escapeXml(message)}" type="${escapeXml(first.severity)}">${escapeXml(text)}</failure>${out}</testcase>` };
}
