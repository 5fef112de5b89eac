// Rego numbers, arbitrary precision as in OPA.
//
// A number is one of three representations, always normalized:
//   - a JS `number` that is a safe integer (|n| <= 2^53 - 1): the fast, common case;
//   - a `bigint` for integers outside the safe range (exact, any size);
//   - a `Float` for non-integral values: a binary floating-point number with a 64-bit
//     mantissa and round-half-even, the semantics of Go's big.Float at its default precision,
//     which is what OPA uses for arithmetic that is not exact on integers.
// Because the representations never overlap (a Float is never integral, a bigint never safe),
// two numbers are equal exactly when they have the same representation and the same value.

export const PREC = 64;
const PREC_N = 64n;
const MAX_INTEGRAL_DIGITS = 4096; // integral literals larger than this stay binary floats

export type Num = number | bigint | Float;

/**
 * A number from a JSON text that a double cannot hold (beyond 2^53, or a fraction or exponent a
 * double would round), kept as written: the exact JSON reader of the inputs makes these, and
 * conversion to a Rego value reads the text exactly. A class, so that no document can pass an
 * object off as one.
 */
export class JSONNumber {
  constructor(readonly text: string) {}
}

/** A non-integral binary floating-point number: value = mant * 2^exp, mant odd-free normalized. */
export class Float {
  /** signed mantissa with |mant| in [2^63, 2^64); never zero (zero is the integer 0) */
  readonly mant: bigint;
  readonly exp: number;
  /** the literal text this number was written as, when it came from source or JSON */
  readonly text: string | undefined;
  private canon: string | undefined;

  constructor(mant: bigint, exp: number, text?: string) {
    this.mant = mant;
    this.exp = exp;
    this.text = text;
  }

  /** canonical shortest decimal text (Go's big.Float Text('g', -1)) */
  canonical(): string {
    if (this.canon === undefined) this.canon = formatShortest(this.mant, this.exp);
    return this.canon;
  }

  /** text for output: the literal as written when known, else the canonical form */
  toString(): string {
    return this.text ?? this.canonical();
  }

  toJS(): number {
    return Number(this.canonical());
  }
}

export function isNum(v: unknown): v is Num {
  return typeof v === "number" || typeof v === "bigint" || v instanceof Float;
}

// ---------------------------------------------------------------------------------------------
// normalization and conversion

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

export function fromBigInt(b: bigint): number | bigint {
  return b >= MIN_SAFE && b <= MAX_SAFE ? Number(b) : b;
}

export function toBigInt(n: number | bigint): bigint {
  return typeof n === "bigint" ? n : BigInt(n);
}

/** The number as a bigint when it is integral, else undefined. */
export function asBigInt(n: Num): bigint | undefined {
  if (typeof n === "number") return BigInt(n);
  if (typeof n === "bigint") return n;
  return undefined;
}

/** The number as a safe JS integer when it is one, else undefined. */
export function asSafeInt(n: Num): number | undefined {
  return typeof n === "number" ? n : undefined;
}

export function isInteger(n: Num): boolean {
  return !(n instanceof Float);
}

/** Converts a JS double (e.g. from JSON.parse) to a Rego number. */
export function fromJS(x: number): Num {
  if (Number.isSafeInteger(x)) return Object.is(x, -0) ? 0 : x;
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  if (Number.isInteger(x)) return BigInt(x); // exact value of the double
  const p = parseNumber(String(x));
  if (p === undefined) throw new RangeError(`cannot represent ${x}`);
  return p;
}

/** An approximation as a JS double (for builtins that work on doubles). */
export function toJS(n: Num): number {
  if (typeof n === "number") return n;
  if (typeof n === "bigint") return Number(n);
  return n.toJS();
}

// ---------------------------------------------------------------------------------------------
// rounding to PREC bits

function bitLength(x: bigint): number {
  if (x < 0n) x = -x;
  if (x === 0n) return 0;
  // fast path via hex length
  const hex = x.toString(16);
  const first = parseInt(hex[0]!, 16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(first));
}

/**
 * Rounds (m * 2^e, with `sticky` meaning a nonzero remainder below m's last bit) to PREC bits,
 * round half to even, and returns it as a normalized number.
 */
