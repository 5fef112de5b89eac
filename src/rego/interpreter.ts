// The evaluator: top-down, depth-first with backtracking, in continuation-passing style.
//
// Every evaluation function takes a continuation and returns `true` to stop the search
// (used by negation, `every`, and rules whose value is fixed once one solution is found).
// Variables live in a frame (one array per rule or function invocation); a binding is undone
// when the continuation returns, so backtracking needs no trail.

import type { ArrayCompr, Body, Call, Expr, ObjectCompr, Ref, Rule, SetCompr, Term, With } from "./ast.js";
import { termText } from "./ast.js";
import { BUILTINS, BuiltinError, RefusedBuiltinError, type BuiltinContext, type BuiltinDef } from "./builtins/index.js";
import { callName, type RuleWithSuffix } from "./compiler/index.js";
import type { RuleNode } from "./compiler/tree.js";
import { RegoError, type ErrorCode, type Location } from "./errors.js";
import { numCmp, type Num } from "./number.js";
import { formatValue } from "./format.js";
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
  print: (line: string) => void;
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
}

export class Evaluator {
  private state: State;
  private steps = 0;
  private readonly deadline: number;
  private depth = 0;
  readonly ctx: BuiltinContext;
  private readonly tree: RuleNode;
  private readonly strict: boolean;
  private readonly limits: EvalLimits;
  private readonly printer: (line: string) => void;

