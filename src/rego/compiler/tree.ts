// The rule tree: every rule placed under `data` at its package path plus the static part of its
// head ref. The evaluator walks it to resolve `data...` references to virtual documents.

import type { Rule, Term } from "../ast.js";

export interface ObjectRule {
  rule: Rule;
  /** the dynamic part of the head ref below the node (e.g. [x] for p[x] := v) */
  suffix: Term[];
}

export class RuleNode {
  readonly children = new Map<string, RuleNode>();
  /** complete rules (and their else chains) defined exactly at this path */
  readonly complete: Rule[] = [];
  /** multi-value rules (`contains`) at this path */
  readonly partialSet: Rule[] = [];
  /** function definitions at this path */
  readonly functions: Rule[] = [];
  /** rules whose head ref has variables below this path (`p[k] := v`, `p.q[x].r := 1`) */
  readonly objectRules: ObjectRule[] = [];
  defaultRule: Rule | null = null;
  /** number of arguments of the function defined here */
  arity = -1;

  constructor(
    readonly name: string,
    readonly path: readonly string[],
  ) {}

  child(name: string): RuleNode {
    let c = this.children.get(name);
    if (!c) {
      c = new RuleNode(name, [...this.path, name]);
      this.children.set(name, c);
    }
    return c;
  }

  /** Finds the node at `path` below this one, if any. */
  find(path: readonly string[]): RuleNode | undefined {
    let n: RuleNode | undefined = this;
    for (const p of path) {
      n = n.children.get(p);
      if (!n) return undefined;
    }
    return n;
  }

  get isFunction(): boolean {
    return this.functions.length > 0;
  }

  get hasRules(): boolean {
    return this.complete.length > 0 || this.partialSet.length > 0 || this.functions.length > 0 || this.objectRules.length > 0 || this.defaultRule !== null;
  }

  /** A node whose value is produced by complete or multi-value rules (a leaf document). */
  get isLeafDocument(): boolean {
    return this.complete.length > 0 || this.partialSet.length > 0 || (this.defaultRule !== null && this.arity < 0);
  }

  get pathText(): string {
    return ["data", ...this.path].map((p, i) => (i === 0 || /^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? p : JSON.stringify(p))).join(".").replace(/\.(".*?")/g, "[$1]");
  }

  /** Every rule at or below this node. */
  *allRules(): IterableIterator<Rule> {
    yield* this.complete;
    yield* this.partialSet;
    yield* this.functions;
    for (const o of this.objectRules) yield o.rule;
    if (this.defaultRule) yield this.defaultRule;
    for (const c of this.children.values()) yield* c.allRules();
  }
}
