// Rule indexing on constant equality, in the spirit of OPA's rule index: when a document or a
// function has several definitions, the definitions are grouped by a constant they require
// (a function's first argument written as a constant, or a body expression
// `input.<path> == "constant"`), so that a lookup only evaluates the definitions that can
// match instead of all of them.

import type { Rule, Term } from "./ast.js";
import { type Value, canonicalKey } from "./value.js";

export interface RuleIndex {
  /** for rule indexes: the input path compared with constants (function indexes: null) */
  path: readonly Value[] | null;
  /** constant -> definitions requiring it, in definition order */
  byValue: Map<string, Rule[]>;
  /** definitions that constrain nothing indexable: always candidates */
  rest: Rule[];
  /** position of each rule in the original order, to merge candidates back in order */
  order: Map<Rule, number>;
}

const MIN_RULES = 4;

/** Index of function definitions on their first argument, or null if not worthwhile. */
export function indexFunctions(rules: readonly Rule[]): RuleIndex | null {
  if (rules.length < MIN_RULES) return null;
  const byValue = new Map<string, Rule[]>();
  const rest: Rule[] = [];
  let indexed = 0;
  for (const r of rules) {
    const a = r.head.args?.[0];
    if (a && a.kind === "scalar") {
      push(byValue, canonicalKey(a.value), r);
      indexed++;
    } else rest.push(r);
  }
  if (indexed < MIN_RULES) return null;
  return { path: null, byValue, rest, order: orderOf(rules) };
}

/** Index of rule definitions on a shared `input.<path> == constant` expression. */
export function indexRules(rules: readonly Rule[]): RuleIndex | null {
  if (rules.length < MIN_RULES) return null;
  // find the most common input path compared with a constant
  const counts = new Map<string, { path: Value[]; n: number }>();
  const found = new Map<Rule, { key: string; value: Value }>();
  for (const r of rules) {
    if (r.else) continue;
    for (const e of r.body) {
      const c = constantComparison(e.negated || e.with.length > 0 ? null : e.node);
      if (!c) continue;
      const key = canonicalKey(c.path);
      const entry = counts.get(key) ?? { path: c.path, n: 0 };
      entry.n++;
      counts.set(key, entry);
      if (!found.has(r)) found.set(r, { key, value: c.value });
      break;
    }
  }
  let best: { key: string; path: Value[]; n: number } | null = null;
  for (const [key, v] of counts) if (!best || v.n > best.n) best = { key, ...v };
  if (!best || best.n < MIN_RULES) return null;
  const byValue = new Map<string, Rule[]>();
  const rest: Rule[] = [];
  for (const r of rules) {
    const f = found.get(r);
    if (f && f.key === best.key) push(byValue, canonicalKey(f.value), r);
    else rest.push(r);
  }
  return { path: best.path, byValue, rest, order: orderOf(rules) };
}

/** The candidate definitions for a value of the indexed term, in definition order. */
export function candidates(index: RuleIndex, value: Value | undefined): Rule[] {
  const hit = value === undefined ? undefined : index.byValue.get(canonicalKey(value));
  if (!hit) return index.rest;
  if (index.rest.length === 0) return hit;
  return [...hit, ...index.rest].sort((a, b) => index.order.get(a)! - index.order.get(b)!);
}

function constantComparison(node: Rule["body"][number]["node"] | null): { path: Value[]; value: Value } | null {
  if (!node) return null;
  let a: Term | undefined;
  let b: Term | undefined;
  if (node.kind === "unify" && node.op === "=") {
    a = node.left;
    b = node.right;
  } else if (node.kind === "term" && node.term.kind === "call" && node.term.args.length === 2) {
    const fn = node.term.fn;
    if (fn.head.kind === "var" && fn.head.name === "equal" && fn.path.length === 0) {
      a = node.term.args[0];
      b = node.term.args[1];
    }
  }
  if (!a || !b) return null;
  const pa = inputPath(a);
  if (pa && b.kind === "scalar") return { path: pa, value: b.value };
  const pb = inputPath(b);
  if (pb && a.kind === "scalar") return { path: pb, value: a.value };
  return null;
}

/** `input.a.b` with only constant keys -> ["a", "b"] */
function inputPath(t: Term): Value[] | null {
  if (t.kind !== "ref" || t.head.kind !== "var" || t.head.name !== "input" || t.head.slot >= 0) return null;
  const out: Value[] = [];
  for (const p of t.path) {
    if (p.kind !== "scalar") return null;
    out.push(p.value);
  }
  return out;
}

function push(m: Map<string, Rule[]>, k: string, r: Rule): void {
  const l = m.get(k);
  if (l) l.push(r);
  else m.set(k, [r]);
}

function orderOf(rules: readonly Rule[]): Map<Rule, number> {
  const m = new Map<Rule, number>();
  rules.forEach((r, i) => m.set(r, i));
  return m;
}
