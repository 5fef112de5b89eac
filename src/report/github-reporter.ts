// GitHub workflow commands: an annotation per finding (::error / ::warning / ::notice).

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
    out.push(`::notice title=policy-check::${escapeCommandData(`${d.status.toUpperCase()}: ${d.findings.length} finding(s), fail_on ${d.failOn}`)}`);
    return out.join("\n") + "\n";
  },
};
