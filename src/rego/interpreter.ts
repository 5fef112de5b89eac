// The evaluator: top-down, depth-first with backtracking, in continuation-passing style.
//
// Every evaluation function takes a continuation and returns `true` to stop the search
// (used by negation, `every`, and rules whose value is fixed once one solution is found).
// Variables live in a frame (one array per rule or function invocation); a binding is undone
// when the continuation returns, so backtracking needs no trail.

import { candidates as indexedPositions, filterHint } from "./iteration-index.js";
import type { ArrayCompr, Body, Call, Expr, ObjectCompr, Ref, Rule, SetCompr, Term, With } from "./ast.js";
import { termText } from "./ast.js";
import { groundTermValue, isGround } from "./ground.js";
import { BUILTINS, BuiltinError, RefusedBuiltinError, type BuiltinContext, type BuiltinDef } from "./builtins/index.js";
import { callName, type RuleWithSuffix } from "./compiler/index.js";
import type { RuleNode } from "./compiler/tree.js";
import { RegoError, type ErrorCode, type Location } from "./errors.js";
import { numCmp, numToString, type Num } from "./number.js";
import { regoText } from "./builtins/rego-text.js";
import { type RuleIndex, candidates, indexFunctions, indexRules } from "./rule-index.js";
import { type Value, RObject, RSet, compare, equal, isNum, typeName } from "./value.js";

type K = () => boolean;
type VK = (v: Value) => boolean;
type Frame = (Value | undefined)[];

const UNDEF = Symbol("undefined");
/** tryValue: the term needs the general (iterating) evaluation */
const COMPLEX = Symbol("complex");

/** Rule indexes per node, built on first use and shared by every evaluation of a policy. */
const INDEXES = new WeakMap<RuleNode, { complete: RuleIndex | null; set: RuleIndex | null; fn: RuleIndex | null }>();
function indexesOf(node: RuleNode) {
  let ix = INDEXES.get(node);
  if (!ix) {
    ix = { complete: indexRules(node.complete), set: indexRules(node.partialSet), fn: indexFunctions(node.functions) };
    INDEXES.set(node, ix);
  }
  return ix;
}

export interface EvalLimits {
  maxSteps: number;
  timeoutMs: number;
  maxDepth: number;
}

export interface EvalConfig {
  tree: RuleNode;
  input: Value | undefined;
  data: RObject;
  strictBuiltinErrors: boolean;
  limits: EvalLimits;
  print: (line: string, location?: Location) => void;
  env: Record<string, string>;
  nowNs: bigint;
}

type Mock = { kind: "value"; value: Value } | { kind: "node"; node: RuleNode } | { kind: "builtin"; name: string };

interface State {
  input: Value | undefined;
  data: RObject;
  /** data paths replaced by `with data.x as v` (joined by \u0000) */
  overrides: Map<string, Value> | null;
  mocks: Map<string, Mock> | null;
  cache: Map<RuleNode, Value | typeof UNDEF>;
  /** results of function calls by function and arguments (see invokeFunction) */
  memo: Map<RuleNode, NodeMemo>;
}

export class Evaluator {
  private state: State;
  private steps = 0;
  private readonly deadline: number;
  private depth = 0;
  /** lines printed so far (calls that print are not memoized) */
  private printed = 0;
  private memoEntries = 0;
  readonly ctx: BuiltinContext;
  private readonly tree: RuleNode;
  private readonly strict: boolean;
  private readonly limits: EvalLimits;
  private readonly printer: (line: string, location?: Location) => void;

  constructor(cfg: EvalConfig) {
    this.tree = cfg.tree;
    this.strict = cfg.strictBuiltinErrors;
    this.limits = cfg.limits;
    this.printer = cfg.print;
    this.deadline = Date.now() + cfg.limits.timeoutMs;
    this.state = { input: cfg.input, data: cfg.data, overrides: null, mocks: null, cache: new Map(), memo: new Map() };
    const self = this;
    this.ctx = {
      nowNs: cfg.nowNs,
      cache: new Map(),
      print: cfg.print,
      env: cfg.env,
      charge(units: number) {
        self.charge(units);
      },
    };
  }

  // -------------------------------------------------------------------------------------------
  // limits

  private charge(units: number): void {
    this.steps += units;
    if (this.steps > this.limits.maxSteps) {
      throw new RegoError({ code: "eval_cancel_error", message: `evaluation exceeded its budget of ${this.limits.maxSteps} steps` });
    }
    if ((this.steps & 0xfff) < units || units > 0xfff) this.checkTime();
  }

  private checkTime(): void {
    if (Date.now() > this.deadline) {
      throw new RegoError({ code: "eval_cancel_error", message: `evaluation timed out after ${this.limits.timeoutMs} ms` });
    }
  }

  private step(): void {
    if (++this.steps > this.limits.maxSteps) this.charge(0);
    if ((this.steps & 0xfff) === 0) this.checkTime();
  }

  private enterCall(loc: Location): void {
    if (++this.depth > this.limits.maxDepth) {
      throw new RegoError({ code: "eval_cancel_error", message: `evaluation exceeded the maximum call depth of ${this.limits.maxDepth}`, location: loc });
    }
  }

  private error(code: ErrorCode, message: string, location?: Location): RegoError {
    return new RegoError(location ? { code, message, location } : { code, message });
  }

  // -------------------------------------------------------------------------------------------
  // bodies and expressions

  evalBody(body: Body, i: number, frame: Frame, k: K): boolean {
    // expressions with exactly one outcome (no iteration) run in a loop rather than as nested
    // continuations: long bodies of assignments and tests do not grow the stack
    let bound: number[] | null = null;
    for (; i < body.length; i++) {
      const r = this.tryExpr(body[i]!, frame);
      if (r === COMPLEX) break;
      if (r === false) {
        if (bound !== null) for (const s of bound) frame[s] = undefined;
        return false;
      }
      if (r >= 0) (bound ??= []).push(r);
    }
    let result: boolean;
    if (i === body.length) result = k();
    else if (i + 1 === body.length) result = this.evalExpr(body[i]!, frame, k);
    else {
      const next = i + 1;
      const cont = () => this.evalBody(body, next, frame, k);
      const indexed = this.evalSomeInIndexed(body[i]!, body[next], frame, cont);
      result = indexed ?? this.evalExpr(body[i]!, frame, cont);
    }
    if (bound !== null) for (const s of bound) frame[s] = undefined;
    return result;
  }

  /**
   * `some v in coll` followed by a filter on one attribute of v, through an index of the
   * collection (iteration-index.ts); null when that does not apply and the expression must be
   * evaluated as usual.
   */
  private evalSomeInIndexed(e: Expr, next: Expr | undefined, frame: Frame, k: K): boolean | null {
    if (e.node.kind !== "somein" || this.state.mocks !== null) return null;
    const hint = filterHint(e, next, (c) => this.callTarget(c).name);
    if (hint === null || frame[hint.slot] !== undefined) return null;
    const coll = this.tryTermValue(e.node.collection, frame);
    if (coll === COMPLEX || coll === undefined || !Array.isArray(coll)) return null;
    const other = this.tryTermValue(hint.other, frame);
    if (other === COMPLEX) return null;
    if (other === undefined) return false; // the filter is undefined for every element
    const positions = indexedPositions(coll, hint, other);
    if (positions === null) return null;
    const arr = coll as readonly Value[];
    const value = e.node.value;
    for (const i of positions) {
      this.step();
      if (this.unifyValue(value, arr[i]!, frame, k)) return true;
    }
    return false;
  }

