// Safety analysis and body reordering, as OPA's compiler does it: every variable must be bound
// ("safe") before it is read, so the expressions of a body are reordered (keeping the written
// order where possible) so that producers run before consumers; what cannot be ordered is a
// rego_unsafe_var_error.

import type { Body, Expr, Term, Var } from "../ast.js";
import type { Location } from "../errors.js";
import { scopeOf, setScopeOf as scopeSet } from "./resolve.js";

export interface SafetyEnv {
  /** number of declared arguments of the called function, or undefined if unknown */
  arity(call: Term & { kind: "call" }): number | undefined;
  /** slot -> variable name */
  names: readonly string[];
  errors: { code: "rego_unsafe_var_error"; message: string; location: Location }[];
}

type Slots = Set<number>;
/** A read-only view of bound slots (possibly several sets chained, without copying). */
interface Bound {
  has(slot: number): boolean;
}
/** safe ∪ extra, as a view: bodies of thousands of expressions stay linear to analyse. */
function plus(safe: Bound, extra: Bound): Bound {
  return { has: (x) => safe.has(x) || extra.has(x) };
}

const isLocal = (v: Var) => v.slot >= 0;

// ---------------------------------------------------------------------------------------------
// term analysis

/** Vars that must be bound to evaluate `t` as a value, and vars its refs bind by iteration. */
function valueVars(t: Term, env: SafetyEnv, needs: Slots, outs: Slots): void {
  switch (t.kind) {
    case "scalar":
      return;
    case "var":
      if (isLocal(t)) needs.add(t.slot);
      return;
    case "ref":
      if (t.head.kind === "var") {
        if (isLocal(t.head)) needs.add(t.head.slot);
      } else valueVars(t.head, env, needs, outs);
      for (const p of t.path) refPathVars(p, env, needs, outs);
      return;
    case "array":
    case "set":
      for (const x of t.items) valueVars(x, env, needs, outs);
      return;
    case "object":
      for (const [k, v] of t.entries) {
        valueVars(k, env, needs, outs);
        valueVars(v, env, needs, outs);
      }
      return;
    case "call":
      for (const a of t.args) valueVars(a, env, needs, outs);
      return;
    case "arraycompr":
    case "setcompr":
    case "objectcompr": {
      const info = scopeOf(t);
      if (info) for (const s of info.free) needs.add(s);
      return;
    }
  }
}

/** Vars in a ref's path: plain vars are iterated (bound by the ref); others are values. */
function refPathVars(p: Term, env: SafetyEnv, needs: Slots, outs: Slots): void {
  if (p.kind === "var") {
    if (isLocal(p)) outs.add(p.slot);
    return;
  }
  if (p.kind === "array" || p.kind === "object") {
    // a composite key is unified with each key of the collection
    patternVars(p, env, needs, outs);
    return;
  }
  valueVars(p, env, needs, outs);
}

/** Vars of `t` used as a pattern unified against a known value. */
function patternVars(t: Term, env: SafetyEnv, needs: Slots, outs: Slots): void {
  switch (t.kind) {
    case "var":
      if (isLocal(t)) outs.add(t.slot);
      return;
    case "array":
      for (const x of t.items) patternVars(x, env, needs, outs);
      return;
    case "object":
      for (const [k, v] of t.entries) {
        valueVars(k, env, needs, outs);
        patternVars(v, env, needs, outs);
      }
      return;
    default:
      valueVars(t, env, needs, outs);
  }
}

function subset(a: Slots, s: Bound): boolean {
  for (const x of a) if (!s.has(x)) return false;
  return true;
}

function minus(a: Slots, s: Bound): Slots {
  const out = new Set<number>();
  for (const x of a) if (!s.has(x)) out.add(x);
  return out;
}

/**
 * If `t` evaluated as a value only needs safe vars (besides those its own refs bind),
 * returns the vars it binds; otherwise null.
 */
