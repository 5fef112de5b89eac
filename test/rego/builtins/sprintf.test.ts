import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTINS } from "../../../src/rego/builtins/index.js";
import { numAbs, numAdd, numDiv, numMul, numRem, numRound, numSub, parseNumber } from "../../../src/rego/number.js";
import { type Value, RSet, fromJSON } from "../../../src/rego/value.js";
import { type GoArg, goSprintf, plainSprintf, printerSprintf } from "../../../src/rego/builtins/go-fmt.js";
import { rng } from "../../random.js";
import { testCtx, builtinError } from "./ctx.js";

function sprintf(format: Value, args: Value): Value | undefined {
  return BUILTINS.get("sprintf")!.fn([format, args], testCtx()) as Value | undefined;
}

function fail(format: Value, args: Value): [string, string] {
  return builtinError(() => sprintf(format, args), "sprintf did not fail");
}

const n = (text: string): Value => parseNumber(text)!;

test("compliance sprintf/big_int and strings/sprintf", () => {
  assert.equal(sprintf("%s", [123456789123456789123n]), "123456789123456789123");
  assert.equal(sprintf("%s", [1208925819614629174706175n]), "1208925819614629174706175");
  assert.equal(sprintf("hi %s", ["there"]), "hi there");
  assert.equal(sprintf("hi %02X.%02X", [127, 1]), "hi 7F.01");
  assert.equal(sprintf("hi %.2f", [n("3.1415")]), "hi 3.14");
  assert.equal(sprintf("hi %s", [true]), "hi true");
  assert.equal(sprintf("hi %v", [["there", 5, n("3.14")]]), 'hi ["there", 5, 3.14]');
});

test("compliance arithmetic: results rendered with %v stay exact", () => {
  const v = (x: Value): Value | undefined => sprintf("%v", [x]);
  assert.equal(v(numAdd(2147483647, 1)), "2147483648");
  assert.equal(v(numSub(-2147483648, 1)), "-2147483649");
  assert.equal(v(numMul(2147483647, 2147483647)), "4611686014132420609");
  assert.equal(v(numMul(-2147483648, -2147483648)), "4611686018427387904");
  assert.equal(v(numAdd(9223372036854775807n, 1)), "9223372036854775808");
  assert.equal(v(numAdd(n("1e30") as never, 1)), "1000000000000000000000000000001");
  assert.equal(v(numAdd(n("10.00") as never, 5)), "15");
  assert.equal(v(numAbs(-5)), "5");
  assert.equal(v(numAbs(-9223372036854775808n)), "9223372036854775808");
  assert.equal(v(numAbs(n("-2.5") as never)), "2.5");
  assert.equal(v(numRound(n("2.5") as never)), "3");
  assert.equal(v(numRound(n("-2.5") as never)), "-3");
  assert.equal(v(numRound(n("2.4") as never)), "2");
  assert.equal(v(numDiv(6, 3)), "2");
  assert.equal(v(numDiv(-6, 3)), "-2");
  assert.equal(v(numDiv(1, 4)), "0.25");
  assert.equal(v(numDiv(0, 5)), "0");
  assert.equal(v(numRem(-17, 5)), "-2");
  assert.equal(v(numRem(17, -5)), "2");
  assert.equal(v(numAdd(18446744073709551617n, 1)), "18446744073709551618");
  assert.equal(v(numMul(18446744073709551617n, 2)), "36893488147419103234");
  assert.equal(v(numAdd(123456789012345678901234567890n, 1)), "123456789012345678901234567891");
  assert.equal(v(numAdd(n("1.5") as never, n("2.5") as never)), "4");
  assert.equal(v(numAdd(1, n("2.5") as never)), "3.5");
  assert.equal(v(numMul(n("2.5") as never, 2)), "5");
  assert.equal(v(numRem(10, 18446744073709551616n)), "10");
  assert.equal(v(numRem(100, -18446744073709551616n)), "100");
});