  /**
   * An expression with a single outcome, evaluated directly: false when it fails, the slot it
   * bound (or -1) when it holds, COMPLEX when it needs the general evaluation (iteration,
   * patterns, negation, with, every).
   */
  private tryExpr(e: Expr, frame: Frame): number | false | typeof COMPLEX {
    if (e.with.length > 0 || e.negated) return COMPLEX;
    const n = e.node;
    switch (n.kind) {
      case "some":
        this.step();
        return -1;
      case "term": {
        const t = n.term;
        if (t.kind === "call") {
          const ar = this.callTarget(t).arity;
          if (ar >= 0 && t.args.length === ar + 1) return COMPLEX; // output argument
        }
        const v = this.tryTermValue(t, frame);
        if (v === COMPLEX) return COMPLEX;
        this.step();
        return v === undefined || v === false ? false : -1;
      }
      case "unify": {
        const l = n.left;
        const r = n.right;
        if (l.kind === "var" && l.slot >= 0 && frame[l.slot] === undefined) {
          const v = this.tryTermValue(r, frame);
          if (v === COMPLEX) return COMPLEX;
          this.step();
          if (v === undefined) return false;
          frame[l.slot] = v;
          return l.slot;
        }
        if (n.op === ":=" || this.isPattern(l, frame) || this.isPattern(r, frame)) return COMPLEX;
        const a = this.tryTermValue(l, frame);
        if (a === COMPLEX) return COMPLEX;
        const b = a === undefined ? undefined : this.tryTermValue(r, frame);
        if (b === COMPLEX) return COMPLEX;
        this.step();
        return a !== undefined && b !== undefined && equal(a, b) ? -1 : false;
      }
      default:
        return COMPLEX;
    }
  }

  /** tryValue, plus calls whose arguments are plain values and whose function is not a relation. */
  private tryTermValue(t: Term, frame: Frame): Value | undefined | typeof COMPLEX {
    if (t.kind !== "call") return this.tryValue(t, frame);
    const target = this.callTarget(t);
    if (target.builtin?.relation || target.name === "print") return COMPLEX;
    const argTerms = t.args;
    const args: Value[] = new Array(argTerms.length);
    let undef = false;
    for (let i = 0; i < argTerms.length; i++) {
      const a = argTerms[i]!;
      // an argument that runs a body (a call, a comprehension) is only evaluated here when the
      // arguments after it cannot send the call to the general evaluation, which would run
      // that body a second time (and print twice)
      if (i + 1 < argTerms.length && (a.kind === "call" || a.kind === "arraycompr" || a.kind === "setcompr" || a.kind === "objectcompr")) {
        for (let j = i + 1; j < argTerms.length; j++) if (!this.tryable(argTerms[j]!, frame)) return COMPLEX;
      }
      const v = this.tryTermValue(a, frame);
      if (v === COMPLEX) return COMPLEX;
      if (v === undefined) undef = true;
      else args[i] = v;
    }
    if (undef) return undefined;
    const name = target.name;
    if (this.state.mocks === null) {
      switch (name) {
        case "equal":
        case "neq":
        case "lt":
        case "lte":
        case "gt":
        case "gte":
          if (args.length === 2) return compareOp(name, args[0]!, args[1]!);
          break;
        case "internal.member_2":
          return member(args[0]!, args[1]!);
        case "internal.member_3": {
          const got = lookup(args[2]!, args[0]!);
          return got !== undefined && equal(got, args[1]!);
        }
      }
    }
    return this.callValue(target, args, t.loc);
  }

  /**
   * Whether tryTermValue computes a term without returning COMPLEX, decided without evaluating
   * anything (conservative: false when unsure).
   */
  private tryable(t: Term, frame: Frame): boolean {
    switch (t.kind) {
      case "scalar":
        return true;
      case "var":
        return t.slot >= 0 ? frame[t.slot] !== undefined : t.name === "input";
      case "ref": {
        const h = t.head;
        if (h.kind !== "var" || (h.slot >= 0 ? frame[h.slot] === undefined : h.name !== "input")) return false;
        for (const p of t.path) if (p.kind !== "scalar" && !(p.kind === "var" && p.slot >= 0 && frame[p.slot] !== undefined)) return false;
        return true;
      }
      case "array":
      case "set":
        // literal items are computed by tryValue, which leaves calls to the general evaluation
        return t.items.every((x) => x.kind !== "call" && this.tryable(x, frame));
      case "object":
        return t.entries.every(([k, v]) => k.kind !== "call" && v.kind !== "call" && this.tryable(k, frame) && this.tryable(v, frame));
      case "call": {
        const target = this.callTarget(t);
        if (target.builtin?.relation || target.name === "print" || (target.arity >= 0 && t.args.length === target.arity + 1)) return false;
        return t.args.every((x) => this.tryable(x, frame));
      }
      default:
        return false;
    }
  }

  /** The value of a call that is not a relation (one value or none), without a continuation. */
  private callValue(target: CallTarget, args: Value[], loc: Location): Value | undefined {
    if (this.state.mocks === null) {
      if (target.node) return this.functionResult(target.node, args);
      if (target.builtin) return this.builtinResult(target.name, target.builtin, args, loc);
    }
    let out: Value | undefined;
    this.invoke(target, args, loc, (v) => {
      out = v;
      return true;
    });
    return out;
  }

  evalExpr(e: Expr, frame: Frame, k: K): boolean {
    this.step();
    if (e.with.length > 0) return this.evalWith(e, frame, k);
    if (e.negated) {
      const found = this.evalExprNode(e, frame, () => true);
      return found ? false : k();
    }
    return this.evalExprNode(e, frame, k);
  }

  private evalExprNode(e: Expr, frame: Frame, k: K): boolean {
    const n = e.node;
    switch (n.kind) {
      case "block":
        return this.evalBody(n.body, 0, frame, k);
      case "term":
        return this.evalTruth(n.term, frame, k);
      case "unify":
        if (n.op === ":=") return this.evalTerm(n.right, frame, (v) => this.unifyValue(n.left, v, frame, k));
        return this.unify(n.left, n.right, frame, k);
      case "some":
        return k();
      case "somein":
        return this.evalTerm(n.collection, frame, (coll) =>
          this.iterate(coll, (key, val) => {
            if (n.key) return this.unifyValue(n.key, key, frame, () => this.unifyValue(n.value, val, frame, k));
            return this.unifyValue(n.value, val, frame, k);
          }),
        );
      case "every":
        return this.evalTerm(n.domain, frame, (dom) => {
          let ok = true;
          this.iterate(dom, (key, val) => {
            const holds = (n.key ? this.unifyValue(n.key, key, frame, () => this.unifyValue(n.value, val, frame, () => this.evalBody(n.body, 0, frame, () => true))) : this.unifyValue(n.value, val, frame, () => this.evalBody(n.body, 0, frame, () => true)));
            if (!holds) {
              ok = false;
              return true;
            }
            return false;
          });
          return ok ? k() : false;
        });
    }
  }

  /** A term used as an expression: true when defined and not false. */
  private evalTruth(t: Term, frame: Frame, k: K): boolean {
    if (t.kind === "call") {
      const fn = this.callTarget(t);
      const ar = fn.arity;
      if (ar >= 0 && t.args.length === ar + 1) {
        // f(x, out): the last argument receives the result
        const outTerm = t.args[ar]!;
        return this.evalCall(t, t.args.slice(0, ar), frame, (v) => this.unifyValue(outTerm, v, frame, k));
      }
    }
    return this.evalTerm(t, frame, (v) => (v === false ? false : k()));
  }

  // -------------------------------------------------------------------------------------------
  // with

  private evalWith(e: Expr, frame: Frame, k: K): boolean {
    const inner: Expr = { ...e, with: [] };
    return this.underWith(e, frame, (kv) => this.evalExpr(inner, frame, () => kv(true)), () => k());
  }

  /**
   * Runs `run` under the with-modifiers of `e` (replaced input, data, functions; a fresh rule
   * cache); what it produces reaches `k` under the outer state again.
   */
  private underWith(e: Expr, frame: Frame, run: (kv: VK) => boolean, k: VK): boolean {
    const base = this.state;
    // evaluate the replacement values under the current state
    const values: (Value | Mock)[] = [];
    for (const w of e.with) values.push(this.withValue(w, frame));
    const next: State = {
      input: base.input,
      data: base.data,
      overrides: base.overrides ? new Map(base.overrides) : null,
      mocks: base.mocks ? new Map(base.mocks) : null,
      cache: new Map(),
      memo: new Map(),
    };
    e.with.forEach((w, i) => this.applyWith(next, w, values[i]!));
    this.state = next;
    try {
      return run((v) => {
        this.state = base;
        try {
          return k(v);
        } finally {
          this.state = next;
        }
      });
    } finally {
      this.state = base;
    }
  }

  /** The value of a term expression of a query (its result value), under its with-modifiers. */
  evalExprValue(e: Expr, t: Term, frame: Frame, k: VK): boolean {
    this.step();
    if (e.with.length === 0) return this.evalTerm(t, frame, k);
    return this.underWith(e, frame, (kv) => this.evalTerm(t, frame, kv), k);
  }