function evaluable(t: Term, safe: Bound, env: SafetyEnv): Slots | null {
  const needs = new Set<number>();
  const outs = new Set<number>();
  valueVars(t, env, needs, outs);
  const newOuts = minus(outs, safe);
  return subset(needs, plus(safe, newOuts)) ? newOuts : null;
}

/** Outputs of unifying `a` and `b` given `safe`, or null if it cannot be ordered yet. */
function unifyOutputs(a: Term, b: Term, safe: Bound, env: SafetyEnv): Slots | null {
  const ea = evaluable(a, safe, env);
  if (ea) {
    const r = patternOutputs(b, plus(safe, ea), env);
    if (r) return new Set([...ea, ...r]);
  }
  const eb = evaluable(b, safe, env);
  if (eb) {
    const r = patternOutputs(a, plus(safe, eb), env);
    if (r) return new Set([...eb, ...r]);
  }
  if (a.kind === "array" && b.kind === "array" && a.items.length === b.items.length) {
    return pairwise(a.items.map((x, i) => [x, b.items[i]!] as [Term, Term]), safe, env);
  }
  if (a.kind === "object" && b.kind === "object" && a.entries.length === b.entries.length) {
    const pairs: [Term, Term][] = [];
    for (const [ka, va] of a.entries) {
      const match = b.entries.find(([kb]) => kb.kind === "scalar" && ka.kind === "scalar" && kb.value === ka.value);
      if (!match) return null;
      pairs.push([va, match[1]]);
    }
    return pairwise(pairs, safe, env);
  }
  return null;
}

function pairwise(pairs: [Term, Term][], safe: Bound, env: SafetyEnv): Slots | null {
  const out = new Set<number>();
  const s = plus(safe, out);
  let pending = pairs;
  while (pending.length > 0) {
    const next: [Term, Term][] = [];
    for (const [x, y] of pending) {
      const r = unifyOutputs(x, y, s, env);
      if (r) {
        for (const v of r) out.add(v);
      } else next.push([x, y]);
    }
    if (next.length === pending.length) return null;
    pending = next;
  }
  return out;
}

/** Outputs of `t` as a pattern against a known value, or null if its value parts are unsafe. */
function patternOutputs(t: Term, safe: Bound, env: SafetyEnv): Slots | null {
  const needs = new Set<number>();
  const outs = new Set<number>();
  patternVars(t, env, needs, outs);
  const newOuts = minus(outs, safe);
  // refs inside the pattern bind their iteration vars first
  return subset(needs, plus(safe, newOuts)) ? newOuts : null;
}

/** All local vars appearing in a term (for negation), including comprehension free vars. */
function allVars(t: Term, env: SafetyEnv, out: Slots): void {
  const needs = new Set<number>();
  valueVars(t, env, needs, out);
  for (const s of needs) out.add(s);
}

// ---------------------------------------------------------------------------------------------
// expressions

