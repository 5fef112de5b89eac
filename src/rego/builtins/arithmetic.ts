// Builtins: arithmetic (OPA's arithmetic.go). Integers are exact at any size; anything with a
// fraction is a 64-bit-mantissa binary float with Go big.Float semantics (see number.ts).
// `minus` doubles as set difference.

import {
  ArithmeticError, Float, type Num, numAbs, numAdd, numCeil, numDiv, numFloor, numMul, numRem, numRound, numSign,
  numSub,
} from "../number.js";
import { type Value, RSet } from "../value.js";
import { type BuiltinDef, BuiltinError, num, typeErr } from "./registry.js";
import { setDiff } from "./sets.js";

/** Runs a number.ts operation, reporting its arithmetic errors as OPA's builtin errors. */
function arith(f: () => Num): Num {
  try {
    return f();
  } catch (e) {
    if (e instanceof ArithmeticError) throw new BuiltinError(e.message);
    throw e;
  }
}

function binary(name: string, op: (a: Num, b: Num) => Num): BuiltinDef {
  return {
    name,
    arity: 2,
    fn: (args) => {
      const a = num(args, 0);
      const b = num(args, 1);
      return arith(() => op(a, b));
    },
  };
}

function unary(name: string, op: (a: Num) => Num): BuiltinDef {
  return { name, arity: 1, fn: (args) => op(num(args, 0)) };
}

/** True for a non-integral number strictly between -1 and 0. */
function negativeFraction(a: Num): boolean {
  return a instanceof Float && numSign(a) < 0 && numSign(numAdd(a, 1)) > 0;
}

function isNumber(v: Value): v is Num {
  return typeof v === "number" || typeof v === "bigint" || v instanceof Float;
}

export const builtins: BuiltinDef[] = [
  binary("plus", numAdd),
  {
    name: "minus",
    arity: 2,
    fn: (args) => {
      const [a, b] = args as [Value, Value];
      if (isNumber(a) && isNumber(b)) return arith(() => numSub(a, b));
      if (a instanceof RSet && b instanceof RSet) return setDiff(a, b);
      if (!isNumber(a) && !(a instanceof RSet)) throw typeErr(1, a, "number", "set");
      if (isNumber(b)) throw typeErr(2, b, "set");
      throw typeErr(2, b, "number");
    },
  },
  binary("mul", numMul),
  binary("div", numDiv),
  binary("rem", numRem),
  // a float result prints canonically, as OPA's does (abs(2.50) is 2.5)
  unary("abs", (a) => (a instanceof Float ? new Float(a.mant < 0n ? -a.mant : a.mant, a.exp) : numAbs(a))),
  unary("round", numRound),
  // OPA truncates towards zero and then adjusts unless the truncated value is negative; zero is
  // never negative, so for -1 < x < 0 OPA's ceil gives 1 and its floor gives 0. Kept as OPA does.
  unary("ceil", (a) => (negativeFraction(a) ? 1 : numCeil(a))),
  unary("floor", (a) => (negativeFraction(a) ? 0 : numFloor(a))),
];