test("regorus strings/sprintf (where OPA agrees)", () => {
  assert.equal(sprintf("User %s from %s has access", ["alice", "engineering"]), "User alice from engineering has access");
  assert.equal(sprintf("No spaces%s%s", ["A", "B"]), "No spacesAB");
  assert.equal(sprintf("Number: %d", [42]), "Number: 42");
  assert.equal(sprintf("Hex: %x", [255]), "Hex: ff");
  assert.equal(sprintf("Binary: %b", [15]), "Binary: 1111");
  assert.equal(sprintf("String: %s, Number: %d, Percent: %%", ["hello", 123]), "String: hello, Number: 123, Percent: %");
  assert.equal(sprintf("Value: %v", [fromJSON({ key: "value" })]), 'Value: {"key": "value"}');
  assert.equal(sprintf("Padded: %5d", [42]), "Padded:    42");
  assert.equal(sprintf("Zero padded: %05d", [42]), "Zero padded: 00042");
  assert.equal(sprintf("Decimal: %.2f", [n("3.14159")]), "Decimal: 3.14");
  // regorus disagrees with Go here; OPA (Go) wins
  assert.equal(sprintf("Float: %f", [n("3.14")]), "Float: 3.140000");
  assert.equal(sprintf("Octal: %o", [64]), "Octal: 100");
  assert.equal(sprintf("Value: %s %d", ["only_one"]), "Value: only_one %!d(MISSING)");
});

test("%v of every kind of value: Rego's text form", () => {
  assert.equal(sprintf("%v", [null]), "null");
  assert.equal(sprintf("%v %v", [true, false]), "true false");
  assert.equal(sprintf("%v", ["a\"b"]), 'a"b');
  assert.equal(sprintf("%v", [[1, "a", null, [true]]]), '[1, "a", null, [true]]');
  assert.equal(sprintf("%v", [fromJSON({ b: 1, a: [2] })]), '{"a": [2], "b": 1}');
  assert.equal(sprintf("%v", [RSet.of([2, 1, "x"])]), '{1, 2, "x"}');
  assert.equal(sprintf("%v", [new RSet()]), "set()");
  assert.equal(sprintf("%v", [[]]), "[]");
  assert.equal(sprintf("%v", [fromJSON({})]), "{}");
  // strings inside composites are quoted as Go's strconv.Quote does
  assert.equal(sprintf("%v", [["tab\there", "bell\x07", "é"]]), '["tab\\there", "bell\\a", "é"]');
  assert.equal(sprintf("%s", [["x"]]), '["x"]');
  assert.equal(sprintf("%d", [[1, 2]]), "%!d(string=[1, 2])");
  assert.equal(sprintf("%t", [true]), "%!t(string=true)");
});

test("numbers: int64, big integers, floats", () => {
  assert.equal(sprintf("%d", [9223372036854775807n]), "9223372036854775807");
  assert.equal(sprintf("%d", [-9223372036854775808n]), "-9223372036854775808");
  assert.equal(sprintf("%d", [9223372036854775808n]), "9223372036854775808");
  assert.equal(sprintf("%x", [18446744073709551617n]), "10000000000000001");
  assert.equal(sprintf("%#x %X %o %b", [255, 255, 8, 5]), "0xff FF 10 101");
  assert.equal(sprintf("%+d % d %-4d|", [5, 5, 5]), "+5  5 5   |");
  assert.equal(sprintf("%s", [1]), "%!s(int64=1)");
  assert.equal(sprintf("%f", [1]), "%!f(int64=1)");
  assert.equal(sprintf("%d", [n("3.5")]), "%!d(float64=3.5)");
  assert.equal(sprintf("%s", [n("3.5")]), "%!s(float64=3.5)");
  assert.equal(sprintf("%c%c", [72, 0x1f600]), "H\u{1F600}");
  assert.equal(sprintf("%q %U %#U", [65, 0x1f600, 65]), "'A' U+1F600 U+0041 'A'");
  assert.equal(sprintf("%c", [1n << 70n]), "%!c(big.Int=1180591620717411303424)");
  assert.equal(sprintf("%e", [n("123456.789")]), "1.234568e+05");
  assert.equal(sprintf("%g %G", [n("0.000012345"), n("1.5e-10")]), "1.2345e-05 1.5E-10");
  assert.equal(sprintf("%v", [n("1e-7")]), "1e-07");
  assert.equal(sprintf("%v", [n("1234567.5")]), "1.2345675e+06");
  assert.equal(sprintf("%8.3f|%-8.2f|%08.3f", [n("3.14159"), n("2.5"), n("-3.14159")]), "   3.142|2.50    |-003.142");
  assert.equal(sprintf("%.0f %.0f %.0f %.1f", [n("0.5"), n("1.5"), n("2.5"), n("0.25")]), "0 2 2 0.2");
  assert.equal(sprintf("%x", [n("1.5")]), "0x1.8p+00");
  assert.equal(sprintf("%.20f", [n("0.1")]), "0.10000000000000000555");
  assert.equal(sprintf("%T %T %T %T", [1, 1n << 70n, n("0.5"), "s"]), "int64 *big.Int float64 string");
});

