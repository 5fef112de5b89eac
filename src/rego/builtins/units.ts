// Builtins: units.parse and units.parse_bytes (OPA's parse_units.go / parse_bytes.go).
//
// units.parse computes exactly on rationals, as OPA does with big.Rat: the "m" (milli) factor is
// the binary double nearest 0.001, and non-integral results are rounded to ten decimals
// ("0.5000000000"), so units.parse("500m") == 0.5 holds exactly. units.parse_bytes follows
// OPA's big.Float: the amount is rounded to a 64-bit mantissa, multiplied (rounded again) and
// truncated to an integer.

import { type Num, parseNumber } from "../number.js";
import { type BuiltinDef, type BuiltinContext, BuiltinError, str } from "./registry.js";

const MAX_EXPONENT_DIGITS = 6;

class ExponentTooLarge extends Error {}

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/**
 * Splits "10.5e3Ki" into the amount ("10.5e3") and the unit ("Ki"). An 'e' starts the unit
 * unless a digit or sign follows it; exponents of more than six digits are refused.
 */
function extractNumAndUnit(s: string): [string, string] {
  let first = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const numeric = isDigit(c) || c === ".";
    if (!numeric && c !== "e" && c !== "E" && c !== "+" && c !== "-") {
      first = i;
      break;
    }
    if (c === "e" || c === "E") {
      const n = s[i + 1];
      if (i === s.length - 1 || (!isDigit(n) && n !== "+" && n !== "-")) {
        first = i;
        break;
      }
      if (n === "+" || n === "-") i++;
      let end = i + 1;
      while (end < s.length && isDigit(s[end])) end++;
      if (end - (i + 1) > MAX_EXPONENT_DIGITS) throw new ExponentTooLarge();
    }
  }
  if (first === -1) return [s, ""];
  if (first === 0) return ["", s];
  return [s.slice(0, first), s.slice(first)];
}

/** A decimal amount as an exact rational num/den (den > 0), or undefined if malformed. */
function parseRational(text: string): [bigint, bigint] | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return undefined;
  const intPart = m[2]!;
  const frac = m[3] ?? "";
  if (intPart === "" && frac === "") return undefined;
  let digits = BigInt(intPart + frac || "0");
  if (m[1] === "-") digits = -digits;
  const exp = Number(m[4] ?? "0") - frac.length;
  if (digits === 0n) return [0n, 1n];
  return exp >= 0 ? [digits * 10n ** BigInt(exp), 1n] : [digits, 10n ** BigInt(-exp)];
}

/** Charges for the size of the numbers an amount creates (a million-digit amount is allowed). */
function chargeSize(amount: string, ctx: BuiltinContext): void {
  const m = /[eE]([+-]?\d+)/.exec(amount);
  ctx.charge(amount.length + (m ? Math.abs(Number(m[1])) : 0));
}

// ---------------------------------------------------------------------------------------------
// units.parse

/** The double nearest 0.001, exactly, as a rational (what OPA's big.Rat.SetFloat64 holds). */
const MILLI: [bigint, bigint] = (() => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, 0.001);
  const bits = view.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn) - 1075;
  const mant = (bits & ((1n << 52n) - 1n)) | (1n << 52n);
  return [mant, 1n << BigInt(-exp)];
})();

const KI = 1n << 10n;

const SI_UNITS: Readonly<Record<string, [bigint, bigint]>> = {
  m: MILLI,
  "": [1n, 1n],
  k: [1000n, 1n],
  K: [1000n, 1n],
  ki: [KI, 1n],
  Ki: [KI, 1n],
  M: [10n ** 6n, 1n],
  mi: [KI ** 2n, 1n],
  Mi: [KI ** 2n, 1n],
  g: [10n ** 9n, 1n],
  G: [10n ** 9n, 1n],
  gi: [KI ** 3n, 1n],
  Gi: [KI ** 3n, 1n],
  t: [10n ** 12n, 1n],
  T: [10n ** 12n, 1n],
  ti: [KI ** 4n, 1n],
  Ti: [KI ** 4n, 1n],
  p: [10n ** 15n, 1n],
  P: [10n ** 15n, 1n],
  pi: [KI ** 5n, 1n],
  Pi: [KI ** 5n, 1n],
  e: [10n ** 18n, 1n],
  E: [10n ** 18n, 1n],
  ei: [KI ** 6n, 1n],
  Ei: [KI ** 6n, 1n],
};

/** Go's strings.ToLower, one code point at a time (simple case mapping). */
function goLower(s: string): string {
  let out = "";
  for (const ch of s) {
    const l = ch.toLowerCase();
    out += ch === "\u0130" ? "i" : [...l].length === 1 ? l : ch;
  }
  return out;
}

/** big.Rat.FloatString(10): rounded half away from zero to ten decimals. */
function ratToDecimal10(num: bigint, den: bigint): string {
  const neg = num < 0n;
  const a = neg ? -num : num;
  const scale = 10n ** 10n;
  let q = (a * scale) / den;
  const r = (a * scale) % den;
  if (2n * r >= den) q += 1n;
  const s = q.toString().padStart(11, "0");
  return `${neg ? "-" : ""}${s.slice(0, -10)}.${s.slice(-10)}`;
}