  /** Declared number of arguments of a call's function (-1 when variadic or unknown). */
  arityOf(c: Call): number {
    return this.callTarget(c).arity;
  }

  private withValue(w: With, frame: Frame): Value | Mock {
    const targetName = withTargetName(w.target);
    const isFunctionTarget = targetName !== undefined && this.isFunctionName(targetName);
    if (isFunctionTarget) {
      const valName = withTargetName(w.value);
      if (valName !== undefined) {
        if (valName.startsWith("data.")) {
          const node = this.tree.find(valName.slice(5).split("."));
          if (node && node.arity >= 0) return { kind: "node", node };
        } else if (BUILTINS.has(valName) || specialArity(valName) >= 0) return { kind: "builtin", name: valName };
      }
    }
    let out: Value | undefined;
    this.evalTerm(w.value, frame, (v) => {
      out = v;
      return true;
    });
    if (out === undefined) throw this.error("eval_type_error", `with value ${termText(w.value)} is undefined`, w.loc);
    return out;
  }

  private isFunctionName(name: string): boolean {
    if (name.startsWith("data.")) {
      const node = this.tree.find(name.slice(5).split("."));
      return !!node && node.arity >= 0;
    }
    return BUILTINS.has(name) || name === "print" || name === "opa.runtime" || name === "trace";
  }

  private applyWith(s: State, w: With, v: Value | Mock): void {
    const name = withTargetName(w.target);
    if (name !== undefined && this.isFunctionName(name)) {
      if (!s.mocks) s.mocks = new Map();
      const mock: Mock = isMock(v) ? v : { kind: "value", value: v };
      s.mocks.set(name, mock);
      return;
    }
    const path = withTargetPath(w.target);
    if (!path) throw this.error("rego_compile_error", `with keyword target must reference existing input, data, or a function`, w.loc);
    const value = v as Value;
    if (path.root === "input") {
      s.input = path.path.length === 0 ? value : upsert(s.input, path.path, value);
    } else {
      if (!s.overrides) s.overrides = new Map();
      s.overrides.set(path.path.join("\u0000"), value);
      s.data = upsert(s.data, path.path, value) as RObject;
    }
  }

  // -------------------------------------------------------------------------------------------
  // terms

  evalTerm(t: Term, frame: Frame, k: VK): boolean {
    switch (t.kind) {
      case "scalar":
        return k(t.value);
      case "var": {
        if (t.slot >= 0) {
          const v = frame[t.slot];
          if (v === undefined) throw this.error("eval_internal_error", `var ${t.name} is unbound`, t.loc);
          return k(v);
        }
        if (t.name === "input") return this.state.input === undefined ? false : k(this.state.input);
        if (t.name === "data") return this.evalData([], 0, frame, k);
        throw this.error("eval_internal_error", `unresolved var ${t.name}`, t.loc);
      }
      case "ref": {
        const v = this.tryValue(t, frame);
        if (v === COMPLEX) return this.evalRef(t, frame, k);
        return v === undefined ? false : k(v);
      }
      case "call":
        return this.evalCall(t, t.args, frame, k);
      case "array": {
        const g = groundValue(t);
        if (g !== null) return k(g);
        return this.evalItems(t.items, 0, new Array(t.items.length), frame, (items) => k(items));
      }
      case "set": {
        const g = groundValue(t);
        if (g !== null) return k(g);
        return this.evalItems(t.items, 0, new Array(t.items.length), frame, (items) => k(RSet.of(items)));
      }
      case "object": {
        const g = groundValue(t);
        if (g !== null) return k(g);
        return this.evalObject(t.entries, 0, [], frame, k);
      }
      case "arraycompr":
        return k(this.arrayCompr(t, frame));
      case "setcompr":
        return k(this.setCompr(t, frame));
      case "objectcompr":
        return k(this.objectCompr(t, frame));
    }
  }

  /**
   * The value of a term that cannot iterate (scalars, bound variables, refs whose keys are all
   * known), computed without continuations; undefined when it is undefined, COMPLEX otherwise.
   */
  tryValue(t: Term, frame: Frame): Value | undefined | typeof COMPLEX {
    switch (t.kind) {
      case "scalar":
        return t.value;
      case "var":
        if (t.slot >= 0) {
          const v = frame[t.slot];
          return v === undefined ? COMPLEX : v;
        }
        return t.name === "input" ? this.state.input : COMPLEX;
      case "ref": {
        const h = t.head;
        let v: Value | undefined;
        if (h.kind !== "var") return COMPLEX;
        if (h.slot >= 0) {
          v = frame[h.slot];
          if (v === undefined) return COMPLEX;
        } else if (h.name === "input") {
          v = this.state.input;
          if (v === undefined) return undefined;
        } else if (h.name === "data") {
          return this.tryData(t.path);
        } else return COMPLEX;
        const path = t.path;
        for (let i = 0; i < path.length; i++) {
          const p = path[i]!;
          let key: Value | undefined;
          if (p.kind === "scalar") key = p.value;
          else if (p.kind === "var" && p.slot >= 0) {
            key = frame[p.slot];
            if (key === undefined) return COMPLEX;
          } else return COMPLEX;
          v = lookup(v, key);
          if (v === undefined) return undefined;
        }
        return v;
      }
      case "arraycompr":
        return this.arrayCompr(t, frame);
      case "setcompr":
        return this.setCompr(t, frame);
      case "objectcompr":
        return this.objectCompr(t, frame);
      case "array": {
        const g = groundValue(t);
        if (g !== null) return g;
        const items = t.items;
        const out = new Array<Value>(items.length);
        for (let i = 0; i < items.length; i++) {
          const v = this.tryValue(items[i]!, frame);
          if (v === COMPLEX || v === undefined) return v;
          out[i] = v;
        }
        return out;
      }
      case "set": {
        const g = groundValue(t);
        if (g !== null) return g;
        const out = new RSet();
        for (const x of t.items) {
          const v = this.tryValue(x, frame);
          if (v === COMPLEX || v === undefined) return v;
          out.add(v);
        }
        return out;
      }
      case "object": {
        const g = groundValue(t);
        if (g !== null) return g;
        const out = new RObject();
        for (const [kt, vt] of t.entries) {
          const kv = this.tryValue(kt, frame);
          if (kv === COMPLEX || kv === undefined) return kv;
          const vv = this.tryValue(vt, frame);
          if (vv === COMPLEX || vv === undefined) return vv;
          out.set(kv, vv);
        }
        return out;
      }
      default:
        return COMPLEX;
    }
  }

  /** tryValue for `data.a.b...` with constant keys: walks the rule tree without continuations. */
  private tryData(path: Term[]): Value | undefined | typeof COMPLEX {
    if (this.state.overrides !== null) return COMPLEX;
    let node: RuleNode = this.tree;
    let i = 0;
    for (; i < path.length; i++) {
      if (node.isLeafDocument) break;
      const p = path[i]!;
      if (p.kind !== "scalar" || typeof p.value !== "string") return COMPLEX;
      const child = node.children.get(p.value);
      if (!child) return COMPLEX;
      node = child;
    }
    if (!node.isLeafDocument) return COMPLEX;
    let v = this.nodeValue(node);
    for (; i < path.length && v !== undefined; i++) {
      const p = path[i]!;
      if (p.kind !== "scalar") return COMPLEX;
      v = lookup(v, p.value);
    }
    return v;
  }

  /** The single value of a term, or undefined (first solution only). */
  valueOf(t: Term, frame: Frame): Value | undefined {
    if (t.kind === "scalar") return t.value;
    if (t.kind === "var" && t.slot >= 0) return frame[t.slot];
    let out: Value | undefined;
    this.evalTerm(t, frame, (v) => {
      out = v;
      return true;
    });
    return out;
  }

