// Go's fmt.Sprintf over a small model of Go values: what OPA's sprintf builtin produces after it
// turns each Rego value into a Go value (int64, *big.Int, float64 or string), and what Go's
// text/template printf produces over JSON-decoded data (json.Number, bool, nil, []interface {},
// map[string]interface {}). Follows Go's fmt/print.go and fmt/format.go: verbs, flags
// (# 0 + - space), width, precision, argument indexes ([n], *), and the error forms
// %!d(string=x), %!v(MISSING), %!(EXTRA int64=1), %!(NOVERB), %!(BADWIDTH), %!v(BADINDEX).

import { formatFloat, type FloatFormat } from "./go-ftoa.js";

export type GoValue =
  /** an integer; `type` names another Go integer type (text/template's untyped constants are int) */
  | { readonly t: "int64"; readonly v: bigint; readonly type?: string }
  | { readonly t: "bigint"; readonly v: bigint } // *big.Int (implements fmt.Formatter)
  | { readonly t: "float64"; readonly v: number }
  /** a string; `type` names a string type with a String method (json.Number) */
  | { readonly t: "string"; readonly v: string; readonly type?: string }
  | { readonly t: "bool"; readonly v: boolean }
  | { readonly t: "slice"; readonly v: readonly (GoValue | null)[] } // []interface {}
  | { readonly t: "map"; readonly v: readonly (readonly [string, GoValue | null])[] }; // map[string]interface {}, sorted

/** A Go argument; null is a nil interface. */
export type GoArg = GoValue | null;

export function goTypeName(v: GoValue): string {
  switch (v.t) {
    case "int64":
      return v.type ?? "int64";
    case "bigint":
      return "*big.Int";
    case "float64":
      return "float64";
    case "string":
      return v.type ?? "string";
    case "bool":
      return "bool";
    case "slice":
      return "[]interface {}";
    case "map":
      return "map[string]interface {}";
  }
}

// ---------------------------------------------------------------------------------------------
// strconv quoting

const NON_PRINT = /^[\p{C}\p{Z}]$/u;

/** Go's strconv.IsPrint. */
export function isPrint(c: number): boolean {
  if (c < 0x80) return c >= 0x20 && c < 0x7f;
  if (c <= 0xff) return c >= 0xa1 && c !== 0xad;
  if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return false;
  return !NON_PRINT.test(String.fromCodePoint(c));
}

const hex = (n: number, w: number): string => n.toString(16).padStart(w, "0");

function escapeRune(c: number, quote: number, asciiOnly: boolean): string {
  if (c === quote || c === 0x5c) return "\\" + String.fromCodePoint(c);
  if (asciiOnly ? c < 0x80 && isPrint(c) : isPrint(c)) return String.fromCodePoint(c);
  switch (c) {
    case 7:
      return "\\a";
    case 8:
      return "\\b";
    case 12:
      return "\\f";
    case 10:
      return "\\n";
    case 13:
      return "\\r";
    case 9:
      return "\\t";
    case 11:
      return "\\v";
  }
  if (c < 0x20 || c === 0x7f) return "\\x" + hex(c, 2);
  if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) c = 0xfffd;
  return c < 0x10000 ? "\\u" + hex(c, 4) : "\\U" + hex(c, 8);
}

/** strconv.Quote / QuoteToASCII (a lone surrogate reads as U+FFFD, as invalid UTF-8 does). */
export function quoteString(s: string, asciiOnly = false): string {
  let out = '"';
  for (const ch of s) {
    let c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    out += escapeRune(c, 0x22, asciiOnly);
  }
  return out + '"';
}

/** strconv.QuoteRune / QuoteRuneToASCII. */
export function quoteRune(c: number, asciiOnly = false): string {
  if (c > 0x10ffff || c < 0 || (c >= 0xd800 && c <= 0xdfff)) c = 0xfffd;
  return "'" + escapeRune(c, 0x27, asciiOnly) + "'";
}

function canBackquote(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0xfeff || (c >= 0xd800 && c <= 0xdfff)) return false;
    if ((c < 0x20 && c !== 9) || c === 0x60 || c === 0x7f) return false;
  }
  return true;
}

function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

const UTF8 = new TextEncoder();

// ---------------------------------------------------------------------------------------------
// the printer

