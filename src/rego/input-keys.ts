// Which parts of `input` a policy set can read, decided from its compiled rules: the first key
// of every `input.<key>...` reference. Any use of `input` that is not such a reference (input
// as a whole, a key computed at evaluation, a function argument) means any key. Callers use it
// to skip building parts of the input that no rule can look at.

import type { Rule, Term } from "./ast.js";
import { walkRule } from "./compiler/index.js";

/** The top-level input keys the rules can read; null when they may read any. */
export function inputKeysRead(rules: Iterable<Rule>): ReadonlySet<string> | null {
  const keys = new Set<string>();
  let any = false;
  // the heads of `input.<key>` references: every other `input` variable is a use of the whole
  const heads = new Set<Term>();
  const visit = (t: Term): void => {
    if (t.kind === "ref" && t.head.kind === "var" && t.head.name === "input" && t.head.slot < 0) {
      heads.add(t.head);
      const first = t.path[0];
      if (first && first.kind === "scalar" && typeof first.value === "string") keys.add(first.value);
      else any = true;
    } else if (t.kind === "var" && t.name === "input" && t.slot < 0 && !heads.has(t)) any = true;
  };
  for (const rule of rules) {
    walkRule(rule, visit);
    if (any) return null;
  }
  return keys;
}
