// Name resolution: turns the variables of a rule or query into frame slots, references to
// rules of the same package and import aliases into `data...`/`input...` refs, and function
// names into builtin or rule paths.
//
// Scoping follows OPA (its rewriteLocalVars stage): `some x`, `x := ...`, `some x in xs`, `every`
// variables and function arguments declare a local from that point of the body on; a plain
// variable that is not declared (so far) in this or an enclosing body, nor a rule, an import or
// a root document, is a local of the outermost body that uses it, so that comprehension and
// `every` bodies share the plain variables of their enclosing bodies. A comprehension written
// before `x := ...` in its enclosing body therefore has its own `x`.

import type { ArrayCompr, Body, Call, Expr, ExprNode, ObjectCompr, Ref, SetCompr, Term, Var, With } from "../ast.js";
import { RegoError, type Location } from "../errors.js";

export interface ResolveEnv {
  /** package path of the module (without "data") */
  pkg: string[];
  /** first names of the rules of this package, mapped to their full data path prefix */
  ruleNames: ReadonlySet<string>;
  /** import aliases (`import data.x.y` -> "y", `import input.a as b` -> "b") to their ref */
  imports: ReadonlyMap<string, Ref | Var>;
  /** whether a (possibly dotted) name is a builtin function */
  isBuiltin(name: string): boolean;
  /** v1: `input`/`data` cannot be assigned, deprecated builtins are errors */
  regoVersion: "v0" | "v1";
  errors: { code: "rego_compile_error" | "rego_type_error"; message: string; location: Location }[];
}

/** Per-body scope info, attached to comprehension and every nodes for the safety pass. */
export interface ScopeInfo {
  /** slots declared in this scope */
  locals: Set<number>;
  /** slots of enclosing scopes referenced inside (must be bound before the node runs) */
  free: Set<number>;
}

const scopeInfo = new WeakMap<object, ScopeInfo>();
export function scopeOf(node: object): ScopeInfo | undefined {
  return scopeInfo.get(node);
}
export function setScopeOf(node: object, info: ScopeInfo): void {
  scopeInfo.set(node, info);
}

export class Frame {
  size = 0;
  /** slot -> name, for messages and bindings */
  names: string[] = [];
  alloc(name: string): number {
    this.names.push(name);
    return this.size++;
  }
}

type Occurrence = "assigned" | "declared" | "arg";

class Scope {
  readonly vars = new Map<string, number>();
  readonly info: ScopeInfo = { locals: new Set(), free: new Set() };
  /** names declared so far (some / := / some-in / every / function args), in body order */
  readonly declared = new Set<string>();
  /** plain (undeclared) names resolved in this body so far: declaring one later is an error */
  readonly seen = new Set<string>();
  /** how each name was declared in this body */
  readonly occurrence = new Map<string, Occurrence>();
  /** names of plain variables used at this body's level (not inside nested bodies), excluding names the body declares */
  readonly levelNames: Set<string>;
  constructor(
    readonly parent: Scope | null,
    allDeclared: ReadonlySet<string>,
    plainNames: ReadonlySet<string>,
  ) {
    this.levelNames = new Set([...plainNames].filter((n) => !allDeclared.has(n)));
  }
}

export class Resolver {
  constructor(
    private readonly env: ResolveEnv,
    readonly frame: Frame,
  ) {}

  private err(message: string, location: Location, code: "rego_compile_error" | "rego_type_error" = "rego_compile_error"): void {
    this.env.errors.push({ code, message, location });
  }

  // -------------------------------------------------------------------------------------------
  // entry points

  /** Resolves a rule: head args/key/value and body share the top scope. */
  resolveRule(
    args: Term[] | null,
    body: Body,
    headTerms: (Term | null)[],
  ): { args: Term[] | null; body: Body; head: (Term | null)[] } {
    const declared = new Set<string>();
    const level = new Set<string>();
    if (args) for (const a of args) collectVarNames(a, level, declared);
    for (const h of headTerms) if (h) collectVarNames(h, level, null);
    collectBodyNames(body, level, declared);
    const scope = new Scope(null, declared, level);
    const rargs = args ? args.map((a) => this.declareThenResolve(a, scope, "arg")) : null;
    const rbody = this.body(body, scope);
    const rhead = headTerms.map((h) => (h ? this.term(h, scope) : null));
    return { args: rargs, body: rbody, head: rhead };
  }