const MAX_WIDTH = 1e6;
const tooLarge = (x: number): boolean => x > MAX_WIDTH || x < -MAX_WIDTH;

interface Flags {
  widPresent: boolean;
  precPresent: boolean;
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid: number;
  prec: number;
}

const noFlags = (): Flags => ({
  widPresent: false,
  precPresent: false,
  minus: false,
  plus: false,
  sharp: false,
  space: false,
  zero: false,
  plusV: false,
  sharpV: false,
  wid: 0,
  prec: 0,
});

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

class Printer {
  private readonly buf: string[] = [];
  private f: Flags = noFlags();
  private reordered = false;
  private goodArgNum = true;
  private erroring = false;

  constructor(private readonly charge: (units: number) => void) {}

  text(): string {
    return this.buf.join("");
  }

  private write(s: string): void {
    this.buf.push(s);
  }

  // --- format.go -------------------------------------------------------------------------------

  private writePadding(n: number): void {
    if (n <= 0) return;
    this.charge(n);
    this.write((this.f.zero && !this.f.minus ? "0" : " ").repeat(n));
  }

  private pad(s: string): void {
    const f = this.f;
    if (!f.widPresent || f.wid === 0) {
      this.write(s);
      return;
    }
    const width = f.wid - runeCount(s);
    if (!f.minus) {
      this.writePadding(width);
      this.write(s);
    } else {
      this.write(s);
      this.writePadding(width);
    }
  }

  private fmtBoolean(v: boolean): void {
    this.pad(v ? "true" : "false");
  }

  private fmtUnicode(v: bigint): void {
    const f = this.f;
    const u = BigInt.asUintN(64, v);
    let prec = 4;
    if (f.precPresent && f.prec > 4) {
      prec = f.prec;
      this.charge(prec);
    }
    let s = "U+" + u.toString(16).toUpperCase().padStart(prec, "0");
    if (f.sharp && u <= 0x10ffffn && isPrint(Number(u))) s += " '" + String.fromCodePoint(Number(u)) + "'";
    const oldZero = f.zero;
    f.zero = false;
    this.pad(s);
    f.zero = oldZero;
  }

  private fmtInteger(v: bigint, base: number, verb: string, upper: boolean): void {
    const f = this.f;
    const negative = v < 0n;
    const u = negative ? -v : v;
    let prec = 0;
    if (f.precPresent) {
      prec = f.prec;
      if (prec === 0 && u === 0n) {
        const oldZero = f.zero;
        f.zero = false;
        this.writePadding(f.wid);
        f.zero = oldZero;
        return;
      }
    } else if (f.zero && !f.minus && f.widPresent) {
      prec = f.wid;
      if (negative || f.plus || f.space) prec--;
    }
    let digits = u.toString(base);
    if (upper) digits = digits.toUpperCase();
    if (digits.length < prec) {
      this.charge(prec);
      digits = "0".repeat(prec - digits.length) + digits;
    }
    if (f.sharp) {
      if (base === 2) digits = "0b" + digits;
      else if (base === 8 && digits[0] !== "0") digits = "0" + digits;
      else if (base === 16) digits = (upper ? "0X" : "0x") + digits;
    }
    if (verb === "O") digits = "0o" + digits;
    if (negative) digits = "-" + digits;
    else if (f.plus) digits = "+" + digits;
    else if (f.space) digits = " " + digits;
    const oldZero = f.zero;
    f.zero = false;
    this.pad(digits);
    f.zero = oldZero;
  }

  private truncate(s: string): string {
    if (!this.f.precPresent) return s;
    let n = this.f.prec;
    let i = 0;
    for (const ch of s) {
      if (n-- <= 0) return s.slice(0, i);
      i += ch.length;
    }
    return s;
  }

  private fmtS(s: string): void {
    this.pad(this.truncate(s));
  }