function unitsParse(raw: string, ctx: BuiltinContext): Num {
  const s = raw.replaceAll('"', "");
  if (s.includes(" ")) throw new BuiltinError("spaces not allowed in resource strings");
  let amount: string;
  let unit: string;
  try {
    [amount, unit] = extractNumAndUnit(s);
  } catch {
    throw new BuiltinError("exponent too large");
  }
  if (amount === "") throw new BuiltinError("no amount provided");
  // lower-case all but the first letter, so that 'm' (milli) and 'M' (mega) stay apart
  const first = [...unit][0] ?? "";
  if (unit.length > first.length) unit = first + goLower(unit.slice(first.length));
  const factor = Object.hasOwn(SI_UNITS, unit) ? SI_UNITS[unit] : undefined;
  if (factor === undefined) throw new BuiltinError(`unit ${unit} not recognized`);
  chargeSize(amount, ctx);
  const r = parseRational(amount);
  if (r === undefined) throw new BuiltinError("could not parse amount to a number");
  const num = r[0] * factor[0];
  const den = r[1] * factor[1];
  const text = num % den === 0n ? (num / den).toString() : ratToDecimal10(num, den);
  return parseNumber(text)!;
}

// ---------------------------------------------------------------------------------------------
// units.parse_bytes

const BYTE_UNITS: Readonly<Record<string, bigint>> = {
  "": 1n,
  kb: 1000n, k: 1000n, kib: KI, ki: KI,
  mb: 10n ** 6n, m: 10n ** 6n, mib: KI ** 2n, mi: KI ** 2n,
  gb: 10n ** 9n, g: 10n ** 9n, gib: KI ** 3n, gi: KI ** 3n,
  tb: 10n ** 12n, t: 10n ** 12n, tib: KI ** 4n, ti: KI ** 4n,
  pb: 10n ** 15n, p: 10n ** 15n, pib: KI ** 5n, pi: KI ** 5n,
  eb: 10n ** 18n, e: 10n ** 18n, eib: KI ** 6n, ei: KI ** 6n,
};

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/**
 * num/den (den > 0) rounded to a 64-bit mantissa, half to even: returns [mant, exp] with
 * value mant * 2^exp.
 */
function roundTo64(num: bigint, den: bigint): [bigint, number] {
  if (num === 0n) return [0n, 0];
  const neg = num < 0n;
  const a = neg ? -num : num;
  // scale so that the quotient has at least 66 bits
  const shift = Math.max(0, 66 - (bitLength(a) - bitLength(den)));
  const n = a << BigInt(shift);
  let q = n / den;
  const sticky = n % den !== 0n;
  let exp = -shift;
  const extra = bitLength(q) - 64;
  if (extra > 0) {
    const e = BigInt(extra);
    const rem = q & ((1n << e) - 1n);
    q >>= e;
    exp += extra;
    const half = 1n << (e - 1n);
    if (rem > half || (rem === half && (sticky || (q & 1n) === 1n))) {
      q += 1n;
      if (bitLength(q) > 64) {
        q >>= 1n;
        exp += 1;
      }
    }
  }
  return [neg ? -q : q, exp];
}

/** mant * 2^exp truncated towards zero. */
function truncate([mant, exp]: [bigint, number]): bigint {
  if (exp >= 0) return mant << BigInt(exp);
  const neg = mant < 0n;
  const t = (neg ? -mant : mant) >> BigInt(-exp);
  return neg ? -t : t;
}

function unitsParseBytes(raw: string, ctx: BuiltinContext): Num {
  const s = goLower(raw).replaceAll('"', "");
  if (s.includes(" ")) throw new BuiltinError("spaces not allowed in resource strings");
  let amount: string;
  let unit: string;
  try {
    [amount, unit] = extractNumAndUnit(s);
  } catch {
    throw new BuiltinError("exponent too large");
  }
  if (amount === "") throw new BuiltinError("no byte amount provided");
  const factor = Object.hasOwn(BYTE_UNITS, unit) ? BYTE_UNITS[unit] : undefined;
  if (factor === undefined) throw new BuiltinError(`byte unit ${unit} not recognized`);
  chargeSize(amount, ctx);
  const r = parseRational(amount);
  if (r === undefined) throw new BuiltinError("could not parse byte amount to a number");
  const [mant, exp] = roundTo64(r[0], r[1]);
  const product = exp >= 0 ? roundTo64(mant * factor << BigInt(exp), 1n) : roundTo64(mant * factor, 1n << BigInt(-exp));
  return parseNumber(truncate(product).toString())!;
}

export const builtins: BuiltinDef[] = [
  {
    name: "units.parse",
    arity: 1,
    fn: (args, ctx) => unitsParse(str(args, 0), ctx),
  },
  {
    name: "units.parse_bytes",
    arity: 1,
    fn: (args, ctx) => unitsParseBytes(str(args, 0), ctx),
  },
];
