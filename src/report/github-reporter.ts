// GitHub workflow commands: an annotation per finding (::error / ::warning / ::notice), a
// warning per expired or stale exception, and a closing notice with the decision. Values are
// escaped as the runner expects (data: %, CR, LF; properties also `:` and `,`).

import type { Severity } from "../config/schema.js";
import type { CheckResult, Reporter } from "./types.js";
import { escapeCommandData, escapeCommandProperty } from "./escape.js";

const COMMAND: Record<Severity, string> = { critical: "error", high: "error", medium: "warning", low: "notice", info: "notice" };

export const githubReporter: Reporter = {
  format: "github",
  render(result: CheckResult): string {
    const out: string[] = [];
    for (const f of result.decision.findings) {
      const cmd = f.kind === "warn" ? "warning" : COMMAND[f.severity];
      const props = [f.file ? `file=${escapeCommandProperty(f.file)}` : "", `title=${escapeCommandProperty(`${f.policy}${f.resource ? ` ${f.resource}` : ""}`)}`].filter(Boolean).join(",");
      out.push(`::${cmd} ${props}::${escapeCommandData(`${f.severity.toUpperCase()}: ${f.message}${f.remediation ? ` Fix: ${f.remediation}` : ""}`)}`);
    }
    const d = result.decision;
    for (const e of d.expiredExceptions) {
      out.push(`::warning title=${escapeCommandProperty(`policy-check: expired exception ${e.policy} ${e.resource}`)}::${escapeCommandData(`The exception for ${e.policy} on ${e.resource} (owner ${e.owner}) expired ${e.expires}: it no longer suppresses.`)}`);
    }
    for (const e of d.staleExceptions) {
      out.push(`::warning title=${escapeCommandProperty(`policy-check: stale exception ${e.policy} ${e.resource}`)}::${escapeCommandData(`The exception for ${e.policy} on ${e.resource} (owner ${e.owner}) matched nothing: remove it.`)}`);
    }
    const suppressed = d.suppressed.length ? `, ${d.suppressed.length} suppressed by exceptions` : "";
    out.push(`::notice title=policy-check::${escapeCommandData(`${d.status.toUpperCase()}: ${d.findings.length} finding(s)${suppressed}, fail_on ${d.failOn}`)}`);
    return out.join("\n") + "\n";
  },
};
