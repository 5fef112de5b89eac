// compile() and PolicySet: the engine's public entry points.

import { inputKeysRead } from "./input-keys.js";
import { groundTermValue } from "./ground.js";
import type { Annotations, CompileOptions, EvalOptions, Limits, Result, ResultSet, RegoVersion } from "./api.js";
import type { Query, Rule, Term } from "./ast.js";
import { forEachTerm, termText } from "./ast.js";
import { BUILTINS } from "./builtins/index.js";
import { callName } from "./compiler/index.js";
import { type CompiledPolicy, compileModules, compileQuery } from "./compiler/index.js";
import type { RuleNode } from "./compiler/tree.js";
import { RegoError } from "./errors.js";
import { Evaluator } from "./interpreter.js";
import { parseTermText } from "./parser.js";
import { type Value, RObject, RSet, fromJSON } from "./value.js";
import { collectAnnotations } from "./annotations.js";

export const DEFAULT_LIMITS: Required<Limits> = {
  maxSteps: 50_000_000,
  timeoutMs: 30_000,
  maxDepth: 2_000,
};

export class PolicySet {
  private readonly queries = new Map<string, Query>();
  private annotationCache: Annotations[] | undefined;

  constructor(
    readonly policy: CompiledPolicy,
    private readonly regoVersion: RegoVersion,
  ) {}

  /** Package paths of the compiled modules, e.g. ["policy_check", "backups"]. */
  get packages(): string[][] {
    return this.policy.packages;
  }

  /** Every `# METADATA` annotation of the compiled modules. */
  annotations(): Annotations[] {
    this.annotationCache ??= collectAnnotations(this.policy);
    return this.annotationCache;
  }

  /** Rules of the policy (for test discovery and listings). */
  rules(): Rule[] {
    return [...this.policy.tree.allRules()];
  }

  /** The top-level input keys the rules can read; null when they may read any (see input-keys.ts). */
  inputKeys(): ReadonlySet<string> | null {
    return inputKeysRead(this.policy.tree.allRules());
  }

  /** The rule-tree node at a data path, if any rule or package lives there. */
  node(path: readonly string[]): RuleNode | undefined {
    return this.policy.tree.find(path);
  }

  /** Compiles (and caches) a query. Throws RegoError for invalid queries. */
  prepare(query: string): Query {
    let q = this.queries.get(query);
    if (!q) {
      try {
        q = compileQuery(this.policy, query, this.regoVersion);
      } catch (e) {
        throw normalizeError(e, "compile");
      }
      this.queries.set(query, q);
    }
    return q;
  }

  /** Evaluates a query, returning OPA's result-set shape (empty when undefined). */
  eval(query: string, opts: EvalOptions = {}): ResultSet {
    return this.session(opts).eval(query);
  }

  /**
   * A session evaluates several queries against the same input and data, sharing the values
   * of rules already computed (one evaluation of each rule for the whole session).
   */
  session(opts: EvalOptions = {}): Session {
    return new Session(this, opts);
  }
}

export class Session {
  private readonly ev: Evaluator;

  constructor(
    private readonly ps: PolicySet,
    opts: EvalOptions,
  ) {
    const input = opts.input === undefined ? undefined : toValue(opts.input, "input");
    const dataV = opts.data === undefined ? new RObject() : toValue(opts.data, "data");
    if (!(dataV instanceof RObject)) throw new RegoError({ code: "eval_type_error", message: "data must be an object" });
    const limits = { ...DEFAULT_LIMITS, ...(opts.limits ?? {}) };
    this.ev = new Evaluator({
      tree: ps.policy.tree,
      input,
      data: dataV,
      strictBuiltinErrors: opts.strictBuiltinErrors ?? false,
      limits,
      print: opts.print ?? (() => {}),
      env: opts.env ?? {},
      nowNs: opts.nowNs ?? BigInt(Date.now()) * 1_000_000n,
    });
  }

  /** Evaluates a query (see PolicySet.eval). */
  eval(query: string): ResultSet {
    const q = this.ps.prepare(query);
    const ev = this.ev;
    const results: ResultSet = [];
    const frame: (Value | undefined)[] = new Array(q.frameSize);
    const exprValues: Value[] = new Array(q.body.length);
    const texts = q.body.map((e) => exprText(e.node));
    const byIndex = [...q.body].sort((a, b) => a.index - b.index);
    const emit = (): boolean => {
      const bindings: Record<string, Value> = {};
      for (const v of q.vars) {
        if (v.name.startsWith("__")) continue;
        const val = frame[v.slot];
        if (val !== undefined) bindings[v.name] = val;
      }
      const r: Result = {
        expressions: byIndex.map((e) => {
          const pos = q.body.indexOf(e);
          return { value: exprValues[pos] ?? true, text: texts[pos]!, location: { row: e.loc.row, col: e.loc.col } };
        }),
        bindings,
      };
      results.push(r);
      return false;
    };
    // OPA's rego.Eval captures the value of each non-negated expression that is a term or a
    // call without an output argument (rewriteQueryToCaptureValue): `count([1, 2])` and
    // `data.x` have their value as the expression's value, `1 == 2` the value false. When the
    // query has several expressions or iterates, a captured false value fails the query.
    const capture = q.body.map((e) => {
      const n = e.node;
      if (e.negated || n.kind !== "term") return false;
      if (n.term.kind !== "call") return true;
      const arity = ev.arityOf(n.term);
      return arity >= 0 && n.term.args.length === arity;
    });
    const checkCapture = q.body.length > 1 || iterates(q.body);
    const run = (i: number): boolean => {
      if (i === q.body.length) return emit();
      const e = q.body[i]!;
      const n = e.node;
      if (capture[i] && n.kind === "term") {
        return ev.evalExprValue(e, n.term, frame, (v) => {
          if (checkCapture && v === false) return false;
          exprValues[i] = v;
          return run(i + 1);
        });
      }
      exprValues[i] = true;
      return ev.evalExpr(e, frame, () => run(i + 1));
    };
    try {
      run(0);
    } catch (e) {
      throw normalizeError(e);
    }
    return results;
  }

