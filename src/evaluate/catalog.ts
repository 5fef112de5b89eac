// The policy catalog: one entry per policy id of the loaded decision rules, from their METADATA.
// Feeds `policy-check policies`, the table in policies/README.md and the docs links of findings.

import type { Annotations } from "../rego/index.js";
import { SEVERITIES, type Severity } from "../config/schema.js";
import type { DecisionRule } from "./policy-set.js";

export interface CatalogEntry {
  id: string;
  severity: Severity;
  title: string;
  description: string | null;
  remediation: string | null;
  /** package of the rules, e.g. policy_check.backups_colocated */
  package: string;
  /** input kinds the policy is proven on (METADATA custom.inputs) */
  inputs: string[];
  /** resource types it looks at (METADATA custom.resource_types) */
  resource_types: string[];
  needs_approval: boolean;
  docs: string | null;
}

/** The documentation page of a shipped policy, relative to the package root. */
export function shippedDocsPath(pkg: string, id: string): string | null {
  if (!pkg.startsWith("policy_check.") || pkg.startsWith("policy_check.lib")) return null;
  const page = pkg.slice("policy_check.".length).replace(/\./g, "/").replace(/_/g, "-");
  return `policies/${page}.md#${id.toLowerCase()}`;
}

function customOf(anns: readonly Annotations[], key: string): unknown {
  for (const a of anns) {
    const v = a.custom?.[key];
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

export function policyCatalog(rules: readonly DecisionRule[]): CatalogEntry[] {
  const byId = new Map<string, CatalogEntry>();
  for (const dr of rules) {
    const anns = dr.annotations;
    const idv = customOf(anns, "id");
    const name = dr.rule.path[dr.rule.path.length - 1]!;
    const id = typeof idv === "string" ? idv : `${dr.pkg}.${name}`;
    const sev = customOf(anns, "severity");
    const severity = typeof sev === "string" && (SEVERITIES as readonly string[]).includes(sev) ? (sev as Severity) : dr.kind === "warn" ? "low" : "high";
    const title = anns.find((a) => a.title)?.title ?? id;
    const prev = byId.get(id);
    const entry: CatalogEntry = prev ?? {
      id,
      severity,
      title,
      description: anns.find((a) => a.description)?.description?.trim() ?? null,
      remediation: typeof customOf(anns, "remediation") === "string" ? (customOf(anns, "remediation") as string) : null,
      package: dr.pkg,
      inputs: [],
      resource_types: [],
      needs_approval: false,
      docs: typeof customOf(anns, "docs") === "string" ? (customOf(anns, "docs") as string) : shippedDocsPath(dr.pkg, id),
    };
    for (const i of stringList(customOf(anns, "inputs"))) if (!entry.inputs.includes(i)) entry.inputs.push(i);
    for (const t of stringList(customOf(anns, "resource_types"))) if (!entry.resource_types.includes(t)) entry.resource_types.push(t);
    if (customOf(anns, "needs_approval") === true) entry.needs_approval = true;
    byId.set(id, entry);
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }));
}