  constructor(cfg: EvalConfig) {
    this.tree = cfg.tree;
    this.strict = cfg.strictBuiltinErrors;
    this.limits = cfg.limits;
    this.printer = cfg.print;
    this.deadline = Date.now() + cfg.limits.timeoutMs;
    this.state = { input: cfg.input, data: cfg.data, overrides: null, mocks: null, cache: new Map() };
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
    if (i === body.length) return k();
    const e = body[i]!;
    if (i + 1 === body.length) return this.evalExpr(e, frame, k);
    return this.evalExpr(e, frame, () => this.evalBody(body, i + 1, frame, k));
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
    };
    e.with.forEach((w, i) => this.applyWith(next, w, values[i]!));
    const inner: Expr = { ...e, with: [] };
    this.state = next;
    try {
      return this.evalExpr(inner, frame, () => {
        this.state = base;
        try {
          return k();
        } finally {
          this.state = next;
        }
      });
    } finally {
      this.state = base;
    }
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
        } else if (BUILTINS.has(valName)) return { kind: "builtin", name: valName };
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
      case "array":
        return this.evalItems(t.items, 0, new Array(t.items.length), frame, (items) => k(items));
      case "set":
        return this.evalItems(t.items, 0, new Array(t.items.length), frame, (items) => k(RSet.of(items)));
      case "object":
        return this.evalObject(t.entries, 0, [], frame, k);
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
    if (i === entries.length) {
      const o = new RObject();
      for (const [kk, vv] of acc) o.set(kk, vv);
      return k(o);
    }
    const [kt, vt] = entries[i]!;
    return this.evalTerm(kt, frame, (kv) =>
      this.evalTerm(vt, frame, (vv) => {
        acc[i] = [kv, vv];
        const r = this.evalObject(entries, i + 1, acc, frame, k);
        acc.length = i;
        return r;
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

  /** Follows `path[i:]` from a value, iterating over unbound variables. */
  walk(v: Value, path: Term[], i: number, frame: Frame, k: VK): boolean {
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
            const r = this.walk(child, path, next, frame, k);
            frame[slot] = undefined;
            return r;
          });
        }
      } else if (this.isPattern(p, frame)) {
        const next = i + 1;
        return this.iterate(v, (kk, child) => this.unifyValue(p, kk, frame, () => this.walk(child, path, next, frame, k)));
      } else {
        const next = i + 1;
        return this.evalTerm(p, frame, (kv) => {
          const child = lookup(v, kv);
          return child === undefined ? false : this.walk(child, path, next, frame, k);
        });
      }
      const child = lookup(v, key);
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
        if (ov !== undefined && node.path.length > 0) return this.walk(ov, path, i, frame, k);
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
        const sk = typeof key === "number" || typeof key === "bigint" ? String(key) : undefined;
        const v = base === undefined || sk === undefined ? undefined : lookup(base, sk);
        return v === undefined ? false : this.walk(v, path, i + 1, frame, k);
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
          return v === undefined ? false : this.walk(v, path, i + 1, frame, k);
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
    else if (node.complete.length > 0 || (node.defaultRule && node.partialSet.length === 0)) v = this.evalComplete(node);
    else if (node.partialSet.length > 0) v = this.evalPartialSet(node);
    else v = this.evalObjectNode(node);
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
        const constant = valueTerm === null || valueTerm.kind === "scalar";
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
        const run = () => this.evalBody(r!.body, 0, frame, onSolution);
        if (args) this.bindArgs(r.head.args!, args, 0, frame, run);
        else run();
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
   */
  evalDefinition(rule: Rule): Value[] {
    switch (rule.kind) {
      case "partialset": {
        const out = new RSet();
        this.collectSet(rule, out);
        return [...out.values()];
      }
      case "complete": {
        const v = this.evalRuleChain(rule, null);
        return v === undefined ? [] : [v];
      }
      case "partialobject": {
        const o = new RObject();
        this.evalObjectRule(rule as RuleWithSuffix, o);
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
      this.evalBody(rule.body, 0, frame, () =>
        this.evalTerm(key, frame, (v) => {
          out.add(v);
          return false;
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
      out.set(name, prev instanceof RObject && v instanceof RObject ? mergeObjects(prev, v) : v);
    }
    for (const { rule } of node.objectRules) this.evalObjectRule(rule as RuleWithSuffix, out);
    return out;
  }

  private evalObjectRule(rule: RuleWithSuffix, out: RObject): void {
    this.enterCall(rule.loc);
    try {
      const frame: Frame = new Array(rule.frameSize);
      const suffix = rule.suffix!;
      const valueTerm = rule.head.value;
      this.evalBody(rule.body, 0, frame, () =>
        this.evalItems(suffix, 0, new Array(suffix.length), frame, (keys) => {
          const put = (v: Value) => {
            insertPath(out, keys, v, () => this.error("eval_conflict_error", "object keys must be unique", rule.loc));
            return false;
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
        return this.evalPrint(argTerms, frame, k);
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
        const b = BUILTINS.get(m.name)!;
        return this.invokeBuiltin(m.name, b, args, loc, k);
      }
    }
    if (target.node) return this.invokeFunction(target.node, args, loc, k);
    if (target.builtin) return this.invokeBuiltin(target.name, target.builtin, args, loc, k);
    switch (target.name) {
      case "opa.runtime":
        return k(RObject.fromRecord({ env: RObject.fromRecord({ ...this.ctx.env }) }));
      case "trace":
        return k(true);
      case "rego.metadata.rule":
      case "rego.metadata.chain":
        return k(target.name === "rego.metadata.chain" ? [] : new RObject());
      case "internal.print":
        return k(true);
    }
    throw this.error("rego_type_error", `undefined function ${target.name}`, loc);
  }

  /** A mock function runs without the mocks of its scope (it may call what it replaces). */
  private invokeMockFunction(node: RuleNode, args: Value[], loc: Location, k: VK): boolean {
    const outer = this.state;
    const inner: State = { ...outer, mocks: null, cache: new Map() };
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
    }
    if (result === undefined && node.defaultRule) result = this.evalRuleChain(node.defaultRule, args) ?? this.valueOf(node.defaultRule.head.value!, new Array(node.defaultRule.frameSize));
    void loc;
    return result === undefined ? false : k(result);
  }

  private invokeBuiltin(name: string, def: BuiltinDef, args: Value[], loc: Location, k: VK): boolean {
    let out: Value | undefined | Iterable<Value>;
    try {
      out = def.fn(args, this.ctx);
    } catch (e) {
      if (e instanceof RegoError) throw e;
      if (e instanceof BuiltinError) {
        const err = this.error(e.code as ErrorCode, `${name}: ${e.message}`, loc);
        if (this.strict || e instanceof RefusedBuiltinError) throw err;
        return false;
      }
      if (e instanceof RangeError && /call stack/i.test(e.message)) throw e;
      const err = this.error("eval_builtin_error", `${name}: ${(e as Error).message}`, loc);
      if (this.strict) throw err;
      return false;
    }
    if (out === undefined) return false;
    if (def.relation) {
      for (const v of out as Iterable<Value>) {
        this.step();
        if (k(v)) return true;
      }
      return false;
    }
    return k(out as Value);
  }

  private evalPrint(argTerms: Term[], frame: Frame, k: VK): boolean {
    const parts: string[] = [];
    for (const a of argTerms) {
      const vals: Value[] = [];
      try {
        this.evalTerm(a, frame, (v) => {
          vals.push(v);
          return false;
        });
      } catch (e) {
        if (!(e instanceof RegoError) || e.code === "eval_cancel_error") throw e;
      }
      if (vals.length === 0) parts.push("<undefined>");
      else parts.push(vals.map((v) => (typeof v === "string" ? v : formatValue(v))).join(", "));
    }
    this.printer(parts.join(" "));
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

/** Inserts value at keys into a nested object under construction; conflicts call onConflict. */
function insertPath(out: RObject, keys: Value[], value: Value, onConflict: () => Error): void {
  let o = out;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i]!;
    let next = o.get(k);
    if (next === undefined) {
      next = new RObject();
      o.set(k, next);
    } else if (!(next instanceof RObject)) throw onConflict();
    o = next;
  }
  const last = keys[keys.length - 1]!;
  const prev = o.get(last);
  if (prev !== undefined && !equal(prev, value)) throw onConflict();
  o.set(last, value);
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