function roundToNum(m: bigint, e: number, sticky = false): Num {
  if (m === 0n) return 0;
  const neg = m < 0n;
  let a = neg ? -m : m;
  const bl = bitLength(a);
  if (bl > PREC) {
    const shift = bl - PREC;
    const sh = BigInt(shift);
    const rem = a & ((1n << sh) - 1n);
    a >>= sh;
    e += shift;
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (sticky || (a & 1n) === 1n))) {
      a += 1n;
      if (bitLength(a) > PREC) {
        a >>= 1n;
        e += 1;
      }
    }
  } else if (bl < PREC) {
    const shift = PREC - bl;
    a <<= BigInt(shift);
    e -= shift;
  }
  return makeNum(neg ? -a : a, e);
}

/** m (normalized to PREC bits) * 2^e: integral values become integers. */
function makeNum(m: bigint, e: number): Num {
  if (e >= 0) {
    if (e > MAX_INTEGRAL_DIGITS * 4) return new Float(m, e); // astronomically large
    return fromBigInt(m << BigInt(e));
  }
  if (e > -PREC) {
    const sh = BigInt(-e);
    const a = m < 0n ? -m : m;
    if ((a & ((1n << sh) - 1n)) === 0n) return fromBigInt(m >> sh);
  }
  return new Float(m, e);
}

function floatParts(n: Num): [bigint, number] {
  if (n instanceof Float) return [n.mant, n.exp];
  return [toBigInt(n), 0];
}

// ---------------------------------------------------------------------------------------------
// parsing

const NUM_RE = /^(-)?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a decimal number literal (JSON / Rego syntax, also accepts a leading '+' free form
 * without leading sign). Returns undefined if the text is not a number.
 */
export function parseNumber(text: string): Num | undefined {
  const m = NUM_RE.exec(text);
  if (!m) return undefined;
  const neg = m[1] === "-";
  const intPart = m[2] ?? "";
  const fracPart = m[3] ?? "";
  if (intPart === "" && fracPart === "") return undefined;
  let exp10 = m[4] ? Number(m[4]) : 0;
  // beyond ~1e6 the exact decimal-to-binary work grows without bound: hostile input (1e999999999) must not hang
  if (!Number.isFinite(exp10) || Math.abs(exp10) > 1_000_000) return undefined;
  let digits = (intPart + fracPart).replace(/^0+/, "");
  exp10 -= fracPart.length;
  if (digits === "") return 0;
  // strip trailing zeros into the exponent
  let tz = 0;
  while (digits.length - tz > 1 && digits.charCodeAt(digits.length - 1 - tz) === 48) tz++;
  if (tz) {
    digits = digits.slice(0, digits.length - tz);
    exp10 += tz;
  }
  if (exp10 >= 0) {
    if (digits.length + exp10 <= MAX_INTEGRAL_DIGITS) {
      const b = BigInt(digits) * 10n ** BigInt(exp10);
      return fromBigInt(neg ? -b : b);
    }
    // too large to hold exactly: binary float
    const r = decimalToFloat(BigInt(digits), exp10);
    return withText(neg ? negate(r) : r, text);
  }
  const r = decimalToFloat(BigInt(digits), exp10);
  return withText(neg ? negate(r) : r, text);
}

function withText(n: Num, text: string): Num {
  if (n instanceof Float) return new Float(n.mant, n.exp, canonicalLiteral(text));
  return n;
}

function canonicalLiteral(text: string): string {
  return text.startsWith("+") ? text.slice(1) : text;
}

/** Correctly rounded D * 10^E as a PREC-bit float. */
function decimalToFloat(d: bigint, e10: number): Num {
  if (e10 >= 0) {
    // cap the work for huge exponents: beyond ~1e9 bits nothing is representable sensibly
    const p = 10n ** BigInt(e10);
    return roundToNum(d * p, 0);
  }
  const q = 10n ** BigInt(-e10);
  // scale so that the quotient has at least PREC + 2 bits
  const shift = Math.max(0, PREC + 2 - (bitLength(d) - bitLength(q)) + 1);
  const num = d << BigInt(shift);
  const quo = num / q;
  const rem = num % q;
  return roundToNum(quo, -shift, rem !== 0n);
}

// ---------------------------------------------------------------------------------------------
// formatting

