// Builtins: arrays (OPA's array.go): array.concat, array.slice (indexes clamped as OPA does),
// array.reverse and array.flatten (one level).

import type { Value } from "../value.js";
import { type BuiltinDef, arr } from "./registry.js";
import { int64Operand } from "./go-operands.js";

/** An index operand clamped into [lo, hi] (OPA's IntOperand: any int64). */
function clampedIndex(args: readonly Value[], i: number, lo: number, hi: number): number {
  const b = int64Operand(args, i);
  if (b < BigInt(lo)) return lo;
  if (b > BigInt(hi)) return hi;
  return Number(b);
}

export const builtins: BuiltinDef[] = [
  {
    name: "array.concat",
    arity: 2,
    fn: (args, ctx) => {
      const a = arr(args, 0);
      const b = arr(args, 1);
      if (b.length === 0) return a;
      if (a.length === 0) return b;
      ctx.charge(a.length + b.length);
      return a.concat(b);
    },
  },
  {
    name: "array.slice",
    arity: 3,
    fn: (args) => {
      const a = arr(args, 0);
      // both operands are checked before clamping: stop into [0, len], then start into [0, stop]
      int64Operand(args, 1);
      const stop = clampedIndex(args, 2, 0, a.length);
      const start = clampedIndex(args, 1, 0, stop);
      return start === 0 && stop === a.length ? a : a.slice(start, stop);
    },
  },
  {
    name: "array.reverse",
    arity: 1,
    fn: (args) => arr(args, 0).slice().reverse(),
  },
  {
    name: "array.flatten",
    arity: 1,
    fn: (args, ctx) => {
      const a = arr(args, 0);
      const out: Value[] = [];
      for (const x of a) {
        if (Array.isArray(x)) {
          ctx.charge(x.length);
          for (const y of x as readonly Value[]) out.push(y);
        } else {
          out.push(x);
        }
      }
      return out;
    },
  },
];
