// The check run: created when the action starts (in progress), completed with success or
// failure so that branch protection or a ruleset can require it by name. Annotations go in
// batches: the API takes at most 50 per request, later batches are appended by updates.

import { isAbsolute, relative } from "node:path";
import type { Severity } from "../config/schema.js";
import type { Finding } from "../evaluate/finding.js";
import type { RepoRef } from "./context.js";
import type { GitHub } from "./github.js";

export const ANNOTATIONS_PER_REQUEST = 50;
/** beyond this the check run says how many were left out (the report has them all) */
export const MAX_ANNOTATIONS = 1000;
const MAX_SUMMARY = 65_535;
const MAX_TITLE = 255;

export type AnnotationLevel = "notice" | "warning" | "failure";

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: AnnotationLevel;
  message: string;
  title: string;
  raw_details?: string;
}

const LEVEL: Record<Severity, AnnotationLevel> = { critical: "failure", high: "failure", medium: "warning", low: "notice", info: "notice" };

/** A path GitHub can place: relative to the workspace, forward slashes. */
export function repoPath(path: string, workspace: string): string {
  let p = path;
  if (isAbsolute(p)) {
    const rel = relative(workspace, p);
    p = rel.startsWith("..") || isAbsolute(rel) ? p.replace(/^\/+/, "") : rel;
  }
  return p.replace(/\\/g, "/").replace(/^\.\//, "") || ".";
}

export function toAnnotations(findings: readonly Finding[], workspace: string, fallbackPath: string): Annotation[] {
  return findings.map((f) => {
    const a: Annotation = {
      path: repoPath(f.file ?? fallbackPath, workspace),
      start_line: 1,
      end_line: 1,
      annotation_level: f.kind === "warn" ? "warning" : f.needs_approval ? "failure" : LEVEL[f.severity],
      message: clip(`${f.resource ? `${f.resource}: ` : ""}${f.message}${f.needs_approval ? " (needs approval)" : ""}`, 4000),
      title: clip(`${f.severity.toUpperCase()} ${f.policy}${f.resource ? ` ${f.resource}` : ""}`, MAX_TITLE),
    };
    const details = [f.remediation ? `Fix: ${f.remediation}` : "", f.docs ? `Docs: ${f.docs}` : ""].filter(Boolean).join("\n");
    if (details) a.raw_details = clip(details, 8000);
    return a;
  });
}

export function batches<T>(items: readonly T[], size = ANNOTATIONS_PER_REQUEST): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + "…";
}

export interface CheckRunOutput {
  title: string;
  summary: string;
}

export async function startCheckRun(gh: GitHub, repo: RepoRef, name: string, headSha: string, detailsUrl: string | null): Promise<number> {
  const r = await gh.rest.checks.create({
    ...repo,
    name,
    head_sha: headSha,
    status: "in_progress",
    started_at: new Date().toISOString(),
    ...(detailsUrl ? { details_url: detailsUrl } : {}),
    output: { title: "Checking the plan", summary: "policy-check is evaluating the changes." },
  });
  return r.data.id;
}

/**
 * Completes the check run: all batches but the last while in progress, the last one with the
 * conclusion, so a reader never sees a completed run with half its annotations.
 * Returns the number of annotations sent.
 */
export async function completeCheckRun(gh: GitHub, repo: RepoRef, id: number, conclusion: "success" | "failure", output: CheckRunOutput, annotations: readonly Annotation[]): Promise<number> {
  const sent = annotations.slice(0, MAX_ANNOTATIONS);
  const base = { title: clip(output.title, MAX_TITLE), summary: clip(output.summary, MAX_SUMMARY) };
  const chunks = batches(sent);
  if (chunks.length === 0) chunks.push([]);
  for (let i = 0; i < chunks.length; i++) {
    const last = i === chunks.length - 1;
    await gh.rest.checks.update({
      ...repo,
      check_run_id: id,
      output: { ...base, ...(chunks[i]!.length > 0 ? { annotations: chunks[i] } : {}) },
      ...(last ? { status: "completed" as const, conclusion, completed_at: new Date().toISOString() } : {}),
    });
  }
  return sent.length;
}
