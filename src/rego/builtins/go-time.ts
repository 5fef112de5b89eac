// Go's time model for the time.* builtins: instants as (unix seconds, nanoseconds), the
// proleptic Gregorian calendar, time.Date's normalization, and time zones.
//
// Zones: "" and "UTC" are UTC; "Local" is the zone named by the TZ environment variable when it
// is set to a valid zone, else UTC (Go would read /etc/localtime; a policy engine should not
// depend on the host's zone). Other names are IANA zones whose offsets come from Intl (the ICU
// time zone database bundled with Node). Zone abbreviations (the "MST" layout element) come
// from Intl's en-US short names when they are alphabetic (EST, PDT, GMT, UTC, ...); otherwise
// they are written as tzdata writes unnamed zones ("+0530", "-03"), and "LMT" for local mean
// time. Go reads tzdata's own abbreviations, so a few differ (Go: "IST" for Asia/Kolkata, here
// "+0530").

import { BuiltinError } from "./registry.js";

export const NS_PER_SEC = 1_000_000_000n;
const MIN_NS = -(1n << 63n);
const MAX_NS = (1n << 63n) - 1n;
/** unix seconds just outside the range of int64 nanoseconds, with a margin for zone offsets */
const LOOKUP_MIN_SEC = -9_223_372_037n - 2n * 86_400n;
const LOOKUP_MAX_SEC = 9_223_372_037n + 2n * 86_400n;

// ---------------------------------------------------------------------------------------------
// zones

export interface Zone {
  readonly name: string;
  /** offset east of UTC in seconds at the instant */
  offset(unixSec: number): number;
  /** the zone abbreviation at the instant */
  abbrev(unixSec: number): string;
  /** true for zones that are always UTC */
  readonly utc?: boolean;
}

export const UTC: Zone = {
  name: "UTC",
  offset: () => 0,
  abbrev: () => "UTC",
  utc: true,
};

const OFFSET_RE = /^(?:GMT|UTC)(?:([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/;

class IntlZone implements Zone {
  private readonly offsetFmt: Intl.DateTimeFormat;
  private readonly abbrevFmt: Intl.DateTimeFormat;

  constructor(readonly name: string, tz: string) {
    this.offsetFmt = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "longOffset" });
    this.abbrevFmt = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "short" });
  }

  private part(fmt: Intl.DateTimeFormat, unixSec: number): string {
    const parts = fmt.formatToParts(new Date(unixSec * 1000));
    for (const p of parts) if (p.type === "timeZoneName") return p.value;
    return "GMT";
  }

  offset(unixSec: number): number {
    const m = OFFSET_RE.exec(this.part(this.offsetFmt, unixSec));
    if (!m || m[1] === undefined) return 0;
    const secs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
    return m[1] === "-" ? -secs : secs;
  }

  abbrev(unixSec: number): string {
    const s = this.part(this.abbrevFmt, unixSec);
    if (/^[A-Za-z]{2,6}$/.test(s)) return s;
    return numericAbbrev(this.offset(unixSec));
  }
}

/** tzdata's name for a zone without an abbreviation: "+05", "+0530", "-03"; LMT for seconds. */
function numericAbbrev(offset: number): string {
  if (offset % 60 !== 0) return "LMT";
  const sign = offset < 0 ? "-" : "+";
  const a = Math.abs(offset);
  const h = Math.floor(a / 3600);
  const m = Math.floor(a / 60) % 60;
  return sign + pad(h, 2) + (m !== 0 ? pad(m, 2) : "");
}

const zoneCache = new Map<string, Zone>();
let canonicalZones: { exact: Set<string>; lower: Set<string> } | undefined;

function knownZones(): { exact: Set<string>; lower: Set<string> } {
  if (canonicalZones === undefined) {
    const names = Intl.supportedValuesOf("timeZone");
    canonicalZones = { exact: new Set(names), lower: new Set(names.map((n) => n.toLowerCase())) };
  }
  return canonicalZones;
}

/** A zone by IANA name, or undefined when the name is not one (Go's names are case-sensitive). */
function intlZone(name: string): Zone | undefined {
  const hit = zoneCache.get(name);
  if (hit !== undefined) return hit;
  if (/^[+-]/.test(name) || name.length > 64) return undefined;
  const known = knownZones();
  if (!known.exact.has(name)) {
    // an alias (US/Eastern, Etc/GMT+5, EST5EDT, Zulu): Intl matches names case-insensitively,
    // tzdata does not, so require tzdata's capitalized spelling
    if (known.lower.has(name.toLowerCase())) return undefined;
    if (!name.split("/").every((seg) => /^[A-Z][A-Za-z0-9_+-]*$/.test(seg))) return undefined;
  }
  let zone: Zone;
  try {
    zone = new IntlZone(name, name);
  } catch {
    return undefined;
  }
  zoneCache.set(name, zone);
  return zone;
}

let localZoneValue: Zone | undefined;

/** Go's time.Local here: the zone named by TZ when it is valid, else UTC. */
export function localZone(): Zone {
  if (localZoneValue === undefined) {
    let tz = process.env["TZ"] ?? "";
    if (tz.startsWith(":")) tz = tz.slice(1);
    const z = tz === "" || tz === "UTC" ? undefined : intlZone(tz);
    localZoneValue = z ? new NamedZone("Local", z) : { name: "Local", offset: () => 0, abbrev: () => "UTC", utc: true };
  }
  return localZoneValue;
}

class NamedZone implements Zone {
  constructor(readonly name: string, private readonly z: Zone) {}
  offset(unixSec: number): number {
    return this.z.offset(unixSec);
  }
  abbrev(unixSec: number): string {
    return this.z.abbrev(unixSec);
  }
}