  private evalItems(items: Term[], i: number, acc: Value[], frame: Frame, k: (xs: Value[]) => boolean): boolean {
    // items that cannot iterate are computed in a loop: only iterating items nest continuations,
    // so that long literal arrays (thousands of objects) do not exhaust the stack
    for (; i < items.length; i++) {
      const v = this.tryValue(items[i]!, frame);
      if (v === COMPLEX) break;
      if (v === undefined) return false;
      acc[i] = v;
    }
    if (i === items.length) return k(acc.slice());
    const t = items[i]!;
    if (t.kind === "var" && t.slot >= 0 && frame[t.slot] === undefined) {
      // an argument bound by a later argument's iteration (e.g. `x == xs[x]`): evaluate the rest first
      const rest = items.slice(i + 1);
      return this.evalItems(rest, 0, new Array(rest.length), frame, (vals) => {
        const v = frame[t.slot];
        if (v === undefined) throw this.error("eval_internal_error", `var ${t.name} is unbound`, t.loc);
        acc[i] = v;
        for (let j = 0; j < vals.length; j++) acc[i + 1 + j] = vals[j]!;
        return k(acc.slice());
      });
    }
    return this.evalTerm(t, frame, (v) => {
      acc[i] = v;
      return this.evalItems(items, i + 1, acc, frame, k);
    });
  }

  private evalObject(entries: [Term, Term][], i: number, acc: [Value, Value][], frame: Frame, k: VK): boolean {
    for (; i < entries.length; i++) {
      const [kt, vt] = entries[i]!;
      const kv = this.tryValue(kt, frame);
      if (kv === COMPLEX) break;
      if (kv === undefined) return false;
      const vv = this.tryValue(vt, frame);
      if (vv === COMPLEX) break;
      if (vv === undefined) return false;
      acc[i] = [kv, vv];
    }
    if (i === entries.length) {
      const o = new RObject();
      for (let j = 0; j < entries.length; j++) o.set(acc[j]![0], acc[j]![1]);
      return k(o);
    }
    const [kt, vt] = entries[i]!;
    return this.evalTerm(kt, frame, (kv) =>
      this.evalTerm(vt, frame, (vv) => {
        acc[i] = [kv, vv];
        return this.evalObject(entries, i + 1, acc, frame, k);
      }),
    );
  }

  private arrayCompr(t: ArrayCompr, frame: Frame): Value {
    const out: Value[] = [];
    this.evalBody(t.body, 0, frame, () =>
      this.evalTerm(t.term, frame, (v) => {
        out.push(v);
        return false;
      }),
    );
    return out;
  }

  private setCompr(t: SetCompr, frame: Frame): Value {
    const out = new RSet();
    this.evalBody(t.body, 0, frame, () =>
      this.evalTerm(t.term, frame, (v) => {
        out.add(v);
        return false;
      }),
    );
    return out;
  }

