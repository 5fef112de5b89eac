// Findings from an engine's results, whatever engine ran: each value of a decision rule becomes
// a Finding through the same toFinding as always. An entrypoint that names a package (a bundle
// built with `-e policy_check`) gives the package's document: its deny/violation/warn rules,
// and those of its subpackages, are found in it.

import { type Value, RObject, fromJSON } from "../rego/index.js";
import type { EntrypointResult } from "../engine/engine.js";
import type { PolicyInput } from "../model/types.js";
import type { Finding } from "./finding.js";
import { type RuleTable, decisionKind } from "./rule-table.js";
import { expand, indexResources, toFinding } from "./to-finding.js";

/** Deepest package nesting searched inside a package document. */
const MAX_PACKAGE_DEPTH = 32;

/** A decision rule's value found in the results. */
interface DecisionValue {
  entrypoint: string;
  value: Value;
  origin?: { file: string; row: number };
}

function* decisionValues(results: readonly EntrypointResult[]): Iterable<DecisionValue> {
  for (const r of results) {
    const path = r.entrypoint.split("/").filter((s) => s !== "");
    const leaf = path[path.length - 1];
    const isRule = leaf !== undefined && path.length >= 2 && decisionKind(leaf) !== null;
    for (const out of r.outputs) {
      const value = out.native ?? fromJSON(out.value);
      if (isRule || out.origin) yield { entrypoint: r.entrypoint, value, ...(out.origin ? { origin: out.origin } : {}) };
      else if (value instanceof RObject) yield* inPackage(path, value, 0);
    }
  }
}

function* inPackage(path: readonly string[], doc: RObject, depth: number): Iterable<DecisionValue> {
  if (depth > MAX_PACKAGE_DEPTH) return;
  for (const [k, v] of doc.entries()) {
    if (typeof k !== "string") continue;
    if (decisionKind(k) !== null && path.length >= 1) yield { entrypoint: [...path, k].join("/"), value: v };
    else if (v instanceof RObject) yield* inPackage([...path, k], v, depth + 1);
  }
}

/** Whether any result could hold findings: a decision rule, or a package document. */
export function holdsDecisions(results: readonly EntrypointResult[]): boolean {
  return results.some((r) => {
    const leaf = r.entrypoint.split("/").filter((s) => s !== "").pop();
    return (leaf !== undefined && r.entrypoint.includes("/") && decisionKind(leaf) !== null) || r.outputs.some((o) => o.origin || (typeof o.value === "object" && o.value !== null && !Array.isArray(o.value)));
  });
}

export function findingsFromResults(results: readonly EntrypointResult[], table: RuleTable, model: PolicyInput): Finding[] {
  const index = indexResources(model);
  const findings: Finding[] = [];
  for (const d of decisionValues(results)) {
    const rule = table.rule(d.entrypoint, d.origin);
    if (!rule) continue;
    for (const item of expand(d.value)) findings.push(toFinding(item, rule, index));
  }
  return findings;
}
