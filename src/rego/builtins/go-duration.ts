// Go's time.ParseDuration ("1h30m", "1.5h", "-2us", "300µs"), in nanoseconds, with Go's error
// messages (OPA's time.parse_duration_ns returns it unchanged).

import { BuiltinError } from "./registry.js";
import { goTimeQuote } from "./go-time-layout.js";
import { leadingInt } from "./go-time-parse.js";

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

const UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  "\u00b5s": 1_000n, // micro sign
  "\u03bcs": 1_000n, // Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const TWO_63 = 1n << 63n;

/** Go's time.ParseDuration, in nanoseconds. */
export function parseDuration(orig: string): bigint {
  const invalid = () => new BuiltinError(`time: invalid duration ${goTimeQuote(orig)}`);
  let s = orig;
  let d = 0n;
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") throw invalid();
  while (s !== "") {
    let v: bigint;
    let f = 0n;
    let scale = 1;
    if (!(s[0] === "." || isDigit(s, 0))) throw invalid();
    const pl = s.length;
    try {
      [v, s] = leadingInt(s);
    } catch {
      throw invalid();
    }
    const pre = pl !== s.length;
    let post = false;
    if (s !== "" && s[0] === ".") {
      s = s.slice(1);
      const pl2 = s.length;
      let i = 0;
      let overflow = false;
      for (; i < s.length && isDigit(s, i); i++) {
        if (overflow) continue;
        if (f > ((1n << 63n) - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(s.charCodeAt(i) - 48);
        if (y > TWO_63) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      s = s.slice(i);
      post = pl2 !== s.length;
    }
    if (!pre && !post) throw invalid();
    let i = 0;
    while (i < s.length && s[i] !== "." && !isDigit(s, i)) i++;
    if (i === 0) throw new BuiltinError(`time: missing unit in duration ${goTimeQuote(orig)}`);
    const u = s.slice(0, i);
    s = s.slice(i);
    const unit = UNITS[u];
    if (unit === undefined) throw new BuiltinError(`time: unknown unit ${goTimeQuote(u)} in duration ${goTimeQuote(orig)}`);
    if (v > TWO_63 / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      // as Go: float64 arithmetic, nanosecond-accurate for fractions of an hour
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > TWO_63) throw invalid();
    }
    d += v;
    if (d > TWO_63) throw invalid();
  }
  if (neg) return -d;
  if (d > TWO_63 - 1n) throw invalid();
  return d;
}