/** Text of a number as OPA prints it (JSON): integers in full, floats shortest round-trip. */
export function numToString(n: Num): string {
  if (typeof n === "number") return String(n);
  if (typeof n === "bigint") return n.toString();
  return n.toString();
}

/** Canonical text: equal numbers have equal canonical text. */
export function numCanonical(n: Num): string {
  if (typeof n === "number") return String(n);
  if (typeof n === "bigint") return n.toString();
  return n.canonical();
}

/**
 * Shortest decimal digits that round back to m*2^e at PREC bits; returns [digits, pointPos]
 * meaning 0.DIGITS * 10^pointPos (Go's decimal representation: value = 0.d1d2... * 10^dp).
 */
function shortestDigits(mant: bigint, exp: number): { neg: boolean; d: string; dp: number } {
  // Go's math/big roundShortest: with the mantissa shifted to PREC+1 bits so that its lowest
  // bit is half an ulp, the bounds are mant-1 and mant+1; find the shortest decimal between them.
  const neg = mant < 0n;
  const m = neg ? -mant : mant;
  const e = exp - 1;
  const mid = m * 2n;
  const lo = mid - 1n;
  const hi = mid + 1n;
  const toDec = (x: bigint): [string, number] => {
    if (e >= 0) {
      const s = (x << BigInt(e)).toString();
      return [s, s.length];
    }
    const s = (x * 5n ** BigInt(-e)).toString();
    return [s, s.length + e]; // position of the decimal point relative to the start of s
  };
  const [ds, dp] = toDec(mid);
  const [ls, lp] = toDec(lo);
  const [hs, hp] = toDec(hi);
  const maxDp = Math.max(dp, lp, hp);
  const pad = (s: string, p: number) => "0".repeat(maxDp - p) + s;
  let D = pad(ds, dp);
  let L = pad(ls, lp);
  let H = pad(hs, hp);
  const len = Math.max(D.length, L.length, H.length);
  D = D.padEnd(len, "0");
  L = L.padEnd(len, "0");
  H = H.padEnd(len, "0");
  const dLen = len - trailingZerosFrom(D, 0);
  const lLen = len - trailingZerosFrom(L, 0);
  const hLen = len - trailingZerosFrom(H, 0);
  const inclusive = m % 2n === 0n;
  for (let i = 0; i < dLen; i++) {
    const l = L.charCodeAt(i);
    const c = D.charCodeAt(i);
    const u = H.charCodeAt(i);
    const okdown = l !== c || (inclusive && i + 1 === lLen);
    const okup = c !== u && (inclusive || c + 1 < u || i + 1 < hLen);
    if (okdown && okup) {
      return finish(neg, shouldRoundUp(D.slice(0, dLen), i + 1) ? incDigits(D.slice(0, i + 1)) : D.slice(0, i + 1), maxDp);
    }
    if (okdown) return finish(neg, D.slice(0, i + 1), maxDp);
    if (okup) return finish(neg, incDigits(D.slice(0, i + 1)), maxDp);
  }
  return finish(neg, D.slice(0, dLen), maxDp);
}

function trailingZerosFrom(s: string, from: number): number {
  let n = 0;
  for (let i = s.length - 1; i >= from && s.charCodeAt(i) === 48; i--) n++;
  return n;
}

function shouldRoundUp(d: string, n: number): boolean {
  if (n >= d.length) return false;
  const c = d.charCodeAt(n);
  if (c === 53 && n + 1 === d.length) return n > 0 && (d.charCodeAt(n - 1) - 48) % 2 === 1;
  return c >= 53;
}

/** increments a digit string; returns digits with a possible carry prefix marker */
function incDigits(s: string): string {
  const arr = s.split("");
  let i = arr.length - 1;
  while (i >= 0) {
    if (arr[i] === "9") {
      arr[i] = "0";
      i--;
    } else {
      arr[i] = String.fromCharCode(arr[i]!.charCodeAt(0) + 1);
      return arr.join("");
    }
  }
  return "1" + arr.join("") + "\u0001"; // carry: marker shifts decimal point
}

