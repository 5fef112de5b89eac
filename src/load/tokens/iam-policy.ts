// AWS IAM policy documents: parsed from the JSON strings plans carry (`aws_iam_policy.policy`,
// `aws_iam_role.assume_role_policy`, `data.aws_iam_policy_document.json`), from the statement
// blocks of `aws_iam_policy_document`, or from objects (Pulumi), into statements; and what a set
// of statements grants (operations, resources, conditions) and denies.

import { isRecord, own, type Rec } from "../terraform/paths.js";
import { blocks, knownString, knownStrings } from "./resource-values.js";

/** Longest policy text read (IAM's own limits are 10 KB inline, 6 KB managed; bounded work). */
const MAX_POLICY_TEXT = 256 * 1024;
const MAX_STATEMENTS = 1000;

export interface Statement {
  effect: "Allow" | "Deny";
  /** Action, or NotAction when `notActions` is set */
  actions: string[];
  notActions: boolean;
  /** Resource, or NotResource when `notResources` is set; empty when the statement has neither (trust policies) */
  resources: string[];
  notResources: boolean;
  /** Principal as type -> identifiers (`Federated`, `AWS`, `Service`, `*`) */
  principals: Record<string, string[]>;
  /** the Condition block as written, or null */
  condition: Rec | null;
}

function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  return [];
}

function principalsOf(v: unknown): Record<string, string[]> {
  const out = Object.create(null) as Record<string, string[]>;
  if (v === "*") {
    out["*"] = ["*"];
    return out;
  }
  if (!isRecord(v)) return out;
  for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: strings(v[k]), enumerable: true, writable: true, configurable: true });
  return out;
}

/** One statement object of a JSON policy document. */
function statementOf(s: unknown): Statement | null {
  if (!isRecord(s)) return null;
  const effect = own(s, "Effect");
  const notAction = own(s, "NotAction");
  const notResource = own(s, "NotResource");
  const condition = own(s, "Condition");
  return {
    effect: typeof effect === "string" && effect.toLowerCase() === "deny" ? "Deny" : "Allow",
    actions: strings(notAction !== undefined ? notAction : own(s, "Action")),
    notActions: notAction !== undefined,
    resources: strings(notResource !== undefined ? notResource : own(s, "Resource")),
    notResources: notResource !== undefined,
    principals: principalsOf(own(s, "Principal") ?? own(s, "NotPrincipal")),
    condition: isRecord(condition) && Object.keys(condition).length > 0 ? condition : null,
  };
}

/**
 * Statements of a policy document given as JSON text or as an object; null when the document is
 * not known (unknown until apply, an expression, not JSON).
 */
export function parsePolicyDocument(doc: unknown): Statement[] | null {
  let data: unknown = doc;
  if (typeof doc === "string") {
    const text = knownString(doc);
    if (text === null || text.length > MAX_POLICY_TEXT || !text.startsWith("{")) return null;
    try {
      data = JSON.parse(text);
    } catch {
      return null;
    }
  }
  if (!isRecord(data)) return null;
  const raw = own(data, "Statement");
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const out: Statement[] = [];
  for (const s of list.slice(0, MAX_STATEMENTS)) {
    const st = statementOf(s);
    if (st) out.push(st);
  }
  return out;
}

/**
 * Statements of an `aws_iam_policy_document` data source from its arguments (`statement`
 * blocks), for when its `json` is not known yet. Null when a statement's lists are unknown.
 */
export function statementsFromDocumentBlocks(statementBlocks: unknown): Statement[] | null {
  const out: Statement[] = [];
  for (const b of blocks(statementBlocks).slice(0, MAX_STATEMENTS)) {
    const notActions = knownStrings(own(b, "not_actions"));
    const actions = knownStrings(own(b, "actions"));
    const notResources = knownStrings(own(b, "not_resources"));
    const resources = knownStrings(own(b, "resources"));
    if (actions === null || notActions === null || resources === null || notResources === null) return null;
    const effect = own(b, "effect");
    const principals = Object.create(null) as Record<string, string[]>;
    for (const p of blocks(own(b, "principals"))) {
      const type = own(p, "type");
      const ids = knownStrings(own(p, "identifiers")) ?? [];
      if (typeof type === "string") Object.defineProperty(principals, type, { value: ids, enumerable: true, writable: true, configurable: true });
    }
    let condition: Rec | null = null;
    for (const c of blocks(own(b, "condition"))) {
      const test = own(c, "test");
      const variable = own(c, "variable");
      if (typeof test !== "string" || typeof variable !== "string") continue;
      condition ??= Object.create(null) as Rec;
      const byVar = (own(condition, test) as Rec | undefined) ?? (Object.create(null) as Rec);
      Object.defineProperty(byVar, variable, { value: knownStrings(own(c, "values")) ?? [], enumerable: true, writable: true, configurable: true });
      Object.defineProperty(condition, test, { value: byVar, enumerable: true, writable: true, configurable: true });
    }
    out.push({
      effect: typeof effect === "string" && effect.toLowerCase() === "deny" ? "Deny" : "Allow",
      actions: notActions.length > 0 ? notActions : actions,
      notActions: notActions.length > 0,
      resources: notResources.length > 0 ? notResources : resources,
      notResources: notResources.length > 0,
      principals,
      condition,
    });
  }
  return out;
}

/** What a set of permission statements grants. */
export interface Grant {
  /** allowed actions; "*" for NotAction statements (everything but a few) */
  operations: string[];
  /** resources of the allowing statements; "*" for NotResource statements */
  resources: string[];
  /** the Condition blocks of the allowing statements */
  conditions: Rec[];
  /** actions denied everywhere (`Deny` on every resource, no condition) */
  denied: string[];
  /** whether every allowing statement carries a condition */
  allConditioned: boolean;
}

export function grantOf(statements: readonly Statement[]): Grant {
  const ops = new Set<string>();
  const res = new Set<string>();
  const denied = new Set<string>();
  const conditions: Rec[] = [];
  let allows = 0;
  let conditioned = 0;
  for (const s of statements) {
    if (s.effect === "Deny") {
      if (!s.condition && !s.notActions && !s.notResources && s.resources.includes("*")) for (const a of s.actions) denied.add(a);
      continue;
    }
    allows++;
    if (s.notActions) ops.add("*");
    else for (const a of s.actions) ops.add(a);
    if (s.notResources || s.resources.length === 0) res.add("*");
    else for (const r of s.resources) res.add(r);
    if (s.condition) {
      conditioned++;
      conditions.push(s.condition);
    }
  }
  return { operations: [...ops], resources: [...res], conditions, denied: [...denied], allConditioned: allows > 0 && conditioned === allows };
}

/**
 * Whether a resource pattern covers a whole account or more: `*`, or an ARN whose service,
 * region or account is a wildcard, or whose resource part is `*`.
 */
export function isWideResource(pattern: string): boolean {
  if (pattern === "*" || pattern === "*:*") return true;
  if (!pattern.startsWith("arn:")) return pattern.endsWith("*") && !pattern.includes("/");
  const parts = pattern.split(":");
  if (parts.length < 6) return true;
  const [, partition, service, region, account] = parts;
  const resource = parts.slice(5).join(":");
  if ([partition, service, account].some((p) => p === undefined || p.includes("*"))) return true;
  if (region !== undefined && region.includes("*") && resource.startsWith("*")) return true;
  return resource === "*" || resource === "*/*";
}
