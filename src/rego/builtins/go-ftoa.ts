// Go's strconv.FormatFloat(x, fmt, prec, 64) for a float64, in the formats fmt.Sprintf uses:
// 'e' 'E' 'f' 'g' 'G' (decimal; prec < 0 = shortest round-trip digits), 'b' (mantissa p exponent)
// and 'x' 'X' (hexadecimal mantissa and binary exponent). Decimal digits are exact: a fixed
// precision rounds the exact binary value half to even, as Go does.

/** value = 0.d × 10^dp; d has no leading or trailing zeros ("" for zero) */
interface Decimal {
  d: string;
  dp: number;
}

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);
const MASK64 = (1n << 64n) - 1n;
const MANT_BITS = 52n;

interface Parts {
  neg: boolean;
  /** mantissa with the implicit bit */
  mant: bigint;
  /** unbiased exponent: x = 1.fraction × 2^exp for normal numbers */
  exp: number;
  special?: "inf" | "nan";
}

function parts(x: number): Parts {
  F64[0] = x;
  const bits = U64[0]!;
  const neg = bits >> 63n === 1n;
  let exp = Number((bits >> MANT_BITS) & 0x7ffn);
  let mant = bits & ((1n << MANT_BITS) - 1n);
  if (exp === 0x7ff) return { neg, mant, exp, special: mant === 0n ? "inf" : "nan" };
  if (exp === 0) exp++;
  else mant |= 1n << MANT_BITS;
  return { neg, mant, exp: exp - 1023 };
}

function exactDecimal(mant: bigint, exp: number): Decimal {
  if (mant === 0n) return { d: "", dp: 0 };
  const e2 = exp - 52;
  let s: string;
  let dp: number;
  if (e2 >= 0) {
    s = (mant << BigInt(e2)).toString();
    dp = s.length;
  } else {
    s = (mant * 5n ** BigInt(-e2)).toString();
    dp = s.length + e2;
  }
  return { d: s.replace(/0+$/, ""), dp };
}

function shortestDecimal(x: number): Decimal {
  if (x === 0) return { d: "", dp: 0 };
  const s = Math.abs(x).toExponential();
  const e = s.indexOf("e");
  const digits = s.slice(0, e).replace(".", "").replace(/0+$/, "");
  return { d: digits, dp: Number(s.slice(e + 1)) + 1 };
}

/** Go's decimal.Round(nd) on an exact value: half to even. */
function round(a: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= a.d.length) return a;
  const c = a.d.charCodeAt(nd);
  let up: boolean;
  if (c === 53 && nd + 1 === a.d.length) up = nd > 0 && (a.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  else up = c >= 53;
  if (!up) {
    const d = a.d.slice(0, nd).replace(/0+$/, "");
    return { d, dp: d === "" ? 0 : a.dp };
  }
  for (let i = nd - 1; i >= 0; i--) {
    const ch = a.d.charCodeAt(i);
    if (ch < 57) return { d: a.d.slice(0, i) + String.fromCharCode(ch + 1), dp: a.dp };
  }
  return { d: "1", dp: a.dp + 1 };
}

function fmtE(neg: boolean, d: Decimal, prec: number, fmt: string): string {
  let out = neg ? "-" : "";
  out += d.d.length ? d.d[0] : "0";
  if (prec > 0) {
    const frac = d.d.slice(1, prec + 1);
    out += "." + frac + "0".repeat(prec - frac.length);
  }
  let exp = d.d.length === 0 ? 0 : d.dp - 1;
  const sign = exp < 0 ? "-" : "+";
  exp = Math.abs(exp);
  return out + fmt + sign + (exp < 10 ? "0" + exp : String(exp));
}

function fmtF(neg: boolean, d: Decimal, prec: number): string {
  let out = neg ? "-" : "";
  if (d.dp > 0) {
    const m = Math.min(d.d.length, d.dp);
    out += d.d.slice(0, m) + "0".repeat(d.dp - m);
  } else {
    out += "0";
  }
  if (prec > 0) {
    let frac = "";
    for (let i = 1; i <= prec; i++) {
      const j = d.dp + i - 1;
      frac += j >= 0 && j < d.d.length ? d.d[j] : "0";
    }
    out += "." + frac;
  }
  return out;
}

function fmtB(neg: boolean, mant: bigint, exp: number): string {
  const e = exp - 52;
  return (neg ? "-" : "") + mant.toString() + "p" + (e >= 0 ? "+" : "") + e;
}

function fmtX(neg: boolean, mant: bigint, exp: number, prec: number, fmt: "x" | "X"): string {
  if (mant === 0n) exp = 0;
  mant <<= 60n - MANT_BITS;
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & ((1n << 60n) - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = fmt === "X" ? "0123456789ABCDEF" : "0123456789abcdef";
  let out = (neg ? "-" : "") + "0" + fmt + String((mant >> 60n) & 1n);
  mant = (mant << 4n) & MASK64;
  if (prec < 0 && mant !== 0n) {
    out += ".";
    while (mant !== 0n) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & MASK64;
    }
  } else if (prec > 0) {
    out += ".";
    for (let i = 0; i < prec; i++) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & MASK64;
    }
  }
  out += fmt === "X" ? "P" : "p";
  const sign = exp < 0 ? "-" : "+";
  exp = Math.abs(exp);
  return out + sign + (exp < 10 ? "0" + exp : String(exp));
}

export type FloatFormat = "e" | "E" | "f" | "g" | "G" | "b" | "x" | "X";

/** strconv.FormatFloat(x, fmt, prec, 64). */
export function formatFloat(x: number, fmt: FloatFormat, prec: number): string {
  const p = parts(x);
  if (p.special === "nan") return "NaN";
  if (p.special === "inf") return p.neg ? "-Inf" : "+Inf";
  if (fmt === "b") return fmtB(p.neg, p.mant, p.exp);
  if (fmt === "x" || fmt === "X") return fmtX(p.neg, p.mant, p.exp, prec, fmt);

  const shortest = prec < 0;
  let d: Decimal;
  if (shortest) {
    d = shortestDecimal(x);
    if (fmt === "e" || fmt === "E") prec = Math.max(d.d.length - 1, 0);
    else if (fmt === "f") prec = Math.max(d.d.length - d.dp, 0);
    else prec = d.d.length;
  } else {
    const exact = exactDecimal(p.mant, p.exp);
    if (fmt === "e" || fmt === "E") d = round(exact, prec + 1);
    else if (fmt === "f") d = round(exact, exact.dp + prec);
    else {
      if (prec === 0) prec = 1;
      d = round(exact, prec);
    }
  }

  if (fmt === "e" || fmt === "E") return fmtE(p.neg, d, prec, fmt);
  if (fmt === "f") return fmtF(p.neg, d, prec);
  // %g / %G
  let eprec = prec;
  if (eprec > d.d.length && d.d.length >= d.dp) eprec = d.d.length;
  if (shortest) eprec = 6;
  const exp = d.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > d.d.length) prec = d.d.length;
    return fmtE(p.neg, d, prec - 1, fmt === "g" ? "e" : "E");
  }
  if (prec > d.dp) prec = d.d.length;
  return fmtF(p.neg, d, Math.max(prec - d.dp, 0));
}