/** The vars an expression binds if it can run now, or null. */
function exprOutputs(e: Expr, safe: Bound, env: SafetyEnv): Slots | null {
  for (const w of e.with) {
    if (!evaluable(w.value, safe, env) || (evaluable(w.value, safe, env)!.size > 0)) return null;
  }
  const n = e.node;
  let outs: Slots | null;
  switch (n.kind) {
    case "some":
      return new Set();
    case "term": {
      const t = n.term;
      if (t.kind === "call") {
        const ar = env.arity(t);
        if (ar !== undefined && t.args.length === ar + 1) {
          // the last argument is the output
          const out = new Set<number>();
          const s = plus(safe, out);
          for (const a of t.args.slice(0, -1)) {
            const r = evaluable(a, s, env);
            if (!r) return null;
            r.forEach((v) => out.add(v));
          }
          const r = patternOutputs(t.args[t.args.length - 1]!, s, env);
          if (!r) return null;
          r.forEach((v) => out.add(v));
          outs = out;
          break;
        }
        if (t.infix === "==" || (t.fn.head.kind === "var" && t.fn.head.name === "equal" && t.fn.path.length === 0)) {
          // `==` only compares: both sides must be evaluable
        }
      }
      outs = evaluable(t, safe, env);
      break;
    }
    case "unify":
      if (n.op === ":=") {
        const r = evaluable(n.right, safe, env);
        if (!r) return null;
        const p = patternOutputs(n.left, plus(safe, r), env);
        outs = p ? new Set([...r, ...p]) : null;
      } else {
        outs = unifyOutputs(n.left, n.right, safe, env);
      }
      break;
    case "somein": {
      const r = evaluable(n.collection, safe, env);
      if (!r) return null;
      const s = plus(safe, r);
      const k = n.key ? patternOutputs(n.key, s, env) : new Set<number>();
      if (!k) return null;
      const v = patternOutputs(n.value, plus(s, k), env);
      outs = v ? new Set([...r, ...k, ...v]) : null;
      break;
    }
    case "every": {
      const r = evaluable(n.domain, safe, env);
      if (!r) return null;
      const info = scopeOf(n);
      if (info && !subset(info.free, plus(safe, r))) return null;
      outs = r;
      break;
    }
    case "block": {
      const info = scopeOf(n);
      if (info && !subset(info.free, safe)) return null;
      outs = new Set();
      break;
    }
  }
  if (outs === null) return null;
  if (e.negated) {
    // nothing escapes a negation; vars other than wildcards must already be bound
    for (const s of outs) if (!env.names[s]!.startsWith("_") && env.names[s] !== "_") return null;
    return new Set();
  }
  return outs;
}

/** Vars of an expression that are not bound: for the error message. */
function unboundVars(e: Expr, safe: Slots, env: SafetyEnv): number[] {
  const all = new Set<number>();
  const n = e.node;
  switch (n.kind) {
    case "term":
      allVars(n.term, env, all);
      break;
    case "unify":
      allVars(n.left, env, all);
      allVars(n.right, env, all);
      break;
    case "somein":
      allVars(n.collection, env, all);
      break;
    case "every": {
      allVars(n.domain, env, all);
      const info = scopeOf(n);
      if (info) info.free.forEach((s) => all.add(s));
      break;
    }
    case "block": {
      const info = scopeOf(n);
      if (info) info.free.forEach((s) => all.add(s));
      break;
    }
    case "some":
      break;
  }
  for (const w of e.with) allVars(w.value, env, all);
  return [...all].filter((s) => !safe.has(s));
}

// ---------------------------------------------------------------------------------------------
// bodies

/**
 * Reorders `body` for safety given the initially bound vars; nested comprehension and every
 * bodies are processed too. Returns the reordered body and the vars bound after it.
 */
export function reorderBody(body: Body, initial: Slots, env: SafetyEnv): { body: Body; safe: Slots } {
  const safe = new Set(initial);
  const remaining = body.slice();
  const ordered: Body = [];
  while (remaining.length > 0) {
    let progressed = false;
    for (let i = 0; i < remaining.length; i++) {
      const e = remaining[i]!;
      const outs = exprOutputs(e, safe, env);
      if (outs) {
        remaining.splice(i, 1);
        ordered.push(processNested(e, safe, env));
        for (const s of outs) safe.add(s);
        progressed = true;
        break;
      }
    }
    if (!progressed) {
      const reported = new Set<number>();
      for (const e of remaining) {
        for (const s of unboundVars(e, safe, env)) {
          if (reported.has(s)) continue;
          reported.add(s);
          const name = env.names[s]!;
          env.errors.push({
            code: "rego_unsafe_var_error",
            message: `var ${name === "_" ? "_" : name} is unsafe`,
            location: e.loc,
          });
        }
        if (unboundVars(e, safe, env).length === 0) {
          env.errors.push({ code: "rego_unsafe_var_error", message: "expression is unsafe", location: e.loc });
        }
      }
      return { body: ordered.concat(remaining), safe };
    }
  }
  return { body: ordered, safe };
}