function finish(neg: boolean, digits: string, dp: number): { neg: boolean; d: string; dp: number } {
  if (digits.endsWith("\u0001")) {
    digits = digits.slice(0, -1);
    dp += 1;
  }
  // strip leading zeros (adjust dp) and trailing zeros
  let lead = 0;
  while (lead < digits.length - 1 && digits.charCodeAt(lead) === 48) lead++;
  digits = digits.slice(lead);
  dp -= lead;
  digits = digits.replace(/0+$/, "");
  if (digits === "") return { neg, d: "0", dp: 1 };
  return { neg, d: digits, dp };
}

/** Go's %g with shortest precision ('g', -1) of big.Float. */
function formatShortest(mant: bigint, exp: number): string {
  const { neg, d, dp } = shortestDigits(mant, exp);
  const sign = neg ? "-" : "";
  const x = dp - 1;
  if (x < -4 || x >= 6) {
    // %e
    const first = d[0];
    const rest = d.slice(1);
    const ex = Math.abs(x);
    return `${sign}${first}${rest ? "." + rest : ""}e${x < 0 ? "-" : "+"}${ex < 10 ? "0" + ex : ex}`;
  }
  if (dp <= 0) return `${sign}0.${"0".repeat(-dp)}${d}`;
  if (dp >= d.length) return `${sign}${d}${"0".repeat(dp - d.length)}`;
  return `${sign}${d.slice(0, dp)}.${d.slice(dp)}`;
}

/** Plain decimal ('f', -1) formatting of a number, no exponent. */
export function numToFixed(n: Num): string {
  if (!(n instanceof Float)) return numToString(n);
  const { neg, d, dp } = shortestDigits(n.mant, n.exp);
  const sign = neg ? "-" : "";
  if (dp <= 0) return `${sign}0.${"0".repeat(-dp)}${d}`;
  if (dp >= d.length) return `${sign}${d}${"0".repeat(dp - d.length)}`;
  return `${sign}${d.slice(0, dp)}.${d.slice(dp)}`;
}

// ---------------------------------------------------------------------------------------------
// arithmetic

function negate(n: Num): Num {
  if (typeof n === "number") return n === 0 ? 0 : -n;
  if (typeof n === "bigint") return fromBigInt(-n);
  return new Float(-n.mant, n.exp);
}

export function numNeg(n: Num): Num {
  return negate(n);
}

export function numSign(n: Num): -1 | 0 | 1 {
  if (typeof n === "number") return n > 0 ? 1 : n < 0 ? -1 : 0;
  if (typeof n === "bigint") return n > 0n ? 1 : n < 0n ? -1 : 0;
  return n.mant > 0n ? 1 : -1;
}

export function numAdd(a: Num, b: Num): Num {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
    return fromBigInt(BigInt(a) + BigInt(b));
  }
  if (!(a instanceof Float) && !(b instanceof Float)) return fromBigInt(toBigInt(a) + toBigInt(b));
  return floatAdd(floatParts(a), floatParts(b));
}

export function numSub(a: Num, b: Num): Num {
  return numAdd(a, negate(b));
}

function floatAdd([m1, e1]: [bigint, number], [m2, e2]: [bigint, number]): Num {
  if (m1 === 0n) return roundToNum(m2, e2);
  if (m2 === 0n) return roundToNum(m1, e1);
  // align to the smaller exponent; if the gap is huge, the smaller operand only acts as sticky
  if (e1 < e2) {
    [m1, e1, m2, e2] = [m2, e2, m1, e1];
  }
  // now e1 >= e2
  const gap = e1 - e2;
  const top1 = bitLength(m1) + e1;
  const top2 = bitLength(m2) + e2;
  if (gap > 0 && top1 - top2 > PREC + 4 && top2 < e1) {
    // m2 entirely below the precision of m1: represent it as a tiny sticky contribution
    const shifted = m1 << BigInt(PREC + 4);
    const sign2 = m2 > 0n ? 1n : -1n;
    return roundToNum(shifted * 2n + sign2, e1 - PREC - 5, false);
  }
  const r = (m1 << BigInt(gap)) + m2;
  return roundToNum(r, e2);
}

