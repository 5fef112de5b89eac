// Counting and printing results: one line per folder, failures in verbose mode, and last the
// summary line `N passed, M failed, K skipped`.

import type { CaseResult } from "./run.js";

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export interface FolderCounts extends Counts {
  folder: string;
}

export function count(results: readonly CaseResult[]): Counts {
  const c: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) {
    if (r.status === "pass") c.passed++;
    else if (r.status === "fail") c.failed++;
    else c.skipped++;
  }
  return c;
}

export function byFolder(results: readonly CaseResult[]): FolderCounts[] {
  const m = new Map<string, CaseResult[]>();
  for (const r of results) {
    const list = m.get(r.case.folder) ?? [];
    list.push(r);
    m.set(r.case.folder, list);
  }
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([folder, rs]) => ({ folder, ...count(rs) }));
}

export function summaryLine(c: Counts): string {
  return `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
}

export function folderLine(f: FolderCounts): string {
  const mark = f.failed > 0 ? "FAIL" : "ok  ";
  return `${mark} ${f.folder.padEnd(44)} ${String(f.passed).padStart(4)} passed ${String(f.failed).padStart(4)} failed ${String(f.skipped).padStart(4)} skipped`;
}

/** A failure (or skip) with what was wanted and what came out, for --verbose. */
export function detail(r: CaseResult): string {
  const head = `${r.status === "skip" ? "SKIP" : "FAIL"} ${r.case.file} :: ${r.case.note}`;
  const lines = [head, `    ${r.status === "skip" ? "reason" : "why"}: ${r.reason ?? ""}`];
  if (r.want !== undefined) lines.push(`    want: ${clip(r.want)}`);
  if (r.got !== undefined) lines.push(`    got:  ${clip(r.got)}`);
  return lines.join("\n");
}

function clip(s: string, max = 2000): string {
  const one = s.replace(/\n/g, "\\n");
  return one.length > max ? one.slice(0, max) + "…" : one;
}
