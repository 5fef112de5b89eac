// Loads and compiles the policies of a run: the shipped library (rego/, Rego v1) and the
// user's directories (v1 or v0 as configured), and finds their deny/violation/warn rules.

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compile, type PolicySet, type Rule, type Annotations } from "../rego/index.js";
import { loadPolicyFiles } from "../load/policy-files.js";
import type { RuleKind } from "./finding.js";

/** The shipped policy library, beside the package root. */
export const SHIPPED_POLICY_DIR = fileURLToPath(new URL("../../rego/", import.meta.url));

export interface LoadedPolicies {
  set: PolicySet;
  /** base documents found beside the policies (data.json / data.yaml) */
  data: Record<string, unknown>;
  /** files compiled */
  files: string[];
}

export interface PolicySources {
  shipped: boolean;
  paths: readonly string[];
  regoVersion: "v0" | "v1";
  /** include *_test.rego files (for `policy-check test`) */
  includeTests?: boolean;
}

export function loadPolicies(src: PolicySources): LoadedPolicies {
  const shippedFiles = src.shipped && existsSync(SHIPPED_POLICY_DIR) ? loadPolicyFiles([SHIPPED_POLICY_DIR], { includeTests: src.includeTests ?? false }) : null;
  const user = src.paths.length > 0 ? loadPolicyFiles(src.paths, { includeTests: src.includeTests ?? false }) : null;
  const modules: Record<string, string> = { ...(shippedFiles?.modules ?? {}), ...(user?.modules ?? {}) };
  const shippedSet = new Set(Object.keys(shippedFiles?.modules ?? {}));
  const set = compile(modules, {
    regoVersion: src.regoVersion,
    regoVersionOf: (f) => (shippedSet.has(f) ? "v1" : src.regoVersion),
  });
  const data = { ...(shippedFiles?.data ?? {}), ...(user?.data ?? {}) };
  return { set, data, files: Object.keys(modules) };
}

export interface DecisionRule {
  rule: Rule;
  kind: RuleKind;
  /** package path, e.g. "policy_check.backups" */
  pkg: string;
  /** annotations that apply: rule-level first, then package-level */
  annotations: Annotations[];
}

const KINDS = new Set<RuleKind>(["deny", "violation", "warn"]);

/** deny/violation/warn rule definitions (also `deny_*`, `warn_*` as conftest allows) under the namespaces. */
export function decisionRules(set: PolicySet, namespaces: readonly string[]): DecisionRule[] {
  const anns = set.annotations();
  const out: DecisionRule[] = [];
  for (const rule of set.rules()) {
    if (rule.path.length < 2) continue;
    const name = rule.path[rule.path.length - 1]!;
    const base = name.split("_")[0] as RuleKind;
    if (!KINDS.has(base) || (name !== base && !name.startsWith(base + "_"))) continue;
    const pkg = rule.path.slice(0, -1).join(".");
    if (!namespaces.some((ns) => pkg === ns || pkg.startsWith(ns + "."))) continue;
    if (rule.kind === "function") continue;
    const ruleAnns = rule.annotations.map((b) => anns.find((a) => a.location.file === b.loc.file && a.location.row === b.loc.row)).filter((a): a is Annotations => !!a);
    const pkgAnns = anns.filter((a) => (a.scope === "package" || a.scope === "subpackages") && (a.path === "data." + pkg || (a.scope === "subpackages" && ("data." + pkg).startsWith(a.path + "."))));
    out.push({ rule, kind: base, pkg, annotations: [...ruleAnns, ...pkgAnns] });
  }
  return out;
}
