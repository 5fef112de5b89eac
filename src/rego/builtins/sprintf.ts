// Builtins: sprintf. OPA turns each element of the argument array into a Go value and calls
// Go's fmt.Sprintf: an integer becomes an int64 (or a *big.Int when it does not fit), a
// non-integral number a float64, a string itself, and anything else (null, booleans, arrays,
// objects, sets) the string of its Rego text form, so that %v prints [1, "a"] and %d of an
// array prints %!d(string=[1, "a"]). The formatting itself is go-fmt.ts.

import { Float } from "../number.js";
import type { Value } from "../value.js";
import { goInt, goSprintf, type GoValue } from "./go-fmt.js";
import { regoText } from "./rego-text.js";
import { type BuiltinDef, arr, str } from "./registry.js";

/** The Go value OPA passes to fmt.Sprintf for a Rego value. */
export function sprintfArg(v: Value): GoValue {
  if (typeof v === "number") return { t: "int64", v: BigInt(v) };
  if (typeof v === "bigint") return goInt(v);
  if (typeof v === "string") return { t: "string", v };
  if (v instanceof Float) {
    const text = v.toString();
    const x = Number(text);
    // a number beyond float64's range is passed as its text, as OPA does
    return Number.isFinite(x) ? { t: "float64", v: x } : { t: "string", v: text };
  }
  return { t: "string", v: regoText(v) };
}

export const builtins: BuiltinDef[] = [
  {
    name: "sprintf",
    arity: 2,
    fn: (args, ctx) => {
      const format = str(args, 0);
      const items = arr(args, 1);
      return goSprintf(format, items.map(sprintfArg), (n) => ctx.charge(n));
    },
  },
];