  /**
   * The values a single rule definition produces (set elements of a `contains` rule, the value
   * of a complete rule, [key, value] pairs of an object rule), so that each result can be
   * attributed to the rule (and its METADATA) that produced it.
   */
  evalRule(rule: Rule): Value[] {
    try {
      return this.ev.evalDefinition(rule);
    } catch (e) {
      throw normalizeError(e);
    }
  }
}

/**
 * Whether a query iterates (OPA's `iteration`): a ref with a variable in its path or a call of
 * a relation builtin, outside comprehensions.
 */
function iterates(body: Query["body"]): boolean {
  let found = false;
  const visit = (t: Term): void => {
    forEachTerm(t, (x) => {
      if (found) return;
      if (x.kind === "ref" && x.path.some((p) => p.kind === "var")) found = true;
      else if (x.kind === "call") {
        const name = callName(x);
        if (name !== undefined && BUILTINS.get(name)?.relation) found = true;
      }
    });
  };
  const visitBody = (b: Query["body"]): void => {
    for (const e of b) {
      const n = e.node;
      switch (n.kind) {
        case "term":
          visit(n.term);
          break;
        case "unify":
          visit(n.left);
          visit(n.right);
          break;
        case "somein":
          if (n.key) visit(n.key);
          visit(n.value);
          visit(n.collection);
          break;
        case "every":
          visit(n.domain);
          visitBody(n.body);
          break;
        case "block":
          visitBody(n.body);
          break;
        case "some":
          break;
      }
      for (const w of e.with) visit(w.value);
    }
  };
  visitBody(body);
  return found;
}

function exprText(n: Query["body"][number]["node"]): string {
  switch (n.kind) {
    case "term":
      return termText(n.term);
    case "unify":
      return `${termText(n.left)} ${n.op} ${termText(n.right)}`;
    case "some":
      return `some ${n.vars.map((v) => v.name).join(", ")}`;
    case "somein":
      return `some ${n.key ? termText(n.key) + ", " : ""}${termText(n.value)} in ${termText(n.collection)}`;
    case "block":
      return "{ ... }";
    case "every":
      return `every ${n.key ? termText(n.key) + ", " : ""}${termText(n.value)} in ${termText(n.domain)} { ... }`;
  }
}

function toValue(x: unknown, what: string): Value {
  try {
    return fromJSON(x);
  } catch (e) {
    throw new RegoError({ code: "eval_type_error", message: `${what}: ${(e as Error).message}` });
  }
}

/** Maps JS-level failures (stack overflow) to engine errors; never lets them pass as results. */
export function normalizeError(e: unknown, phase: "eval" | "compile" = "eval"): Error {
  if (e instanceof RegoError) return e;
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return phase === "eval"
      ? new RegoError({ code: "eval_cancel_error", message: "evaluation nested too deeply (JavaScript stack exhausted)" })
      : new RegoError({ code: "rego_compile_error", message: "policy nested too deeply to compile (JavaScript stack exhausted)" });
  }
  return e as Error;
}

/** Compiles Rego modules (file name -> source). Throws RegoError on parse or compile errors. */
export function compile(modules: Record<string, string>, opts: CompileOptions = {}): PolicySet {
  const regoVersion = opts.regoVersion ?? "v1";
  const input: Parameters<typeof compileModules>[0] = { modules, regoVersion };
  if (opts.regoVersionOf) input.regoVersionOf = opts.regoVersionOf;
  try {
    return new PolicySet(compileModules(input), regoVersion);
  } catch (e) {
    throw normalizeError(e, "compile");
  }
}

/** Parses a ground Rego term (e.g. `{"a": {1, 2}}`) into a value. */
export function parseValue(text: string, regoVersion: RegoVersion = "v1"): Value {
  const t = parseTermText(text, regoVersion);
  return groundValue(t);
}

function groundValue(t: Term): Value {
  return groundTermValue(t, (x) => {
    // negative numbers written as unary minus
    if (x.kind === "call") {
      const name = x.fn.head.kind === "var" ? x.fn.head.name : "";
      if (name === "minus" && x.args.length === 2) {
        const a = groundValue(x.args[0]!);
        const b = groundValue(x.args[1]!);
        if (a === 0 && typeof b === "number") return -b;
      }
    }
    throw new RegoError({ code: "rego_parse_error", message: `not a ground value: ${termText(x)}` });
  });
}