/** Go's time.LoadLocation, with its error messages. */
export function loadZone(name: string): Zone {
  if (name === "" || name === "UTC") return UTC;
  if (name === "Local") return localZone();
  if (name.includes("..") || name[0] === "/" || name[0] === "\\") {
    throw new BuiltinError("time: invalid location name");
  }
  const z = intlZone(name);
  if (z === undefined) throw new BuiltinError(`unknown time zone ${name}`);
  return z;
}

// ---------------------------------------------------------------------------------------------
// instants

/** An instant: seconds since the Unix epoch and nanoseconds within the second [0, 1e9). */
export interface Instant {
  readonly sec: bigint;
  readonly nsec: number;
}

export function instantFromNs(ns: bigint): Instant {
  let sec = ns / NS_PER_SEC;
  let nsec = ns - sec * NS_PER_SEC;
  if (nsec < 0n) {
    nsec += NS_PER_SEC;
    sec -= 1n;
  }
  return { sec, nsec: Number(nsec) };
}

/** OPA's toSafeUnixNano: the instant as int64 nanoseconds, or "time outside of valid range". */
export function toSafeUnixNano(t: Instant): bigint {
  const ns = t.sec * NS_PER_SEC + BigInt(t.nsec);
  if (ns < MIN_NS || ns > MAX_NS) throw new BuiltinError("time outside of valid range");
  return ns;
}

// ---------------------------------------------------------------------------------------------
// calendar (proleptic Gregorian, as Go)

export const LONG_DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
export const LONG_MONTH_NAMES = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

export function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

/** Days in the year before the first day of `month` (1-based; 13 gives the year's length). */
export function daysBefore(month: number): number {
  return DAYS_BEFORE[month - 1]!;
}

export function daysIn(month: number, year: number): number {
  if (month === 2 && isLeap(year)) return 29;
  return DAYS_BEFORE[month]! - DAYS_BEFORE[month - 1]!;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** Days since 1970-01-01 of the civil date (month 1..12, day 1..31). */
function daysFromCivil(y: bigint, m: bigint, d: bigint): bigint {
  if (m <= 2n) y -= 1n;
  const era = floorDiv(y, 400n);
  const yoe = y - era * 400n;
  const mp = m > 2n ? m - 3n : m + 9n;
  const doy = (153n * mp + 2n) / 5n + d - 1n;
  const doe = yoe * 365n + yoe / 4n - yoe / 100n + doy;
  return era * 146097n + doe - 719468n;
}

/** The civil date of a day count since 1970-01-01 (safe-integer inputs). */
function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? era * 400 + yoe + 1 : era * 400 + yoe, m, d];
}

/** A time as seen in a zone (Go's Time with a Location). */
export interface ZonedTime {
  readonly instant: Instant;
  readonly zone: Zone;
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number;
  readonly yday: number; // 1..366
  readonly weekday: number; // 0 = Sunday
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly nsec: number;
  /** offset east of UTC in seconds */
  readonly offset: number;
}

/** The civil fields of an instant in a zone (instants within the int64 nanosecond range). */
export function inZone(t: Instant, zone: Zone): ZonedTime {
  const sec = Number(t.sec);
  const offset = zone.utc === true ? 0 : zone.offset(sec);
  const local = sec + offset;
  const days = Math.floor(local / 86400);
  const secOfDay = local - days * 86400;
  const [year, month, day] = civilFromDays(days);
  const yday = daysBefore(month) + day + (month > 2 && isLeap(year) ? 1 : 0);
  return {
    instant: t,
    zone,
    year,
    month,
    day,
    yday,
    weekday: (((days + 4) % 7) + 7) % 7,
    hour: Math.floor(secOfDay / 3600),
    minute: Math.floor(secOfDay / 60) % 60,
    second: secOfDay % 60,
    nsec: t.nsec,
    offset,
  };
}

/** Go's norm: moves whole multiples of base from lo into hi so that 0 <= lo < base. */
function norm(hi: bigint, lo: bigint, base: bigint): [bigint, bigint] {
  if (lo < 0n) {
    const n = (-lo - 1n) / base + 1n;
    hi -= n;
    lo += n * base;
  }
  if (lo >= base) {
    const n = lo / base;
    hi += n;
    lo -= n * base;
  }
  return [hi, lo];
}

/**
 * Go's time.Date: the instant of the civil time in the zone, normalizing out-of-range fields
 * (month 13 is January of the next year, day 0 the last day of the previous month, ...).
 */
export function goDate(
  year: bigint, month: bigint, day: bigint,
  hour: bigint, min: bigint, sec: bigint, nsec: bigint,
  zone: Zone,
): Instant {
  let m: bigint;
  [year, m] = norm(year, month - 1n, 12n);
  [sec, nsec] = norm(sec, nsec, NS_PER_SEC);
  [min, sec] = norm(min, sec, 60n);
  [hour, min] = norm(hour, min, 60n);
  [day, hour] = norm(day, hour, 24n);
  const days = daysFromCivil(year, m + 1n, 1n) + day - 1n;
  let unix = days * 86400n + hour * 3600n + min * 60n + sec;
  if (zone.utc !== true && unix >= LOOKUP_MIN_SEC && unix <= LOOKUP_MAX_SEC) {
    // as Go: the offset in effect at the civil time read as UTC, corrected once if the
    // resulting instant falls in a different zone period (DST transitions)
    const off = zone.offset(Number(unix));
    if (off !== 0) unix -= BigInt(zone.offset(Number(unix) - off));
  }
  return { sec: unix, nsec: Number(nsec) };
}

// ---------------------------------------------------------------------------------------------
// helpers shared with the layout formatter

export function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? "-" : "") + (s.length < width ? "0".repeat(width - s.length) + s : s);
}