  /** Resolves a query body; returns the resolved body and its named variables. */
  resolveQuery(body: Body): { body: Body; vars: Var[] } {
    const declared = new Set<string>();
    const level = new Set<string>();
    collectBodyNames(body, level, declared);
    const scope = new Scope(null, declared, level);
    const rbody = this.body(body, scope);
    const vars: Var[] = [];
    for (const [name, slot] of scope.vars) {
      if (!name.startsWith("$")) vars.push({ kind: "var", name, slot, loc: { file: "query", row: 1, col: 1 } });
    }
    return { body: rbody, vars };
  }

  // -------------------------------------------------------------------------------------------
  // bodies and expressions

  private body(body: Body, scope: Scope): Body {
    const out: Body = [];
    for (const e of body) {
      if (e.node.kind === "unify" && e.node.op === ":=") {
        for (const name of patternVarNames(e.node.left)) {
          if (name === "input" || name === "data") this.err(`variables must not shadow ${name} (use a different variable name)`, e.loc);
        }
      }
      out.push(this.expr(e, scope));
    }
    return out;
  }

  private expr(e: Expr, scope: Scope): Expr {
    const withs: With[] = e.with.map((w) => ({ target: this.withTarget(w.target, scope), value: this.withValue(w.value, scope), loc: w.loc }));
    return { node: this.exprNode(e.node, scope, e.loc), negated: e.negated, with: withs, loc: e.loc, index: e.index };
  }

  /**
   * Declares the variables of a pattern (assignment target, some-in key/value, every key/value,
   * function argument) in `scope` with fresh slots, then resolves the pattern.
   */
  private declareThenResolve(t: Term, scope: Scope, how: Occurrence): Term {
    for (const v of patternVars(t)) this.declare(v, scope, how);
    return this.term(t, scope);
  }

  /** Declares a variable in `scope`; a name used or declared before in the same body is an error (as OPA). */
  private declare(v: Var, scope: Scope, how: Occurrence): number {
    const prev = scope.occurrence.get(v.name);
    if (scope.seen.has(v.name)) this.err(`var ${v.name} referenced above`, v.loc);
    else if (prev === "arg") this.err(`arg ${v.name} redeclared`, v.loc);
    else if (prev) this.err(`var ${v.name} ${prev} above`, v.loc);
    scope.occurrence.set(v.name, how);
    const slot = this.frame.alloc(v.name);
    scope.vars.set(v.name, slot);
    scope.info.locals.add(slot);
    scope.declared.add(v.name);
    return slot;
  }

  private exprNode(n: ExprNode, scope: Scope, loc: Location): ExprNode {
    switch (n.kind) {
      case "term":
        return { kind: "term", term: this.term(n.term, scope) };
      case "unify":
        if (n.op === ":=") {
          const bad = firstNonPattern(n.left);
          if (bad) this.err(`cannot assign to ${describeTerm(bad)}`, loc);
        }
        if (n.op === ":=") {
          const right = this.term(n.right, scope);
          return { kind: "unify", op: n.op, left: this.declareThenResolve(n.left, scope, "assigned"), right };
        }
        return { kind: "unify", op: n.op, left: this.term(n.left, scope), right: this.term(n.right, scope) };
      case "some":
        return { kind: "some", vars: n.vars.map((v) => this.declareVar(v, scope)) };
      case "somein": {
        const collection = this.term(n.collection, scope);
        return {
          kind: "somein",
          key: n.key ? this.declareThenResolve(n.key, scope, "declared") : null,
          value: this.declareThenResolve(n.value, scope, "declared"),
          collection,
        };
      }
      case "every": {
        const domain = this.term(n.domain, scope);
        const declared = new Set<string>();
        const level = new Set<string>();
        if (n.key) collectVarNames(n.key, level, declared);
        collectVarNames(n.value, level, declared);
        collectBodyNames(n.body, level, declared);
        const inner = new Scope(scope, declared, level);
        const key = n.key ? this.declareThenResolve(n.key, inner, "declared") : null;
        const value = this.declareThenResolve(n.value, inner, "declared");
        const body = this.body(n.body, inner);
        const node: ExprNode = { kind: "every", key, value, domain, body };
        scopeInfo.set(node, inner.info);
        return node;
      }
      case "block": {
        const declared = new Set<string>();
        const level = new Set<string>();
        collectBodyNames(n.body, level, declared);
        const inner = new Scope(scope, declared, level);
        const node: ExprNode = { kind: "block", body: this.body(n.body, inner) };
        scopeInfo.set(node, inner.info);
        return node;
      }
    }
  }