/** Reorders the bodies nested inside an expression, with the vars bound before it. */
function processNested(e: Expr, safe: Slots, env: SafetyEnv): Expr {
  const n = e.node;
  const fixTerm = (t: Term): Term => nestedTerm(t, safe, env);
  switch (n.kind) {
    case "term":
      return { ...e, node: { kind: "term", term: fixTerm(n.term) }, with: e.with.map((w) => ({ ...w, value: fixTerm(w.value) })) };
    case "unify":
      return { ...e, node: { ...n, left: fixTerm(n.left), right: fixTerm(n.right) }, with: e.with.map((w) => ({ ...w, value: fixTerm(w.value) })) };
    case "somein":
      return { ...e, node: { ...n, collection: fixTerm(n.collection) } };
    case "every": {
      const inner = new Set(safe);
      const domainOuts = evaluable(n.domain, safe, env);
      domainOuts?.forEach((s) => inner.add(s));
      const kv = new Set<number>();
      if (n.key) patternVars(n.key, env, new Set(), kv);
      patternVars(n.value, env, new Set(), kv);
      kv.forEach((s) => inner.add(s));
      const r = reorderBody(n.body, inner, env);
      const node = { ...n, domain: fixTerm(n.domain), body: r.body };
      copyScope(n, node);
      return { ...e, node };
    }
    case "block": {
      const r = reorderBody(n.body, new Set(safe), env);
      const node = { ...n, body: r.body };
      copyScope(n, node);
      return { ...e, node };
    }
    default:
      return e;
  }
}

function copyScope(from: object, to: object): void {
  const info = scopeOf(from);
  if (info) scopeSet(to, info);
}

function nestedTerm(t: Term, safe: Slots, env: SafetyEnv): Term {
  switch (t.kind) {
    case "arraycompr":
    case "setcompr":
    case "objectcompr": {
      const r = reorderBody(t.body, safe, env);
      const out = { ...t, body: r.body } as Term;
      copyScope(t, out);
      // check the head is bound by the body
      const needs = new Set<number>();
      const outs = new Set<number>();
      if (t.kind === "objectcompr") {
        valueVars(t.key, env, needs, outs);
        valueVars(t.value, env, needs, outs);
      } else valueVars(t.term, env, needs, outs);
      for (const s of needs) {
        if (!r.safe.has(s) && !outs.has(s)) {
          env.errors.push({ code: "rego_unsafe_var_error", message: `var ${env.names[s]} is unsafe`, location: t.loc });
        }
      }
      return out;
    }
    case "ref":
      return { ...t, head: nestedTerm(t.head, safe, env), path: t.path.map((p) => nestedTerm(p, safe, env)) };
    case "array":
    case "set":
      return { ...t, items: t.items.map((x) => nestedTerm(x, safe, env)) };
    case "object":
      return { ...t, entries: t.entries.map(([k, v]) => [nestedTerm(k, safe, env), nestedTerm(v, safe, env)] as [Term, Term]) };
    case "call":
      return { ...t, args: t.args.map((a) => nestedTerm(a, safe, env)) };
    default:
      return t;
  }
}

/** Vars bound by unifying a pattern term (function args): all its vars. */
export function patternSlots(t: Term): Slots {
  const outs = new Set<number>();
  const dummyEnv: SafetyEnv = { arity: () => undefined, names: [], errors: [] };
  patternVars(t, dummyEnv, new Set(), outs);
  return outs;
}

/** Vars needed by a term evaluated as a value (head values, keys). */
export function neededSlots(t: Term, env: SafetyEnv): { needs: Slots; outs: Slots } {
  const needs = new Set<number>();
  const outs = new Set<number>();
  valueVars(t, env, needs, outs);
  return { needs, outs };
}