test("flags, width, precision and argument indexes", () => {
  assert.equal(sprintf("%5s|%-5s|%.2s|%5.1s|", ["ab", "ab", "héllo", "xyz"]), "   ab|ab   |hé|    x|");
  assert.equal(sprintf("%q %+q %#q", ["a\n", "é", "b"]), '"a\\n" "\\u00e9" `b`');
  assert.equal(sprintf("%x % X %#x", ["hi", "hi", "hi"]), "6869 68 69 0x6869");
  assert.equal(sprintf("%[2]s %[1]s", ["a", "b"]), "b a");
  assert.equal(sprintf("%[3]s", ["a", "b"]), "%!s(BADINDEX)");
  assert.equal(sprintf("%*d|%-*d|", [4, 7, 3, 1]), "   7|1  |");
  assert.equal(sprintf("%.*f", [1, n("2.25")]), "2.2");
  assert.equal(sprintf("%*d", ["x", 1]), "%!(BADWIDTH)1");
  assert.equal(sprintf("%.*d", ["x", 1]), "%!(BADPREC)1");
  assert.equal(sprintf("100%", []), "100%!(NOVERB)");
  assert.equal(sprintf("%5%|%-5%", []), "%|%");
  assert.equal(sprintf("%d %d", [1]), "1 %!d(MISSING)");
  assert.equal(sprintf("%d", [1, "x", n("0.5"), [1]]), '1%!(EXTRA string=x, float64=0.5, string=[1])');
  assert.equal(sprintf("no verbs", [true]), "no verbs%!(EXTRA string=true)");
  assert.equal(sprintf("%!", []), "%!!(MISSING)");
  assert.equal(sprintf("%z", [1]), "%!z(int64=1)");
  assert.equal(sprintf("%5z", ["a"]), "%!z(string=    a)");
  assert.equal(sprintf("%😀", [1]), "%!😀(int64=1)");
  assert.equal(sprintf("", []), "");
});

test("operand errors", () => {
  assert.deepEqual(fail(1, []), ["eval_type_error", "operand 1 must be string but got number"]);
  assert.deepEqual(fail("%s", "x"), ["eval_type_error", "operand 2 must be array but got string"]);
  assert.deepEqual(fail("%s", RSet.of(["x"])), ["eval_type_error", "operand 2 must be array but got set"]);
});

test("hostile widths are bounded and charged", () => {
  // widths beyond 10^6 are not numbers for Go's fmt
  assert.equal(sprintf("%99999999d", [1]), "%!(NOVERB)%!(EXTRA int64=1)");
  let charged = 0;
  const ctx = testCtx({
    charge(u) {
      charged += u;
      if (charged > 5_000_000) throw new Error("budget exhausted");
    },
  });
  const fmt = "%1000000d".repeat(100);
  assert.throws(() => BUILTINS.get("sprintf")!.fn([fmt, Array(100).fill(1)], ctx), /budget exhausted/);
});

// ---------------------------------------------------------------------------------------------
// The formatting engine against the expected outputs of Go's own fmt tests (fmt_test.go's
// fmtTests and reorderTests), for the kinds of values OPA and text/template pass to it.

