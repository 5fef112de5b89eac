// Go's time.Parse: reads a time written in a reference-time layout (see go-time-layout.ts),
// with Go's error messages ("parsing time ... as ...: cannot parse ... as ...").

import { BuiltinError } from "./registry.js";
import {
  type Instant, type Zone, LONG_DAY_NAMES, LONG_MONTH_NAMES, UTC, daysBefore, daysIn, goDate, isLeap,
} from "./go-time.js";
import { Std, goTimeQuote, isDigitAt, isISOZone, nextStdChunk } from "./go-time-layout.js";

/** A value that does not match the layout element (Go's errBad). */
class Bad extends Error {}

function parseError(layout: string, value: string, layoutElem: string, valueElem: string, message: string): BuiltinError {
  if (message === "") {
    return new BuiltinError(
      `parsing time ${goTimeQuote(value)} as ${goTimeQuote(layout)}: cannot parse ${goTimeQuote(valueElem)} as ${goTimeQuote(layoutElem)}`,
    );
  }
  return new BuiltinError(`parsing time ${goTimeQuote(value)}${message}`);
}

/** Go's leadingInt: the leading decimal digits of s, or Bad on overflow beyond 2^63. */
export function leadingInt(s: string): [bigint, string] {
  let i = 0;
  let x = 0n;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    if (x > (1n << 63n) / 10n) throw new Bad();
    x = x * 10n + BigInt(c - 48);
    if (x > 1n << 63n) throw new Bad();
  }
  return [x, s.slice(i)];
}

