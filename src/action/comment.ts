// The pull request comment: one per check name, found again by a hidden marker (an HTML
// comment carrying JSON: tool, check name, head SHA) and updated in place on every run.

import type { RepoRef } from "./context.js";
import type { GitHub } from "./github.js";
import { isPermissionError } from "./github.js";

export const MARKER_PREFIX = "<!-- policy-check:comment ";

export interface Marker {
  tool: "policy-check";
  check: string;
  sha: string;
}

export function renderMarker(m: Marker): string {
  // JSON inside an HTML comment: `<` and `>` escaped so no value can close the comment
  const json = JSON.stringify(m).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/--/g, "-\\u002d");
  return `${MARKER_PREFIX}${json} -->`;
}

export function parseMarker(body: string | null | undefined): Marker | null {
  if (!body) return null;
  const start = body.indexOf(MARKER_PREFIX);
  if (start < 0) return null;
  const end = body.indexOf(" -->", start);
  if (end < 0) return null;
  try {
    const m = JSON.parse(body.slice(start + MARKER_PREFIX.length, end)) as Partial<Marker>;
    if (m && m.tool === "policy-check" && typeof m.check === "string" && typeof m.sha === "string") return { tool: "policy-check", check: m.check, sha: m.sha };
  } catch {
    // not ours
  }
  return null;
}

export interface IssueComment {
  id: number;
  body?: string | null;
  html_url?: string;
  user?: { login: string; type?: string } | null;
}

/**
 * The comment of this check name. Comments written by the PR author are never taken (an author
 * could plant a marker to have a fake report kept); among the others a bot's comment is preferred,
 * then the oldest.
 */
export async function findComment(gh: GitHub, repo: RepoRef, issue: number, checkName: string, prAuthor: string): Promise<IssueComment | null> {
  const candidates: IssueComment[] = [];
  for await (const page of gh.paginate.iterator(gh.rest.issues.listComments, { ...repo, issue_number: issue, per_page: 100 })) {
    for (const c of page.data as IssueComment[]) {
      const m = parseMarker(c.body);
      if (!m || m.check !== checkName) continue;
      if (!c.user || c.user.login.toLowerCase() === prAuthor.toLowerCase()) continue;
      candidates.push(c);
    }
  }
  return candidates.find((c) => c.user?.type === "Bot") ?? candidates[0] ?? null;
}

export interface UpsertResult {
  action: "created" | "updated" | "skipped";
  id: number | null;
  url: string | null;
}

/**
 * Creates or updates the comment. `createIfMissing` false (comment: on, clean result): a PR
 * that never had findings gets no comment; one that had gets its comment updated to say so.
 */
export async function upsertComment(gh: GitHub, repo: RepoRef, issue: number, opts: { checkName: string; prAuthor: string; body: string; createIfMissing: boolean }): Promise<UpsertResult> {
  const existing = await findComment(gh, repo, issue, opts.checkName, opts.prAuthor);
  if (existing) {
    try {
      const r = await gh.rest.issues.updateComment({ ...repo, comment_id: existing.id, body: opts.body });
      return { action: "updated", id: r.data.id, url: r.data.html_url ?? null };
    } catch (e) {
      // not ours to edit (another app's comment) or deleted meanwhile: write our own
      if (!isPermissionError(e)) throw e;
      const r = await gh.rest.issues.createComment({ ...repo, issue_number: issue, body: opts.body });
      return { action: "created", id: r.data.id, url: r.data.html_url ?? null };
    }
  }
  if (!opts.createIfMissing) return { action: "skipped", id: null, url: null };
  const r = await gh.rest.issues.createComment({ ...repo, issue_number: issue, body: opts.body });
  return { action: "created", id: r.data.id, url: r.data.html_url ?? null };
}