const I = (v: number | bigint): GoArg => ({ t: "int64", v: BigInt(v), type: "int" });
const F = (v: number): GoArg => ({ t: "float64", v });
const S = (v: string): GoArg => ({ t: "string", v });
const zeroFill = (prefix: string, width: number, suffix: string) => prefix + "0".repeat(width - suffix.length) + suffix;
// [format, args, want] transcribed from Go's src/fmt/fmt_test.go (fmtTests, reorderTests)
const GO_FMT_CASES: [string, GoArg[], string][] = [
  ["%d", [I(12345)], "12345"], ["%v", [I(12345)], "12345"],
  ["%s", [S("abc")], "abc"], ["%q", [S("abc")], `"abc"`], ["%x", [S("abc")], "616263"],
  ["%x", [S("")], ""], ["% x", [S("")], ""], ["%#x", [S("")], ""], ["%# x", [S("")], ""],
  ["%x", [S("xyz")], "78797a"], ["%X", [S("xyz")], "78797A"], ["% x", [S("xyz")], "78 79 7a"], ["% X", [S("xyz")], "78 79 7A"],
  ["%#x", [S("xyz")], "0x78797a"], ["%#X", [S("xyz")], "0X78797A"], ["%# x", [S("xyz")], "0x78 0x79 0x7a"], ["%# X", [S("xyz")], "0X78 0X79 0X7A"],
  ["%q", [S("")], `""`], ["%#q", [S("")], "``"], ["%q", [S("\"")], `"\\""`], ["%#q", [S("\"")], "`\"`"],
  ["%q", [S("`")], '"`"'], ["%#q", [S("`")], '"`"'], ["%q", [S("\n")], `"\\n"`], ["%#q", [S("\n")], `"\\n"`],
  ["%q", [S("\\n")], `"\\\\n"`], ["%#q", [S("\\n")], "`\\n`"], ["%q", [S("日本語")], `"日本語"`],
  ["%+q", [S("日本語")], `"\\u65e5\\u672c\\u8a9e"`], ["%#q", [S("日本語")], "`日本語`"], ["%#+q", [S("日本語")], "`日本語`"],
  ["%q", [S("\x07\b\f\n\r\t\v\"\\")], `"\\a\\b\\f\\n\\r\\t\\v\\"\\\\"`], ["%+q", [S("\x07\b\f\n\r\t\v\"\\")], `"\\a\\b\\f\\n\\r\\t\\v\\"\\\\"`],
  ["%q", [S("☺")], `"☺"`], ["% q", [S("☺")], `"☺"`], ["%+q", [S("☺")], `"\\u263a"`], ["%#q", [S("☺")], "`☺`"],
  ["%10q", [S("⌘")], `       "⌘"`], ["%+10q", [S("⌘")], `  "\\u2318"`], ["%-10q", [S("⌘")], `"⌘"       `], ["%+-10q", [S("⌘")], `"\\u2318"  `],
  ["%010q", [S("⌘")], `0000000"⌘"`], ["%+010q", [S("⌘")], `00"\\u2318"`], ["%-010q", [S("⌘")], `"⌘"       `], ["%+-010q", [S("⌘")], `"\\u2318"  `],
  ["%#8q", [S("\n")], `    "\\n"`], ["%#+8q", [S("\r")], `    "\\r"`], ["%#-8q", [S("\t")], "`\t`     "], ["%#+-8q", [S("\b")], `"\\b"    `],
  ["%q", [S("\u{10ffff}")], `"\\U0010ffff"`], ["%+q", [S("\u{10ffff}")], `"\\U0010ffff"`], ["%#q", [S("\u{10ffff}")], "`\u{10ffff}`"],
  ["%c", [I(0x78)], "x"], ["%c", [I(0xe4)], "ä"], ["%c", [I(0x672c)], "本"], ["%.0c", [I(0x2318)], "⌘"], ["%3c", [I(0x2318)], "  ⌘"], ["%-3c", [I(0x2318)], "⌘  "],
  ["%c", [I(0xe00)], "\u0e00"], ["%c", [I(0x10ffff)], "\u{10ffff}"], ["%c", [I(-1)], "�"], ["%c", [I(0xdc80)], "�"], ["%c", [I(0x110000)], "�"],
  ["%q", [I(0)], `'\\x00'`], ["%q", [I(0x22)], `'"'`], ["%q", [I(0x27)], `'\\''`], ["%q", [I(0x60)], "'`'"], ["%q", [I(0xff)], `'ÿ'`], ["%+q", [I(0xff)], `'\\u00ff'`],
  ["%q", [I(10)], `'\\n'`], ["%+q", [I(0x263a)], `'\\u263a'`], ["%.0q", [I(0x263a)], `'☺'`], ["%010q", [I(0x2318)], `0000000'⌘'`], ["%+010q", [I(0x2318)], `00'\\u2318'`],
  ["%q", [I(0xe00)], `'\\u0e00'`], ["%q", [I(0x10ffff)], `'\\U0010ffff'`], ["%q", [I(0xdc80)], `'�'`],
  ["%5s", [S("abc")], "  abc"], ["%2s", [S("\u263a")], " ☺"], ["%-5s", [S("abc")], "abc  "], ["%05s", [S("abc")], "00abc"],
  ["%5s", [S("abcdefghijklmnopqrstuvwxyz")], "abcdefghijklmnopqrstuvwxyz"], ["%.5s", [S("abcdefghijklmnopqrstuvwxyz")], "abcde"],
  ["%.0s", [S("日本語日本語")], ""], ["%.5s", [S("日本語日本語")], "日本語日本"], ["%.10s", [S("日本語日本語")], "日本語日本語"],
  ["%08q", [S("abc")], `000"abc"`], ["%-8q", [S("abc")], `"abc"   `], ["%.5q", [S("abcdefghijklmnopqrstuvwxyz")], `"abcde"`],
  ["%.5x", [S("abcdefghijklmnopqrstuvwxyz")], "6162636465"], ["%.3q", [S("日本語日本語")], `"日本語"`], ["%.1q", [S("日本語")], `"日"`],
  ["%.1x", [S("日本語")], "e6"], ["%10.1q", [S("日本語日本語")], `       "日"`], ["%10v", [null], "     <nil>"], ["%-10v", [null], "<nil>     "],
  ["%d", [I(-12345)], "-12345"], ["%d", [I(-(1n << 63n))], "-9223372036854775808"],
  ["%.d", [I(0)], ""], ["%.0d", [I(0)], ""], ["%6.0d", [I(0)], "      "], ["%06.0d", [I(0)], "      "], ["% d", [I(12345)], " 12345"],
  ["%+d", [I(12345)], "+12345"], ["%+d", [I(-12345)], "-12345"], ["%b", [I(7)], "111"], ["%b", [I(-6)], "-110"], ["%#b", [I(7)], "0b111"], ["%#b", [I(-6)], "-0b110"],
  ["%b", [I(-(1n << 63n))], zeroFill("-1", 63, "")], ["%o", [I(0o1234)], "1234"], ["%o", [I(-0o1234)], "-1234"], ["%#o", [I(0o1234)], "01234"], ["%#o", [I(-0o1234)], "-01234"],
  ["%O", [I(0o1234)], "0o1234"], ["%O", [I(-0o1234)], "-0o1234"], ["%#X", [I(0)], "0X0"], ["%x", [I(0x12abcdef)], "12abcdef"], ["%X", [I(0x12abcdef)], "12ABCDEF"],
  ["%.20b", [I(7)], "00000000000000000111"], ["%10d", [I(12345)], "     12345"], ["%10d", [I(-12345)], "    -12345"], ["%+10d", [I(12345)], "    +12345"],
  ["%010d", [I(12345)], "0000012345"], ["%010d", [I(-12345)], "-000012345"], ["%20.8d", [I(1234)], "            00001234"], ["%20.8d", [I(-1234)], "           -00001234"],
  ["%020.8d", [I(1234)], "            00001234"], ["%020.8d", [I(-1234)], "           -00001234"], ["%-20.8d", [I(1234)], "00001234            "],
  ["%-20.8d", [I(-1234)], "-00001234           "], ["%-#20.8x", [I(0x1234abc)], "0x01234abc          "], ["%-#20.8X", [I(0x1234abc)], "0X01234ABC          "],
  ["%-#20.8o", [I(0o1234)], "00001234            "],
  ["%068d", [I(1)], zeroFill("", 68, "1")], ["%068d", [I(-1)], zeroFill("-", 67, "1")], ["%#.68x", [I(42)], zeroFill("0x", 68, "2a")],
  ["%.68d", [I(-42)], zeroFill("-", 68, "42")], ["%+.68d", [I(42)], zeroFill("+", 68, "42")], ["% .68d", [I(42)], zeroFill(" ", 68, "42")], ["% +.68d", [I(42)], zeroFill("+", 68, "42")],
  ["%U", [I(0)], "U+0000"], ["%U", [I(-1)], "U+FFFFFFFFFFFFFFFF"], ["%U", [I(10)], `U+000A`], ["%#U", [I(10)], `U+000A`], ["%+U", [I(0x78)], `U+0078`],
  ["%# U", [I(0x78)], `U+0078 'x'`], ["%#.2U", [I(0x78)], `U+0078 'x'`], ["%U", [I(0x263a)], `U+263A`], ["%#U", [I(0x263a)], `U+263A '☺'`],
  ["%U", [I(0x1d6c2)], `U+1D6C2`], ["%#U", [I(0x1d6c2)], `U+1D6C2 '𝛂'`], ["%#14.6U", [I(0x2318)], "  U+002318 '⌘'"], ["%#-14.6U", [I(0x2318)], "U+002318 '⌘'  "],
  ["%#014.6U", [I(0x2318)], "  U+002318 '⌘'"], ["%#-014.6U", [I(0x2318)], "U+002318 '⌘'  "], ["%.68U", [I(42)], zeroFill("U+", 68, "2A")], ["%#.68U", [I(0x65e5)], zeroFill("U+", 68, "65E5") + " '日'"],
  ["%+.3e", [F(0)], "+0.000e+00"], ["%+.3e", [F(1)], "+1.000e+00"], ["%+.3x", [F(0)], "+0x0.000p+00"], ["%+.3x", [F(1)], "+0x1.000p+00"],
  ["%+.3f", [F(-1)], "-1.000"], ["%+.3F", [F(-1)], "-1.000"], ["%+07.2f", [F(1)], "+001.00"], ["%+07.2f", [F(-1)], "-001.00"], ["%-07.2f", [F(1)], "1.00   "],
  ["%-07.2f", [F(-1)], "-1.00  "], ["%+-07.2f", [F(1)], "+1.00  "], ["%+-07.2f", [F(-1)], "-1.00  "], ["%-+07.2f", [F(1)], "+1.00  "], ["%+10.2f", [F(1)], "     +1.00"],
  ["%+10.2f", [F(-1)], "     -1.00"], ["% .3E", [F(-1)], "-1.000E+00"], ["% .3e", [F(1)], " 1.000e+00"], ["% .3X", [F(-1)], "-0X1.000P+00"], ["% .3x", [F(1)], " 0x1.000p+00"],
  ["%+.3g", [F(0)], "+0"], ["%+.3g", [F(1)], "+1"], ["%+.3g", [F(-1)], "-1"], ["% .3g", [F(-1)], "-1"], ["% .3g", [F(1)], " 1"], ["%b", [F(1)], "4503599627370496p-52"],
  ["%#g", [F(1e-323)], "1.00000e-323"], ["%#g", [F(-1)], "-1.00000"], ["%#g", [F(1.1)], "1.10000"], ["%#g", [F(123456)], "123456."], ["%#g", [F(1234567)], "1.234567e+06"],
  ["%#g", [F(1230000)], "1.23000e+06"], ["%#g", [F(1000000)], "1.00000e+06"], ["%#.0f", [F(1)], "1."], ["%#.0e", [F(1)], "1.e+00"], ["%#.0x", [F(1)], "0x1.p+00"],
  ["%#.0g", [F(1)], "1."], ["%#.0g", [F(1100000)], "1.e+06"], ["%#.4f", [F(1)], "1.0000"], ["%#.4e", [F(1)], "1.0000e+00"], ["%#.4x", [F(1)], "0x1.0000p+00"],
  ["%#.4g", [F(1)], "1.000"], ["%#.4g", [F(100000)], "1.000e+05"], ["%#.4g", [F(1.234)], "1.234"], ["%#.4g", [F(0.1234)], "0.1234"], ["%#.4g", [F(1.23)], "1.230"],
  ["%#.4g", [F(0.123)], "0.1230"], ["%#.4g", [F(1.2)], "1.200"], ["%#.4g", [F(0.12)], "0.1200"], ["%#.4g", [F(10.2)], "10.20"], ["%#.4g", [F(0)], "0.000"],
  ["%#.4g", [F(0.012)], "0.01200"], ["%#.0f", [F(123)], "123."], ["%#.0e", [F(123)], "1.e+02"], ["%#.0x", [F(123)], "0x1.p+07"], ["%#.0g", [F(123)], "1.e+02"],
  ["%#.4f", [F(123)], "123.0000"], ["%#.4e", [F(123)], "1.2300e+02"], ["%#.4x", [F(123)], "0x1.ec00p+06"], ["%#.4g", [F(123)], "123.0"], ["%#.4g", [F(123000)], "1.230e+05"],
  ["%#9.4g", [F(1)], "    1.000"], ["%#b", [F(1)], "4503599627370496p-52"], ["%.4b", [F(-1)], "-4503599627370496p-52"],
  ["%.68f", [F(1)], zeroFill("1.", 68, "")], ["%.68f", [F(-1)], zeroFill("-1.", 68, "")],
  ["%f", [F(Infinity)], "+Inf"], ["%.1f", [F(-Infinity)], "-Inf"], ["% f", [F(NaN)], " NaN"], ["%20f", [F(Infinity)], "                +Inf"],
  ["% 20F", [F(Infinity)], "                 Inf"], ["% 20e", [F(-Infinity)], "                -Inf"], ["%+20E", [F(-Infinity)], "                -Inf"],
  ["%+-20G", [F(Infinity)], "+Inf                "], ["%20e", [F(NaN)], "                 NaN"], ["% +20E", [F(NaN)], "                +NaN"],
  ["% -20g", [F(NaN)], " NaN                "], ["%+020e", [F(Infinity)], "                +Inf"], ["%-020f", [F(-Infinity)], "-Inf                "], ["%-020E", [F(NaN)], "NaN                 "],
  ["%e", [F(1)], "1.000000e+00"], ["%e", [F(1234.5678e3)], "1.234568e+06"], ["%e", [F(1234.5678e-8)], "1.234568e-05"], ["%e", [F(-7)], "-7.000000e+00"],
  ["%e", [F(-1e-9)], "-1.000000e-09"], ["%f", [F(1234.5678e3)], "1234567.800000"], ["%f", [F(1234.5678e-8)], "0.000012"], ["%f", [F(-7)], "-7.000000"],
  ["%f", [F(-1e-9)], "-0.000000"], ["%g", [F(1234.5678e3)], "1.2345678e+06"], ["%g", [F(1234.5678e-8)], "1.2345678e-05"], ["%g", [F(-7)], "-7"], ["%g", [F(-1e-9)], "-1e-09"],
  ["%E", [F(1234.5678e3)], "1.234568E+06"], ["%G", [F(1234.5678e-8)], "1.2345678E-05"], ["%G", [F(-1e-9)], "-1E-09"],
  ["%20.5s", [S("qwertyuiop")], "               qwert"], ["%-20.5s", [S("qwertyuiop")], "qwert               "], ["%20c", [I(0x78)], "                   x"],
  ["%20.6e", [F(1.2345e3)], "        1.234500e+03"], ["%20.6e", [F(1.2345e-3)], "        1.234500e-03"], ["%20.8e", [F(1.2345e3)], "      1.23450000e+03"],
  ["%20f", [F(1.23456789e3)], "         1234.567890"], ["%20f", [F(1.23456789e-3)], "            0.001235"], ["%20f", [F(12345678901.23456789)], "  12345678901.234568"],
  ["%-20f", [F(1.23456789e3)], "1234.567890         "], ["%20.8f", [F(1.23456789e3)], "       1234.56789000"], ["%20.8f", [F(1.23456789e-3)], "          0.00123457"],
  ["%g", [F(1.23456789e3)], "1234.56789"], ["%g", [F(1.23456789e-3)], "0.00123456789"], ["%g", [F(1.23456789e20)], "1.23456789e+20"],
  ["%v", [{ t: "slice", v: [I(1), S("hello"), F(2.5), null] }], "[1 hello 2.5 <nil>]"],
  ["%v", [F(1.2345678)], "1.2345678"], ["%#v", [I(1000000000)], "1000000000"], ["%#v", [S("foo")], `"foo"`], ["%#v", [F(1.2345678)], "1.2345678"],
  ["%#v", [F(1)], "1"], ["%#v", [F(1000000)], "1e+06"],
  ["%#v", [{ t: "slice", v: [I(1), S("hello"), F(2.5), null] }], `[]interface {}{1, "hello", 2.5, interface {}(nil)}`],
  ["%p", [I(27)], "%!p(int=27)"], ["%p", [null], "%!p(<nil>)"], ["%#p", [null], "%!p(<nil>)"], ["%v", [null], "<nil>"], ["%#v", [null], "<nil>"],
  ["%10T", [null], "     <nil>"], ["%-10T", [null], "<nil>     "], ["%T", [I(1)], "int"],
  ["", [null], "%!(EXTRA <nil>)"], ["", [I(2)], "%!(EXTRA int=2)"], ["no args", [S("hello")], "no args%!(EXTRA string=hello)"],
  ["%s %", [S("hello")], "hello %!(NOVERB)"], ["%s %.2", [S("hello")], "hello %!(NOVERB)"],
  ["%017091901790959340919092959340919017929593813360", [I(0)], "%!(NOVERB)%!(EXTRA int=0)"], ["%184467440737095516170v", [I(0)], "%!(NOVERB)%!(EXTRA int=0)"],
  ["%010.2", [S("12345")], "%!(NOVERB)%!(EXTRA string=12345)"],
  ["%.2f", [F(1)], "1.00"], ["% .2f", [F(1)], " 1.00"], ["%7.2f", [F(-1)], "  -1.00"], ["% 7.2f", [F(1)], "   1.00"], ["%+7.2f", [F(1)], "  +1.00"],
  ["% +7.2f", [F(1)], "  +1.00"], ["%07.2f", [F(1)], "0001.00"], ["%07.2f", [F(-1)], "-001.00"], ["% 07.2f", [F(1)], " 001.00"], ["%+07.2f", [F(1)], "+001.00"], ["% +07.2f", [F(1)], "+001.00"],
  ["%0-5s", [S("abc")], "abc  "], ["%-05.1f", [F(1)], "1.0  "],
  ["%06v", [{ t: "slice", v: [F(10), I(10)] }], "[000010 000010]"], ["%06v", [{ t: "slice", v: [F(-10), I(10)] }], "[-00010 000010]"],
  ["%03.6v", [{ t: "slice", v: [I(1), F(2), S("x")] }], "[000001 002 00x]"], ["%03.0v", [{ t: "slice", v: [I(0), F(2), S("x")] }], "[    002 000]"],
  ["%.", [I(3)], "%!.(int=3)"],
  ["%☠", [null], "%!☠(<nil>)"], ["%☠", [I(0)], "%!☠(int=0)"], ["%☠", [S("hello")], "%!☠(string=hello)"], ["%☠", [F(1.2345678)], "%!☠(float64=1.2345678)"],
  ["%[1]d", [I(1)], "1"], ["%[2]d", [I(2), I(1)], "1"], ["%[2]d %[1]d", [I(1), I(2)], "2 1"], ["%[2]*[1]d", [I(2), I(5)], "    2"], ["%6.2f", [F(12)], " 12.00"],
  ["%[3]*.[2]*[1]f", [F(12), I(2), I(6)], " 12.00"], ["%[1]*.[2]*[3]f", [I(6), I(2), F(12)], " 12.00"], ["%10f", [F(12)], " 12.000000"], ["%[1]*[3]f", [I(10), I(99), F(12)], " 12.000000"],
  ["%.6f", [F(12)], "12.000000"], ["%.[1]*[3]f", [I(6), I(99), F(12)], "12.000000"], ["%6.f", [F(12)], "    12"], ["%[1]*.[3]f", [I(6), I(3), F(12)], "    12"],
  ["%d %d %d %#[1]o %#o %#o", [I(11), I(12), I(13)], "11 12 13 013 014 015"],
  ["%[d", [I(2), I(1)], "%!d(BADINDEX)"], ["%]d", [I(2), I(1)], "%!](int=2)d%!(EXTRA int=1)"], ["%[]d", [I(2), I(1)], "%!d(BADINDEX)"], ["%[-3]d", [I(2), I(1)], "%!d(BADINDEX)"],
  ["%[99]d", [I(2), I(1)], "%!d(BADINDEX)"], ["%[3]", [I(2), I(1)], "%!(NOVERB)"], ["%[1].2d", [I(5), I(6)], "%!d(BADINDEX)"], ["%[1]2d", [I(2), I(1)], "%!d(BADINDEX)"],
  ["%3.[2]d", [I(7)], "%!d(BADINDEX)"], ["%.[2]d", [I(7)], "%!d(BADINDEX)"], ["%d %d %d %#[1]o %#o %#o %#o", [I(11), I(12), I(13)], "11 12 13 013 014 015 %!o(MISSING)"],
  ["%[5]d %[2]d %d", [I(1), I(2), I(3)], "%!d(BADINDEX) 2 3"], ["%d %[3]d %d", [I(1), I(2)], "1 %!d(BADINDEX) 2"], ["%.[]", [], "%!](BADINDEX)"],
  ["%.-3d", [I(42)], "%!-(int=42)3d"], ["%2147483648d", [I(42)], "%!(NOVERB)%!(EXTRA int=42)"], ["%-2147483648d", [I(42)], "%!(NOVERB)%!(EXTRA int=42)"],
  ["%.2147483648d", [I(42)], "%!(NOVERB)%!(EXTRA int=42)"],
];