/** Go's atoi: optional sign and digits only. */
function atoi(s: string): number {
  let neg = false;
  if (s.length > 0 && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  const [q, rem] = leadingInt(s);
  if (rem.length > 0) throw new Bad();
  const x = Number(q);
  return neg ? -x : x;
}

/** getnum: one or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigitAt(s, 0)) throw new Bad();
  if (!isDigitAt(s, 1)) {
    if (fixed) throw new Bad();
    return [s.charCodeAt(0) - 48, s.slice(1)];
  }
  return [(s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48), s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigitAt(s, i); i++) n = n * 10 + (s.charCodeAt(i) - 48);
  if (i === 0 || (fixed && i !== 3)) throw new Bad();
  return [n, s.slice(i)];
}

function cutspace(s: string): string {
  let i = 0;
  while (i < s.length && s[i] === " ") i++;
  return s.slice(i);
}

/**
 * skip: removes the literal prefix from value, runs of spaces matching runs of spaces. Returns
 * the rest of the value and whether the whole prefix matched (the rest is where it stopped).
 */
function skip(value: string, prefix: string): [string, boolean] {
  while (prefix.length > 0) {
    if (prefix[0] === " ") {
      if (value.length > 0 && value[0] !== " ") return [value, false];
      prefix = cutspace(prefix);
      value = cutspace(value);
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) return [value, false];
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return [value, true];
}

/** Case-insensitive (ASCII letters) lookup of a name at the start of val. */
function lookup(tab: readonly string[], val: string): [number, string] {
  for (let i = 0; i < tab.length; i++) {
    const v = tab[i]!;
    if (val.length >= v.length && val.slice(0, v.length).toLowerCase() === v.toLowerCase() && /^[\x00-\x7f]*$/.test(val.slice(0, v.length))) {
      return [i, val.slice(v.length)];
    }
  }
  throw new Bad();
}

const SHORT_DAY_NAMES = LONG_DAY_NAMES.map((d) => d.slice(0, 3));
const SHORT_MONTH_NAMES = LONG_MONTH_NAMES.map((m) => m.slice(0, 3));

const commaOrPeriod = (c: string | undefined) => c === "." || c === ",";

/** parseNanoseconds: value[0] is the separator, value[1:nbytes] the digits. */
function parseNanoseconds(value: string, nbytes: number): { ns: number; rangeErr: string } {
  if (!commaOrPeriod(value[0])) throw new Bad();
  if (nbytes > 10) nbytes = 10;
  let ns = atoi(value.slice(1, nbytes));
  if (ns < 0) return { ns, rangeErr: "fractional second" };
  for (let i = 0; i < 10 - nbytes; i++) ns *= 10;
  return { ns, rangeErr: "" };
}

/** parseSignedOffset: "+03", "-4": length consumed, 0 when not an offset of at most 23 hours. */
function parseSignedOffset(value: string): number {
  const sign = value[0];
  if (sign !== "-" && sign !== "+") return 0;
  let x: bigint, rem: string;
  try {
    [x, rem] = leadingInt(value.slice(1));
  } catch {
    return 0;
  }
  if (rem === value.slice(1) || x > 23n) return 0;
  return value.length - rem.length;
}

/** parseTimeZone: the length of a zone abbreviation at the start of value, or 0. */
function parseTimeZone(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith("ChST") || value.startsWith("MeST")) return 4;
  if (value.startsWith("GMT")) {
    const rest = value.slice(3);
    return rest.length === 0 ? 3 : 3 + parseSignedOffset(rest);
  }
  if (value[0] === "+" || value[0] === "-") return parseSignedOffset(value);
  let n = 0;
  while (n < 6 && n < value.length && value[n]! >= "A" && value[n]! <= "Z") n++;
  switch (n) {
    case 5:
      return value[4] === "T" ? 5 : 0;
    case 4:
      return value[3] === "T" || value.startsWith("WITA") ? 4 : 0;
    case 3:
      return 3;
    default:
      return 0;
  }
}

/** Offsets of a local zone around a civil time, for zone abbreviations such as "EST". */
function lookupZoneName(local: Zone, name: string, unix: bigint): number | undefined {
  if (local.utc === true) return undefined;
  const t = Number(unix);
  const seen: [string, number][] = [];
  for (const probe of [t, t - 15_768_000, t + 15_768_000, t - 31_536_000, t + 31_536_000]) {
    seen.push([local.abbrev(probe), local.offset(probe)]);
  }
  for (const [abbr, off] of seen) if (abbr === name && local.abbrev(t - off) === name) return off;
  for (const [abbr, off] of seen) if (abbr === name) return off;
  return undefined;
}

/**
 * Go's time.Parse(layout, value): the instant (not yet range-checked). Times without a zone are
 * UTC; numeric offsets are applied; zone abbreviations are looked up in `local` (Go's Local),
 * and unknown abbreviations read the time as UTC, as Go does.
 */
export function parseTime(layout: string, value: string, local: Zone): Instant {
  const alayout = layout;
  const avalue = value;
  let rangeErr = "";
  let amSet = false;
  let pmSet = false;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let utc = false;
  let zoneOffset = -1;
  let zoneName = "";

  for (;;) {
    const c = nextStdChunk(layout);
    const stdstr = layout.slice(c.prefix.length, layout.length - c.suffix.length);
    let matched: boolean;
    [value, matched] = skip(value, c.prefix);
    if (!matched) throw parseError(alayout, avalue, c.prefix, value, "");
    if (c.std === Std.None) {
      if (value.length !== 0) throw parseError(alayout, avalue, "", value, `: extra text: ${goTimeQuote(value)}`);
      break;
    }
    layout = c.suffix;
    const hold = value;
    let bad = false;
    try {
      switch (c.std) {
        case Std.Year: {
          if (value.length < 2) throw new Bad();
          const p = value.slice(0, 2);
          value = value.slice(2);
          year = atoi(p);
          year += year >= 69 ? 1900 : 2000;
          break;
        }
        case Std.LongYear: {
          if (value.length < 4 || !isDigitAt(value, 0)) throw new Bad();
          const p = value.slice(0, 4);
          value = value.slice(4);
          year = atoi(p);
          break;
        }
        case Std.Month:
          [month, value] = lookup(SHORT_MONTH_NAMES, value);
          month++;
          break;
        case Std.LongMonth:
          [month, value] = lookup(LONG_MONTH_NAMES, value);
          month++;
          break;
        case Std.NumMonth:
        case Std.ZeroMonth:
          [month, value] = getnum(value, c.std === Std.ZeroMonth);
          if (month <= 0 || month > 12) rangeErr = "month";
          break;
        case Std.WeekDay:
          [, value] = lookup(SHORT_DAY_NAMES, value);
          break;
        case Std.LongWeekDay:
          [, value] = lookup(LONG_DAY_NAMES, value);
          break;
        case Std.Day:
        case Std.UnderDay:
        case Std.ZeroDay:
          if (c.std === Std.UnderDay && value[0] === " ") value = value.slice(1);
          [day, value] = getnum(value, c.std === Std.ZeroDay);
          break;
        case Std.UnderYearDay:
        case Std.ZeroYearDay:
          for (let i = 0; i < 2; i++) if (c.std === Std.UnderYearDay && value[0] === " ") value = value.slice(1);
          [yday, value] = getnum3(value, c.std === Std.ZeroYearDay);
          break;
        case Std.Hour:
          [hour, value] = getnum(value, false);
          if (hour < 0 || hour >= 24) rangeErr = "hour";
          break;
        case Std.Hour12:
        case Std.ZeroHour12:
          [hour, value] = getnum(value, c.std === Std.ZeroHour12);
          if (hour < 0 || hour > 12) rangeErr = "hour";
          break;
        case Std.Minute:
        case Std.ZeroMinute:
          [min, value] = getnum(value, c.std === Std.ZeroMinute);
          if (min < 0 || min >= 60) rangeErr = "minute";
          break;
        case Std.Second:
        case Std.ZeroSecond: {
          [sec, value] = getnum(value, c.std === Std.ZeroSecond);
          if (sec < 0 || sec >= 60) {
            rangeErr = "second";
            break;
          }
          // a fractional second in the value although the layout has none right here
          if (value.length >= 2 && commaOrPeriod(value[0]) && isDigitAt(value, 1)) {
            const next = nextStdChunk(layout).std;
            if (next === Std.FracSecond0 || next === Std.FracSecond9) break;
            let n = 2;
            while (n < value.length && isDigitAt(value, n)) n++;
            const r = parseNanoseconds(value, n);
            nsec = r.ns;
            rangeErr = r.rangeErr;
            value = value.slice(n);
          }
          break;
        }
        case Std.PM:
        case Std.pm: {
          if (value.length < 2) throw new Bad();
          const p = value.slice(0, 2);
          value = value.slice(2);
          const [PM, AM] = c.std === Std.PM ? ["PM", "AM"] : ["pm", "am"];
          if (p === PM) pmSet = true;
          else if (p === AM) amSet = true;
          else throw new Bad();
          break;
        }
        case Std.TZ: {
          if (value.startsWith("UTC")) {
            utc = true;
            value = value.slice(3);
            break;
          }
          const n = parseTimeZone(value);
          if (n === 0) throw new Bad();
          zoneName = value.slice(0, n);
          value = value.slice(n);
          break;
        }
        case Std.FracSecond0: {
          const ndigit = 1 + c.digits;
          if (value.length < ndigit) throw new Bad();
          const r = parseNanoseconds(value, ndigit);
          nsec = r.ns;
          rangeErr = r.rangeErr;
          value = value.slice(ndigit);
          break;
        }
        case Std.FracSecond9: {
          if (value.length < 2 || !commaOrPeriod(value[0]) || !isDigitAt(value, 1)) break; // omitted
          let i = 0;
          while (i + 1 < value.length && isDigitAt(value, i + 1)) i++;
          const r = parseNanoseconds(value, 1 + i);
          nsec = r.ns;
          rangeErr = r.rangeErr;
          value = value.slice(1 + i);
          break;
        }
        default: {
          if (isISOZone(c.std) && value[0] === "Z") {
            value = value.slice(1);
            utc = true;
            break;
          }
          const r = parseOffset(value, c.std);
          value = r.rest;
          if (r.rangeErr !== "") rangeErr = r.rangeErr;
          zoneOffset = r.offset;
        }
      }
    } catch (e) {
      if (!(e instanceof Bad)) throw e;
      bad = true;
    }
    if (rangeErr !== "") throw parseError(alayout, avalue, stdstr, value, `: ${rangeErr} out of range`);
    if (bad) throw parseError(alayout, avalue, stdstr, hold, "");
  }
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;

  if (yday >= 0) {
    let d = 0;
    let m = 0;
    if (isLeap(year)) {
      if (yday === 31 + 29) {
        m = 2;
        d = 29;
      } else if (yday > 31 + 29) {
        yday--;
      }
    }
    if (yday < 1 || yday > 365) throw parseError(alayout, avalue, "", value, ": day-of-year out of range");
    if (m === 0) {
      m = Math.floor((yday - 1) / 31) + 1;
      if (daysBefore(m + 1) < yday) m++;
      d = yday - daysBefore(m);
    }
    if (month >= 0 && month !== m) throw parseError(alayout, avalue, "", value, ": day-of-year does not match month");
    month = m;
    if (day >= 0 && day !== d) throw parseError(alayout, avalue, "", value, ": day-of-year does not match day");
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) throw parseError(alayout, avalue, "", value, ": day out of range");

  const t = goDate(BigInt(year), BigInt(month), BigInt(day), BigInt(hour), BigInt(min), BigInt(sec), BigInt(nsec), UTC);
  if (utc) return t;
  if (zoneOffset !== -1) return { sec: t.sec - BigInt(zoneOffset), nsec: t.nsec };
  if (zoneName !== "") {
    const off = lookupZoneName(local, zoneName, t.sec);
    if (off !== undefined) return { sec: t.sec - BigInt(off), nsec: t.nsec };
    // an unknown abbreviation: Go records a zero-offset zone with that name
  }
  return t;
}

function parseOffset(value: string, std: Std): { offset: number; rest: string; rangeErr: string } {
  let sign: string, hh: string, mm: string, ss: string;
  if (std === Std.ISO8601ColonTZ || std === Std.NumColonTZ) {
    if (value.length < 6 || value[3] !== ":") throw new Bad();
    [sign, hh, mm, ss, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(4, 6), "00", value.slice(6)];
  } else if (std === Std.NumShortTZ || std === Std.ISO8601ShortTZ) {
    if (value.length < 3) throw new Bad();
    [sign, hh, mm, ss, value] = [value.slice(0, 1), value.slice(1, 3), "00", "00", value.slice(3)];
  } else if (std === Std.ISO8601ColonSecondsTZ || std === Std.NumColonSecondsTZ) {
    if (value.length < 9 || value[3] !== ":" || value[6] !== ":") throw new Bad();
    [sign, hh, mm, ss, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(4, 6), value.slice(7, 9), value.slice(9)];
  } else if (std === Std.ISO8601SecondsTZ || std === Std.NumSecondsTz) {
    if (value.length < 7) throw new Bad();
    [sign, hh, mm, ss, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(3, 5), value.slice(5, 7), value.slice(7)];
  } else {
    if (value.length < 5) throw new Bad();
    [sign, hh, mm, ss, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(3, 5), "00", value.slice(5)];
  }
  const [hr] = getnum(hh, true);
  const [m] = getnum(mm, true);
  const [s] = getnum(ss, true);
  let rangeErr = "";
  // as Go: > rather than >=, since offsets of 24 hours or 60 minutes are written
  if (hr > 24) rangeErr = "time zone offset hour";
  if (m > 60) rangeErr = "time zone offset minute";
  if (s > 60) rangeErr = "time zone offset second";
  let offset = (hr * 60 + m) * 60 + s;
  if (sign === "-") offset = -offset;
  else if (sign !== "+") throw new Bad();
  return { offset, rest: value, rangeErr };
}
