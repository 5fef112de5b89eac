// Stable, versioned JSON report (docs/report.md documents every field).

import { REPORT_VERSION, type CheckResult, type Reporter } from "./types.js";

export const jsonReporter: Reporter = {
  format: "json",
  render(result: CheckResult): string {
    const d = result.decision;
    const doc = {
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
    return JSON.stringify(doc, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n";
  },
};
