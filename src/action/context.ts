// The run's GitHub context, read from the runner's environment and the event payload
// (GITHUB_EVENT_PATH). No @actions/github: a few fields of the documented payloads are all the
// action needs.

import { readFileSync } from "node:fs";

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface PullRequestRef {
  number: number;
  /** the PR's head commit: check runs, approvals and the comment marker refer to it */
  headSha: string;
  /** owner/name of the head repository; null when the fork was deleted */
  headRepo: string | null;
  /** owner/name of the base repository */
  baseRepo: string;
  author: { login: string; type: string };
  /** the head lives in another repository: the workflow token is read-only on `pull_request` */
  fork: boolean;
}

export interface GitHubContext {
  eventName: string;
  repo: RepoRef;
  apiUrl: string;
  serverUrl: string;
  runId: string;
  runAttempt: string;
  workspace: string;
  /** GITHUB_SHA: for pull_request events the merge commit, not the head */
  sha: string;
  /** the pull request of the event, when the event carries one */
  pr: PullRequestRef | null;
  /** workflow_run events: the commit the triggering run built (the PR must match it) */
  workflowRunHeadSha: string | null;
  /** the repository and ref of this action (links to the shipped policy docs) */
  action: { repo: string | null; ref: string | null };
}

export class ContextError extends Error {}

type Env = Record<string, string | undefined>;

export function readContext(env: Env = process.env): GitHubContext {
  const repository = env["GITHUB_REPOSITORY"] ?? "";
  const [owner, repo] = repository.split("/");
  if (!owner || !repo) throw new ContextError("GITHUB_REPOSITORY is not set (owner/name): run this inside GitHub Actions");
  const eventName = env["GITHUB_EVENT_NAME"] ?? "";
  const payload = readEvent(env["GITHUB_EVENT_PATH"]);
  const pr = pullRequestOf(payload, `${owner}/${repo}`);
  const run = record(payload["workflow_run"]);
  return {
    eventName,
    repo: { owner, repo },
    apiUrl: (env["GITHUB_API_URL"] || "https://api.github.com").replace(/\/+$/, ""),
    serverUrl: (env["GITHUB_SERVER_URL"] || "https://github.com").replace(/\/+$/, ""),
    runId: env["GITHUB_RUN_ID"] ?? "",
    runAttempt: env["GITHUB_RUN_ATTEMPT"] ?? "1",
    workspace: env["GITHUB_WORKSPACE"] || process.cwd(),
    sha: env["GITHUB_SHA"] ?? "",
    pr,
    workflowRunHeadSha: eventName === "workflow_run" && typeof run?.["head_sha"] === "string" ? run["head_sha"] : null,
    action: { repo: env["GITHUB_ACTION_REPOSITORY"] || null, ref: env["GITHUB_ACTION_REF"] || null },
  };
}

function readEvent(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ContextError(`cannot read the event payload GITHUB_EVENT_PATH=${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return record(JSON.parse(text)) ?? {};
  } catch {
    throw new ContextError(`the event payload ${path} is not JSON`);
  }
}

function record(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** The `pull_request` object of pull_request, pull_request_target and pull_request_review payloads (also a pulls.get response). */
export function pullRequestOf(payload: Record<string, unknown>, baseRepoFallback: string): PullRequestRef | null {
  const p = record(payload["pull_request"]);
  return p ? toPullRequestRef(p, baseRepoFallback) : null;
}

export function toPullRequestRef(p: Record<string, unknown>, baseRepoFallback: string): PullRequestRef | null {
  const number = p["number"];
  const head = record(p["head"]);
  const base = record(p["base"]);
  const user = record(p["user"]);
  const headSha = head?.["sha"];
  if (typeof number !== "number" || typeof headSha !== "string") return null;
  const headRepo = fullName(head?.["repo"]);
  const baseRepo = fullName(base?.["repo"]) ?? baseRepoFallback;
  return {
    number,
    headSha,
    headRepo,
    baseRepo,
    author: { login: typeof user?.["login"] === "string" ? user["login"] : "", type: typeof user?.["type"] === "string" ? user["type"] : "User" },
    fork: headRepo === null || headRepo.toLowerCase() !== baseRepo.toLowerCase(),
  };
}

function fullName(repo: unknown): string | null {
  const r = record(repo);
  return r && typeof r["full_name"] === "string" ? r["full_name"] : null;
}

/** Link to the run's page, where the job summary is shown. */
export function runUrl(ctx: GitHubContext): string | null {
  if (!ctx.runId) return null;
  const attempt = ctx.runAttempt && ctx.runAttempt !== "1" ? `/attempts/${encodeURIComponent(ctx.runAttempt)}` : "";
  return `${ctx.serverUrl}/${ctx.repo.owner}/${ctx.repo.repo}/actions/runs/${encodeURIComponent(ctx.runId)}${attempt}`;
}
