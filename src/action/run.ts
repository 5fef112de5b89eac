// The action, start to end: inputs -> check run started -> checker -> approval gate ->
// SARIF, PR comment, check run completed with batched annotations, job summary, outputs.
// Everything GitHub-facing degrades instead of crashing: a read-only token (forked pull
// request, missing permissions) falls back to the job summary, workflow-command annotations
// and SARIF, with a notice. The checker is passed in (main.ts wires the real one).

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Severity } from "../config/schema.js";
import { githubReporter } from "../report/github-reporter.js";
import { sarifReporter } from "../report/sarif-reporter.js";
import { textReporter } from "../report/text-reporter.js";
import { escapeCommandData, escapeMarkdown } from "../report/escape.js";
import type { CheckResult } from "../report/types.js";
import { evaluateApproval, gatedStatus, type ApprovalResult } from "./approval.js";
import { completeCheckRun, startCheckRun, toAnnotations } from "./check-run.js";
import { renderMarker, upsertComment } from "./comment.js";
import { readContext, runUrl, toPullRequestRef, type GitHubContext, type PullRequestRef } from "./context.js";
import { createGitHub, describeHttpError, isPermissionError, type GitHub } from "./github.js";
import { expandGlobs } from "./glob.js";
import { envInput, readInputs, type ActionInputs } from "./inputs.js";
import { outputsOf, writeOutputs, type Outputs } from "./outputs.js";
import { linkAllDocs } from "../report/docs-links.js";
import { checkTitle, renderReport, type PublishContext } from "./report.js";

export interface ActionIO {
  debug(message: string): void;
  info(message: string): void;
  notice(message: string): void;
  warning(message: string): void;
  setSecret(secret: string): void;
  setOutput(name: string, value: string): void;
  appendSummary(markdown: string): Promise<void>;
  /** a raw workflow command line (annotations of the fallback) */
  command(line: string): void;
}

export interface CheckRequest {
  inputs: string[];
  config: string | null;
  policies: string[];
  tfDirs: string[];
  workspace: string | null;
  failOn: Severity | "none" | null;
  cwd: string;
  engine: string | null;
  bundle: string | null;
}

export type CheckFn = (req: CheckRequest) => Promise<CheckResult>;

export interface RunDeps {
  env: Record<string, string | undefined>;
  io: ActionIO;
  check: CheckFn;
  version: string;
  describeError?: (e: unknown) => string;
  cwd?: string;
}

export interface RunOutcome {
  exitCode: 0 | 1;
  /** one line for core.setFailed when exitCode is 1 */
  failure: string | null;
  outputs: Outputs;
}

const FORK_EVENTS = new Set(["pull_request", "pull_request_review", "pull_request_review_comment"]);

export const FALLBACK_FORK =
  "This pull request comes from a fork, so the workflow token is read-only: no PR comment and no check run. The report is in the job summary, the annotations and the SARIF file. See docs/github-action.md (forks) for the two-workflow pattern.";

