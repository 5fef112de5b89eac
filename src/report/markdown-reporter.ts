// Markdown: the PR comment body and the job summary. A headline with the counts of deletes,
// replacements and findings by severity, findings grouped by resource in collapsible
// sections, links to the policy docs. Every value from the input is escaped. Output is capped
// (GitHub rejects comments over 65,536 characters): the most severe findings are kept and the
// rest are counted, with a link to the full report.

import type { Severity } from "../config/schema.js";
import type { Finding } from "../evaluate/finding.js";
import { escapeMarkdown as esc } from "./escape.js";
import { changesText, countsText, groupByResource } from "./summary.js";
import type { CheckResult, RenderOptions, Reporter } from "./types.js";

const ICON: Record<Severity, string> = { critical: "🛑", high: "🔴", medium: "🟠", low: "🟡", info: "ℹ️" };
export const DEFAULT_MAX_MARKDOWN = 60_000;

export const markdownReporter: Reporter = {
  format: "markdown",
  render(result: CheckResult, opts: RenderOptions): string {
    const max = opts.maxLength ?? DEFAULT_MAX_MARKDOWN;
    const d = result.decision;
    const head: string[] = [];
    const statusIcon = d.status === "fail" ? "❌" : "✅";
    head.push(`### ${statusIcon} policy-check: ${d.status === "fail" ? "changes blocked" : d.findings.length ? "passed with findings" : "no findings"}`);
    head.push("");
    head.push(`**${esc(changesText(result))}** · findings: **${esc(countsText(result))}** · fails on: \`${d.failOn}\``);
    const approved = opts.approval === "approved";
    if (d.needsApproval > 0 && !approved) {
      head.push("");
      head.push(`> [!WARNING]\n> ${d.needsApproval} destructive change${d.needsApproval === 1 ? "" : "s"} need${d.needsApproval === 1 ? "s" : ""} an approving review from a listed approver on the latest commit before merge.`);
    }
    if (d.undecided > 0) {
      head.push("");
      head.push(`> [!NOTE]\n> ${d.undecided} finding${d.undecided === 1 ? "" : "s"} could not be decided before apply (values known only after apply).`);
    }
    head.push("");
    if (d.findings.length > 0) {
      head.push("| Severity | Findings |", "|---|---|");
      for (const s of ["critical", "high", "medium", "low", "info"] as Severity[]) if (d.counts[s] > 0) head.push(`| ${ICON[s]} ${s} | ${d.counts[s]} |`);
      head.push("");
    }
    const tail: string[] = [];
    if (d.suppressed.length > 0) {
      tail.push(`<details><summary>${d.suppressed.length} suppressed by exceptions</summary>`, "", "| Policy | Resource | Reason | Owner | Expires |", "|---|---|---|---|---|");
      for (const s of d.suppressed) tail.push(`| ${esc(s.finding.policy)} | ${esc(s.finding.resource ?? "")} | ${esc(s.exception.reason)} | ${esc(s.exception.owner)} | ${esc(s.exception.expires ?? "never")} |`);
      tail.push("", "</details>", "");
    }
    for (const e of d.expiredExceptions) tail.push(`- ⚠️ expired exception for ${esc(e.policy)} on ${esc(e.resource)} (owner ${esc(e.owner)}, expired ${esc(e.expires ?? "")}): it no longer suppresses`);
    for (const e of d.staleExceptions) tail.push(`- ⚠️ stale exception for ${esc(e.policy)} on ${esc(e.resource)}: it matched nothing`);
    for (const n of result.notes) tail.push(`- ℹ️ ${esc(n)}`);
    if (tail.length) tail.push("");
    tail.push(`<sub>policy-check ${esc(result.tool.version)} · ${result.policies.rules} rules from ${result.policies.files} policy files</sub>`);

    // findings, most severe first, until the cap
    const sections: string[] = [];
    let used = head.join("\n").length + tail.join("\n").length + 400;
    let shown = 0;
    for (const g of groupByResource(d.findings)) {
      const section = renderGroup(g.resource, g.action, g.file, g.findings, approved);
      if (used + section.length > max) break;
      sections.push(section);
      used += section.length;
      shown += g.findings.length;
    }
    const omitted = d.findings.length - shown;
    if (omitted > 0) {
      sections.push(`> ${omitted} more finding${omitted === 1 ? "" : "s"} not shown here (the comment is capped)${result.fullReportUrl ? `: see the [full report](${result.fullReportUrl})` : ""}.`, "");
    }
    return [...head, ...sections, ...tail].join("\n") + "\n";
  },
};

function renderGroup(resource: string | null, action: string | null, file: string | null, findings: Finding[], approved: boolean): string {
  const worst = findings[0]!.severity;
  const title = `${ICON[worst]} <b>${resource ? esc(resource) : "(no resource)"}</b>${action ? ` — ${esc(action)}` : ""} — ${findings.length} finding${findings.length === 1 ? "" : "s"}`;
  const lines = [`<details${worst === "critical" || worst === "high" ? " open" : ""}><summary>${title}</summary>`, ""];
  if (file) lines.push(`<sub>${esc(file)}</sub>`, "");
  lines.push("| Severity | Policy | Finding |", "|---|---|---|");
  for (const f of findings) {
    const url = docsUrl(f.docs);
    const policy = url ? `[${esc(f.policy)}](${url})` : esc(f.policy);
    const flags = [f.needs_approval ? (approved ? "**approved**" : "**needs approval**") : "", f.undecided ? "_undecided until apply_" : "", f.kind === "warn" ? "_warning_" : ""].filter(Boolean).join(" ");
    lines.push(`| ${ICON[f.severity]} ${f.severity} | ${policy} | ${esc(f.message)}${flags ? ` ${flags}` : ""}${f.remediation ? `<br>Fix: ${esc(f.remediation)}` : ""} |`);
  }
  lines.push("", "</details>", "");
  return lines.join("\n");
}

/**
 * An http(s) docs link as a Markdown link destination: normalized by the URL parser (spaces,
 * quotes and angle brackets percent-encoded, existing escapes kept) and with parentheses and
 * brackets encoded too, so that the destination cannot end early or open another link.
 */
function docsUrl(docs: string | null): string | null {
  if (!docs || !/^https?:\/\//i.test(docs)) return null;
  try {
    return new URL(docs).href.replace(/[()[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    return null;
  }
}
