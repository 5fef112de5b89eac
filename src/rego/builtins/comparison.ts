// Builtins: comparison operators (OPA's comparison.go). `equal`/`neq` use value equality;
// the order operators use the total order of values (null < boolean < number < string < array
// < object < set), so they never fail: `"a" < 1` is simply false.

import { type Value, compare, equal } from "../value.js";
import type { BuiltinDef } from "./registry.js";

function order(name: string, test: (c: number) => boolean): BuiltinDef {
  return { name, arity: 2, predicate: true, fn: (args) => test(compare(args[0]!, args[1]!)) };
}

export const builtins: BuiltinDef[] = [
  { name: "equal", arity: 2, predicate: true, fn: (args: readonly Value[]) => equal(args[0]!, args[1]!) },
  { name: "neq", arity: 2, predicate: true, fn: (args: readonly Value[]) => !equal(args[0]!, args[1]!) },
  order("lt", (c) => c < 0),
  order("lte", (c) => c <= 0),
  order("gt", (c) => c > 0),
  order("gte", (c) => c >= 0),
];