export async function runAction(deps: RunDeps): Promise<RunOutcome> {
  const { io, env } = deps;
  const get = envInput(env);
  // first of all: the token never appears in the log, whatever fails next
  const token = get("github-token");
  if (token) io.setSecret(token);
  const describe = deps.describeError ?? ((e: unknown) => (e instanceof Error ? e.message : String(e)));
  const cwd = deps.cwd ?? process.cwd();

  let inputs: ActionInputs;
  let ctx: GitHubContext;
  try {
    inputs = readInputs(get);
    ctx = readContext(env);
  } catch (e) {
    return finish(io, null, "error", "", null, null, null, `policy-check: ${describe(e)}`);
  }

  const gh = token ? createGitHub(token, ctx.apiUrl, deps.version, { debug: (m) => io.debug(m), warning: (m) => io.debug(m) }) : null;
  let fallback: string | null = gh ? null : "No github-token was given: no PR comment and no check run. The report is in the job summary, the annotations and the SARIF file.";
  const pr = await resolvePullRequest(ctx, inputs, gh, io);
  const headSha = pr?.headSha ?? ctx.workflowRunHeadSha ?? ctx.sha;
  let canWrite = gh !== null;
  if (gh && pr?.fork && FORK_EVENTS.has(ctx.eventName)) {
    canWrite = false;
    fallback = FALLBACK_FORK;
  }
  const denied = (what: string, e: unknown): void => {
    canWrite = false;
    fallback = `The workflow token cannot ${what} (${describeHttpError(e)}): give the job \`permissions: { contents: read, pull-requests: write, checks: write }\`. The report is in the job summary, the annotations and the SARIF file.`;
  };

  // the check run exists from the start, in progress, so a required check is never missing
  let checkRunId: number | null = null;
  if (canWrite && gh && headSha) {
    try {
      checkRunId = await startCheckRun(gh, ctx.repo, inputs.checkName, headSha, runUrl(ctx));
    } catch (e) {
      if (isPermissionError(e)) denied("create check runs", e);
      else io.warning(`policy-check: could not create the check run: ${describeHttpError(e)}`);
    }
  }

  let result: CheckResult;
  try {
    const files = expandGlobs([...inputs.plans, ...inputs.tokens], cwd);
    result = await deps.check({ inputs: files, config: inputs.config, policies: inputs.policies, tfDirs: inputs.tfDirs, workspace: inputs.workspace ?? env["TF_WORKSPACE"] ?? null, failOn: inputs.failOn, cwd, engine: inputs.engine, bundle: inputs.bundle });
  } catch (e) {
    const message = describe(e);
    const shown = message.slice(0, 5_000).split("\n").map(escapeMarkdown).join("<br>\n");
    if (gh && checkRunId !== null) {
      try {
        await completeCheckRun(gh, ctx.repo, checkRunId, "failure", { title: "policy-check could not run", summary: `policy-check could not check the changes:\n\n${shown}\n` }, []);
      } catch (e2) {
        io.warning(`policy-check: could not complete the check run: ${describeHttpError(e2)}`);
      }
    }
    const errorBody = `### ❌ policy-check could not run\n\n${shown}\n`;
    // an earlier report in the PR must not keep saying the changes are fine
    if (pr && gh && canWrite && inputs.comment !== "off") {
      try {
        const marker = renderMarker({ tool: "policy-check", check: inputs.checkName, sha: headSha });
        await upsertComment(gh, ctx.repo, pr.number, { checkName: inputs.checkName, prAuthor: pr.author.login, body: `${marker}\n${errorBody}`, createIfMissing: false });
      } catch (e2) {
        io.debug(`policy-check: could not update the PR comment: ${describeHttpError(e2)}`);
      }
    }
    await writeSummary(io, errorBody);
    return finish(io, null, "error", "", null, null, checkRunId, `policy-check: ${message}`);
  }

  const approval: ApprovalResult = await evaluateApproval(gh, ctx.repo, pr, inputs.approvers, result.decision);
  const status = gatedStatus(result.decision, approval.status);
  const publish: PublishContext = {
    checkName: inputs.checkName,
    headSha,
    status,
    approval,
    approvers: inputs.approvers,
    runUrl: runUrl(ctx),
    docsBase: ctx.action.repo && ctx.action.ref ? `${ctx.serverUrl}/${ctx.action.repo}/blob/${encodeURIComponent(ctx.action.ref)}/` : null,
    repoBase: headSha ? `${ctx.serverUrl}/${ctx.repo.owner}/${ctx.repo.repo}/blob/${headSha}/` : null,
    fallback: null,
  };
  const linked: CheckResult = { ...result, decision: { ...result.decision, status, findings: linkAllDocs(result.decision.findings, publish) } };

  // SARIF for github/codeql-action/upload-sarif
  let sarifPath: string | null = null;
  if (inputs.sarifFile) {
    try {
      sarifPath = resolve(cwd, inputs.sarifFile);
      mkdirSync(dirname(sarifPath), { recursive: true });
      writeFileSync(sarifPath, sarifReporter.render(linked, { color: false }));
      sarifPath = inputs.sarifFile;
    } catch (e) {
      io.warning(`policy-check: could not write the SARIF file ${inputs.sarifFile}: ${(e as Error).message}`);
      sarifPath = null;
    }
  }

  // the PR comment
  let commentUrl: string | null = null;
  if (pr && gh && canWrite && inputs.comment !== "off") {
    const hasSomething = result.decision.findings.length > 0 || status === "fail" || approval.status !== "not-required";
    try {
      const r = await upsertComment(gh, ctx.repo, pr.number, {
        checkName: inputs.checkName,
        prAuthor: pr.author.login,
        body: renderReport(result, publish, "comment"),
        createIfMissing: inputs.comment === "always" || hasSomething,
      });
      commentUrl = r.url;
      io.info(`policy-check: PR comment ${r.action}${r.url ? `: ${r.url}` : ""}`);
    } catch (e) {
      if (isPermissionError(e)) denied("write pull request comments", e);
      else io.warning(`policy-check: could not write the PR comment: ${describeHttpError(e)}`);
    }
  }

  // the check run, completed with its annotations
  let checkPublished = false;
  if (gh && checkRunId !== null) {
    try {
      const annotations = toAnnotations(result.decision.findings, ctx.workspace, inputs.plans[0] ?? inputs.tokens[0] ?? ".");
      const sent = await completeCheckRun(gh, ctx.repo, checkRunId, status === "pass" ? "success" : "failure", { title: checkTitle(result, publish), summary: renderReport(result, publish, "check") }, annotations);
      checkPublished = true;
      if (sent < annotations.length) io.notice(`policy-check: ${annotations.length - sent} more findings than the check run shows as annotations; the job summary lists them all`);
    } catch (e) {
      if (isPermissionError(e)) denied("update check runs", e);
      else io.warning(`policy-check: could not complete the check run: ${describeHttpError(e)}`);
    }
  }

  // without a check run, annotations as workflow commands
  if (!checkPublished) {
    for (const line of githubReporter.render(linked, { color: false }).split("\n")) if (line) io.command(line);
  }
  if (fallback) io.notice(`policy-check: ${fallback}`);
  publish.fallback = fallback;
  await writeSummary(io, renderReport(result, publish, "summary"));

  io.info(textReporter.render(linked, { color: false }).trimEnd());
  if (approval.status !== "not-required") io.info(`policy-check: approval ${approval.status}${approval.approvedBy.length ? ` by ${approval.approvedBy.join(", ")}` : ""}${approval.rejected.map((r) => `; ${r.login} ${r.reason}`).join("")}`);
  const failure =
    status === "fail"
      ? approval.status === "pending" && gatedStatus(result.decision, "approved") === "pass"
        ? `policy-check: ${approval.required} destructive change${approval.required === 1 ? "" : "s"} need${approval.required === 1 ? "s" : ""} an approving review by a listed approver on ${headSha.slice(0, 7)}`
        : `policy-check: changes blocked (${result.decision.findings.length} finding${result.decision.findings.length === 1 ? "" : "s"}, fail_on ${result.decision.failOn})`
      : null;
  return finish(io, result, status, approval.status, sarifPath, commentUrl, checkRunId, failure);
}