  private declareVar(v: Var, scope: Scope): Var {
    const slot = v.name.startsWith("$") ? this.frame.alloc("_") : this.declare(v, scope, "declared");
    return { kind: "var", name: v.name, loc: v.loc, slot };
  }

  /** `with` targets: input/data refs, package rules and imports (as data refs), or builtin names. */
  private withTarget(t: Term, scope: Scope): Term {
    const head = t.kind === "var" ? t : t.kind === "ref" && t.head.kind === "var" ? t.head : null;
    if (!head) {
      this.err("with keyword target must reference existing input, data, or a function", t.loc);
      return t;
    }
    const name = head.name;
    if (name === "input" || name === "data") return { ...t, ...(t.kind === "var" ? { slot: -1 } : {}) } as Term;
    if (this.findLocal(name, scope) === undefined && (this.env.imports.has(name) || this.env.ruleNames.has(name))) {
      return this.term(t, scope);
    }
    if (t.kind === "var") return { ...t, slot: -1 };
    return { ...(t as Ref), head: { ...head, slot: -1 } };
  }

  /** `with` values: a term, or the name of a function or builtin (for mocking). */
  private withValue(t: Term, scope: Scope): Term {
    const head = t.kind === "var" ? t : t.kind === "ref" && t.head.kind === "var" ? t.head : null;
    if (head && this.findLocal(head.name, scope) === undefined && !this.env.imports.has(head.name) && !this.env.ruleNames.has(head.name) && head.name !== "input" && head.name !== "data") {
      const dotted = t.kind === "var" ? t.name : [head.name, ...(t as Ref).path.map((p) => (p.kind === "scalar" ? String(p.value) : "?"))].join(".");
      if (this.env.isBuiltin(dotted)) return t.kind === "var" ? { ...t, slot: -1 } : { ...(t as Ref), head: { ...head, slot: -1 } };
    }
    return this.term(t, scope);
  }

  // -------------------------------------------------------------------------------------------
  // terms

  term(t: Term, scope: Scope): Term {
    switch (t.kind) {
      case "scalar":
        return t;
      case "var":
        return this.varRef(t, scope);
      case "ref":
        return this.ref(t, scope);
      case "array":
        return { kind: "array", items: t.items.map((x) => this.term(x, scope)), loc: t.loc };
      case "set":
        return { kind: "set", items: t.items.map((x) => this.term(x, scope)), loc: t.loc };
      case "object":
        return { kind: "object", entries: t.entries.map(([k, v]) => [this.term(k, scope), this.term(v, scope)] as [Term, Term]), loc: t.loc };
      case "call":
        return this.call(t, scope);
      case "arraycompr":
      case "setcompr":
      case "objectcompr":
        return this.compr(t, scope);
    }
  }

  private compr(t: ArrayCompr | SetCompr | ObjectCompr, scope: Scope): Term {
    const declared = new Set<string>();
    const level = new Set<string>();
    collectBodyNames(t.body, level, declared);
    if (t.kind === "objectcompr") {
      collectVarNames(t.key, level, null);
      collectVarNames(t.value, level, null);
    } else collectVarNames(t.term, level, null);
    const inner = new Scope(scope, declared, level);
    const body = this.body(t.body, inner);
    let out: Term;
    if (t.kind === "objectcompr") {
      out = { kind: "objectcompr", key: this.term(t.key, inner), value: this.term(t.value, inner), body, loc: t.loc };
    } else {
      out = { kind: t.kind, term: this.term(t.term, inner), body, loc: t.loc } as ArrayCompr | SetCompr;
    }
    scopeInfo.set(out, inner.info);
    return out;
  }