  private objectCompr(t: ObjectCompr, frame: Frame): Value {
    const out = new RObject();
    this.evalBody(t.body, 0, frame, () =>
      this.evalTerm(t.key, frame, (key) =>
        this.evalTerm(t.value, frame, (val) => {
          const prev = out.get(key);
          if (prev !== undefined && !equal(prev, val)) {
            throw this.error("eval_conflict_error", "object keys must be unique", t.loc);
          }
          out.set(key, val);
          return false;
        }),
      ),
    );
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // references

  private evalRef(r: Ref, frame: Frame, k: VK): boolean {
    const head = r.head;
    if (head.kind === "var") {
      if (head.slot >= 0) {
        const base = frame[head.slot];
        if (base === undefined) throw this.error("eval_internal_error", `var ${head.name} is unbound`, head.loc);
        return this.walk(base, r.path, 0, frame, k);
      }
      if (head.name === "input") {
        const input = this.state.input;
        return input === undefined ? false : this.walk(input, r.path, 0, frame, k);
      }
      if (head.name === "data") return this.evalData(r.path, 0, frame, k);
    }
    return this.evalTerm(head, frame, (base) => this.walk(base, r.path, 0, frame, k));
  }

  /**
   * Follows `path[i:]` from a value, iterating over unbound variables. In base documents
   * (`base`), numeric keys also find the object key written as that number, as OPA's storage
   * paths do (`data.x[2]` reads `data.x["2"]`).
   */
  walk(v: Value, path: Term[], i: number, frame: Frame, k: VK, base = false): boolean {
    while (i < path.length) {
      const p = path[i]!;
      let key: Value | undefined;
      if (p.kind === "scalar") key = p.value;
      else if (p.kind === "var" && p.slot >= 0) {
        key = frame[p.slot];
        if (key === undefined) {
          const slot = p.slot;
          const next = i + 1;
          return this.iterate(v, (kk, child) => {
            frame[slot] = kk;
            const r = this.walk(child, path, next, frame, k, base);
            frame[slot] = undefined;
            return r;
          });
        }
      } else if (this.isPattern(p, frame)) {
        const next = i + 1;
        return this.iterate(v, (kk, child) => this.unifyValue(p, kk, frame, () => this.walk(child, path, next, frame, k, base)));
      } else {
        const next = i + 1;
        return this.evalTerm(p, frame, (kv) => {
          const child = base ? lookupBase(v, kv) : lookup(v, kv);
          return child === undefined ? false : this.walk(child, path, next, frame, k, base);
        });
      }
      const child = base ? lookupBase(v, key) : lookup(v, key);
      if (child === undefined) return false;
      v = child;
      i++;
    }
    return k(v);
  }

  /** Calls fn(key, value) for each element of a collection; stops when fn returns true. */
  iterate(coll: Value, fn: (key: Value, value: Value) => boolean): boolean {
    if (Array.isArray(coll)) {
      const arr = coll as readonly Value[];
      for (let i = 0; i < arr.length; i++) {
        this.step();
        if (fn(i, arr[i]!)) return true;
      }
      return false;
    }
    if (coll instanceof RObject) {
      for (const key of coll.keys()) {
        this.step();
        if (fn(key, coll.get(key)!)) return true;
      }
      return false;
    }
    if (coll instanceof RSet) {
      for (const x of coll.values()) {
        this.step();
        if (fn(x, x)) return true;
      }
      return false;
    }
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // data: base documents and virtual documents (rules)

  private evalData(path: Term[], i: number, frame: Frame, k: VK): boolean {
    let node: RuleNode = this.tree;
    const overrides = this.state.overrides;
    while (true) {
      if (overrides !== null) {
        const ov = overrides.get(node.path.join("\u0000"));
        if (ov !== undefined && node.path.length > 0) return this.walk(ov, path, i, frame, k, true);
      }
      if (node.isLeafDocument) {
        const v = this.nodeValue(node);
        return v === undefined ? false : this.walk(v, path, i, frame, k);
      }
      if (node.arity >= 0) return false; // a function is not a document
      if (i === path.length) {
        const v = this.nodeValue(node);
        return v === undefined ? false : k(v);
      }
      const p = path[i]!;
      let key: Value | undefined;
      if (p.kind === "scalar") key = p.value;
      else if (p.kind === "var" && p.slot >= 0) key = frame[p.slot];
      if (key !== undefined && typeof key !== "string" && node.objectRules.length === 0) {
        // base documents have string keys only: data[2] reads data["2"]
        const base = baseAt(this.state.data, node.path);
        const sk = isNum(key) ? numToString(key) : undefined;
        const v = base === undefined || sk === undefined ? undefined : lookup(base, sk);
        return v === undefined ? false : this.walk(v, path, i + 1, frame, k, true);
      }
      if (typeof key === "string") {
        const child = node.children.get(key);
        if (child) {
          node = child;
          i++;
          continue;
        }
        if (node.objectRules.length === 0) {
          // plain base data below this point
          const base = baseAt(this.state.data, node.path);
          const v = base === undefined ? undefined : lookup(base, key);
          return v === undefined ? false : this.walk(v, path, i + 1, frame, k, true);
        }
      }
      const v = this.nodeValue(node);
      return v === undefined ? false : this.walk(v, path, i, frame, k);
    }
  }

  /** The value of the document at a rule-tree node (cached per query and `with` scope). */
  nodeValue(node: RuleNode): Value | undefined {
    const cache = this.state.cache;
    const hit = cache.get(node);
    if (hit !== undefined) return hit === UNDEF ? undefined : hit;
    const ov = this.state.overrides?.get(node.path.join("\u0000"));
    if (this.inProgress.has(node)) {
      const rule = [...node.allRules()][0];
      throw this.error("rego_recursion_error", `rule ${node.pathText} is recursive`, rule?.loc);
    }
    this.inProgress.add(node);
    try {
      return this.computeNode(node, ov, cache);
    } finally {
      this.inProgress.delete(node);
    }
  }

  private readonly inProgress = new Set<RuleNode>();

  private computeNode(node: RuleNode, ov: Value | undefined, cache: Map<RuleNode, Value | typeof UNDEF>): Value | undefined {
    let v: Value | undefined;
    if (ov !== undefined && node.path.length > 0) v = ov;
    else if (node.arity >= 0) v = undefined;
    else if (node.isLeafDocument) {
      // a base document at a rule's path takes precedence (objects merge, base keys winning)
      const base = node.path.length > 0 ? baseAt(this.state.data, node.path) : undefined;
      if (base !== undefined && !(base instanceof RObject)) v = base;
      else {
        v = node.complete.length > 0 || node.partialSet.length === 0 ? this.evalComplete(node) : this.evalPartialSet(node);
        if (base !== undefined) v = v instanceof RObject ? mergeObjects(v, base as RObject) : base;
      }
    } else v = this.evalObjectNode(node);
    cache.set(node, v === undefined ? UNDEF : v);
    return v;
  }

  /** The input document at a constant path (for rule indexes). */
  private inputAt(path: readonly Value[]): Value | undefined {
    let v = this.state.input;
    for (const k of path) {
      if (v === undefined) return undefined;
      v = lookup(v, k);
    }
    return v;
  }

  private evalComplete(node: RuleNode): Value | undefined {
    let result: Value | undefined;
    let resultRule: Rule | undefined;
    const ix = indexesOf(node).complete;
    const rules = ix ? candidates(ix, this.inputAt(ix.path!)) : node.complete;
    for (const rule of rules) {
      const v = this.evalRuleChain(rule, null);
      if (v === undefined) continue;
      if (result !== undefined && !equal(result, v)) {
        throw this.error("eval_conflict_error", conflictMessage(node.pathText, false), (resultRule ?? rule).loc);
      }
      result = v;
      resultRule = rule;
    }
    if (result === undefined && node.defaultRule) {
      result = this.valueOf(node.defaultRule.head.value!, new Array(node.defaultRule.frameSize));
    }
    return result;
  }

  /**
   * Evaluates a rule and its else chain; returns the value of the first rule in the chain
   * whose body has solutions. `args` are bound to the parameters for functions.
   */
  private evalRuleChain(rule: Rule, args: readonly Value[] | null): Value | undefined {
    this.enterCall(rule.loc);
    try {
      for (let r: Rule | null = rule; r; r = r.else) {
        const frame: Frame = new Array(r.frameSize);
        let value: Value | undefined;
        const valueTerm = r.head.value;
        const shape = ruleShape(r);
        const constant = shape.constantValue;
        const onSolution = (): boolean => {
          if (valueTerm === null) {
            value = true;
            return true;
          }
          return this.evalTerm(valueTerm, frame, (v) => {
            if (value !== undefined && !equal(value, v)) {
              throw this.error(
                "eval_conflict_error",
                conflictMessage(nodePath(r!), !!args),
                r!.loc,
              );
            }
            value = v;
            return constant;
          });
        };
        if (args === null) this.evalBody(r.body, 0, frame, onSolution);
        else if (shape.paramSlots !== null) {
          // parameters that are distinct plain variables: bound directly (the frame is new)
          const slots = shape.paramSlots;
          for (let i = 0; i < slots.length; i++) frame[slots[i]!] = args[i];
          this.evalBody(r.body, 0, frame, onSolution);
        } else this.bindArgs(r.head.args!, args, 0, frame, () => this.evalBody(r!.body, 0, frame, onSolution));
        if (value !== undefined) return value;
      }
      return undefined;
    } finally {
      this.depth--;
    }
  }

  private bindArgs(params: Term[], args: readonly Value[], i: number, frame: Frame, k: K): boolean {
    if (i === params.length) return k();
    return this.unifyValue(params[i]!, args[i]!, frame, () => this.bindArgs(params, args, i + 1, frame, k));
  }

  /**
   * The values one rule definition produces on its own (its set elements, its value, or its
   * object entries as [key, value] pairs), for attributing results to the rule that made them.
   * Set elements come in the order the rule produced them, each once: not sorted (a caller that
   * wants Rego's order evaluates the rule's document instead).
   */
  evalDefinition(rule: Rule): Value[] {
    switch (rule.kind) {
      case "partialset": {
        const out = new RSet();
        this.collectSet(rule, out);
        return out.unordered();
      }
      case "complete": {
        const v = this.evalRuleChain(rule, null);
        return v === undefined ? [] : [v];
      }
      case "partialobject": {
        const o = new RObject();
        this.evalObjectRule(rule as RuleWithSuffix, o, new Set([o]));
        return [...o.entries()].map(([k, v]) => [k, v]);
      }
      default:
        return [];
    }
  }

  private collectSet(rule: Rule, out: RSet): void {
    this.enterCall(rule.loc);
    try {
      const frame: Frame = new Array(rule.frameSize);
      const key = rule.head.key!;
      // a constant element needs one solution of the body (early exit, as OPA does)
      const constant = isGround(key);
      this.evalBody(rule.body, 0, frame, () =>
        this.evalTerm(key, frame, (v) => {
          out.add(v);
          return constant;
        }),
      );
    } finally {
      this.depth--;
    }
  }

  private evalPartialSet(node: RuleNode): Value {
    const out = new RSet();
    const ix = indexesOf(node).set;
    const rules = ix ? candidates(ix, this.inputAt(ix.path!)) : node.partialSet;
    for (const rule of rules) this.collectSet(rule, out);
    return out;
  }

  /** A package or prefix node: an object of its children, object rules and base data. */
  private evalObjectNode(node: RuleNode): Value {
    const base = baseAt(this.state.data, node.path);
    const out = new RObject();
    if (base instanceof RObject) for (const [k, v] of base.entries()) out.set(k, v);
    for (const [name, child] of node.children) {
      if (child.arity >= 0) continue;
      const v = this.nodeValue(child);
      if (v === undefined) continue;
      const prev = out.get(name);
      // base and virtual documents at one path: objects merge, otherwise the base document
      // stays (as OPA reads a package holding both)
      if (prev === undefined) out.set(name, v);
      else if (prev instanceof RObject && v instanceof RObject) out.set(name, mergeObjects(prev, v));
    }
    const owned = new Set<object>([out]);
    for (const { rule } of node.objectRules) this.evalObjectRule(rule as RuleWithSuffix, out, owned);
    return out;
  }

  /** Adds a ref-head rule's entries to `out`; objects and sets not in `owned` are copied before they change. */
  private evalObjectRule(rule: RuleWithSuffix, out: RObject, owned: Set<object>): void {
    this.enterCall(rule.loc);
    try {
      const frame: Frame = new Array(rule.frameSize);
      const suffix = rule.suffix!;
      const valueTerm = rule.head.value;
      // constant keys and value need one solution of the body (early exit)
      const constant = suffix.every(isGround) && (rule.setLeaf ? isGround(rule.head.key!) : valueTerm === null || isGround(valueTerm));
      this.evalBody(rule.body, 0, frame, () =>
        this.evalItems(suffix, 0, new Array(suffix.length), frame, (keys) => {
          const conflict = () => this.error("eval_conflict_error", "object keys must be unique", rule.loc);
          if (rule.setLeaf) {
            return this.evalTerm(rule.head.key!, frame, (v) => {
              insertSetElement(out, keys, v, conflict, owned);
              return constant;
            });
          }
          const put = (v: Value) => {
            insertPath(out, keys, v, conflict, owned);
            return constant;
          };
          return valueTerm === null ? put(true) : this.evalTerm(valueTerm, frame, put);
        }),
      );
    } finally {
      this.depth--;
    }
  }

  // -------------------------------------------------------------------------------------------
  // calls

  /** The resolved function of a call, cached on the (compiled, immutable) call node. */
  private callTarget(c: Call): CallTarget {
    let t = (c as CallWithTarget)[TARGET];
    if (t) return t;
    const name = callName(c) ?? "?";
    if (name.startsWith("data.")) {
      const node = this.tree.find(name.slice(5).split("."));
      t = { name, node, builtin: undefined, arity: node ? node.arity : -1 };
    } else {
      const b = BUILTINS.get(name);
      t = { name, node: undefined, builtin: b, arity: b ? b.arity : specialArity(name) };
    }
    (c as CallWithTarget)[TARGET] = t;
    return t;
  }

  private evalCall(c: Call, argTerms: Term[], frame: Frame, k: VK): boolean {
    const target = this.callTarget(c);
    const name = target.name;
    // fast paths for comparisons
    switch (name) {
      case "equal":
      case "neq":
      case "lt":
      case "lte":
      case "gt":
      case "gte":
        if (this.state.mocks === null && argTerms.length === 2 && !this.isUnboundVar(argTerms[0]!, frame)) {
          const a0 = this.tryValue(argTerms[0]!, frame);
          if (a0 !== COMPLEX) {
            if (a0 === undefined) return false;
            const b0 = this.tryValue(argTerms[1]!, frame);
            if (b0 !== COMPLEX) return b0 === undefined ? false : k(compareOp(name, a0, b0));
          }
          return this.evalTerm(argTerms[0]!, frame, (a) =>
            this.evalTerm(argTerms[1]!, frame, (b) => k(compareOp(name, a, b))),
          );
        }
        break;
      case "print":
        return this.evalPrint(argTerms, frame, c.loc, k);
      case "internal.member_2": {
        const x0 = this.tryValue(argTerms[0]!, frame);
        if (x0 !== COMPLEX) {
          if (x0 === undefined) return false;
          const c0 = this.tryValue(argTerms[1]!, frame);
          if (c0 !== COMPLEX) return c0 === undefined ? false : k(member(x0, c0));
        }
        return this.evalTerm(argTerms[0]!, frame, (x) => this.evalTerm(argTerms[1]!, frame, (coll) => k(member(x, coll))));
      }
      case "internal.member_3":
        return this.evalTerm(argTerms[0]!, frame, (key) =>
          this.evalTerm(argTerms[1]!, frame, (val) =>
            this.evalTerm(argTerms[2]!, frame, (coll) => {
              const got = lookup(coll, key);
              return k(got !== undefined && equal(got, val));
            }),
          ),
        );
    }
    // arguments that cannot iterate are computed directly
    const direct: Value[] = new Array(argTerms.length);
    let simple = true;
    for (let i = 0; i < argTerms.length; i++) {
      const v = this.tryValue(argTerms[i]!, frame);
      if (v === COMPLEX) {
        simple = false;
        break;
      }
      if (v === undefined) return false;
      direct[i] = v;
    }
    if (simple) return this.invoke(target, direct, c.loc, k);
    return this.evalItems(argTerms, 0, new Array(argTerms.length), frame, (args) => this.invoke(target, args, c.loc, k));
  }

  private invoke(target: CallTarget, args: Value[], loc: Location, k: VK): boolean {
    const mocks = this.state.mocks;
    if (mocks !== null) {
      const m = mocks.get(target.name);
      if (m) {
        if (m.kind === "value") return k(m.value);
        if (m.kind === "node") return this.invokeMockFunction(m.node, args, loc, k);
        const b = BUILTINS.get(m.name);
        if (b) return this.invokeBuiltin(m.name, b, args, loc, k);
        return this.invokeSpecial(m.name, args, loc, k);
      }
    }
    if (target.node) return this.invokeFunction(target.node, args, loc, k);
    if (target.builtin) return this.invokeBuiltin(target.name, target.builtin, args, loc, k);
    return this.invokeSpecial(target.name, args, loc, k);
  }

  /** Functions the evaluator implements itself (see compiler/special.ts). */
  private invokeSpecial(name: string, args: Value[], loc: Location, k: VK): boolean {
    void args;
    switch (name) {
      case "opa.runtime": {
        // OPA returns the runtime's description, an empty object when none was configured
        const env = this.ctx.env;
        return k(Object.keys(env).length === 0 ? new RObject() : RObject.fromRecord({ env: RObject.fromRecord({ ...env }) }));
      }
      case "trace":
        return k(true);
      case "rego.metadata.rule":
      case "rego.metadata.chain":
        return k(name === "rego.metadata.chain" ? [] : new RObject());
      case "internal.print":
        return k(true);
    }
    throw this.error("rego_type_error", `undefined function ${name}`, loc);
  }

  /** A mock function runs without the mocks of its scope (it may call what it replaces). */
  private invokeMockFunction(node: RuleNode, args: Value[], loc: Location, k: VK): boolean {
    const outer = this.state;
    const inner: State = { ...outer, mocks: null, cache: new Map(), memo: new Map() };
    this.state = inner;
    let result: Value | undefined;
    try {
      this.invokeFunction(node, args, loc, (v) => {
        result = v;
        return true;
      });
    } finally {
      this.state = outer;
    }
    return result === undefined ? false : k(result);
  }

  private invokeFunction(node: RuleNode, args: Value[], loc: Location, k: VK): boolean {
    void loc;
    const result = this.functionResult(node, args);
    return result === undefined ? false : k(result);
  }

  /**
   * A function's value for these arguments. Its value depends only on its arguments and the
   * state (input, data, with): the same call under the same state is answered from the memo (a
   * trie over the arguments: scalars by value, composites by identity - equal composites built
   * apart are a miss, never a wrong hit). Calls that printed are not remembered (a repeated call
   * prints again), nor calls that failed with an error. A function whose calls rarely repeat
   * (fewer than one in MEMO_MIN_HIT_RATE, once it has made MEMO_TRIAL calls) stops being
   * memoized for the rest of the state: remembering costs more than it saves.
   */
  private functionResult(node: RuleNode, args: Value[]): Value | undefined {
    let memo = this.state.memo.get(node);
    if (memo === undefined) this.state.memo.set(node, (memo = { root: new Map(), calls: 0, hits: 0, off: false }));
    if (memo.off) return this.functionValue(node, args);
    memo.calls++;
    let m: MemoLevel | undefined = memo.root;
    for (let i = 0; m !== undefined && i < args.length; i++) m = m.get(args[i]!) as MemoLevel | undefined;
    const hit = (args.length === 0 ? m?.get(NO_ARGS) : m) as Value | typeof UNDEF | undefined;
    if (hit !== undefined) {
      memo.hits++;
      return hit === UNDEF ? undefined : hit;
    }
    // (checked on every miss from the trial on: the trial's last call may well be a hit)
    if (memo.calls >= MEMO_TRIAL && memo.hits * MEMO_MIN_HIT_RATE < memo.calls) {
      memo.off = true;
      memo.root = new Map();
      return this.functionValue(node, args);
    }
    const printedBefore = this.printed;
    const result = this.functionValue(node, args);
    if (this.printed === printedBefore && this.memoEntries < MAX_MEMO_ENTRIES) {
      let level = memo.root;
      const last = args.length === 0 ? NO_ARGS : args[args.length - 1]!;
      for (let i = 0; i < args.length - 1; i++) {
        let next = level.get(args[i]!) as MemoLevel | undefined;
        if (next === undefined) level.set(args[i]!, (next = new Map()));
        level = next;
      }
      level.set(last, result === undefined ? UNDEF : result);
      this.memoEntries++;
    }
    return result;
  }

  private functionValue(node: RuleNode, args: Value[]): Value | undefined {
    let result: Value | undefined;
    let firstRule: Rule | undefined;
    const ix = indexesOf(node).fn;
    const rules = ix ? candidates(ix, args[0]) : node.functions;
    for (const rule of rules) {
      const v = this.evalRuleChain(rule, args);
      if (v === undefined) continue;
      if (result !== undefined && !equal(result, v)) {
        throw this.error("eval_conflict_error", conflictMessage(node.pathText, true), (firstRule ?? rule).loc);
      }
      result = v;
      firstRule = rule;
      // every definition is true when it holds: the others cannot change the value (OPA's early exit)
      if (alwaysTrue(node)) break;
    }
    if (result === undefined && node.defaultRule) result = this.evalRuleChain(node.defaultRule, args) ?? this.valueOf(node.defaultRule.head.value!, new Array(node.defaultRule.frameSize));
    return result;
  }

  private invokeBuiltin(name: string, def: BuiltinDef, args: Value[], loc: Location, k: VK): boolean {
    if (!def.relation) {
      const v = this.builtinResult(name, def, args, loc);
      return v === undefined ? false : k(v);
    }
    const out = this.builtinOutput(name, def, args, loc);
    if (out === undefined) return false;
    for (const v of out as Iterable<Value>) {
      this.step();
      if (k(v)) return true;
    }
    return false;
  }

  /** A builtin's value (not a relation): undefined when it is undefined or failed quietly. */
  private builtinResult(name: string, def: BuiltinDef, args: Value[], loc: Location): Value | undefined {
    return this.builtinOutput(name, def, args, loc) as Value | undefined;
  }

  /** Runs a builtin; errors become Rego errors (raised in strict mode, else undefined). */
  private builtinOutput(name: string, def: BuiltinDef, args: Value[], loc: Location): Value | undefined | Iterable<Value> {
    try {
      return def.fn(args, this.ctx);
    } catch (e) {
      if (e instanceof RegoError) throw e;
      if (e instanceof BuiltinError) {
        const err = this.error(e.code as ErrorCode, `${name}: ${e.message}`, loc);
        if (this.strict || e instanceof RefusedBuiltinError) throw err;
        return undefined;
      }
      if (e instanceof RangeError && /call stack/i.test(e.message)) throw e;
      const err = this.error("eval_builtin_error", `${name}: ${(e as Error).message}`, loc);
      if (this.strict) throw err;
      return undefined;
    }
  }

  /**
   * print(): each argument is evaluated to the set of its values (OPA rewrites it into a set
   * comprehension); one line is printed per combination, strings as they are, other values in
   * Rego's text form, and an argument without values as <undefined>.
   */
  private evalPrint(argTerms: Term[], frame: Frame, loc: Location, k: VK): boolean {
    const texts: string[][] = [];
    for (const a of argTerms) {
      const vals = new RSet();
      this.evalTerm(a, frame, (v) => {
        vals.add(v);
        return false;
      });
      texts.push(vals.values().map((v) => (typeof v === "string" ? v : regoText(v))));
    }
    const buf: string[] = new Array(texts.length);
    const emit = (i: number): void => {
      if (i === texts.length) {
        this.printed++;
        this.printer(buf.join(" "), loc);
        return;
      }
      const xs = texts[i]!;
      if (xs.length === 0) {
        buf[i] = "<undefined>";
        emit(i + 1);
        return;
      }
      for (const x of xs) {
        buf[i] = x;
        emit(i + 1);
      }
    };
    emit(0);
    return k(true);
  }

  // -------------------------------------------------------------------------------------------
  // unification

  private isUnboundVar(t: Term, frame: Frame): boolean {
    return t.kind === "var" && t.slot >= 0 && frame[t.slot] === undefined;
  }

  /** Whether a term contains unbound variables in pattern positions. */
  isPattern(t: Term, frame: Frame): boolean {
    switch (t.kind) {
      case "var":
        return t.slot >= 0 && frame[t.slot] === undefined;
      case "array":
        return t.items.some((x) => this.isPattern(x, frame));
      case "object":
        return t.entries.some(([, v]) => this.isPattern(v, frame));
      default:
        return false;
    }
  }

  unify(a: Term, b: Term, frame: Frame, k: K): boolean {
    const pa = this.isPattern(a, frame);
    const pb = this.isPattern(b, frame);
    if (!pa && !pb) return this.evalTerm(a, frame, (x) => this.evalTerm(b, frame, (y) => (equal(x, y) ? k() : false)));
    if (pa && !pb) return this.evalTerm(b, frame, (y) => this.unifyValue(a, y, frame, k));
    if (pb && !pa) return this.evalTerm(a, frame, (x) => this.unifyValue(b, x, frame, k));
    // both sides have unbound parts: element-wise
    if (a.kind === "array" && b.kind === "array") {
      if (a.items.length !== b.items.length) return false;
      return this.unifyPairs(a.items, b.items, 0, frame, k);
    }
    if (a.kind === "object" && b.kind === "object") {
      if (a.entries.length !== b.entries.length) return false;
      const left: Term[] = [];
      const right: Term[] = [];
      for (const [ka, va] of a.entries) {
        const kav = this.valueOf(ka, frame);
        const m = b.entries.find(([kb]) => {
          const kbv = this.valueOf(kb, frame);
          return kav !== undefined && kbv !== undefined && equal(kav, kbv);
        });
        if (!m) return false;
        left.push(va);
        right.push(m[1]);
      }
      return this.unifyPairs(left, right, 0, frame, k);
    }
    throw this.error("rego_unsafe_var_error", `cannot unify ${termText(a)} with ${termText(b)}: both sides are unbound`, a.loc);
  }

  private unifyPairs(as: Term[], bs: Term[], i: number, frame: Frame, k: K): boolean {
    if (i === as.length) return k();
    // unify pairs that can be decided first; patterns on both sides are deferred
    return this.unify(as[i]!, bs[i]!, frame, () => this.unifyPairs(as, bs, i + 1, frame, k));
  }

  /** Unifies a term (possibly a pattern) with a value. */
  unifyValue(t: Term, v: Value, frame: Frame, k: K): boolean {
    switch (t.kind) {
      case "scalar":
        return equal(t.value, v) ? k() : false;
      case "var": {
        if (t.slot < 0) return this.evalTerm(t, frame, (x) => (equal(x, v) ? k() : false));
        const cur = frame[t.slot];
        if (cur !== undefined) return equal(cur, v) ? k() : false;
        frame[t.slot] = v;
        const r = k();
        frame[t.slot] = undefined;
        return r;
      }
      case "array": {
        if (!Array.isArray(v)) return false;
        const arr = v as readonly Value[];
        if (arr.length !== t.items.length) return false;
        return this.unifyItems(t.items, arr, 0, frame, k);
      }
      case "object": {
        if (!(v instanceof RObject) || v.size !== t.entries.length) return false;
        return this.unifyEntries(t.entries, v, 0, frame, k);
      }
      default:
        return this.evalTerm(t, frame, (x) => (equal(x, v) ? k() : false));
    }
  }

  private unifyItems(items: Term[], arr: readonly Value[], i: number, frame: Frame, k: K): boolean {
    if (i === items.length) return k();
    return this.unifyValue(items[i]!, arr[i]!, frame, () => this.unifyItems(items, arr, i + 1, frame, k));
  }

  private unifyEntries(entries: [Term, Term][], obj: RObject, i: number, frame: Frame, k: K): boolean {
    if (i === entries.length) return k();
    const [kt, vt] = entries[i]!;
    return this.evalTerm(kt, frame, (key) => {
      const val = obj.get(key);
      if (val === undefined) return false;
      return this.unifyValue(vt, val, frame, () => this.unifyEntries(entries, obj, i + 1, frame, k));
    });
  }
}

const TARGET = Symbol("call target");
type CallWithTarget = Call & { [TARGET]?: CallTarget };

interface CallTarget {
  name: string;
  node: RuleNode | undefined;
  builtin: BuiltinDef | undefined;
  arity: number;
}

/** OPA's two wordings of a conflict (older and newer releases), so either can be matched. */
function conflictMessage(path: string, isFunction: boolean): string {
  return isFunction
    ? `functions must not produce multiple outputs for same inputs: function ${path} produced conflicting values for the same inputs`
    : `complete rules must not produce multiple outputs: rule ${path} produced conflicting values`;
}

function nodePath(r: Rule): string {
  return ["data", ...r.path].map((p, i) => (i === 0 || /^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? p : `[${JSON.stringify(p)}]`)).join(".").replace(/\.\[/g, "[");
}

function specialArity(name: string): number {
  switch (name) {
    case "internal.member_2":
      return 2;
    case "internal.member_3":
      return 3;
    case "rego.metadata.rule":
    case "rego.metadata.chain":
    case "opa.runtime":
      return 0;
    case "trace":
    case "internal.print":
      return 1;
    default:
      return -1;
  }
}

function isMock(v: Value | Mock): v is Mock {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof RObject) && !(v instanceof RSet) && "kind" in (v as object) && !isNum(v as Value);
}

// ---------------------------------------------------------------------------------------------
// value helpers

export function lookup(v: Value, key: Value): Value | undefined {
  if (v instanceof RObject) return v.get(key);
  if (Array.isArray(v)) {
    if (typeof key === "number") {
      const arr = v as readonly Value[];
      return key >= 0 && key < arr.length ? arr[key] : undefined;
    }
    return undefined;
  }
  if (v instanceof RSet) return v.has(key) ? key : undefined;
  return undefined;
}

/** Whether a term is a constant (scalars and composites of constants). */
const GROUND = new WeakMap<Term, Value | null>();
const NOT_GROUND = (): never => {
  throw new Error("not a ground term");
};

/**
 * The value of a composite literal made only of scalars (`{"delete", "read"}`, `["a", 1]`),
 * built once and shared by every evaluation (values are immutable); null for any other term.
 */
function groundValue(t: Term): Value | null {
  let g = GROUND.get(t);
  if (g === undefined) {
    g = isGround(t) ? groundTermValue(t, NOT_GROUND) : null;
    GROUND.set(t, g);
  }
  return g;
}


/** lookup in a base document: a numeric key also finds the object key written as that number. */
function lookupBase(v: Value, key: Value): Value | undefined {
  const got = lookup(v, key);
  if (got !== undefined || !(v instanceof RObject)) return got;
  return isNum(key) ? v.get(numToString(key)) : undefined;
}

function member(x: Value, coll: Value): boolean {
  if (coll instanceof RSet) return coll.has(x);
  if (Array.isArray(coll)) return (coll as readonly Value[]).some((e) => equal(e, x));
  if (coll instanceof RObject) {
    for (const [, v] of coll.entries()) if (equal(v, x)) return true;
    return false;
  }
  return false;
}

function compareOp(name: string, a: Value, b: Value): boolean {
  if (name === "equal") return equal(a, b);
  if (name === "neq") return !equal(a, b);
  const c = typeof a === "number" && typeof b === "number" ? (a < b ? -1 : a > b ? 1 : 0) : isNum(a) && isNum(b) ? numCmp(a as Num, b as Num) : compare(a, b);
  switch (name) {
    case "lt":
      return c < 0;
    case "lte":
      return c <= 0;
    case "gt":
      return c > 0;
    default:
      return c >= 0;
  }
}

function baseAt(data: RObject, path: readonly string[]): Value | undefined {
  let v: Value | undefined = data;
  for (const p of path) {
    if (!(v instanceof RObject)) return undefined;
    v = v.get(p);
    if (v === undefined) return undefined;
  }
  return v;
}

function mergeObjects(a: RObject, b: RObject): RObject {
  const out = new RObject();
  for (const [k, v] of a.entries()) out.set(k, v);
  for (const [k, v] of b.entries()) {
    const prev = out.get(k);
    out.set(k, prev instanceof RObject && v instanceof RObject ? mergeObjects(prev, v) : v);
  }
  return out;
}

/** Returns a copy of `doc` with `value` at `path` (creating objects as needed). */
function upsert(doc: Value | undefined, path: readonly Value[], value: Value): Value {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const base = doc instanceof RObject ? doc : new RObject();
  const out = new RObject();
  for (const [k, v] of base.entries()) out.set(k, v);
  out.set(head!, upsert(base.get(head!), rest, value));
  return out;
}

/**
 * The object at keys[0..n-1] below `out`, created as needed; objects not in `owned` (values
 * shared with a cache) are copied first, so that building one document never changes another.
 */
function ownedParent(out: RObject, keys: Value[], onConflict: () => Error, owned: Set<object>): RObject {
  let o = out;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i]!;
    let next = o.get(k);
    if (next === undefined) {
      next = new RObject();
      owned.add(next);
      o.set(k, next);
    } else if (!(next instanceof RObject)) throw onConflict();
    else if (!owned.has(next)) {
      const copy = new RObject();
      for (const [kk, vv] of next.entries()) copy.set(kk, vv);
      owned.add(copy);
      o.set(k, copy);
      next = copy;
    }
    o = next;
  }
  return o;
}

