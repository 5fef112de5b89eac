// Builtins: bits (OPA's bits.go) on integers of any size, with Go big.Int semantics (two's
// complement for negative numbers; rsh is an arithmetic shift).

import { Float, fromBigInt } from "../number.js";
import type { Value } from "../value.js";
import { type BuiltinContext, type BuiltinDef, BuiltinError, operandErr, typeErr } from "./registry.js";

/** OPA's BigIntOperand: any integer; other types are reported as "integer". */
function integer(args: readonly Value[], i: number): bigint {
  const v = args[i]!;
  if (typeof v === "number" || typeof v === "bigint") return BigInt(v);
  if (v instanceof Float) throw operandErr(i + 1, "must be integer number but got floating-point number");
  throw typeErr(i + 1, v, "integer");
}

/** Largest result of a left shift, in bits (the result must stay printable). */
const MAX_SHIFT_BITS = 1 << 20;

function bitLength(x: bigint): number {
  return (x < 0n ? -x : x).toString(2).length;
}

/** The shift count as Go reads it: a non-negative big.Int taken modulo 2^64 (Uint64). */
function shiftCount(b: bigint): bigint {
  if (b < 0n) throw operandErr(2, "must be an unsigned integer number but got a negative integer");
  return BigInt.asUintN(64, b);
}

function lsh(a: bigint, b: bigint, ctx: BuiltinContext): bigint {
  const n = shiftCount(b);
  if (a === 0n) return 0n;
  const bits = BigInt(bitLength(a)) + n;
  if (bits > BigInt(MAX_SHIFT_BITS)) throw new BuiltinError(`shift result too large (${bits} bits)`);
  ctx.charge(Math.ceil(Number(bits) / 64));
  return a << n;
}

function rsh(a: bigint, b: bigint): bigint {
  const n = shiftCount(b);
  if (n >= BigInt(bitLength(a))) return a < 0n ? -1n : 0n;
  return a >> n;
}

function binary(name: string, op: (a: bigint, b: bigint, ctx: BuiltinContext) => bigint): BuiltinDef {
  return {
    name,
    arity: 2,
    fn: (args, ctx) => {
      const a = integer(args, 0);
      const b = integer(args, 1);
      return fromBigInt(op(a, b, ctx));
    },
  };
}

export const builtins: BuiltinDef[] = [
  binary("bits.or", (a, b) => a | b),
  binary("bits.and", (a, b) => a & b),
  binary("bits.xor", (a, b) => a ^ b),
  { name: "bits.negate", arity: 1, fn: (args) => fromBigInt(~integer(args, 0)) },
  binary("bits.lsh", lsh),
  binary("bits.rsh", rsh),
];
