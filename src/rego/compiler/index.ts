// The compiler: parses modules, places rules in the rule tree, resolves names, orders bodies
// for safety and runs OPA's compile-time checks (unsafe variables, recursion, conflicting rule
// kinds, unknown functions and arity, deprecated builtins in v1).

import type { Body, Call, Import, Module, Query, Ref, Rule, Term, Var } from "../ast.js";
import { forEachTerm, refText } from "../ast.js";
import { BUILTINS } from "../builtins/index.js";
import { RegoError, type ErrorDetail, type Location } from "../errors.js";
import { parseModule, parseQuery, type RegoVersion } from "../parser.js";
import { Frame, Resolver, type ResolveEnv } from "./resolve.js";
import { neededSlots, patternSlots, reorderBody, type SafetyEnv } from "./safety.js";
import { RuleNode } from "./tree.js";
import { SPECIAL_FUNCTIONS } from "./special.js";

export { RuleNode } from "./tree.js";

const DEPRECATED_V1 = new Set(["any", "all", "re_match", "net.cidr_overlap", "set_diff", "cast_array", "cast_set", "cast_string", "cast_boolean", "cast_null", "cast_object"]);

export interface CompiledPolicy {
  modules: Module[];
  tree: RuleNode;
  /** package paths, for listing */
  packages: string[][];
}

export interface CompileInput {
  modules: Record<string, string>;
  regoVersion: RegoVersion;
  regoVersionOf?: (file: string) => RegoVersion | undefined;
}

type Err = ErrorDetail & { location: Location };

export function compileModules(input: CompileInput): CompiledPolicy {
  const modules: Module[] = [];
  const parseErrors: ErrorDetail[] = [];
  for (const [file, src] of Object.entries(input.modules)) {
    try {
      modules.push(parseModule(file, src, input.regoVersionOf?.(file) ?? input.regoVersion));
    } catch (e) {
      if (e instanceof RegoError) parseErrors.push(...e.errors);
      else throw e;
    }
  }
  if (parseErrors.length > 0) throw new RegoError(parseErrors);
  const c = new Compiler(modules);
  c.run();
  return { modules, tree: c.tree, packages: modules.map((m) => m.package) };
}

class Compiler {
  private errors: Err[] = [];
  /** unsafe-variable errors, reported after the call checks (OPA's stage order) */
  private safetyErrors: Err[] = [];
  private ruleNamesByPkg = new Map<string, Set<string>>();

  constructor(
    private readonly modules: Module[],
    readonly tree: RuleNode = new RuleNode("data", []),
  ) {}

  run(): void {
    this.buildTree();
    this.fail();
    this.checkTreeConflicts(this.tree);
    this.fail();
    for (const m of this.modules) this.resolveModule(m);
    this.fail();
    // as OPA's stages run: undefined functions and arity before safety
    this.checkCalls();
    this.fail();
    this.errors.push(...this.safetyErrors);
    this.fail();
    this.checkRecursion();
    this.fail();
  }

  private fail(): void {
    if (this.errors.length > 0) {
      const errs = this.errors;
      this.errors = [];
      // OPA reports errors sorted by location
      errs.sort((a, b) => (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : a.location.row - b.location.row || a.location.col - b.location.col));
      throw new RegoError(errs);
    }
  }

  private err(code: ErrorDetail["code"], message: string, location: Location): void {
    this.errors.push({ code, message, location });
  }

  // -------------------------------------------------------------------------------------------
  // tree

