// Which rule (and METADATA) a value came from, for any engine.
//
// The own engine names the definition that produced each value: its METADATA applies as is.
// The wasm and opa engines give a rule's whole value: when the rule has one definition, its
// METADATA applies; with several definitions (the shipped policies write one `deny contains`
// per check, each with its own id and severity), a METADATA field applies only when every
// definition agrees on it, otherwise the package's METADATA and the defaults do, as for a
// string finding. A finding object's own `id`, `severity`, ... always win (toFinding).

import type { Annotations } from "../rego/index.js";
import type { RuleKind } from "./finding.js";
import type { DecisionRule } from "./policy-set.js";
import { type FindingRule, findingRule } from "./to-finding.js";

const KINDS = new Set<string>(["deny", "violation", "warn"]);

/** deny, violation, warn, and conftest's deny_*, warn_*, violation_* */
export function decisionKind(name: string): RuleKind | null {
  const base = name.split("_")[0]!;
  if (!KINDS.has(base) || (name !== base && !name.startsWith(base + "_"))) return null;
  return base as RuleKind;
}

function isPackageScope(a: Annotations): boolean {
  return a.scope === "package" || a.scope === "subpackages";
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** One annotation holding the fields on which every definition's rule METADATA agrees. */
function agreed(defs: readonly DecisionRule[]): Annotations | null {
  const ruleAnns = defs.map((d) => d.annotations.find((a) => !isPackageScope(a)));
  const first = ruleAnns[0];
  if (!first || ruleAnns.some((a) => a === undefined)) return null;
  const all = ruleAnns as Annotations[];
  const out: Annotations = { scope: "rule", raw: {}, location: first.location, path: first.path };
  if (first.title !== undefined && all.every((a) => a.title === first.title)) out.title = first.title;
  if (first.description !== undefined && all.every((a) => a.description === first.description)) out.description = first.description;
  const custom: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(first.custom ?? {})) if (all.every((a) => a.custom !== undefined && same(a.custom[k], v))) custom[k] = v;
  if (Object.keys(custom).length > 0) out.custom = custom;
  const rr = first.raw["related_resources"];
  if (rr !== undefined && all.every((a) => same(a.raw["related_resources"], rr))) out.raw = { related_resources: rr };
  return out;
}

export class RuleTable {
  private readonly byOrigin = new Map<string, FindingRule>();
  private readonly byEntrypoint = new Map<string, FindingRule>();

  /**
   * @param rules     the decision rules found in the policies' sources (none for a bundle
   *                  without sources)
   * @param whereElse the file to name for rules without sources (the bundle)
   */
  constructor(
    readonly rules: readonly DecisionRule[],
    private readonly whereElse: string,
  ) {
    const groups = new Map<string, DecisionRule[]>();
    for (const dr of rules) {
      this.byOrigin.set(`${dr.rule.loc.file}:${dr.rule.loc.row}`, findingRule(dr));
      const ep = dr.rule.path.join("/");
      const g = groups.get(ep);
      if (g) g.push(dr);
      else groups.set(ep, [dr]);
    }
    for (const [ep, defs] of groups) {
      if (defs.length === 1) {
        this.byEntrypoint.set(ep, findingRule(defs[0]!));
        continue;
      }
      const base = findingRule(defs[0]!);
      const common = agreed(defs);
      const pkgAnns = base.annotations.filter(isPackageScope);
      this.byEntrypoint.set(ep, { ...base, annotations: common ? [common, ...pkgAnns] : pkgAnns });
    }
  }

  /** The rule a value of `entrypoint` came from; null when the entrypoint is not a decision rule. */
  rule(entrypoint: string, origin?: { file: string; row: number }): FindingRule | null {
    if (origin) {
      const r = this.byOrigin.get(`${origin.file}:${origin.row}`);
      if (r) return r;
    }
    const known = this.byEntrypoint.get(entrypoint);
    if (known) return known;
    const path = entrypoint.split("/").filter((s) => s !== "");
    const name = path[path.length - 1];
    const kind = name !== undefined && path.length >= 2 ? decisionKind(name) : null;
    if (!kind || name === undefined) return null;
    return { pkg: path.slice(0, -1).join("."), name, kind, annotations: [], loc: { file: this.whereElse, row: 0 } };
  }
}