  /** Resolves a plain variable: local slot, enclosing-scope slot, rule ref, import, or root. */
  private varRef(v: Var, scope: Scope): Term {
    const name = v.name;
    if (name.startsWith("$")) {
      // wildcard: always a fresh local
      const slot = this.frame.alloc("_");
      scope.vars.set(name, slot);
      scope.info.locals.add(slot);
      return { kind: "var", name, loc: v.loc, slot };
    }
    // the innermost scope that declares the name owns it; otherwise the outermost scope that
    // uses it (an enclosing body's variable is shared with its comprehensions)
    let owner: Scope | null = null;
    for (let s: Scope | null = scope; s; s = s.parent) {
      if (s.declared.has(name)) {
        return this.local(v, s.vars.get(name)!, s, scope);
      }
      if (s.levelNames.has(name) || s.vars.has(name)) owner = s;
    }
    scope.seen.add(name);
    if (owner && !this.isGlobalName(name)) {
      return this.local(v, this.allocIn(owner, name), owner, scope);
    }
    if (name === "input" || name === "data") return { kind: "var", name, loc: v.loc, slot: -1 };
    const imp = this.env.imports.get(name);
    if (imp) return relocate(imp, v.loc);
    if (this.env.ruleNames.has(name)) return dataRef([...this.env.pkg, name], v.loc);
    // a fresh local of the current scope
    return this.local(v, this.allocIn(scope, name), scope, scope);
  }

  private isGlobalName(name: string): boolean {
    return name === "input" || name === "data" || this.env.imports.has(name) || this.env.ruleNames.has(name);
  }

  private allocIn(s: Scope, name: string): number {
    let slot = s.vars.get(name);
    if (slot === undefined) {
      slot = this.frame.alloc(name);
      s.vars.set(name, slot);
      s.info.locals.add(slot);
    }
    return slot;
  }

  private local(v: Var, slot: number, owner: Scope, from: Scope): Var {
    // mark as free in every scope between `from` and `owner`
    let s: Scope | null = from;
    while (s && s !== owner) {
      s.info.free.add(slot);
      s = s.parent;
    }
    return { kind: "var", name: v.name, loc: v.loc, slot };
  }

  private ref(r: Ref, scope: Scope): Term {
    const head = this.term(r.head, scope);
    const path = r.path.map((p) => this.term(p, scope));
    if (head.kind === "ref") return { kind: "ref", head: head.head, path: [...head.path, ...path], loc: r.loc };
    return { kind: "ref", head, path, loc: r.loc };
  }

  private call(c: Call, scope: Scope): Term {
    const args = c.args.map((a) => this.term(a, scope));
    const fn = this.resolveFunctionName(c.fn, scope, c.loc);
    const out: Call = { kind: "call", fn, args, loc: c.loc };
    if (c.infix) out.infix = c.infix;
    return out;
  }

  /** Function names: `data.x.f`, import alias `lib.f`, package rule `f`, or a builtin name. */
  resolveFunctionName(fn: Ref, scope: Scope | null, loc: Location): Ref {
    const head = fn.head;
    if (head.kind !== "var") return fn;
    const name = head.name;
    const dotted = [name, ...fn.path.map((p) => (p.kind === "scalar" && typeof p.value === "string" ? p.value : "?"))].join(".");
    if (name === "data") return fn;
    // a local variable cannot be called
    if (scope && this.findLocal(name, scope) !== undefined) {
      this.err(`${dotted} is a variable, not a function`, loc, "rego_type_error");
      return fn;
    }
    const imp = this.env.imports.get(name);
    if (imp && imp.kind === "ref" && imp.head.kind === "var" && imp.head.name === "data") {
      return { kind: "ref", head: imp.head, path: [...imp.path, ...fn.path], loc: fn.loc };
    }
    if (this.env.ruleNames.has(name)) return dataRef([...this.env.pkg, name], fn.loc, fn.path);
    return fn; // builtin (checked by the compiler)
  }

