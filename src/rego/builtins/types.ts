// Builtins: types (OPA's type.go, type_name and casts.go): is_number ... is_null, type_name,
// to_number, and the deprecated v0 casts cast_array, cast_set, cast_string, cast_boolean,
// cast_null, cast_object.

import { Float, type Num, fromBigInt, numDiv, parseNumber } from "../number.js";
import { type Value, RObject, RSet, typeName } from "../value.js";
import { type BuiltinDef, BuiltinError, typeErr } from "./registry.js";
import { goQuote } from "./go-quote.js";

function isNumber(v: Value): v is Num {
  return typeof v === "number" || typeof v === "bigint" || v instanceof Float;
}

function is(name: string, test: (v: Value) => boolean): BuiltinDef {
  return { name, arity: 1, predicate: true, fn: (args) => test(args[0]!) };
}

// ---------------------------------------------------------------------------------------------
// to_number on strings: OPA accepts what Go's strconv.ParseFloat accepts (except inf and nan)
// and keeps the number as written, so it is exact here.

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/; // unambiguous: no backtracking blow-up
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?\d+)$/;

function parseFloatError(s: string, why: string): BuiltinError {
  return new BuiltinError(`strconv.ParseFloat: parsing ${goQuote(s)}: ${why}`);
}

/** Go's rule: underscores only between digits, or between the base prefix and a digit. */
function underscoresOK(intDigits: string, fracDigits: string | undefined): boolean {
  const s = "0x" + intDigits + (fracDigits === undefined ? "" : "." + fracDigits);
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "_") continue;
    const prev = s[i - 1]!;
    const next = s[i + 1];
    if (!(prev === "x" || /[0-9a-fA-F]/.test(prev)) || next === undefined || !/[0-9a-fA-F]/.test(next)) return false;
  }
  return true;
}

function parseHexFloat(s: string, m: RegExpExecArray): Num {
  const [, sign, intRaw, fracRaw, expText] = m as unknown as [string, string, string, string | undefined, string];
  if (!underscoresOK(intRaw, fracRaw)) throw parseFloatError(s, "invalid syntax");
  const intDigits = intRaw.replace(/_/g, "");
  const fracDigits = (fracRaw ?? "").replace(/_/g, "");
  if (intDigits === "" && fracDigits === "") throw parseFloatError(s, "invalid syntax");
  let mant = BigInt("0x0" + intDigits + fracDigits);
  if (mant === 0n) return 0;
  if (sign === "-") mant = -mant;
  const exp = Number(expText) - 4 * fracDigits.length;
  const bits = (mant < 0n ? -mant : mant).toString(2).length;
  if (bits + exp > 1024) throw parseFloatError(s, "value out of range");
  if (bits + exp < -1100) return 0; // below the smallest float64: Go underflows to zero
  if (exp >= 0) return fromBigInt(mant << BigInt(exp));
  return numDiv(fromBigInt(mant), fromBigInt(1n << BigInt(-exp)));
}

function stringToNumber(s: string): Num {
  const word = s.replace(/^[+-]+/, "").toLowerCase();
  if (word === "inf" || word === "infinity" || word === "nan") throw typeErr(1, s, "valid number string");
  const hex = HEX.exec(s);
  if (hex) return parseHexFloat(s, hex);
  if (!DECIMAL.test(s)) throw parseFloatError(s, "invalid syntax");
  if (!Number.isFinite(Number(s))) throw parseFloatError(s, "value out of range");
  const n = parseNumber(s.startsWith("+") ? s.slice(1) : s);
  // exponents beyond number.ts's range only get here when they underflow float64: Go's zero
  if (n === undefined) return 0;
  // keep the text as written only when it is valid JSON (not ".5" or "5.")
  if (n instanceof Float && !JSON_NUMBER.test(s)) return new Float(n.mant, n.exp);
  return n;
}

// ---------------------------------------------------------------------------------------------

export const builtins: BuiltinDef[] = [
  is("is_number", isNumber),
  is("is_string", (v) => typeof v === "string"),
  is("is_boolean", (v) => typeof v === "boolean"),
  is("is_array", (v) => Array.isArray(v)),
  is("is_set", (v) => v instanceof RSet),
  is("is_object", (v) => v instanceof RObject),
  is("is_null", (v) => v === null),
  { name: "type_name", arity: 1, fn: (args) => typeName(args[0]!) },
  {
    name: "to_number",
    arity: 1,
    fn: (args) => {
      const v = args[0]!;
      if (v === null) return 0;
      if (typeof v === "boolean") return v ? 1 : 0;
      if (isNumber(v)) return v;
      if (typeof v === "string") return stringToNumber(v);
      throw typeErr(1, v, "null", "boolean", "number", "string");
    },
  },
  {
    name: "cast_array",
    arity: 1,
    fn: (args) => {
      const v = args[0]!;
      if (Array.isArray(v)) return v;
      if (v instanceof RSet) return v.values().slice();
      throw typeErr(1, v, "array", "set");
    },
  },
  {
    name: "cast_set",
    arity: 1,
    fn: (args) => {
      const v = args[0]!;
      if (Array.isArray(v)) return RSet.of(v as readonly Value[]);
      if (v instanceof RSet) return v;
      throw typeErr(1, v, "array", "set");
    },
  },
  cast("cast_string", "string", (v) => typeof v === "string"),
  cast("cast_boolean", "boolean", (v) => typeof v === "boolean"),
  cast("cast_null", "null", (v) => v === null),
  cast("cast_object", "object", (v) => v instanceof RObject),
];

function cast(name: string, type: string, test: (v: Value) => boolean): BuiltinDef {
  return {
    name,
    arity: 1,
    fn: (args) => {
      if (!test(args[0]!)) throw typeErr(1, args[0]!, type);
      return args[0]!;
    },
  };
}