  private fmtSx(s: string, upper: boolean): void {
    const f = this.f;
    const bytes = UTF8.encode(s);
    let length = bytes.length;
    if (f.precPresent && f.prec < length) length = f.prec;
    let width = 2 * length;
    if (width > 0) {
      if (f.space) {
        if (f.sharp) width *= 2;
        width += length - 1;
      } else if (f.sharp) {
        width += 2;
      }
    } else {
      if (f.widPresent) this.writePadding(f.wid);
      return;
    }
    if (f.widPresent && f.wid > width && !f.minus) this.writePadding(f.wid - width);
    const digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    const prefix = upper ? "0X" : "0x";
    let out = f.sharp ? prefix : "";
    for (let i = 0; i < length; i++) {
      if (f.space && i > 0) {
        out += " ";
        if (f.sharp) out += prefix;
      }
      const c = bytes[i]!;
      out += digits[c >> 4]! + digits[c & 15]!;
    }
    this.write(out);
    if (f.widPresent && f.wid > width && f.minus) this.writePadding(f.wid - width);
  }

  private fmtQ(s: string): void {
    const f = this.f;
    s = this.truncate(s);
    if (f.sharp && canBackquote(s)) {
      this.pad("`" + s + "`");
      return;
    }
    this.pad(quoteString(s, f.plus));
  }

  private runeOf(v: bigint): number {
    const u = BigInt.asUintN(64, v);
    return u > 0x10ffffn ? 0xfffd : Number(u);
  }

  private fmtC(v: bigint): void {
    let r = this.runeOf(v);
    if (r >= 0xd800 && r <= 0xdfff) r = 0xfffd;
    this.pad(String.fromCodePoint(r));
  }

  private fmtQc(v: bigint): void {
    this.pad(quoteRune(this.runeOf(v), this.f.plus));
  }