  private buildTree(): void {
    for (const m of this.modules) {
      const key = m.package.join("\u0000");
      let names = this.ruleNamesByPkg.get(key);
      if (!names) {
        names = new Set();
        this.ruleNamesByPkg.set(key, names);
      }
      let pkgNode = this.tree;
      for (const p of m.package) pkgNode = pkgNode.child(p);
      for (const rule of m.rules) {
        const ref = rule.head.ref;
        const name = (ref[0] as Var).name;
        names.add(name);
        const statics: string[] = [name];
        let i = 1;
        for (; i < ref.length; i++) {
          const t = ref[i]!;
          if (t.kind === "scalar" && typeof t.value === "string") statics.push(t.value);
          else break;
        }
        const suffix = ref.slice(i);
        let node = pkgNode;
        for (const s of statics) node = node.child(s);
        rule.path = [...m.package, ...statics];
        const setPath = (r: Rule | null) => {
          for (let e = r; e; e = e.else) e.path = rule.path;
        };
        setPath(rule);
        if (rule.kind === "partialobject" && suffix.length === 0) rule.kind = "complete";
        if (rule.kind === "partialset" && suffix.length > 0) {
          // `a.b[x] contains y`: a set at each a.b[x], built like an object rule whose leaf
          // values are sets of the rule's elements
          rule.kind = "partialobject";
          (rule as RuleWithSuffix).setLeaf = true;
        }
        if (suffix.length > 0 && rule.kind !== "partialobject") {
          this.err("rego_type_error", `rule head must only contain string terms (except for the last): ${refText({ kind: "ref", head: ref[0]!, path: ref.slice(1), loc: rule.loc })}`, rule.loc);
          continue;
        }
        switch (rule.kind) {
          case "complete":
            if (rule.isDefault) {
              if (node.defaultRule) this.err("rego_type_error", `multiple default rules ${node.pathText} found`, rule.loc);
              node.defaultRule = rule;
            } else node.complete.push(rule);
            break;
          case "partialset":
            node.partialSet.push(rule);
            break;
          case "function": {
            const n = rule.head.args!.length;
            if (node.arity >= 0 && node.arity !== n) {
              this.err("rego_type_error", `conflicting rules ${node.pathText} found`, rule.loc);
            }
            node.arity = n;
            if (rule.isDefault) {
              if (node.defaultRule) this.err("rego_type_error", `multiple default rules ${node.pathText} found`, rule.loc);
              node.defaultRule = rule;
            } else node.functions.push(rule);
            break;
          }
          case "partialobject":
            node.objectRules.push({ rule, suffix });
            break;
        }
      }
    }
  }

  private checkTreeConflicts(node: RuleNode): void {
    const kinds = [node.complete.length > 0 || (node.defaultRule !== null && node.arity < 0), node.partialSet.length > 0, node.functions.length > 0 || node.arity >= 0, node.objectRules.length > 0].filter(Boolean).length;
    const first = [...node.complete, ...node.partialSet, ...node.functions, ...node.objectRules.map((o) => o.rule)][0] ?? node.defaultRule;
    if (kinds > 1 && first) this.err("rego_type_error", `conflicting rules ${node.pathText} found`, first.loc);
    if ((node.complete.length > 0 || node.partialSet.length > 0 || node.isFunction) && node.children.size > 0 && first) {
      const childRule = [...node.children.values()].flatMap((c) => [...c.allRules()])[0];
      if (childRule) this.err("rego_type_error", `rule ${node.pathText} conflicts with ${[...node.children.values()][0]!.pathText}`, childRule.loc);
    }
    for (const c of node.children.values()) this.checkTreeConflicts(c);
  }

  // -------------------------------------------------------------------------------------------
  // names and safety

  private importsOf(m: Module): Map<string, Ref | Var> {
    const out = new Map<string, Ref | Var>();
    for (const imp of m.imports) {
      const target = imp.path;
      const root = target.kind === "var" ? target.name : target.kind === "ref" && target.head.kind === "var" ? target.head.name : "";
      if (root === "future" || root === "rego") continue;
      let alias = imp.alias;
      if (!alias) {
        if (target.kind === "var") {
          alias = target.name;
        } else if (target.kind === "ref") {
          const last = target.path[target.path.length - 1]!;
          if (last.kind === "scalar" && typeof last.value === "string") alias = last.value;
        }
      }
      if (!alias) {
        this.err("rego_compile_error", "import path must end with a name or use an alias", imp.loc);
        continue;
      }
      if (alias === "input" && target.kind === "var") continue;
      if (alias === "data" && target.kind === "var") continue;
      if (out.has(alias)) this.err("rego_compile_error", `import must not shadow import ${alias}`, imp.loc);
      out.set(alias, target.kind === "var" ? target : (target as Ref));
    }
    return out;
  }

  private resolveModule(m: Module): void {
    const imports = this.importsOf(m);
    const ruleNames = this.ruleNamesByPkg.get(m.package.join("\u0000")) ?? new Set<string>();
    for (const [alias, imp] of imports) {
      if (ruleNames.has(alias)) this.err("rego_compile_error", `import ${importText(imp)} shadows rule ${alias}`, m.imports.find((i) => (i.alias ?? "") === alias)?.loc ?? m.packageLoc);
    }
    const env: ResolveEnv = {
      pkg: m.package,
      ruleNames,
      imports,
      isBuiltin: (n) => BUILTINS.has(n) || SPECIAL_FUNCTIONS.has(n),
      regoVersion: m.regoVersion,
      errors: [],
    };
    for (const rule of m.rules) {
      for (let r: Rule | null = rule; r; r = r.else) this.resolveRule(r, env, rule);
    }
    for (const e of env.errors) this.err(e.code, e.message, e.location);
  }