export function numMul(a: Num, b: Num): Num {
  if (typeof a === "number" && typeof b === "number") {
    const r = a * b;
    if (Number.isSafeInteger(r)) return r === 0 ? 0 : r;
    return fromBigInt(BigInt(a) * BigInt(b));
  }
  if (!(a instanceof Float) && !(b instanceof Float)) return fromBigInt(toBigInt(a) * toBigInt(b));
  const [m1, e1] = floatParts(a);
  const [m2, e2] = floatParts(b);
  return roundToNum(m1 * m2, e1 + e2);
}

export class ArithmeticError extends Error {}

/** a / b; throws ArithmeticError("divide by zero"). Exact on ints when the divisor divides. */
export function numDiv(a: Num, b: Num): Num {
  if (numSign(b) === 0) throw new ArithmeticError("divide by zero");
  if (!(a instanceof Float) && !(b instanceof Float)) {
    const x = toBigInt(a);
    const y = toBigInt(b);
    if (x % y === 0n) return fromBigInt(x / y);
  }
  const [m1, e1] = floatParts(a);
  const [m2, e2] = floatParts(b);
  if (m1 === 0n) return 0;
  const shift = Math.max(0, PREC + 2 - (bitLength(m1) - bitLength(m2)) + 1);
  const num = m1 << BigInt(shift);
  const q = num / m2;
  const rem = num % m2;
  return roundToNum(q, e1 - e2 - shift, rem !== 0n);
}

/** a % b on integers (sign of the dividend); floats that are integral are accepted. */
export function numRem(a: Num, b: Num): Num {
  if (a instanceof Float || b instanceof Float) throw new ArithmeticError("modulo on floating-point number");
  const y = toBigInt(b);
  if (y === 0n) throw new ArithmeticError("modulo by zero");
  if (typeof a === "number" && typeof b === "number") return a % b === 0 ? 0 : a % b;
  return fromBigInt(toBigInt(a) % y);
}

export function numCmp(a: Num, b: Num): -1 | 0 | 1 {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (!(a instanceof Float) && !(b instanceof Float)) {
    const x = toBigInt(a);
    const y = toBigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const sa = numSign(a);
  const sb = numSign(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  const [m1, e1] = floatParts(a);
  const [m2, e2] = floatParts(b);
  // compare magnitudes via aligned exponents (bounded: compare top bit positions first)
  const t1 = bitLength(m1) + e1;
  const t2 = bitLength(m2) + e2;
  if (t1 !== t2) {
    const r = t1 < t2 ? -1 : 1;
    return (sa < 0 ? -r : r) as -1 | 1;
  }
  let x: bigint, y: bigint;
  if (e1 >= e2) {
    x = m1 << BigInt(e1 - e2);
    y = m2;
  } else {
    x = m1;
    y = m2 << BigInt(e2 - e1);
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

export function numEq(a: Num, b: Num): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b;
  return numCmp(a, b) === 0;
}

export function numAbs(a: Num): Num {
  return numSign(a) < 0 ? negate(a) : a;
}

/** Integer part towards zero, as a bigint. */
function truncBig(a: Float): bigint {
  if (a.exp >= 0) return a.mant << BigInt(a.exp);
  const sh = BigInt(-a.exp);
  const neg = a.mant < 0n;
  const m = neg ? -a.mant : a.mant;
  const t = m >> sh;
  return neg ? -t : t;
}

export function numFloor(a: Num): Num {
  if (!(a instanceof Float)) return a;
  const t = truncBig(a);
  return fromBigInt(a.mant < 0n ? t - 1n : t);
}

export function numCeil(a: Num): Num {
  if (!(a instanceof Float)) return a;
  const t = truncBig(a);
  return fromBigInt(a.mant > 0n ? t + 1n : t);
}

/** Rounds half away from zero (OPA's round). */
export function numRound(a: Num): Num {
  if (!(a instanceof Float)) return a;
  const half = new Float(1n << (PREC_N - 1n), -PREC);
  const s = a.mant < 0n ? numSub(a, half) : numAdd(a, half);
  if (!(s instanceof Float)) return s;
  return fromBigInt(truncBig(s));
}

/** Integer power-of-ten scaling helper: a * 10^k (k may be negative), rounded as OPA would. */
export function numScale10(a: Num, k: number): Num {
  if (k >= 0) return numMul(a, fromBigInt(10n ** BigInt(k)));
  return numDiv(a, fromBigInt(10n ** BigInt(-k)));
}