  private fmtFloat(v: number, verb: FloatFormat, prec: number): void {
    const f = this.f;
    if (f.precPresent) prec = f.prec;
    if (prec > 1000) this.charge(prec);
    let num = formatFloat(v, verb, prec);
    if (num[0] === "-" || num[0] === "+") {
      // keep
    } else {
      num = "+" + num;
    }
    if (f.space && num[0] === "+" && !f.plus) num = " " + num.slice(1);
    if (num[1] === "I" || num[1] === "N") {
      const oldZero = f.zero;
      f.zero = false;
      if (num[1] === "N" && !f.space && !f.plus) num = num.slice(1);
      this.pad(num);
      f.zero = oldZero;
      return;
    }
    if (f.sharp && verb !== "b") {
      let digits = 0;
      if (verb === "g" || verb === "G" || verb === "x") digits = prec === -1 ? 6 : prec;
      let tail = "";
      let body = num;
      let hasDecimalPoint = false;
      let sawNonzeroDigit = false;
      for (let i = 1; i < body.length; i++) {
        const c = body[i]!;
        if (c === ".") {
          hasDecimalPoint = true;
          continue;
        }
        if (c === "p" || c === "P" || ((c === "e" || c === "E") && verb !== "x" && verb !== "X")) {
          tail = body.slice(i);
          body = body.slice(0, i);
          break;
        }
        if (c !== "0") sawNonzeroDigit = true;
        if (sawNonzeroDigit) digits--;
      }
      if (!hasDecimalPoint) {
        if (body.length === 2 && body[1] === "0") digits--;
        body += ".";
      }
      if (digits > 0) {
        this.charge(digits);
        body += "0".repeat(digits);
      }
      num = body + tail;
    }
    if (f.plus || num[0] !== "+") {
      if (f.zero && !f.minus && f.widPresent && f.wid > num.length) {
        this.write(num[0]!);
        this.writePadding(f.wid - num.length);
        this.write(num.slice(1));
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  // --- print.go --------------------------------------------------------------------------------

  private badVerb(verb: string, arg: GoArg): void {
    this.erroring = true;
    this.write("%!" + verb + "(");
    if (arg !== null) {
      this.write(goTypeName(arg) + "=");
      this.printArg(arg, "v", 1);
    } else {
      this.write("<nil>");
    }
    this.write(")");
    this.erroring = false;
  }

  private fmtIntegerVerb(v: bigint, verb: string, arg: GoValue): void {
    switch (verb) {
      case "v":
      case "d":
        return this.fmtInteger(v, 10, verb, false);
      case "b":
        return this.fmtInteger(v, 2, verb, false);
      case "o":
      case "O":
        return this.fmtInteger(v, 8, verb, false);
      case "x":
        return this.fmtInteger(v, 16, verb, false);
      case "X":
        return this.fmtInteger(v, 16, verb, true);
      case "c":
        return this.fmtC(v);
      case "q":
        return this.fmtQc(v);
      case "U":
        return this.fmtUnicode(v);
      default:
        return this.badVerb(verb, arg);
    }
  }

  private fmtFloatVerb(v: number, verb: string, arg: GoValue): void {
    switch (verb) {
      case "v":
        return this.fmtFloat(v, "g", -1);
      case "b":
      case "g":
      case "G":
      case "x":
      case "X":
        return this.fmtFloat(v, verb, -1);
      case "f":
      case "e":
      case "E":
        return this.fmtFloat(v, verb, 6);
      case "F":
        return this.fmtFloat(v, "f", 6);
      default:
        return this.badVerb(verb, arg);
    }
  }

  private fmtString(v: string, verb: string, arg: GoValue): void {
    switch (verb) {
      case "v":
        return this.f.sharpV ? this.fmtQ(v) : this.fmtS(v);
      case "s":
        return this.fmtS(v);
      case "x":
        return this.fmtSx(v, false);
      case "X":
        return this.fmtSx(v, true);
      case "q":
        return this.fmtQ(v);
      default:
        return this.badVerb(verb, arg);
    }
  }

  /** math/big's (*Int).Format */
  private fmtBigInt(x: bigint, verb: string): void {
    const f = this.f;
    let base: number;
    switch (verb) {
      case "b":
        base = 2;
        break;
      case "o":
      case "O":
        base = 8;
        break;
      case "d":
      case "s":
      case "v":
        base = 10;
        break;
      case "x":
      case "X":
        base = 16;
        break;
      default:
        this.write(`%!${verb}(big.Int=${x.toString()})`);
        return;
    }
    const plus = f.plus || f.plusV;
    const sharp = f.sharp || f.sharpV;
    const sign = x < 0n ? "-" : plus ? "+" : f.space ? " " : "";
    let prefix = "";
    if (sharp) {
      if (verb === "b") prefix = "0b";
      else if (verb === "o") prefix = "0";
      else if (verb === "x") prefix = "0x";
      else if (verb === "X") prefix = "0X";
    }
    if (verb === "O") prefix = "0o";
    let digits = (x < 0n ? -x : x).toString(base);
    if (verb === "X") digits = digits.toUpperCase();
    let left = 0;
    let zeros = 0;
    let right = 0;
    if (f.precPresent) {
      if (digits.length < f.prec) zeros = f.prec - digits.length;
      else if (digits === "0" && f.prec === 0) return;
    }
    const length = sign.length + prefix.length + zeros + digits.length;
    if (f.widPresent && length < f.wid) {
      const d = f.wid - length;
      if (f.minus) right = d;
      else if (f.zero && !f.precPresent) zeros = d;
      else left = d;
    }
    this.charge(left + zeros + right);
    this.write(" ".repeat(left) + sign + prefix + "0".repeat(zeros) + digits + " ".repeat(right));
  }

  private fmtComposite(v: GoValue & { t: "slice" | "map" }, verb: string, depth: number): void {
    const sharpV = this.f.sharpV;
    if (v.t === "slice") {
      this.write(sharpV ? "[]interface {}{" : "[");
      v.v.forEach((e, i) => {
        if (i > 0) this.write(sharpV ? ", " : " ");
        this.printElem(e, verb, depth + 1);
      });
      this.write(sharpV ? "}" : "]");
      return;
    }
    this.write(sharpV ? "map[string]interface {}{" : "map[");
    v.v.forEach(([k, e], i) => {
      if (i > 0) this.write(sharpV ? ", " : " ");
      this.printArg({ t: "string", v: k }, verb, depth + 1);
      this.write(":");
      this.printElem(e, verb, depth + 1);
    });
    this.write(sharpV ? "}" : "]");
  }

  /** an element of a slice or map: an interface value that may be nil */
  private printElem(e: GoArg, verb: string, depth: number): void {
    if (e === null) {
      this.write(this.f.sharpV ? "interface {}(nil)" : "<nil>");
      return;
    }
    this.printArg(e, verb, depth);
  }

  printArg(arg: GoArg, verb: string, depth = 0): void {
    if (arg === null) {
      if (verb === "T" || verb === "v") this.pad("<nil>");
      else this.badVerb(verb, null);
      return;
    }
    if (depth === 0) {
      if (verb === "T") {
        this.fmtS(goTypeName(arg));
        return;
      }
      if (verb === "p") {
        // only pointers have addresses; a *big.Int's address is not reproducible
        this.badVerb(verb, arg);
        return;
      }
    }
    switch (arg.t) {
      case "bool":
        if (verb === "t" || verb === "v") this.fmtBoolean(arg.v);
        else this.badVerb(verb, arg);
        return;
      case "float64":
        return this.fmtFloatVerb(arg.v, verb, arg);
      case "int64":
        return this.fmtIntegerVerb(arg.v, verb, arg);
      case "string":
        return this.fmtString(arg.v, verb, arg);
      case "bigint":
        if (this.erroring) return this.fmtIntegerVerb(arg.v, verb, arg);
        return this.fmtBigInt(arg.v, verb);
      case "slice":
      case "map":
        return this.fmtComposite(arg, verb, depth);
    }
  }

  // --- doPrintf --------------------------------------------------------------------------------

  private static parsenum(s: string, start: number, end: number): [number, boolean, number] {
    if (start >= end) return [0, false, end];
    let num = 0;
    let isnum = false;
    let i = start;
    for (; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      if (tooLarge(num)) return [0, false, end];
      num = num * 10 + (c - 48);
      isnum = true;
    }
    return [num, isnum, i];
  }

  private static intFromArg(a: readonly GoArg[], argNum: number): [number, boolean, number] {
    let num = 0;
    let isInt = false;
    let newArgNum = argNum;
    if (argNum < a.length) {
      const arg = a[argNum];
      if (arg && arg.t === "int64") {
        num = Number(arg.v);
        isInt = true;
      }
      newArgNum = argNum + 1;
      if (tooLarge(num)) {
        num = 0;
        isInt = false;
      }
    }
    return [num, isInt, newArgNum];
  }

  private argNumber(argNum: number, format: string, i: number, numArgs: number): [number, number, boolean] {
    if (format.length <= i || format[i] !== "[") return [argNum, i, false];
    this.reordered = true;
    // parseArgNumber
    let index = 0;
    let wid = 1;
    let ok = false;
    const rest = format.length - i;
    if (rest >= 3) {
      for (let j = 1; j < rest; j++) {
        if (format[i + j] === "]") {
          const [width, isnum, newi] = Printer.parsenum(format, i + 1, i + j);
          if (!isnum || newi !== i + j) {
            wid = j + 1;
          } else {
            index = width - 1;
            wid = j + 1;
            ok = true;
          }
          break;
        }
      }
    }
    if (ok && index >= 0 && index < numArgs) return [index, i + wid, true];
    this.goodArgNum = false;
    return [argNum, i + wid, ok];
  }

  doPrintf(format: string, a: readonly GoArg[]): void {
    const end = format.length;
    let argNum = 0;
    let afterIndex = false;
    this.reordered = false;
    let i = 0;
    formatLoop: while (i < end) {
      this.goodArgNum = true;
      const lasti = i;
      while (i < end && format[i] !== "%") i++;
      if (i > lasti) this.write(format.slice(lasti, i));
      if (i >= end) break;
      i++; // skip %
      this.f = noFlags();
      const f = this.f;
      // flags
      simpleFormat: for (; i < end; i++) {
        const c = format[i]!;
        switch (c) {
          case "#":
            f.sharp = true;
            break;
          case "0":
            f.zero = true;
            break;
          case "+":
            f.plus = true;
            break;
          case "-":
            f.minus = true;
            break;
          case " ":
            f.space = true;
            break;
          default:
            if (c >= "a" && c <= "z" && argNum < a.length) {
              if (c === "v") {
                f.sharpV = f.sharp;
                f.sharp = false;
                f.plusV = f.plus;
                f.plus = false;
              }
              this.printArg(a[argNum]!, c);
              argNum++;
              i++;
              continue formatLoop;
            }
            break simpleFormat;
        }
      }

      [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);

      // width
      if (i < end && format[i] === "*") {
        i++;
        [f.wid, f.widPresent, argNum] = Printer.intFromArg(a, argNum);
        if (!f.widPresent) this.write("%!(BADWIDTH)");
        if (f.wid < 0) {
          f.wid = -f.wid;
          f.minus = true;
          f.zero = false;
        }
        afterIndex = false;
      } else {
        [f.wid, f.widPresent, i] = Printer.parsenum(format, i, end);
        if (afterIndex && f.widPresent) this.goodArgNum = false;
      }

      // precision
      if (i + 1 < end && format[i] === ".") {
        i++;
        if (afterIndex) this.goodArgNum = false;
        [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
        if (i < end && format[i] === "*") {
          i++;
          [f.prec, f.precPresent, argNum] = Printer.intFromArg(a, argNum);
          if (f.prec < 0) {
            f.prec = 0;
            f.precPresent = false;
          }
          if (!f.precPresent) this.write("%!(BADPREC)");
          afterIndex = false;
        } else {
          [f.prec, f.precPresent, i] = Printer.parsenum(format, i, end);
          if (!f.precPresent) {
            f.prec = 0;
            f.precPresent = true;
          }
        }
      }

      if (!afterIndex) [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);

      if (i >= end) {
        this.write("%!(NOVERB)");
        break;
      }

      const cp = format.codePointAt(i)!;
      const verb = String.fromCodePoint(cp);
      i += verb.length;

      if (verb === "%") {
        this.write("%");
      } else if (!this.goodArgNum) {
        this.write("%!" + verb + "(BADINDEX)");
      } else if (argNum >= a.length) {
        this.write("%!" + verb + "(MISSING)");
      } else {
        if (verb === "v") {
          f.sharpV = f.sharp;
          f.sharp = false;
          f.plusV = f.plus;
          f.plus = false;
        }
        this.printArg(a[argNum]!, verb);
        argNum++;
      }
    }

    if (!this.reordered && argNum < a.length) {
      this.f = noFlags();
      this.write("%!(EXTRA ");
      a.slice(argNum).forEach((arg, k) => {
        if (k > 0) this.write(", ");
        if (arg === null) {
          this.write("<nil>");
        } else {
          this.write(goTypeName(arg) + "=");
          this.printArg(arg, "v");
        }
      });
      this.write(")");
    }
  }
}

/** fmt.Sprintf(format, args...). `charge` is called with the size of large paddings. */
export function goSprintf(format: string, args: readonly GoArg[], charge: (units: number) => void = () => {}): string {
  return plainSprintf(format, args) ?? printerSprintf(format, args, charge);
}

/** fmt.Sprintf through the Printer, whatever the verbs (goSprintf takes the plain case first). */
export function printerSprintf(format: string, args: readonly GoArg[], charge: (units: number) => void = () => {}): string {
  const p = new Printer(charge);
  p.doPrintf(format, args);
  return p.text();
}

/** fmt.Sprint(args...): operands separated by a space when neither side is a string. */
export function goSprint(args: readonly GoArg[], charge: (units: number) => void = () => {}): string {
  const out: string[] = [];
  let prevString = false;
  args.forEach((arg, i) => {
    const isString = arg !== null && arg.t === "string";
    if (i > 0 && !isString && !prevString) out.push(" ");
    out.push(goSprintf("%v", [arg], charge));
    prevString = isString;
  });
  return out.join("");
}

/** An integer as Go's sprintf argument: int64 when it fits, else *big.Int. */
export function goInt(v: bigint): GoValue {
  return v >= INT64_MIN && v <= INT64_MAX ? { t: "int64", v } : { t: "bigint", v };
}

/**
 * The common case of Sprintf without the Printer: every verb is %s, %v or %q of a string, or %d
 * or %v of an int64, without flags, width or precision, one argument each, none left over (and
 * %%). Null for anything else, which the Printer then formats: the result is the same.
 */
export function plainSprintf(format: string, args: readonly GoArg[]): string | null {
  let out = "";
  let from = 0;
  let argNum = 0;
  for (let i = format.indexOf("%"); i >= 0; i = format.indexOf("%", from)) {
    out += format.slice(from, i);
    const verb = format[i + 1];
    from = i + 2;
    if (verb === "%") {
      out += "%";
      continue;
    }
    const arg = args[argNum++];
    if (arg === undefined || arg === null) return null;
    if (arg.t === "string" && (verb === "s" || verb === "v")) out += arg.v;
    else if (arg.t === "string" && verb === "q") out += quoteString(arg.v);
    else if (arg.t === "int64" && (verb === "d" || verb === "v")) out += arg.v.toString();
    else return null;
  }
  return argNum === args.length ? out + format.slice(from) : null;
}