/** Inserts value at keys into a nested object under construction; conflicts call onConflict. */
function insertPath(out: RObject, keys: Value[], value: Value, onConflict: () => Error, owned: Set<object>): void {
  const o = ownedParent(out, keys, onConflict, owned);
  const last = keys[keys.length - 1]!;
  const prev = o.get(last);
  if (prev !== undefined && !equal(prev, value)) throw onConflict();
  o.set(last, value);
}

/** Adds an element to the set at keys in a nested object under construction. */
function insertSetElement(out: RObject, keys: Value[], elem: Value, onConflict: () => Error, owned: Set<object>): void {
  const o = ownedParent(out, keys, onConflict, owned);
  const last = keys[keys.length - 1]!;
  const prev = o.get(last);
  if (prev === undefined) {
    const s = RSet.of([elem]);
    owned.add(s);
    o.set(last, s);
  } else if (prev instanceof RSet) {
    if (prev.has(elem)) return;
    if (owned.has(prev)) prev.add(elem);
    else {
      const s = RSet.of([...prev.values(), elem]);
      owned.add(s);
      o.set(last, s);
    }
  } else throw onConflict();
}

/** `input.x.y`, `data.a.b`: the root and the static path of a with target. */
function withTargetPath(t: Term): { root: "input" | "data"; path: Value[] } | undefined {
  if (t.kind === "var" && (t.name === "input" || t.name === "data")) return { root: t.name, path: [] };
  if (t.kind === "ref" && t.head.kind === "var" && (t.head.name === "input" || t.head.name === "data")) {
    const path: Value[] = [];
    for (const p of t.path) {
      if (p.kind !== "scalar") return undefined;
      path.push(p.value);
    }
    return { root: t.head.name, path };
  }
  return undefined;
}

