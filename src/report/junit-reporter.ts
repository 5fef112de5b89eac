// JUnit XML: one test suite per input file, one test case per resource and policy, a failure
// per finding (warnings are reported as passing cases with system-out).

import type { CheckResult, Reporter } from "./types.js";
import { escapeXml } from "./escape.js";

export const junitReporter: Reporter = {
  format: "junit",
  render(result: CheckResult): string {
    const d = result.decision;
    const suites = new Map<string, string[]>();
    let failures = 0;
    for (const f of d.findings) {
      const suite = f.file ?? "policies";
      const name = `${f.policy} ${f.resource ?? ""}`.trim();
      const failing = f.kind !== "warn";
      if (failing) failures++;
      const body = failing
        ? `<failure message="${escapeXml(f.message)}" type="${escapeXml(f.severity)}">${escapeXml([f.title, f.remediation ? `Fix: ${f.remediation}` : ""].filter(Boolean).join("\n"))}</failure>`
        : `<system-out>${escapeXml(`warning: ${f.message}`)}</system-out>`;
      const l = suites.get(suite) ?? [];
      l.push(`    <testcase classname="${escapeXml(f.rule.package)}" name="${escapeXml(name)}">${body}</testcase>`);
      suites.set(suite, l);
    }
    const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="policy-check" tests="${d.findings.length}" failures="${failures}">`];
    if (suites.size === 0) out.push(`  <testsuite name="policy-check" tests="1" failures="0"><testcase classname="policy-check" name="all policies pass"/></testsuite>`);
    for (const [name, cases] of suites) {
      out.push(`  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${cases.filter((c) => c.includes("<failure")).length}">`, ...cases, "  </testsuite>");
    }
    out.push("</testsuites>");
    return out.join("\n") + "\n";
  },
};
