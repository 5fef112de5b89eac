// The REST client (octokit, reached through GITHUB_API_URL so GHES and the tests' local
// server work) and how its errors are classified. No message built here ever contains the token.

import { Octokit } from "@octokit/rest";

export type GitHub = InstanceType<typeof Octokit>;

export interface Logger {
  debug(message: string): void;
  warning(message: string): void;
}

export function createGitHub(token: string, apiUrl: string, version: string, log?: Logger): GitHub {
  return new Octokit({
    auth: token || undefined,
    baseUrl: apiUrl,
    userAgent: `policy-check-action/${version}`,
    log: {
      debug: (m: string) => log?.debug(m),
      info: (m: string) => log?.debug(m),
      warn: (m: string) => log?.warning(m),
      error: (m: string) => log?.warning(m),
    },
  });
}

export function httpStatus(e: unknown): number | null {
  if (e && typeof e === "object" && "status" in e && typeof (e as { status: unknown }).status === "number") return (e as { status: number }).status;
  return null;
}

/**
 * The token may not write here: a forked pull request's read-only token, a workflow without
 * `permissions: pull-requests: write / checks: write`, or Dependabot's token. 404 is included:
 * GitHub answers 404 instead of 403 for some resources the token cannot see.
 */
export function isPermissionError(e: unknown): boolean {
  const s = httpStatus(e);
  return s === 403 || s === 404 || s === 401;
}

/** One line for the log: status and GitHub's message, nothing from the request. */
export function describeHttpError(e: unknown): string {
  const s = httpStatus(e);
  const raw = e instanceof Error ? e.message : String(e);
  const msg = raw.split("\n")[0]!.replace(/\s*-\s*https:\/\/docs\.github\.com\S*/g, "").slice(0, 300);
  return s ? `HTTP ${s}: ${msg}` : msg;
}
