// Shared pieces of every report: grouping findings by resource, counts, the headline.

import { SEVERITIES } from "../config/schema.js";
import type { Finding } from "../evaluate/finding.js";
import type { Action } from "../model/types.js";
import type { CheckResult } from "./types.js";

export interface ResourceGroup {
  resource: string | null;
  action: Action | null;
  file: string | null;
  findings: Finding[];
}

/** Findings grouped by resource, groups ordered by their most severe finding. */
export function groupByResource(findings: readonly Finding[]): ResourceGroup[] {
  const groups = new Map<string, ResourceGroup>();
  for (const f of findings) {
    const key = `${f.file ?? ""}\u0000${f.resource ?? ""}`;
    let g = groups.get(key);
    if (!g) {
      g = { resource: f.resource, action: f.action, file: f.file, findings: [] };
      groups.set(key, g);
    }
    g.findings.push(f);
  }
  return [...groups.values()];
}

export function countsText(result: CheckResult): string {
  const c = result.decision.counts;
  const parts = SEVERITIES.filter((s) => c[s] > 0).map((s) => `${c[s]} ${s}`);
  return parts.length ? parts.join(", ") : "no findings";
}

export function changesText(result: CheckResult): string {
  const ch = result.changes;
  const parts = [`${ch.delete} to delete`, `${ch.replace} to replace`, `${ch.update} to update`, `${ch.create} to create`];
  return `${ch.resources} resource${ch.resources === 1 ? "" : "s"} (${parts.join(", ")})${ch.tokens ? `, ${ch.tokens} credential${ch.tokens === 1 ? "" : "s"}` : ""}`;
}

export function headline(result: CheckResult): string {
  const d = result.decision;
  const extra = [d.needsApproval ? `${d.needsApproval} need${d.needsApproval === 1 ? "s" : ""} human approval` : "", d.undecided ? `${d.undecided} undecided until apply` : "", d.suppressed.length ? `${d.suppressed.length} suppressed` : ""].filter(Boolean);
  return `${countsText(result)}${extra.length ? ` (${extra.join(", ")})` : ""} — ${changesText(result)}; fail_on: ${d.failOn}`;
}
