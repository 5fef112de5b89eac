// Go's reference-time layout language (the layouts of time.Format and time.Parse, such as
// "2006-01-02T15:04:05Z07:00"): the predefined layouts OPA accepts by name, the layout
// elements, and Go's quoting of values in time error messages.

/** Go's predefined layouts that OPA accepts by name. */
export const NAMED_LAYOUTS: Readonly<Record<string, string>> = {
  ANSIC: "Mon Jan _2 15:04:05 2006",
  UnixDate: "Mon Jan _2 15:04:05 MST 2006",
  RubyDate: "Mon Jan 02 15:04:05 -0700 2006",
  RFC822: "02 Jan 06 15:04 MST",
  RFC822Z: "02 Jan 06 15:04 -0700",
  RFC850: "Monday, 02-Jan-06 15:04:05 MST",
  RFC1123: "Mon, 02 Jan 2006 15:04:05 MST",
  RFC1123Z: "Mon, 02 Jan 2006 15:04:05 -0700",
  RFC3339: "2006-01-02T15:04:05Z07:00",
  RFC3339Nano: "2006-01-02T15:04:05.999999999Z07:00",
};

export const RFC3339 = NAMED_LAYOUTS["RFC3339"]!;
export const RFC3339_NANO = NAMED_LAYOUTS["RFC3339Nano"]!;

// ---------------------------------------------------------------------------------------------
// layout elements

export enum Std {
  None = 0,
  LongMonth, Month, NumMonth, ZeroMonth,
  LongWeekDay, WeekDay,
  Day, UnderDay, ZeroDay,
  UnderYearDay, ZeroYearDay,
  Hour, Hour12, ZeroHour12,
  Minute, ZeroMinute,
  Second, ZeroSecond,
  LongYear, Year,
  PM, pm,
  TZ,
  ISO8601TZ, ISO8601SecondsTZ, ISO8601ShortTZ, ISO8601ColonTZ, ISO8601ColonSecondsTZ,
  NumTZ, NumSecondsTz, NumShortTZ, NumColonTZ, NumColonSecondsTZ,
  FracSecond0, FracSecond9,
}

export interface Chunk {
  prefix: string;
  std: Std;
  /** digits of a fractional second element */
  digits: number;
  /** separator of a fractional second element */
  sep: string;
  suffix: string;
}

const STD_0X = [Std.ZeroMonth, Std.ZeroDay, Std.ZeroHour12, Std.ZeroMinute, Std.ZeroSecond, Std.Year];

function isLower(c: string | undefined): boolean {
  return c !== undefined && c >= "a" && c <= "z";
}

export function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** The first layout element in `layout`: the literal text before it, the element, the rest. */
export function nextStdChunk(layout: string): Chunk {
  const chunk = (i: number, std: Std, len: number, digits = 0, sep = "."): Chunk =>
    ({ prefix: layout.slice(0, i), std, digits, sep, suffix: layout.slice(i + len) });
  const at = (i: number, s: string) => layout.startsWith(s, i);
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i]!;
    switch (c) {
      case "J":
        if (at(i, "Jan")) {
          if (at(i, "January")) return chunk(i, Std.LongMonth, 7);
          if (!isLower(layout[i + 3])) return chunk(i, Std.Month, 3);
        }
        break;
      case "M":
        if (at(i, "Mon")) {
          if (at(i, "Monday")) return chunk(i, Std.LongWeekDay, 6);
          if (!isLower(layout[i + 3])) return chunk(i, Std.WeekDay, 3);
        }
        if (at(i, "MST")) return chunk(i, Std.TZ, 3);
        break;
      case "0": {
        const n = layout[i + 1];
        if (n !== undefined && n >= "1" && n <= "6") return chunk(i, STD_0X[n.charCodeAt(0) - 49]!, 2);
        if (at(i, "002")) return chunk(i, Std.ZeroYearDay, 3);
        break;
      }
      case "1":
        if (layout[i + 1] === "5") return chunk(i, Std.Hour, 2);
        return chunk(i, Std.NumMonth, 1);
      case "2":
        if (at(i, "2006")) return chunk(i, Std.LongYear, 4);
        return chunk(i, Std.Day, 1);
      case "_":
        if (layout[i + 1] === "2") {
          // _2006 is a literal _ followed by the long year
          if (at(i + 1, "2006")) return { prefix: layout.slice(0, i + 1), std: Std.LongYear, digits: 0, sep: ".", suffix: layout.slice(i + 5) };
          return chunk(i, Std.UnderDay, 2);
        }
        if (at(i, "__2")) return chunk(i, Std.UnderYearDay, 3);
        break;
      case "3":
        return chunk(i, Std.Hour12, 1);
      case "4":
        return chunk(i, Std.Minute, 1);
      case "5":
        return chunk(i, Std.Second, 1);
      case "P":
        if (layout[i + 1] === "M") return chunk(i, Std.PM, 2);
        break;
      case "p":
        if (layout[i + 1] === "m") return chunk(i, Std.pm, 2);
        break;
      case "-":
        if (at(i, "-070000")) return chunk(i, Std.NumSecondsTz, 7);
        if (at(i, "-07:00:00")) return chunk(i, Std.NumColonSecondsTZ, 9);
        if (at(i, "-0700")) return chunk(i, Std.NumTZ, 5);
        if (at(i, "-07:00")) return chunk(i, Std.NumColonTZ, 6);
        if (at(i, "-07")) return chunk(i, Std.NumShortTZ, 3);
        break;
      case "Z":
        if (at(i, "Z070000")) return chunk(i, Std.ISO8601SecondsTZ, 7);
        if (at(i, "Z07:00:00")) return chunk(i, Std.ISO8601ColonSecondsTZ, 9);
        if (at(i, "Z0700")) return chunk(i, Std.ISO8601TZ, 5);
        if (at(i, "Z07:00")) return chunk(i, Std.ISO8601ColonTZ, 6);
        if (at(i, "Z07")) return chunk(i, Std.ISO8601ShortTZ, 3);
        break;
      case ".":
      case ",": {
        const ch = layout[i + 1];
        if (ch === "0" || ch === "9") {
          let j = i + 1;
          while (j < layout.length && layout[j] === ch) j++;
          // the run of digits must end here: only a fractional second is all digits
          if (!isDigitAt(layout, j)) {
            return chunk(i, ch === "0" ? Std.FracSecond0 : Std.FracSecond9, j - i, (j - (i + 1)) & 0xfff, c);
          }
        }
        break;
      }
    }
  }
  return { prefix: layout, std: Std.None, digits: 0, sep: ".", suffix: "" };
}

export const isZoneStd = (s: Std) => s >= Std.ISO8601TZ && s <= Std.NumColonSecondsTZ;
export const isISOZone = (s: Std) => s >= Std.ISO8601TZ && s <= Std.ISO8601ColonSecondsTZ;

// ---------------------------------------------------------------------------------------------
// Go's quoting in time error messages (bytes outside printable ASCII as \x escapes)

const utf8 = new TextEncoder();

export function goTimeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) {
      for (const b of utf8.encode(ch)) out += "\\x" + b.toString(16).padStart(2, "0");
    } else {
      if (ch === '"' || ch === "\\") out += "\\";
      out += ch;
    }
  }
  return out + '"';
}
