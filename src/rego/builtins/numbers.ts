// Builtins: numbers.range, numbers.range_step and rand.intn (OPA's numbers.go).

import { randomBytes, randomInt } from "node:crypto";
import { Float, fromBigInt } from "../number.js";
import type { Value } from "../value.js";
import { type BuiltinContext, type BuiltinDef, BuiltinError, operandErr, str, typeErr } from "./registry.js";
import { int64Operand } from "./go-operands.js";

/** OPA's BigIntOperand: any integer; other types are reported as "integer". */
function bigIntOperand(args: readonly Value[], i: number): bigint {
  const v = args[i]!;
  if (typeof v === "number" || typeof v === "bigint") return BigInt(v);
  if (v instanceof Float) throw operandErr(i + 1, "must be integer number but got floating-point number");
  throw typeErr(i + 1, v, "integer");
}

/** x, x±step, ... up to and including y (descending when x > y). */
function range(x: bigint, y: bigint, step: bigint, ctx: BuiltinContext): Value[] {
  const span = x <= y ? y - x : x - y;
  const count = span / step + 1n;
  ctx.charge(Number(count));
  const n = Number(count);
  const out = new Array<Value>(n);
  const dir = x <= y ? 1n : -1n;
  const sx = Number(x);
  const sstep = Number(step * dir);
  if (Number.isSafeInteger(sx) && Number.isSafeInteger(sx + sstep * (n - 1)) && Number.isSafeInteger(sstep)) {
    for (let i = 0; i < n; i++) out[i] = sx + sstep * i;
  } else {
    let v = x;
    for (let i = 0; i < n; i++, v += step * dir) out[i] = fromBigInt(v);
  }
  return out;
}

const MAX_RANDOM_INT = 2 ** 48 - 1; // node:crypto randomInt's limit

/** A uniformly random integer in [0, n) for 0 < n < 2^63. */
function randomBelow(n: bigint): bigint {
  if (n <= BigInt(MAX_RANDOM_INT)) return BigInt(randomInt(Number(n)));
  const bits = n.toString(2).length;
  const mask = (1n << BigInt(bits)) - 1n;
  for (;;) {
    const r = randomBytes(8).readBigUInt64BE() & mask;
    if (r < n) return r;
  }
}

export const builtins: BuiltinDef[] = [
  {
    name: "numbers.range",
    arity: 2,
    fn: (args, ctx) => {
      const x = bigIntOperand(args, 0);
      const y = bigIntOperand(args, 1);
      return range(x, y, 1n, ctx);
    },
  },
  {
    name: "numbers.range_step",
    arity: 3,
    fn: (args, ctx) => {
      const x = bigIntOperand(args, 0);
      const y = bigIntOperand(args, 1);
      const step = bigIntOperand(args, 2);
      if (step <= 0n) throw new BuiltinError("step must be a positive integer");
      return range(x, y, step, ctx);
    },
  },
  {
    name: "rand.intn",
    arity: 2,
    nondeterministic: true,
    fn: (args, ctx) => {
      const s = str(args, 0);
      let n = int64Operand(args, 1);
      if (n === 0n) return 0;
      if (n < 0n) n = -n;
      // the same (string, n) gives the same number within a query
      const key = `rand.intn:${n}:${s}`;
      const hit = ctx.cache.get(key);
      if (hit !== undefined) return hit as Value;
      const r = fromBigInt(randomBelow(n));
      ctx.cache.set(key, r);
      return r;
    },
  },
];
