// Abstract syntax of Rego modules, rules, bodies, expressions and terms.

import type { Location } from "./errors.js";
import type { Value } from "./value.js";

// ---------------------------------------------------------------------------------------------
// terms

export interface Scalar {
  kind: "scalar";
  value: Value; // null | boolean | number | string
  loc: Location;
}

export interface Var {
  kind: "var";
  name: string;
  loc: Location;
  /** slot in the evaluation frame, assigned by the compiler (-1 until then) */
  slot: number;
}

export interface Ref {
  kind: "ref";
  /** head: a var (input, data, local, rule name), or a call/composite for `f(x)[0]`, `[1,2][i]` */
  head: Term;
  /** path elements after the head: scalars for `.name`, any term for `[term]` */
  path: Term[];
  loc: Location;
}

export interface ArrayTerm {
  kind: "array";
  items: Term[];
  loc: Location;
}

export interface SetTerm {
  kind: "set";
  items: Term[];
  loc: Location;
}

export interface ObjectTerm {
  kind: "object";
  entries: [Term, Term][];
  loc: Location;
}

export interface ArrayCompr {
  kind: "arraycompr";
  term: Term;
  body: Body;
  loc: Location;
}

export interface SetCompr {
  kind: "setcompr";
  term: Term;
  body: Body;
  loc: Location;
}

export interface ObjectCompr {
  kind: "objectcompr";
  key: Term;
  value: Term;
  body: Body;
  loc: Location;
}

export interface Call {
  kind: "call";
  /** the function: a ref such as `count`, `data.lib.f`, `strings.any_prefix_match` */
  fn: Ref;
  args: Term[];
  loc: Location;
  /** operator text when written infix (`+`, `==`, ...), for messages */
  infix?: string;
}

export type Term = Scalar | Var | Ref | ArrayTerm | SetTerm | ObjectTerm | ArrayCompr | SetCompr | ObjectCompr | Call;

// ---------------------------------------------------------------------------------------------
// expressions and bodies

export interface With {
  target: Term; // ref: input..., data..., or a function/builtin name
  value: Term;
  loc: Location;
}

/** `t` — a term evaluated for truth: defined and not false */
export interface TermExpr {
  kind: "term";
  term: Term;
}

/** `a = b` (unification), `a := b` (assignment, declares the vars of a), `a == b` is a Call */
export interface UnifyExpr {
  kind: "unify";
  op: "=" | ":=";
  left: Term;
  right: Term;
}

/** `some x, y` */
export interface SomeDecl {
  kind: "some";
  vars: Var[];
}

/** `some v in xs`, `some k, v in xs` */
export interface SomeIn {
  kind: "somein";
  key: Term | null;
  value: Term;
  collection: Term;
}

/** `every v in xs { body }`, `every k, v in xs { body }` */
export interface Every {
  kind: "every";
  key: Term | null;
  value: Term;
  domain: Term;
  body: Body;
}

/** `not { a; b }` (with `import rego.v2`): a body, true when all its expressions hold */
export interface Block {
  kind: "block";
  body: Body;
}

export type ExprNode = TermExpr | UnifyExpr | SomeDecl | SomeIn | Every | Block;

export interface Expr {
  node: ExprNode;
  negated: boolean;
  with: With[];
  loc: Location;
  /** index of the expression in its body as written (reordering keeps this) */
  index: number;
}

export type Body = Expr[];

// ---------------------------------------------------------------------------------------------
// rules and modules

export type RuleKind =
  | "complete" // p := v / p = v / p if ... / p.q.r := v
  | "partialset" // p contains x / v0 p[x]
  | "partialobject" // p[k] := v, p.q[k].r := v (ref head with variables)
  | "function"; // f(x) := y

export interface RuleHead {
  /** the rule's ref relative to its package: first element a name, rest terms */
  ref: Term[];
  /** function parameters */
  args: Term[] | null;
  /** partial set element (`contains x`) */
  key: Term | null;
  /** the value term (complete rules, functions, object rules); null = true */
  value: Term | null;
  /** written with := */
  assign: boolean;
  loc: Location;
}

export interface Rule {
  kind: RuleKind;
  head: RuleHead;
  body: Body;
  /** true when the body was omitted (`p := 1`): it is always true */
  bodyless: boolean;
  isDefault: boolean;
  /** else chain: evaluated when this rule's body has no solution */
  else: Rule | null;
  /** the module this rule belongs to */
  module: Module;
  loc: Location;
  annotations: AnnotationBlock[];
  /** full path under data, e.g. ["policy", "deny"] (static part only) */
  path: string[];
  /** number of slots needed by the rule's frame, set by the compiler */
  frameSize: number;
}

export interface Import {
  path: Term; // a ref rooted at data, input, future, rego
  alias: string | null;
  loc: Location;
}

export interface AnnotationBlock {
  scope: "package" | "rule" | "document" | "subpackages";
  data: Record<string, unknown>;
  loc: Location;
}

export interface Module {
  file: string;
  /** package path without "data", e.g. ["policy", "backups"] */
  package: string[];
  packageLoc: Location;
  imports: Import[];
  rules: Rule[];
  annotations: AnnotationBlock[];
  regoVersion: "v0" | "v1";
  source: string;
}

/** A parsed query: a body with its own frame. */
export interface Query {
  body: Body;
  frameSize: number;
  /** the query's named variables, for bindings */
  vars: Var[];
}

// ---------------------------------------------------------------------------------------------
// helpers

export function varTerm(name: string, loc: Location): Var {
  return { kind: "var", name, loc, slot: -1 };
}

export function isWildcard(v: Var): boolean {
  return v.name === "_" || v.name.startsWith("$");
}

/** Walks every term within a term (including the term itself), not descending into bodies. */
export function forEachTerm(t: Term, fn: (t: Term) => void): void {
  fn(t);
  switch (t.kind) {
    case "ref":
      forEachTerm(t.head, fn);
      for (const p of t.path) forEachTerm(p, fn);
      break;
    case "array":
    case "set":
      for (const x of t.items) forEachTerm(x, fn);
      break;
    case "object":
      for (const [k, v] of t.entries) {
        forEachTerm(k, fn);
        forEachTerm(v, fn);
      }
      break;
    case "call":
      forEachTerm(t.fn, fn);
      for (const a of t.args) forEachTerm(a, fn);
      break;
    default:
      break;
  }
}

/** Text of a ref such as `data.x.y[_]` for messages. */
export function refText(r: Ref): string {
  let s = termText(r.head);
  for (const p of r.path) {
    if (p.kind === "scalar" && typeof p.value === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(p.value)) s += "." + p.value;
    else s += "[" + termText(p) + "]";
  }
  return s;
}

export function termText(t: Term): string {
  switch (t.kind) {
    case "scalar":
      return typeof t.value === "string" ? JSON.stringify(t.value) : String(t.value);
    case "var":
      return t.name;
    case "ref":
      return refText(t);
    case "array":
      return "[" + t.items.map(termText).join(", ") + "]";
    case "set":
      return t.items.length === 0 ? "set()" : "{" + t.items.map(termText).join(", ") + "}";
    case "object":
      return "{" + t.entries.map(([k, v]) => termText(k) + ": " + termText(v)).join(", ") + "}";
    case "call":
      return refText(t.fn) + "(" + t.args.map(termText).join(", ") + ")";
    case "arraycompr":
      return "[" + termText(t.term) + " | ...]";
    case "setcompr":
      return "{" + termText(t.term) + " | ...}";
    case "objectcompr":
      return "{" + termText(t.key) + ": " + termText(t.value) + " | ...}";
  }
}