  private findLocal(name: string, scope: Scope): number | undefined {
    let s: Scope | null = scope;
    while (s) {
      const slot = s.vars.get(name);
      if (slot !== undefined) return slot;
      if (s.declared.has(name)) return -2;
      s = s.parent;
    }
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// helpers

function dataRef(path: string[], loc: Location, extra: Term[] = []): Ref {
  return {
    kind: "ref",
    head: { kind: "var", name: "data", loc, slot: -1 },
    path: [...path.map((p) => ({ kind: "scalar" as const, value: p, loc })), ...extra],
    loc,
  };
}

function relocate(t: Ref | Var, loc: Location): Term {
  if (t.kind === "var") return { ...t, loc };
  return { ...t, loc };
}

/** Collects the names of plain variables of a term at this level (not inside nested bodies). */
export function collectVarNames(t: Term, level: Set<string>, declared: Set<string> | null): void {
  switch (t.kind) {
    case "var":
      if (!t.name.startsWith("$")) {
        if (declared) declared.add(t.name);
        else level.add(t.name);
      }
      return;
    case "ref":
      collectVarNames(t.head, level, null);
      for (const p of t.path) collectVarNames(p, level, null);
      return;
    case "array":
    case "set":
      for (const x of t.items) collectVarNames(x, level, declared);
      return;
    case "object":
      for (const [k, v] of t.entries) {
        collectVarNames(k, level, null);
        collectVarNames(v, level, declared);
      }
      return;
    case "call":
      for (const a of t.args) collectVarNames(a, level, null);
      return;
    default:
      return;
  }
}

function collectBodyNames(body: Body, level: Set<string>, declared: Set<string>): void {
  for (const e of body) {
    const n = e.node;
    switch (n.kind) {
      case "term":
        collectVarNames(n.term, level, null);
        break;
      case "unify":
        collectVarNames(n.left, level, n.op === ":=" ? declared : null);
        collectVarNames(n.right, level, null);
        break;
      case "some":
        for (const v of n.vars) declared.add(v.name);
        break;
      case "somein":
        if (n.key) collectVarNames(n.key, level, declared);
        collectVarNames(n.value, level, declared);
        collectVarNames(n.collection, level, null);
        break;
      case "every":
        collectVarNames(n.domain, level, null);
        break;
      case "block":
        break;
    }
    for (const w of e.with) collectVarNames(w.value, level, null);
  }
}

/** The (non-wildcard) variables a pattern declares: vars, array items, object values. */
function patternVars(t: Term): Var[] {
  const out: Var[] = [];
  const walk = (x: Term) => {
    if (x.kind === "var") {
      if (!x.name.startsWith("$") && !out.some((v) => v.name === x.name)) out.push(x);
    } else if (x.kind === "array") x.items.forEach(walk);
    else if (x.kind === "object") x.entries.forEach(([, v]) => walk(v));
  };
  walk(t);
  return out;
}

function patternVarNames(t: Term): string[] {
  const out: string[] = [];
  const walk = (x: Term) => {
    if (x.kind === "var") {
      if (!x.name.startsWith("$")) out.push(x.name);
    } else if (x.kind === "array") x.items.forEach(walk);
    else if (x.kind === "object") x.entries.forEach(([, v]) => walk(v));
  };
  walk(t);
  return out;
}

/** The first sub-term of an assignment target that is not a var/array/object/scalar pattern. */
function firstNonPattern(t: Term): Term | null {
  switch (t.kind) {
    case "var":
    case "scalar":
      return null;
    case "array":
      for (const x of t.items) {
        const b = firstNonPattern(x);
        if (b) return b;
      }
      return null;
    case "object":
      for (const [, v] of t.entries) {
        const b = firstNonPattern(v);
        if (b) return b;
      }
      return null;
    default:
      return t;
  }
}

function describeTerm(t: Term): string {
  switch (t.kind) {
    case "ref":
      return "ref";
    case "call":
      return "call";
    case "set":
      return "set";
    default:
      return t.kind;
  }
}
