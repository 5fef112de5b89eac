// Operand helpers for builtins that take Go integer operands (OPA's builtins.IntOperand):
// any integer that fits an int64 is accepted; other numbers are reported as floating-point,
// as OPA does.

import { type Num, Float } from "../number.js";
import type { Value } from "../value.js";
import { operandErr, typeErr } from "./registry.js";

export const INT64_MIN = -(1n << 63n);
export const INT64_MAX = (1n << 63n) - 1n;

function isNumber(v: Value): v is Num {
  return typeof v === "number" || typeof v === "bigint" || v instanceof Float;
}

/** An integer operand within the int64 range, as a bigint. */
export function int64Operand(args: readonly Value[], i: number): bigint {
  const v = args[i]!;
  if (!isNumber(v)) throw typeErr(i + 1, v, "number");
  if (v instanceof Float) throw operandErr(i + 1, "must be integer number but got floating-point number");
  const b = BigInt(v);
  if (b < INT64_MIN || b > INT64_MAX) throw operandErr(i + 1, "must be integer number but got floating-point number");
  return b;
}