/** The dotted name of a with target/value that names a function (`count`, `data.x.f`). */
function withTargetName(t: Term): string | undefined {
  if (t.kind === "var") return t.slot >= 0 ? undefined : t.name;
  if (t.kind === "ref" && t.head.kind === "var" && t.head.slot < 0) {
    const parts = [t.head.name];
    for (const p of t.path) {
      if (p.kind !== "scalar" || typeof p.value !== "string") return undefined;
      parts.push(p.value);
    }
    return parts.join(".");
  }
  return undefined;
}

export { typeName };

/** Memoized function results per evaluation, at most (a bound on the memo's memory). */
const MAX_MEMO_ENTRIES = 1_000_000;
/** The memo key of a call without arguments. */
const NO_ARGS = Symbol("no arguments");
/** One level of the memo trie: an argument -> the next level, or (last argument) the result. */
type MemoLevel = Map<unknown, unknown>;

/** One function's memo in one state (see functionResult). */
interface NodeMemo {
  root: MemoLevel;
  calls: number;
  hits: number;
  /** its calls rarely repeat: not memoized any more */
  off: boolean;
}

const MEMO_TRIAL = 512;
const MEMO_MIN_HIT_RATE = 8;

/** What evaluating a rule needs to know about its head, computed once per rule. */
interface RuleShape {
  /** the value needs one solution of the body (no value, or a ground one) */
  constantValue: boolean;
  /** the frame slots of the parameters when they are distinct plain variables, else null */
  paramSlots: number[] | null;
}