  private resolveRule(rule: Rule, env: ResolveEnv, root: Rule): void {
    const frame = new Frame();
    const resolver = new Resolver(env, frame);
    const suffix = root.kind === "partialobject" ? root.head.ref.slice(root.head.ref.length - this.suffixLength(root)) : [];
    const headTerms: (Term | null)[] = [rule.head.key, rule.head.value, ...suffix];
    const r = resolver.resolveRule(rule.head.args, rule.body, headTerms);
    const [key, value, ...rsuffix] = r.head;
    rule.head = { ...rule.head, args: r.args, key: key ?? null, value: value ?? null };
    if (root.kind === "partialobject") (rule as RuleWithSuffix).suffix = rsuffix as Term[];
    // safety
    const safetyEnv: SafetyEnv = {
      arity: (c) => this.arityOf(c),
      names: frame.names,
      errors: [],
    };
    const initial = new Set<number>();
    if (r.args) for (const a of r.args) patternSlots(a).forEach((s) => initial.add(s));
    const ordered = reorderBody(r.body, initial, safetyEnv);
    rule.body = ordered.body;
    // head vars must be bound by the body
    const headCheck = [rule.head.key, rule.head.value, ...((rule as RuleWithSuffix).suffix ?? [])];
    const reported = new Set<number>();
    for (const h of headCheck) {
      if (!h) continue;
      // variables of refs in the head iterate (OPA moves such refs into the body), e.g.
      // `q := xs[_]` has a value per element of xs
      const { needs, outs } = neededSlots(h, safetyEnv);
      for (const s of needs) {
        if (!ordered.safe.has(s) && !outs.has(s) && !reported.has(s)) {
          reported.add(s);
          safetyEnv.errors.push({ code: "rego_unsafe_var_error", message: `var ${frame.names[s]} is unsafe`, location: rule.head.loc });
        }
      }
    }
    if (env.regoVersion === "v1") this.checkDeprecated(rule.body);
    for (const e of safetyEnv.errors) this.safetyErrors.push({ code: e.code, message: e.message, location: e.location });
    rule.frameSize = frame.size;
    (rule as RuleWithSuffix).slotNames = frame.names;
  }

  private suffixLength(rule: Rule): number {
    const ref = rule.head.ref;
    let i = 1;
    for (; i < ref.length; i++) {
      const t = ref[i]!;
      if (!(t.kind === "scalar" && typeof t.value === "string")) break;
    }
    return ref.length - i;
  }

  private checkDeprecated(body: Body): void {
    walkBody(body, (t) => {
      if (t.kind === "call") {
        const name = callName(t);
        if (name && DEPRECATED_V1.has(name)) this.err("rego_type_error", `deprecated built-in function calls in expression: ${name}`, t.loc);
      }
    });
  }

  // -------------------------------------------------------------------------------------------
  // calls

  /** Declared arity of the called function: user function, builtin or special. */
  arityOf(c: Call): number | undefined {
    const name = callName(c);
    if (name === undefined) return undefined;
    if (name.startsWith("data.")) {
      const node = this.tree.find(name.slice(5).split("."));
      return node && node.arity >= 0 ? node.arity : undefined;
    }
    const special = SPECIAL_FUNCTIONS.get(name);
    if (special !== undefined) return special < 0 ? undefined : special;
    const b = BUILTINS.get(name);
    if (b) return b.arity < 0 ? undefined : b.arity;
    return undefined;
  }

  private checkCalls(): void {
    for (const m of this.modules) {
      for (const rule of m.rules) {
        for (let r: Rule | null = rule; r; r = r.else) this.checkCallsIn(r.body, [r.head.key, r.head.value, ...(r.head.args ?? [])]);
      }
    }
  }