/** The PR of the event; in workflow_run mode the PR named by the input, verified against the run's head SHA. */
async function resolvePullRequest(ctx: GitHubContext, inputs: ActionInputs, gh: GitHub | null, io: ActionIO): Promise<PullRequestRef | null> {
  if (ctx.pr) return ctx.pr;
  if (inputs.pullRequest === null) return null;
  if (!gh) {
    io.warning("policy-check: pull-request was given but there is no github-token to read it");
    return null;
  }
  try {
    const r = await gh.rest.pulls.get({ ...ctx.repo, pull_number: inputs.pullRequest });
    const pr = toPullRequestRef(r.data as unknown as Record<string, unknown>, `${ctx.repo.owner}/${ctx.repo.repo}`);
    if (!pr) return null;
    if (ctx.workflowRunHeadSha && pr.headSha !== ctx.workflowRunHeadSha) {
      io.warning(`policy-check: pull request #${pr.number} is at ${pr.headSha.slice(0, 7)}, not at the commit the triggering run checked (${ctx.workflowRunHeadSha.slice(0, 7)}): not publishing to it`);
      return null;
    }
    return pr;
  } catch (e) {
    io.warning(`policy-check: could not read pull request #${inputs.pullRequest}: ${describeHttpError(e)}`);
    return null;
  }
}

async function writeSummary(io: ActionIO, markdown: string): Promise<void> {
  try {
    await io.appendSummary(markdown);
  } catch (e) {
    io.warning(`policy-check: could not write the job summary: ${escapeCommandData((e as Error).message)}`);
  }
}

function finish(io: ActionIO, result: CheckResult | null, status: Outputs["result"], approval: Outputs["approval"], sarif: string | null, commentUrl: string | null, checkRunId: number | null, failure: string | null): RunOutcome {
  const outputs = outputsOf(result, status, approval, sarif, commentUrl, checkRunId);
  writeOutputs(outputs, (k, v) => io.setOutput(k, v));
  return { exitCode: failure ? 1 : 0, failure, outputs };
}
