// Builtins: aggregates (OPA's aggregates.go): count, sum, product, max, min, sort and the
// deprecated v0 `all`/`any`. sum and product are exact on integers of any size; as soon as one
// element has a fraction the accumulation is in 64-bit-mantissa floats (number.ts).

import { Float, type Num, numAdd, numMul } from "../number.js";
import { type Value, RObject, RSet, compare } from "../value.js";
import { type BuiltinDef, elementErr, typeErr } from "./registry.js";

/** Number of code points (OPA counts a string's runes); a lone surrogate counts as one. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i + 1 < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function isNumber(v: Value): v is Num {
  return typeof v === "number" || typeof v === "bigint" || v instanceof Float;
}

/** Elements of an array or set operand, else OPA's type error listing `expected`. */
function elements(v: Value, ...expected: string[]): readonly Value[] {
  if (Array.isArray(v)) return v as readonly Value[];
  if (v instanceof RSet) return v.values();
  throw typeErr(1, v, ...expected);
}

function accumulate(v: Value, init: Num, op: (a: Num, b: Num) => Num): Num {
  const items = elements(v, "set", "array");
  let acc = init;
  for (const x of items) {
    if (!isNumber(x)) throw elementErr(1, v, x, "number");
    acc = op(acc, x);
  }
  return acc;
}

export const builtins: BuiltinDef[] = [
  {
    name: "count",
    arity: 1,
    fn: (args) => {
      const v = args[0]!;
      if (typeof v === "string") return codePoints(v);
      if (Array.isArray(v)) return v.length;
      if (v instanceof RObject || v instanceof RSet) return v.size;
      throw typeErr(1, v, "array", "object", "set", "string");
    },
  },
  { name: "sum", arity: 1, fn: (args) => accumulate(args[0]!, 0, numAdd) },
  { name: "product", arity: 1, fn: (args) => accumulate(args[0]!, 1, numMul) },
  {
    name: "max",
    arity: 1,
    fn: (args) => {
      const items = elements(args[0]!, "set", "array");
      if (items.length === 0) return undefined;
      let best = items[0] as Value;
      for (const x of items) if (compare(best, x) <= 0) best = x;
      return best;
    },
  },
  {
    name: "min",
    arity: 1,
    fn: (args) => {
      const items = elements(args[0]!, "set", "array");
      if (items.length === 0) return undefined;
      let best = items[0] as Value;
      for (const x of items) if (compare(best, x) >= 0) best = x;
      return best;
    },
  },
  {
    name: "sort",
    arity: 1,
    fn: (args) => {
      const v = args[0]!;
      if (v instanceof RSet) return v.values().slice();
      return elements(v, "set", "array").slice().sort(compare);
    },
  },
  {
    name: "all",
    arity: 1,
    fn: (args) => elements(args[0]!, "array", "set").every((x) => x === true),
  },
  {
    name: "any",
    arity: 1,
    fn: (args) => {
      const v = args[0]!;
      if (v instanceof RSet) return v.has(true);
      return elements(v, "array", "set").some((x) => x === true);
    },
  },
];