  /** Checks every call of a body (and of extra terms): known function, number of arguments. */
  checkCallsIn(body: Body, extra: (Term | null)[] = []): void {
    // only a call that is a whole expression may take one more argument, its output
    const statements = new Set<Call>();
    const collect = (b: Body): void => {
      for (const e of b) {
        const n = e.node;
        if (n.kind === "term" && n.term.kind === "call") statements.add(n.term);
        else if (n.kind === "every" || n.kind === "block") collect(n.body);
      }
    };
    collect(body);
    const check = (t: Term) => {
      if (t.kind === "arraycompr" || t.kind === "setcompr" || t.kind === "objectcompr") collect(t.body);
      if (t.kind === "call") this.checkCall(t, statements.has(t));
    };
    walkBody(body, check);
    for (const h of extra) if (h) walkTerm(h, check);
  }

  checkCall(c: Call, statement = true): void {
    const name = callName(c);
    if (name === undefined) {
      this.err("rego_type_error", `illegal call: ${refText(c.fn)}`, c.loc);
      return;
    }
    let arity: number | undefined;
    if (name.startsWith("data.")) {
      const node = this.tree.find(name.slice(5).split("."));
      if (!node || node.arity < 0) {
        this.err("rego_type_error", `undefined function ${name}`, c.loc);
        return;
      }
      arity = node.arity;
    } else {
      const special = SPECIAL_FUNCTIONS.get(name);
      const b = BUILTINS.get(name);
      if (special === undefined && !b) {
        this.err("rego_type_error", `undefined function ${name}`, c.loc);
        return;
      }
      arity = special !== undefined ? special : b!.arity;
    }
    if (arity >= 0 && c.args.length !== arity && !(statement && c.args.length === arity + 1)) {
      const what = c.args.length > arity ? "too many arguments" : "too few arguments";
      this.err("rego_type_error", `${name}: ${what}\n\thave: ${c.args.length}\n\twant: ${arity}`, c.loc);
    }
  }

  // -------------------------------------------------------------------------------------------
  // recursion

  private checkRecursion(): void {
    // edges: node -> nodes its rules reference
    const edges = new Map<RuleNode, Set<RuleNode>>();
    const nodesOf = (ref: Ref): RuleNode[] => {
      if (ref.head.kind !== "var" || ref.head.name !== "data") return [];
      const out: RuleNode[] = [];
      matchNodes(this.tree, ref.path, 0, out);
      return out;
    };
    const visitRules = (node: RuleNode) => {
      const out = new Set<RuleNode>();
      const collect = (t: Term) => {
        if (t.kind === "ref") nodesOf(t).forEach((n) => out.add(n));
        if (t.kind === "call") nodesOf(t.fn).forEach((n) => out.add(n));
      };
      const rules = [...node.complete, ...node.partialSet, ...node.functions, ...node.objectRules.map((o) => o.rule)];
      if (node.defaultRule) rules.push(node.defaultRule);
      for (const rule of rules) walkRule(rule, collect);
      if (rules.length > 0) edges.set(node, out);
      for (const c of node.children.values()) visitRules(c);
    };
    visitRules(this.tree);
    const state = new Map<RuleNode, number>(); // 1 visiting, 2 done
    const stack: RuleNode[] = [];
    const reported = new Set<RuleNode>();
    const dfs = (n: RuleNode): void => {
      state.set(n, 1);
      stack.push(n);
      for (const m of edges.get(n) ?? []) {
        const st = state.get(m);
        if (st === 1) {
          const cycle = stack.slice(stack.indexOf(m));
          if (!reported.has(m)) {
            reported.add(m);
            const rule = [...m.allRules()][0]!;
            const names = [...cycle, m].map((x) => x.pathText);
            this.err("rego_recursion_error", `rule ${m.pathText} is recursive: ${names.join(" -> ")}`, rule.loc);
          }
        } else if (st === undefined && edges.has(m)) dfs(m);
      }
      stack.pop();
      state.set(n, 2);
    };
    for (const n of edges.keys()) if (!state.has(n)) dfs(n);
  }

  // -------------------------------------------------------------------------------------------
  // queries

