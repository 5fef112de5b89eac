// Go's Time.Format: writes a time in a reference-time layout (see go-time-layout.ts).

import { type ZonedTime, LONG_DAY_NAMES, LONG_MONTH_NAMES, pad } from "./go-time.js";
import { Std, isISOZone, isZoneStd, nextStdChunk } from "./go-time-layout.js";

function fracSecond(nsec: number, std: Std, digits: number, sep: string): string {
  const trim = std === Std.FracSecond9;
  if (trim && (digits === 0 || nsec === 0)) return "";
  let s = pad(nsec, 9);
  if (digits < 9) s = s.slice(0, digits);
  if (trim) s = s.replace(/0+$/, "");
  return s === "" ? "" : sep + s;
}

/** Go's Time.Format. */
export function formatTime(t: ZonedTime, layout: string): string {
  const out: string[] = [];
  let abbrev: string | undefined;
  while (layout !== "") {
    const c = nextStdChunk(layout);
    if (c.prefix !== "") out.push(c.prefix);
    if (c.std === Std.None) break;
    layout = c.suffix;
    switch (c.std) {
      case Std.Year:
        out.push(pad(Math.abs(t.year) % 100, 2));
        break;
      case Std.LongYear:
        out.push(pad(t.year, 4));
        break;
      case Std.Month:
        out.push(LONG_MONTH_NAMES[t.month - 1]!.slice(0, 3));
        break;
      case Std.LongMonth:
        out.push(LONG_MONTH_NAMES[t.month - 1]!);
        break;
      case Std.NumMonth:
        out.push(String(t.month));
        break;
      case Std.ZeroMonth:
        out.push(pad(t.month, 2));
        break;
      case Std.WeekDay:
        out.push(LONG_DAY_NAMES[t.weekday]!.slice(0, 3));
        break;
      case Std.LongWeekDay:
        out.push(LONG_DAY_NAMES[t.weekday]!);
        break;
      case Std.Day:
        out.push(String(t.day));
        break;
      case Std.UnderDay:
        out.push(t.day < 10 ? " " + t.day : String(t.day));
        break;
      case Std.ZeroDay:
        out.push(pad(t.day, 2));
        break;
      case Std.UnderYearDay:
        out.push(t.yday < 10 ? "  " + t.yday : t.yday < 100 ? " " + t.yday : String(t.yday));
        break;
      case Std.ZeroYearDay:
        out.push(pad(t.yday, 3));
        break;
      case Std.Hour:
        out.push(pad(t.hour, 2));
        break;
      case Std.Hour12:
      case Std.ZeroHour12: {
        const hr = t.hour % 12 === 0 ? 12 : t.hour % 12;
        out.push(c.std === Std.Hour12 ? String(hr) : pad(hr, 2));
        break;
      }
      case Std.Minute:
        out.push(String(t.minute));
        break;
      case Std.ZeroMinute:
        out.push(pad(t.minute, 2));
        break;
      case Std.Second:
        out.push(String(t.second));
        break;
      case Std.ZeroSecond:
        out.push(pad(t.second, 2));
        break;
      case Std.PM:
        out.push(t.hour >= 12 ? "PM" : "AM");
        break;
      case Std.pm:
        out.push(t.hour >= 12 ? "pm" : "am");
        break;
      case Std.TZ: {
        abbrev ??= t.zone.abbrev(Number(t.instant.sec));
        const name = abbrev;
        if (name !== "") {
          out.push(name);
          break;
        }
        const zone = Math.trunc(t.offset / 60);
        out.push((zone < 0 ? "-" : "+") + pad(Math.floor(Math.abs(zone) / 60), 2) + pad(Math.abs(zone) % 60, 2));
        break;
      }
      case Std.FracSecond0:
      case Std.FracSecond9:
        out.push(fracSecond(t.nsec, c.std, c.digits, c.sep));
        break;
      default:
        if (isZoneStd(c.std)) out.push(formatOffset(t.offset, c.std));
    }
  }
  return out.join("");
}

function formatOffset(offset: number, std: Std): string {
  if (offset === 0 && isISOZone(std)) return "Z";
  const zone = Math.abs(Math.trunc(offset / 60));
  const abs = Math.abs(offset);
  let s = (offset < 0 ? "-" : "+") + pad(Math.floor(zone / 60), 2);
  const colon = std === Std.ISO8601ColonTZ || std === Std.NumColonTZ || std === Std.ISO8601ColonSecondsTZ || std === Std.NumColonSecondsTZ;
  if (colon) s += ":";
  if (std !== Std.NumShortTZ && std !== Std.ISO8601ShortTZ) s += pad(zone % 60, 2);
  if (std === Std.ISO8601SecondsTZ || std === Std.NumSecondsTz || std === Std.NumColonSecondsTZ || std === Std.ISO8601ColonSecondsTZ) {
    if (std === Std.NumColonSecondsTZ || std === Std.ISO8601ColonSecondsTZ) s += ":";
    s += pad(abs % 60, 2);
  }
  return s;
}
