// The default terminal report: findings grouped by resource with the plan action, severity
// colored, and a summary line. Plain when not a TTY or NO_COLOR is set.

import pc from "picocolors";
import type { Severity } from "../config/schema.js";
import type { Finding } from "../evaluate/finding.js";
import { escapeTerminal } from "./escape.js";
import { groupByResource, headline } from "./summary.js";
import type { CheckResult, RenderOptions, Reporter } from "./types.js";

export const textReporter: Reporter = {
  format: "text",
  render(result: CheckResult, opts: RenderOptions): string {
    const c = pc.createColors(opts.color);
    const sev: Record<Severity, (s: string) => string> = {
      critical: (s) => c.bold(c.red(s)),
      high: c.red,
      medium: c.yellow,
      low: c.cyan,
      info: c.dim,
    };
    const out: string[] = [];
    const d = result.decision;
    for (const group of groupByResource(d.findings)) {
      const title = group.resource ? `${escapeTerminal(group.resource)}${group.action ? c.dim(` (${group.action})`) : ""}` : c.dim("(no resource)");
      out.push(c.bold(title) + (group.file ? c.dim(`  ${escapeTerminal(group.file)}`) : ""));
      for (const f of group.findings) out.push(line(f, sev, c));
      out.push("");
    }
    for (const s of d.suppressed) {
      out.push(c.dim(`suppressed ${s.finding.policy} on ${escapeTerminal(s.finding.resource ?? "-")}: ${escapeTerminal(s.exception.reason)} (owner ${escapeTerminal(s.exception.owner)}${s.exception.expires ? `, until ${s.exception.expires}` : ""})`));
    }
    for (const e of d.expiredExceptions) out.push(c.yellow(`expired exception: ${e.policy} on ${escapeTerminal(e.resource)} expired ${e.expires} (owner ${escapeTerminal(e.owner)}); it no longer suppresses`));
    for (const e of d.staleExceptions) out.push(c.yellow(`stale exception: ${e.policy} on ${escapeTerminal(e.resource)} matched nothing; remove it`));
    for (const n of result.notes) out.push(c.dim(`note: ${escapeTerminal(n)}`));
    if (d.suppressed.length + d.expiredExceptions.length + d.staleExceptions.length + result.notes.length > 0) out.push("");
    const status = d.status === "fail" ? c.bold(c.red("FAIL")) : c.bold(c.green("PASS"));
    out.push(`${status} ${headline(result)}`);
    return out.join("\n") + "\n";
  },
};

function line(f: Finding, sev: Record<Severity, (s: string) => string>, c: ReturnType<typeof pc.createColors>): string {
  const tags = [f.needs_approval ? c.magenta("needs approval") : "", f.undecided ? c.yellow("undecided until apply") : "", f.kind === "warn" ? c.dim("warn") : ""].filter(Boolean).join(" ");
  let s = `  ${sev[f.severity](f.severity.toUpperCase().padEnd(8))} ${c.dim(f.policy)}  ${escapeTerminal(f.message)}${tags ? "  " + tags : ""}`;
  if (f.remediation) s += `\n           ${c.dim("fix: " + escapeTerminal(reflow(f.remediation)))}`;
  return s;
}

/** METADATA text is often a wrapped YAML block: one paragraph per blank-line-separated block. */
function reflow(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, " "))
    .join(" ");
}