  compileQuery(src: string, regoVersion: RegoVersion, imports: Import[] = [], pkg: string[] = []): Query {
    const body = parseQuery(src, regoVersion);
    const env: ResolveEnv = {
      pkg,
      ruleNames: new Set(),
      imports: new Map(),
      isBuiltin: (n) => BUILTINS.has(n) || SPECIAL_FUNCTIONS.has(n),
      regoVersion,
      errors: [],
    };
    void imports;
    const frame = new Frame();
    const resolver = new Resolver(env, frame);
    const r = resolver.resolveQuery(body);
    for (const e of env.errors) this.err(e.code, e.message, e.location);
    this.fail();
    this.checkCallsIn(r.body);
    if (regoVersion === "v1") this.checkDeprecated(r.body);
    this.fail();
    const safetyEnv: SafetyEnv = { arity: (c) => this.arityOf(c), names: frame.names, errors: [] };
    const ordered = reorderBody(r.body, new Set(), safetyEnv);
    for (const e of safetyEnv.errors) this.err(e.code, e.message, e.location);
    this.fail();
    return { body: ordered.body, frameSize: frame.size, vars: r.vars };
  }
}

export interface RuleWithSuffix extends Rule {
  suffix?: Term[];
  /** a multi-value rule below a ref with variables (`a[x] contains y`): its leaves are sets */
  setLeaf?: boolean;
  slotNames?: string[];
}

/** Compiles a query against a compiled policy. */
export function compileQuery(policy: CompiledPolicy, src: string, regoVersion: RegoVersion): Query {
  return new Compiler(policy.modules, policy.tree).compileQuery(src, regoVersion);
}

// ---------------------------------------------------------------------------------------------
// helpers

function importText(t: Ref | Var): string {
  return t.kind === "var" ? t.name : refText(t);
}

/** Rule nodes a data ref may reach: static keys follow one child, anything else every child. */
function matchNodes(n: RuleNode, path: Term[], i: number, out: RuleNode[]): void {
  if (n.hasRules) {
    out.push(n);
    if (n.children.size === 0) return;
  }
  if (i === path.length) {
    for (const x of subtreeNodes(n)) if (x !== n) out.push(x);
    return;
  }
  const p = path[i]!;
  if (p.kind === "scalar") {
    if (typeof p.value !== "string") return;
    const c = n.children.get(p.value);
    if (c) matchNodes(c, path, i + 1, out);
    return;
  }
  for (const c of n.children.values()) matchNodes(c, path, i + 1, out);
}

function* subtreeNodes(n: RuleNode): IterableIterator<RuleNode> {
  if (n.hasRules) yield n;
  for (const c of n.children.values()) yield* subtreeNodes(c);
}

/** Dotted name of a call's function (`count`, `data.x.f`), or undefined if not static. */
export function callName(c: Call): string | undefined {
  const fn = c.fn;
  if (fn.head.kind !== "var") return undefined;
  const parts = [fn.head.name];
  for (const p of fn.path) {
    if (p.kind !== "scalar" || typeof p.value !== "string") return undefined;
    parts.push(p.value);
  }
  return parts.join(".");
}

/**
 * Every term of a rule and of its else branches: bodies, head key and value, and the dynamic
 * part of an object rule's head ref.
 */
export function walkRule(rule: Rule, fn: (t: Term) => void): void {
  for (let r: Rule | null = rule; r; r = r.else) {
    walkBody(r.body, fn);
    for (const h of [r.head.key, r.head.value, ...((r as RuleWithSuffix).suffix ?? [])]) if (h) walkTerm(h, fn);
  }
}

export function walkTerm(t: Term, fn: (t: Term) => void): void {
  forEachTerm(t, (x) => {
    fn(x);
    if (x.kind === "arraycompr" || x.kind === "setcompr") {
      walkTerm(x.term, fn);
      walkBody(x.body, fn);
    } else if (x.kind === "objectcompr") {
      walkTerm(x.key, fn);
      walkTerm(x.value, fn);
      walkBody(x.body, fn);
    }
  });
}

export function walkBody(body: Body, fn: (t: Term) => void): void {
  for (const e of body) {
    const n = e.node;
    switch (n.kind) {
      case "term":
        walkTerm(n.term, fn);
        break;
      case "unify":
        walkTerm(n.left, fn);
        walkTerm(n.right, fn);
        break;
      case "somein":
        if (n.key) walkTerm(n.key, fn);
        walkTerm(n.value, fn);
        walkTerm(n.collection, fn);
        break;
      case "every":
        if (n.key) walkTerm(n.key, fn);
        walkTerm(n.value, fn);
        walkTerm(n.domain, fn);
        walkBody(n.body, fn);
        break;
      case "block":
        walkBody(n.body, fn);
        break;
      case "some":
        break;
    }
    for (const w of e.with) {
      walkTerm(w.value, fn);
    }
  }
}
