// Stable, versioned JSON report. docs/report-json.md explains it; docs/report.schema.json is
// generated from the JsonReport type below (npm run docs:schemas).

import type { Exception } from "../config/types.js";
import type { Severity } from "../config/schema.js";
import type { Finding } from "../evaluate/finding.js";
import type { Source } from "../model/types.js";
import { REPORT_VERSION, type ChangeSummary, type CheckResult, type Reporter } from "./types.js";

/** The JSON report (`--format json`). Fields are only ever added within a report_version. */
export interface JsonReport {
  /** "1": bumped only on incompatible changes */
  report_version: string;
  tool: { name: "policy-check"; version: string };
  /** "fail" when a counted finding is at or above fail_on */
  status: "pass" | "fail";
  fail_on: Severity | "none";
  /** counted findings by severity */
  counts: Record<Severity, number>;
  /** findings that must not merge before a human approves */
  needs_approval: number;
  /** findings that could not be decided before apply */
  undecided: number;
  changes: ChangeSummary;
  sources: Pick<Source, "id" | "path" | "kind" | "tool" | "tool_version" | "format_version" | "workspace" | "project" | "environment">[];
  /** counted findings, most severe first */
  findings: Finding[];
  /** findings an exception accepted */
  suppressed: { finding: Finding; exception: Exception }[];
  expired_exceptions: Exception[];
  stale_exceptions: Exception[];
  notes: string[];
  policies: { files: number; rules: number };
}

export const jsonReporter: Reporter = {
  format: "json",
  render(result: CheckResult): string {
    const d = result.decision;
    const doc: JsonReport = {
      report_version: REPORT_VERSION,
      tool: result.tool,
      status: d.status,
      fail_on: d.failOn,
      counts: d.counts,
      needs_approval: d.needsApproval,
      undecided: d.undecided,
      changes: result.changes,
      sources: result.sources.map((s) => ({ id: s.id, path: s.path, kind: s.kind, tool: s.tool, tool_version: s.tool_version, format_version: s.format_version, workspace: s.workspace, project: s.project, environment: s.environment })),
      findings: d.findings,
      suppressed: d.suppressed.map((s) => ({ finding: s.finding, exception: s.exception })),
      expired_exceptions: d.expiredExceptions,
      stale_exceptions: d.staleExceptions,
      notes: result.notes,
      policies: result.policies,
    };
    return jsonText(doc) + "\n";
  },
};

/**
 * Indented JSON; integers beyond 2^53 (bigint) as their digits. The replacer that writes them
 * is slow on large reports (a call per value), so it only runs when a bigint is there.
 */
function jsonText(doc: unknown): string {
  try {
    return JSON.stringify(doc, null, 2);
  } catch (e) {
    if (!(e instanceof TypeError && /BigInt/i.test(e.message))) throw e;
    return JSON.stringify(doc, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
  }
}
