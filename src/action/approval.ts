// The human approval gate. Findings marked `needs_approval` (destructive changes) fail the check
// until a listed approver approves the pull request ON ITS CURRENT HEAD COMMIT. The approver must
// not be the PR author and must not be a bot: this is the control that stops an agent (or anyone)
// from merging its own destructive change. Approvals given before the latest push are stale.
// Team approvers are checked with the team membership endpoint; when membership cannot be read,
// the approval does not count (fail closed).

import { severityRank } from "../decide/decide.js";
import type { Decision } from "../decide/decide.js";
import type { Approver } from "./inputs.js";
import type { PullRequestRef, RepoRef } from "./context.js";
import { describeHttpError, httpStatus, type GitHub } from "./github.js";

export type ApprovalStatus = "not-required" | "approved" | "pending";

export interface RejectedReview {
  login: string;
  reason: string;
}

export interface ApprovalResult {
  status: ApprovalStatus;
  /** number of findings that need approval */
  required: number;
  /** the commit the approval must be on */
  headSha: string | null;
  /** who approved (valid approvals) */
  approvedBy: string[];
  /** approving reviews that do not count, and why */
  rejected: RejectedReview[];
  /** problems met while checking (unreadable reviews or team membership) */
  notes: string[];
}

export interface Review {
  id: number;
  state: string;
  commit_id?: string | null;
  submitted_at?: string | null;
  user?: { login: string; type?: string } | null;
}

export function isBot(user: { login: string; type?: string }): boolean {
  return user.type === "Bot" || /\[bot\]$/i.test(user.login);
}

/** The latest deciding review of each reviewer (COMMENTED and PENDING reviews decide nothing). */
export function latestDecidingReviews(reviews: readonly Review[]): Review[] {
  const ordered = [...reviews].sort((a, b) => (a.submitted_at ?? "").localeCompare(b.submitted_at ?? "") || a.id - b.id);
  const latest = new Map<string, Review>();
  for (const r of ordered) {
    if (!r.user) continue;
    if (!["APPROVED", "CHANGES_REQUESTED", "DISMISSED"].includes(r.state)) continue;
    latest.set(r.user.login.toLowerCase(), r);
  }
  return [...latest.values()];
}

export interface TeamMembership {
  /** true/false, or null when it could not be read */
  isMember(org: string, team: string, login: string): Promise<boolean | null>;
}

export function githubTeams(gh: GitHub, notes: string[]): TeamMembership {
  return {
    async isMember(org, team, login) {
      try {
        const r = await gh.rest.teams.getMembershipForUserInOrg({ org, team_slug: team, username: login });
        return r.data.state === "active";
      } catch (e) {
        if (httpStatus(e) === 404) return false;
        notes.push(`could not read the membership of @${org}/${team} (${describeHttpError(e)}): team approvals need a token that can read organization members`);
        return null;
      }
    },
  };
}

/** Pure decision over the reviews (team lookups through `teams`). */
export async function decideApproval(reviews: readonly Review[], pr: PullRequestRef, approvers: readonly Approver[], teams: TeamMembership): Promise<Pick<ApprovalResult, "approvedBy" | "rejected">> {
  const approvedBy: string[] = [];
  const rejected: RejectedReview[] = [];
  const users = new Set(approvers.filter((a) => a.kind === "user").map((a) => a.login.toLowerCase()));
  const teamList = approvers.filter((a) => a.kind === "team");
  for (const r of latestDecidingReviews(reviews)) {
    if (r.state !== "APPROVED" || !r.user) continue;
    const login = r.user.login;
    if (isBot(r.user)) {
      rejected.push({ login, reason: "is a bot: only a human can approve a destructive change" });
      continue;
    }
    if (pr.author.login && login.toLowerCase() === pr.author.login.toLowerCase()) {
      rejected.push({ login, reason: "is the pull request author" });
      continue;
    }
    if (r.commit_id !== pr.headSha) {
      rejected.push({ login, reason: `approved an earlier commit (${(r.commit_id ?? "unknown").slice(0, 7)}), not the current head ${pr.headSha.slice(0, 7)}` });
      continue;
    }
    let listed = users.has(login.toLowerCase());
    for (const t of teamList) {
      if (listed) break;
      listed = (await teams.isMember(t.login, t.team!, login)) === true;
    }
    if (!listed) {
      rejected.push({ login, reason: approvers.length === 0 ? "is not a listed approver (the `approvers` input is empty)" : "is not a listed approver" });
      continue;
    }
    approvedBy.push(login);
  }
  return { approvedBy, rejected };
}

export async function evaluateApproval(gh: GitHub | null, repo: RepoRef, pr: PullRequestRef | null, approvers: readonly Approver[], decision: Decision): Promise<ApprovalResult> {
  const required = decision.findings.filter((f) => f.needs_approval && f.kind !== "warn").length;
  const base: ApprovalResult = { status: "not-required", required, headSha: pr?.headSha ?? null, approvedBy: [], rejected: [], notes: [] };
  if (required === 0) return base;
  if (!pr || !gh) {
    base.status = "pending";
    base.notes.push(pr ? "no GitHub token: the reviews could not be read" : "not a pull request event: there is no review that could approve these changes");
    return base;
  }
  if (approvers.length === 0) base.notes.push("the `approvers` input is empty: nobody can approve these changes, so the check fails until approvers are configured");
  let reviews: Review[];
  try {
    reviews = (await gh.paginate(gh.rest.pulls.listReviews, { ...repo, pull_number: pr.number, per_page: 100 })) as Review[];
  } catch (e) {
    base.status = "pending";
    const hint = [401, 403, 404].includes(httpStatus(e) ?? 0) ? ": the workflow needs `pull-requests: read`" : "";
    base.notes.push(`could not read the reviews (${describeHttpError(e)})${hint}; the approval gate stays closed`);
    return base;
  }
  const { approvedBy, rejected } = await decideApproval(reviews, pr, approvers, githubTeams(gh, base.notes));
  return { ...base, status: approvedBy.length > 0 ? "approved" : "pending", approvedBy, rejected };
}

/**
 * pass/fail once the gate is applied: approved `needs_approval` findings no longer fail the
 * check (whatever their severity); unapproved ones always do; the rest follow `fail_on`.
 */
export function gatedStatus(decision: Decision, approval: ApprovalStatus): "pass" | "fail" {
  const threshold = decision.failOn === "none" ? Infinity : severityRank(decision.failOn);
  const failing = decision.findings.some((f) => {
    if (f.kind === "warn") return false;
    if (f.needs_approval) return approval !== "approved";
    return severityRank(f.severity) >= threshold;
  });
  return failing ? "fail" : "pass";
}