test("go-fmt: Go's fmt test vectors", () => {
  for (const [format, args, want] of GO_FMT_CASES) assert.equal(goSprintf(format, args), want, `${JSON.stringify(format)}`);
});

test("the plain path (%s, %v, %q, %d without flags) formats exactly as the Printer does, and leaves every other format to it", () => {
  const next = rng(20261204);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const pieces = ["%s", "%v", "%q", "%d", "%%", "%5s", "%-3d", "%x", "%+q", "%#v", "%", "%!", "%[1]s", "a", "é", "\n", " ", "日本", "%T"];
  const args: GoArg[] = [
    { t: "string", v: "plain" },
    { t: "string", v: "" },
    { t: "string", v: 'quote " back \\ tab \t nl \n' },
    { t: "string", v: "é 日本 \u0000 \u007f \u2028 \ud800 😀" },
    { t: "int64", v: 0n },
    { t: "int64", v: -42n },
    { t: "int64", v: 9223372036854775807n },
    { t: "bigint", v: 99999999999999999999n },
    { t: "float64", v: 1.5 },
    { t: "bool", v: true },
    null,
  ];
  let plain = 0;
  for (let i = 0; i < 20_000; i++) {
    const format = Array.from({ length: Math.floor(next() * 5) }, () => pick(pieces)).join("");
    const as = Array.from({ length: Math.floor(next() * 4) }, () => pick(args));
    if (plainSprintf(format, as) !== null) plain++;
    assert.equal(goSprintf(format, as), printerSprintf(format, as), `${JSON.stringify(format)} ${JSON.stringify(as, (_k, v) => (typeof v === "bigint" ? `${v}n` : v))}`);
  }
  assert.ok(plain > 1000, `only ${plain} formats took the plain path`);
});
