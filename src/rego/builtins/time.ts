// Builtins: time.* (OPA's v1/topdown/time.go). Timestamps are int64 nanoseconds since the
// Unix epoch, kept exact as bigint. An `ns` operand is a number or an array
// [ns, zone] / [ns, zone, layout] (time.format), where zone is an IANA name, "UTC", "" (UTC) or
// "Local" (see go-time.ts for how zones are resolved).

import { fromBigInt, isNum } from "../number.js";
import type { Value } from "../value.js";
import { type BuiltinDef, BuiltinError, str, typeErr } from "./registry.js";
import { INT64_MAX, INT64_MIN, int64Operand } from "./go-operands.js";
import {
  type ZonedTime, LONG_DAY_NAMES, UTC, daysIn, goDate, inZone, instantFromNs, loadZone, localZone,
  toSafeUnixNano,
} from "./go-time.js";
import { NAMED_LAYOUTS, RFC3339, RFC3339_NANO } from "./go-time-layout.js";
import { formatTime } from "./go-time-format.js";
import { parseTime } from "./go-time-parse.js";
import { parseDuration } from "./go-duration.js";

const NS_OPERAND = "either number (ns) or [number (ns), string (tz)]";

/** OPA's tzTime: the time, in its zone, of an `ns` operand, and the layout if one was given. */
function tzTime(a: Value): { t: ZonedTime; layout: string } {
  let nVal: Value;
  let zone = UTC;
  let layout = "";
  if (Array.isArray(a)) {
    const arr = a as readonly Value[];
    if (arr.length === 0) throw typeErr(1, a, NS_OPERAND);
    nVal = arr[0]!;
    if (!isNum(nVal)) throw typeErr(1, nVal, "number");
    if (arr.length > 1) {
      const tz = arr[1]!;
      if (typeof tz !== "string") throw typeErr(1, tz, "string");
      zone = loadZone(tz);
    }
    if (arr.length > 2) {
      const lay = arr[2]!;
      if (typeof lay !== "string") throw typeErr(1, lay, "string");
      layout = lay;
    }
  } else if (isNum(a)) {
    nVal = a;
  } else {
    throw typeErr(1, a, NS_OPERAND);
  }
  // OPA converts through big.Float and requires an exact int64: fractions are "too big" too
  const ns = typeof nVal === "number" || typeof nVal === "bigint" ? BigInt(nVal) : undefined;
  if (ns === undefined || ns < INT64_MIN || ns > INT64_MAX) throw new BuiltinError("timestamp too big");
  return { t: inZone(instantFromNs(ns), zone), layout };
}

function ns(n: bigint): Value {
  return fromBigInt(n);
}

function layoutOf(name: string): string {
  return NAMED_LAYOUTS[name] ?? name;
}

function before(a: ZonedTime, b: ZonedTime): boolean {
  return a.instant.sec < b.instant.sec || (a.instant.sec === b.instant.sec && a.instant.nsec < b.instant.nsec);
}

/** [years, months, days, hours, minutes, seconds] between two times, as OPA computes it. */
function diff(a: Value, b: Value): Value {
  let t1 = tzTime(a).t;
  let t2 = inZone(tzTime(b).t.instant, t1.zone);
  if (before(t2, t1)) [t1, t2] = [t2, t1];
  let year = t2.year - t1.year;
  let month = t2.month - t1.month;
  let day = t2.day - t1.day;
  let hour = t2.hour - t1.hour;
  let min = t2.minute - t1.minute;
  let sec = t2.second - t1.second;
  if (sec < 0) {
    sec += 60;
    min--;
  }
  if (min < 0) {
    min += 60;
    hour--;
  }
  if (hour < 0) {
    hour += 24;
    day--;
  }
  if (day < 0) {
    day += daysIn(t1.month, t1.year);
    month--;
  }
  if (month < 0) {
    month += 12;
    year--;
  }
  return [year, month, day, hour, min, sec];
}

export const builtins: BuiltinDef[] = [
  {
    name: "time.now_ns",
    arity: 0,
    nondeterministic: true,
    fn: (_args, ctx) => ns(ctx.nowNs),
  },
  {
    name: "time.parse_ns",
    arity: 2,
    fn: (args, ctx) => {
      const layout = layoutOf(str(args, 0));
      const value = str(args, 1);
      ctx.charge(layout.length + value.length);
      return ns(toSafeUnixNano(parseTime(layout, value, localZone())));
    },
  },
  {
    name: "time.parse_rfc3339_ns",
    arity: 1,
    fn: (args) => ns(toSafeUnixNano(parseTime(RFC3339, str(args, 0), localZone()))),
  },
  {
    name: "time.parse_duration_ns",
    arity: 1,
    fn: (args) => ns(parseDuration(str(args, 0))),
  },
  {
    name: "time.format",
    arity: 1,
    fn: (args, ctx) => {
      const { t, layout } = tzTime(args[0]!);
      ctx.charge(layout.length);
      return formatTime(t, layout === "" ? RFC3339_NANO : layoutOf(layout));
    },
  },
  {
    name: "time.date",
    arity: 1,
    fn: (args) => {
      const { t } = tzTime(args[0]!);
      return [t.year, t.month, t.day];
    },
  },
  {
    name: "time.clock",
    arity: 1,
    fn: (args) => {
      const { t } = tzTime(args[0]!);
      return [t.hour, t.minute, t.second];
    },
  },
  {
    name: "time.weekday",
    arity: 1,
    fn: (args) => LONG_DAY_NAMES[tzTime(args[0]!).t.weekday]!,
  },
  {
    name: "time.add_date",
    arity: 4,
    fn: (args) => {
      const { t } = tzTime(args[0]!);
      const years = int64Operand(args, 1);
      const months = int64Operand(args, 2);
      const days = int64Operand(args, 3);
      const r = goDate(
        BigInt(t.year) + years, BigInt(t.month) + months, BigInt(t.day) + days,
        BigInt(t.hour), BigInt(t.minute), BigInt(t.second), BigInt(t.nsec), t.zone,
      );
      return ns(toSafeUnixNano(r));
    },
  },
  {
    name: "time.diff",
    arity: 2,
    fn: (args) => diff(args[0]!, args[1]!),
  },
];
