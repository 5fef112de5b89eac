// The Markdown the action publishes (PR comment, job summary, check run summary): the
// markdown reporter's report, with the approval gate's state after the headline, links to the
// policy docs made absolute, a footer naming the commit and linking to the job summary, and the
// hidden marker for the comment. Capped below GitHub's 65,536-character comment limit.

import { linkAllDocs } from "../report/docs-links.js";
import { markdownReporter } from "../report/markdown-reporter.js";
import { escapeMarkdown as esc } from "../report/escape.js";
import { countsText } from "../report/summary.js";
import type { CheckResult } from "../report/types.js";
import type { ApprovalResult } from "./approval.js";
import type { Approver } from "./inputs.js";
import { renderMarker } from "./comment.js";

/** Comments and check run summaries stay well below GitHub's 65,536-character limit. */
export const COMMENT_MAX = 60_000;
/** A step summary may hold 1 MiB. */
export const SUMMARY_MAX = 900_000;

export interface PublishContext {
  checkName: string;
  headSha: string | null;
  status: "pass" | "fail";
  approval: ApprovalResult;
  approvers: readonly Approver[];
  /** the run page, where the job summary is */
  runUrl: string | null;
  /** base URL of the shipped policy docs (the action's repository at its ref), ending in / */
  docsBase: string | null;
  /** base URL of the checked repository at the head commit (user policies' relative docs), ending in / */
  repoBase: string | null;
  /** why the PR could not be written to, when it could not */
  fallback: string | null;
}

export type Target = "comment" | "summary" | "check";

function forPublishing(result: CheckResult, ctx: PublishContext, target: Target): CheckResult {
  return {
    ...result,
    decision: { ...result.decision, status: ctx.status, findings: linkAllDocs(result.decision.findings, ctx) },
    ...(target !== "summary" && ctx.runUrl ? { fullReportUrl: ctx.runUrl } : {}),
  };
}

export function approvalMarkdown(ctx: PublishContext): string {
  const a = ctx.approval;
  if (a.status === "not-required") return "";
  const sha = a.headSha ? ` \`${a.headSha.slice(0, 7)}\`` : "";
  const lines: string[] = [];
  if (a.status === "approved") {
    lines.push(`#### ✅ Destructive changes approved`, "", `Approved on the head commit${sha} by ${a.approvedBy.map((l) => `@${esc(l)}`).join(", ")}.`);
  } else {
    const who = ctx.approvers.length ? ctx.approvers.map((x) => esc(x.label)).join(", ") : "_nobody: the `approvers` input is empty_";
    lines.push(
      `#### 🔒 Human approval required`,
      "",
      `${a.required} finding${a.required === 1 ? "" : "s"} need${a.required === 1 ? "s" : ""} an **Approve** review on the head commit${sha} by one of: ${who}. ` +
        `The approver cannot be the pull request author or a bot, and a new push makes earlier approvals stale.`,
    );
  }
  if (a.rejected.length > 0) {
    lines.push("", "Approvals that do not count:");
    for (const r of a.rejected) lines.push(`- @${esc(r.login)} ${esc(r.reason)}`);
  }
  for (const n of a.notes) lines.push("", `> [!NOTE]\n> ${esc(n)}`);
  return lines.join("\n") + "\n";
}

function footer(ctx: PublishContext, target: Target): string {
  const parts = [`check ${esc(ctx.checkName)}`];
  if (ctx.headSha) parts.push(`commit \`${ctx.headSha.slice(0, 7)}\``);
  if (target !== "summary" && ctx.runUrl) parts.push(`[job summary](${ctx.runUrl})`);
  return `<sub>${parts.join(" · ")}</sub>\n`;
}

/** Inserts `block` after the report's first line (its headline). */
function afterHeadline(report: string, block: string): string {
  if (!block) return report;
  const nl = report.indexOf("\n");
  if (!report.startsWith("#") || nl < 0) return `${block}\n${report}`;
  return `${report.slice(0, nl + 1)}\n${block}${report.slice(nl + 1)}`;
}

export function renderReport(result: CheckResult, ctx: PublishContext, target: Target): string {
  const max = target === "summary" ? SUMMARY_MAX : COMMENT_MAX;
  const marker = target === "comment" ? renderMarker({ tool: "policy-check", check: ctx.checkName, sha: ctx.headSha ?? "" }) + "\n" : "";
  const approval = approvalMarkdown(ctx);
  const clean = result.decision.findings.length === 0 && ctx.status === "pass" && ctx.headSha ? `All changes at commit \`${ctx.headSha.slice(0, 7)}\` pass the policies.\n` : "";
  const fallback = ctx.fallback && target === "summary" ? `> [!NOTE]\n> ${esc(ctx.fallback)}\n\n` : "";
  const foot = footer(ctx, target);
  const extras = marker.length + approval.length + clean.length + fallback.length + foot.length + 200;
  const gate = ctx.approval.status === "not-required" ? {} : { approval: ctx.approval.status };
  const report = markdownReporter.render(forPublishing(result, ctx, target), { color: false, maxLength: Math.max(2_000, max - extras), ...gate });
  let body = `${marker}${fallback}${afterHeadline(report, approval + (clean ? `\n${clean}` : ""))}\n${foot}`;
  if (body.length > max) {
    // the reporter's own estimate fell short (very long single finding): cut, and say so
    const link = ctx.runUrl && target !== "summary" ? ` See the [job summary](${ctx.runUrl}).` : "";
    const note = `\n\n> The report was cut to fit.${link}\n\n${foot}`;
    body = body.slice(0, max - note.length).replace(/[\uD800-\uDBFF]$/, "") + note;
  }
  return body;
}

export function checkTitle(result: CheckResult, ctx: PublishContext): string {
  const a = ctx.approval;
  const gate = a.status === "pending" ? ` · ${a.required} awaiting human approval` : a.status === "approved" ? ` · destructive changes approved by ${a.approvedBy.join(", ")}` : "";
  return `${ctx.status === "fail" ? "Blocked" : "Passed"}: ${countsText(result)}${gate}`;
}
