// Builtins: sets (OPA's binary.go and sets.go): `and` (&), `or` (|), intersection and union of
// a set of sets, and the deprecated v0 set_diff.

import { type Value, RSet } from "../value.js";
import { type BuiltinDef, set, typeErr } from "./registry.js";

function intersect(a: RSet, b: RSet): RSet {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const out = new RSet();
  for (const x of small.values()) if (large.has(x)) out.add(x);
  return out;
}

function unionOf(sets: readonly RSet[]): RSet {
  const out = new RSet();
  for (const s of sets) for (const x of s.values()) out.add(x);
  return out;
}

/** a - b (OPA's Set.Diff), also the set form of `minus` */
export function setDiff(a: RSet, b: RSet): RSet {
  const out = new RSet();
  for (const x of a.values()) if (!b.has(x)) out.add(x);
  return out;
}

/** The elements of a set of sets; a member that is not a set is reported as operand 1. */
function setsOf(args: readonly Value[]): RSet[] {
  const outer = set(args, 0);
  return outer.values().map((x) => {
    if (!(x instanceof RSet)) throw typeErr(1, x, "set");
    return x;
  });
}

export const builtins: BuiltinDef[] = [
  { name: "and", arity: 2, fn: (args) => intersect(set(args, 0), set(args, 1)) },
  {
    name: "or",
    arity: 2,
    fn: (args) => {
      const a = set(args, 0);
      const b = set(args, 1);
      if (b.size === 0) return a;
      if (a.size === 0) return b;
      return unionOf([a, b]);
    },
  },
  {
    name: "intersection",
    arity: 1,
    fn: (args) => {
      const sets = setsOf(args);
      if (sets.length === 0) return new RSet();
      let acc = sets[0]!;
      for (let i = 1; i < sets.length && acc.size > 0; i++) acc = intersect(acc, sets[i]!);
      return acc;
    },
  },
  { name: "union", arity: 1, fn: (args) => unionOf(setsOf(args)) },
  {
    name: "set_diff",
    arity: 2,
    fn: (args) => setDiff(set(args, 0), set(args, 1)),
  },
];
