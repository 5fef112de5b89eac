// Turns each value a deny/violation/warn rule produced into a Finding completed from the rule's
// METADATA, whatever engine evaluated it (engine-findings.ts reads the engines' results).

import { type Value, RObject, RSet, toJS, type Annotations } from "../rego/index.js";
import type { PolicyInput, Resource, Source } from "../model/types.js";
import { SEVERITIES, type Severity } from "../config/schema.js";
import type { Finding, RuleKind } from "./finding.js";
import type { DecisionRule } from "./policy-set.js";
import { shippedDocsPath } from "./catalog.js";

const DEFAULT_SEVERITY: Record<RuleKind, Severity> = { deny: "high", violation: "high", warn: "low" };

/** What a finding needs to know about the rule that produced it. */
export interface FindingRule {
  /** package path, e.g. "policy_check.backups" */
  pkg: string;
  /** rule name, e.g. "deny" */
  name: string;
  kind: RuleKind;
  /** annotations that apply: rule-level first, then package-level */
  annotations: readonly Annotations[];
  /** where the rule is written (a bundle without sources: the bundle file, row 0) */
  loc: { file: string; row: number };
}

export function findingRule(dr: DecisionRule): FindingRule {
  return { pkg: dr.pkg, name: dr.rule.path[dr.rule.path.length - 1]!, kind: dr.kind, annotations: dr.annotations, loc: { file: dr.rule.loc.file, row: dr.rule.loc.row } };
}

/** A rule's value may be a set or array of findings (conftest style), a single one, or true. */
export function expand(v: Value): Value[] {
  if (v instanceof RSet) return [...v.values()];
  if (Array.isArray(v)) return [...(v as readonly Value[])];
  if (v === false || v === null) return [];
  return [v];
}

export interface ResourceIndex {
  byAddress: Map<string, Resource[]>;
  byId: Map<string, Resource>;
  sources: Map<string, Source>;
  tokens: Map<string, { address: string | null; source: string }>;
}

export function indexResources(model: PolicyInput): ResourceIndex {
  const byAddress = new Map<string, Resource[]>();
  const byId = new Map<string, Resource>();
  for (const r of model.resources) {
    byId.set(r.id, r);
    const l = byAddress.get(r.address);
    if (l) l.push(r);
    else byAddress.set(r.address, [r]);
  }
  const tokens = new Map<string, { address: string | null; source: string }>();
  for (const t of model.tokens) tokens.set(t.id, { address: t.address, source: t.source });
  return { byAddress, byId, sources: new Map(model.sources.map((s) => [s.id, s])), tokens };
}

function str(o: RObject, ...keys: string[]): string | null {
  for (const k of keys) {
    const v = o.get(k);
    if (typeof v === "string" && v !== "") return v;
  }
  return null;
}

function custom(anns: readonly Annotations[], key: string): unknown {
  for (const a of anns) {
    const c = a.custom?.[key];
    if (c !== undefined && c !== null) return c;
  }
  return undefined;
}

function firstAnn<K extends "title" | "description">(anns: readonly Annotations[], key: K): string | null {
  for (const a of anns) if (typeof a[key] === "string" && a[key]) return a[key] as string;
  return null;
}

function docsOf(anns: readonly Annotations[]): string | null {
  const c = custom(anns, "docs");
  if (typeof c === "string") return c;
  for (const a of anns) {
    const rr = a.raw["related_resources"];
    if (Array.isArray(rr) && rr.length > 0) {
      const first = rr[0] as { ref?: unknown } | string;
      if (typeof first === "string") return first;
      if (first && typeof first.ref === "string") return first.ref;
    }
  }
  return null;
}

function asSeverity(v: unknown): Severity | null {
  return typeof v === "string" && (SEVERITIES as readonly string[]).includes(v.toLowerCase()) ? (v.toLowerCase() as Severity) : null;
}

const KNOWN_FIELDS = new Set(["msg", "message", "resource", "resource_id", "severity", "id", "policy", "remediation", "title", "needs_approval", "undecided", "description", "docs"]);

/** What a rule's METADATA says for every finding it makes, worked out once per rule. */
interface RuleDefaults {
  title: string;
  severity: Severity;
  needsApproval: boolean;
  policy: string;
  description: string | null;
  remediation: string | null;
  docs: string | null;
  rule: Finding["rule"];
}

const DEFAULTS = new WeakMap<FindingRule, RuleDefaults>();

function ruleDefaults(dr: FindingRule): RuleDefaults {
  let d = DEFAULTS.get(dr);
  if (d !== undefined) return d;
  const anns = dr.annotations;
  const fallback = `${dr.pkg}.${dr.name}`;
  const id = custom(anns, "id");
  const remediation = custom(anns, "remediation");
  d = {
    title: firstAnn(anns, "title") ?? fallback,
    severity: asSeverity(custom(anns, "severity")) ?? DEFAULT_SEVERITY[dr.kind],
    needsApproval: custom(anns, "needs_approval") === true,
    policy: typeof id === "string" ? id : fallback,
    description: firstAnn(anns, "description"),
    remediation: typeof remediation === "string" ? remediation : null,
    docs: docsOf(anns),
    rule: { package: dr.pkg, name: dr.name, file: dr.loc.file, row: dr.loc.row },
  };
  DEFAULTS.set(dr, d);
  return d;
}

export function toFinding(v: Value, dr: FindingRule, index: ResourceIndex): Finding {
  const d = ruleDefaults(dr);
  let message: string;
  let obj: RObject | null = null;
  if (typeof v === "string") message = v;
  else if (v instanceof RObject) {
    obj = v;
    message = str(v, "msg", "message") ?? d.title;
  } else if (v === true) message = d.title;
  else message = JSON.stringify(toJS(v));

  const resourceAddr = obj ? str(obj, "resource") : null;
  const resourceIdHint = obj ? str(obj, "resource_id") : null;
  let resource: Resource | undefined;
  if (resourceIdHint) resource = index.byId.get(resourceIdHint);
  if (!resource && resourceAddr) resource = index.byAddress.get(resourceAddr)?.[0];
  const tokenRef = resourceIdHint ? index.tokens.get(resourceIdHint) : undefined;
  const sourceId = resource?.source ?? tokenRef?.source ?? null;
  const source = sourceId ? index.sources.get(sourceId) : undefined;

  const details: Record<string, unknown> = {};
  if (obj) for (const [k, val] of obj.entries()) if (typeof k === "string" && !KNOWN_FIELDS.has(k)) details[k] = toJS(val);
  const policy = (obj ? str(obj, "id", "policy") : null) ?? d.policy;
  return {
    policy,
    title: (obj ? str(obj, "title") : null) ?? d.title,
    severity: asSeverity(obj?.get("severity")) ?? d.severity,
    kind: dr.kind,
    message,
    resource: resource?.address ?? resourceAddr ?? tokenRef?.address ?? null,
    resource_id: resource?.id ?? (tokenRef ? resourceIdHint : null),
    action: resource?.action ?? null,
    file: source?.path ?? null,
    needs_approval: obj?.get("needs_approval") === true || d.needsApproval,
    undecided: obj?.get("undecided") === true,
    description: (obj ? str(obj, "description") : null) ?? d.description,
    remediation: (obj ? str(obj, "remediation") : null) ?? d.remediation,
    docs: (obj ? str(obj, "docs") : null) ?? d.docs ?? shippedDocsPath(dr.pkg, policy),
    rule: { ...d.rule },
    details,
  };
}