const SHAPES = new WeakMap<Rule, RuleShape>();

const ALWAYS_TRUE = new WeakMap<RuleNode, boolean>();

/**
 * Whether every definition of a function has the value true (`f(x) if ...`, `f(x) := true if
 * ...`) and no else branch: once one holds, the value is known and no other can conflict with
 * it, so the rest are not evaluated (their errors and prints are skipped, as OPA's early exit
 * skips them).
 */
function alwaysTrue(node: RuleNode): boolean {
  let b = ALWAYS_TRUE.get(node);
  if (b === undefined) {
    b = node.functions.every((r) => r.else === null && (r.head.value === null || (r.head.value.kind === "scalar" && r.head.value.value === true)));
    ALWAYS_TRUE.set(node, b);
  }
  return b;
}

function ruleShape(r: Rule): RuleShape {
  let s = SHAPES.get(r);
  if (s !== undefined) return s;
  let paramSlots: number[] | null = null;
  const params = r.head.args;
  if (params) {
    paramSlots = [];
    for (const p of params) {
      if (p.kind !== "var" || p.slot < 0 || paramSlots.includes(p.slot)) {
        paramSlots = null;
        break;
      }
      paramSlots.push(p.slot);
    }
  }
  s = { constantValue: r.head.value === null || isGround(r.head.value), paramSlots };
  SHAPES.set(r, s);
  return s;
}
