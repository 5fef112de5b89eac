import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTINS } from "../../../src/rego/builtins/index.js";
import { Float, parseNumber } from "../../../src/rego/number.js";
import { type Value, RObject, RSet, fromJSON } from "../../../src/rego/value.js";
import { testCtx, builtinError } from "./ctx.js";

function call(name: string, ...args: Value[]): Value | undefined {
  return BUILTINS.get(name)!.fn(args, testCtx()) as Value | undefined;
}

function fail(name: string, ...args: Value[]): [string, string] {
  return builtinError(() => call(name, ...args), `${name} did not fail`);
}

const n = (text: string): Value => parseNumber(text)!;
const set = (...xs: Value[]): RSet => RSet.of(xs);
const obj = (x: Record<string, unknown>): Value => fromJSON(x);

test("concat (compliance strings/concat, regorus concat)", () => {
  assert.equal(call("concat", "/", ["", "foo", "bar", "0", "baz"]), "/foo/bar/0/baz");
  assert.ok(["1,2,3"].includes(call("concat", ",", set("1", "2", "3")) as string));
  assert.equal(call("concat", "/", ["a", "b"]), "a/b");
  assert.equal(call("concat", "", ["f", "o", "o"]), "foo");
  assert.equal(call("concat", ", ", ["Hello", "world"]), "Hello, world");
  assert.equal(call("concat", ", ", set("world", "Hello")), "Hello, world");
  assert.equal(call("concat", ",", []), "");
  assert.equal(call("concat", ",", set()), "");
  assert.equal(call("concat", ",", ["x"]), "x");
  assert.deepEqual(fail("concat", null, []), ["eval_type_error", "operand 1 must be string but got null"]);
  assert.deepEqual(fail("concat", "", obj({})), ["eval_type_error", "operand 2 must be one of {set, array} but got object"]);
  assert.deepEqual(fail("concat", "", "x"), ["eval_type_error", "operand 2 must be one of {set, array} but got string"]);
  assert.deepEqual(fail("concat", "", ["a", 1]), ["eval_type_error", "operand 2 must be array of strings but got array containing number"]);
  assert.deepEqual(fail("concat", "", set("a", 1)), ["eval_type_error", "operand 2 must be set of strings but got set containing number"]);
});

test("contains, startswith, endswith (compliance strings/*)", () => {
  assert.equal(call("contains", "abcdefgh", "defg"), true);
  assert.equal(call("contains", "abc", "x"), false);
  assert.equal(call("contains", "abc", ""), true);
  assert.equal(call("startswith", "abcdefgh", "abcd"), true);
  assert.equal(call("startswith", "abc", "b"), false);
  assert.equal(call("endswith", "abcdefgh", "fgh"), true);
  assert.equal(call("endswith", "abc", "b"), false);
  assert.deepEqual(fail("contains", 1, "a"), ["eval_type_error", "operand 1 must be string but got number"]);
  assert.deepEqual(fail("endswith", "a", null), ["eval_type_error", "operand 2 must be string but got null"]);
});

test("format_int (compliance strings/format_int, regorus format_int)", () => {
  assert.equal(call("format_int", n("15.5"), 16), "f");
  assert.equal(call("format_int", n("3.1"), 10), "3");
  assert.notEqual(call("format_int", n("4.1"), 10), "3");
  assert.equal(call("format_int", 10, 2), "1010");
  assert.equal(call("format_int", 10, 8), "12");
  assert.equal(call("format_int", 10, 10), "10");
  assert.equal(call("format_int", 10, 16), "a");
  assert.equal(call("format_int", n("10.2"), 2), "1010");
  assert.equal(call("format_int", n("10.7"), 8), "12");
  assert.equal(call("format_int", n("10.325436"), 10), "10");
  assert.equal(call("format_int", n("10.0"), 16), "a");
  assert.equal(call("format_int", -10, 2), "-1010");
  assert.equal(call("format_int", -10, 16), "-a");
  // fractions are truncated towards zero, as OPA does
  assert.equal(call("format_int", n("-10.765"), 2), "-1010");
  assert.equal(call("format_int", n("-10.999999999"), 10), "-10");
  assert.equal(call("format_int", n("-15.9"), 16), "-f");
  // integers beyond 64 bits stay exact
  assert.equal(call("format_int", 18446744073709551617n, 10), "18446744073709551617");
  assert.equal(call("format_int", 18446744073709551617n, 16), "10000000000000001");
  assert.equal(call("format_int", n("1e30"), 10), "1000000000000000000000000000000");
  assert.deepEqual(fail("format_int", "10", 2), ["eval_type_error", "operand 1 must be number but got string"]);
  assert.deepEqual(fail("format_int", 10, "2"), ["eval_type_error", "operand 2 must be number but got string"]);
  assert.deepEqual(fail("format_int", 10, 4), ["eval_type_error", "operand 2 must be one of {2, 8, 10, 16}"]);
  assert.deepEqual(fail("format_int", 10, n("2.5")), ["eval_type_error", "operand 2 must be one of {2, 8, 10, 16}"]);
});

test("format_int: a float with an astronomical exponent is charged before it is expanded", () => {
  const ctx = testCtx({
    charge(units) {
      if (units > 1e6) throw new Error("budget exhausted");
    },
  });
  assert.throws(() => BUILTINS.get("format_int")!.fn([new Float(3n << 62n, 100_000_000), 10], ctx), /budget exhausted/);
});

test("indexof, indexof_n (compliance strings/indexof unicode, indexof_n)", () => {
  assert.equal(call("indexof", "μx", "x"), 1);
  assert.equal(call("indexof", "μ", "μμ"), -1);
  assert.equal(call("indexof", "skön var våren", "vår"), 9);
  assert.equal(call("indexof", "\u{1F367}\u{1F368}\u{1F9C1}\u{1F370}\u{1F36E}", "\u{1F36E}"), 4);
  assert.equal(call("indexof", "\u{1F367}\u{1F368}\u{1F9C1}\u{1F370}\u{1F36E}", "\u{1F367}\u{1F368}\u{1F9C1}\u{1F370}\u{1F36E}"), 0);
  assert.equal(call("indexof", "Hello world", "llo"), 2);
  assert.equal(call("indexof", "Hello world", "hel"), -1);
  assert.equal(call("indexof", "Hello world", "l"), 2);
  assert.equal(call("indexof", "", ","), -1);
  // OPA: an empty search string is an error (regorus answers -1; OPA wins)
  assert.deepEqual(fail("indexof", "", ""), ["eval_builtin_error", "empty search character"]);
  assert.deepEqual(fail("indexof", null, ""), ["eval_type_error", "operand 1 must be string but got null"]);
  assert.deepEqual(fail("indexof", "", set()), ["eval_type_error", "operand 2 must be string but got set"]);

  assert.deepEqual(call("indexof_n", "dogcat", "cat"), [3]);
  assert.deepEqual(call("indexof_n", "dogcatdogcat", "cat"), [3, 9]);
  assert.deepEqual(call("indexof_n", "dogcat", "rabbit"), []);
  const emoji = "\u{1F607}\u{1F600}\u{1F607}\u{1F600}\u{1F607}\u{1F600}";
  assert.deepEqual(call("indexof_n", emoji, "\u{1F600}"), [1, 3, 5]);
  assert.deepEqual(call("indexof_n", emoji, "\u{1F602}"), []);
  // overlapping occurrences all count
  assert.deepEqual(call("indexof_n", "aaaa", "aa"), [0, 1, 2]);
  assert.deepEqual(call("indexof_n", "ééé", "é"), [0, 1, 2]);
  assert.deepEqual(fail("indexof_n", "abc", ""), ["eval_builtin_error", "empty search character"]);
});

test("substring (compliance strings/substring, unicode)", () => {
  assert.equal(call("substring", "abcdefgh", 2, -1), "cdefgh");
  assert.equal(call("substring", "aåäö", 2, -1), "äö");
  assert.equal(call("substring", "abcdefgh", 2, 10000), "cdefgh");
  assert.equal(call("substring", "abcdefghåäö", 2, 10000), "cdefghåäö");
  assert.equal(call("substring", "aaa", 4, -1), "");
  assert.equal(call("substring", "åäö", 4, -1), "");
  assert.equal(call("substring", "abcdef", 1, 3), "bcd");
  assert.equal(call("substring", "a\u{1F600}bc", 1, 2), "\u{1F600}b");
  assert.equal(call("substring", "", 0, 3), "");
  assert.equal(call("substring", "abc", 0, 0), "");
  assert.equal(call("substring", "abc", 9007199254740993n, 1), "");
  assert.equal(call("substring", "abc", 1, 9007199254740993n), "bc");
  assert.deepEqual(fail("substring", "abc", -1, 1), ["eval_builtin_error", "negative offset"]);
  assert.deepEqual(fail("substring", "abc", n("1.5"), 1), ["eval_type_error", "operand 2 must be integer number but got floating-point number"]);
  assert.deepEqual(fail("substring", "abc", 1, n("1.5")), ["eval_type_error", "operand 3 must be integer number but got floating-point number"]);
  assert.deepEqual(fail("substring", "abc", 1, "1"), ["eval_type_error", "operand 3 must be number but got string"]);
});

test("lower, upper: Go's per-rune simple case mapping", () => {
  assert.equal(call("lower", "AbCdEf"), "abcdef");
  assert.equal(call("upper", "AbCdEf"), "ABCDEF");
  assert.equal(call("upper", "skön"), "SKÖN");
  assert.equal(call("lower", "ÅÄÖ"), "åäö");
  // no special casing: ß has no simple uppercase, İ lowers to i, final sigma is σ
  assert.equal(call("upper", "straße"), "STRAßE");
  assert.equal(call("lower", "İ"), "i");
  assert.equal(call("lower", "ΟΔΟΣ"), "οδοσ");
  assert.equal(call("upper", "ﬁ"), "ﬁ");
  assert.equal(call("upper", "\u1F80"), "\u1F88");
  assert.deepEqual(fail("upper", 1), ["eval_type_error", "operand 1 must be string but got number"]);
});

test("split (compliance strings/split, regorus split)", () => {
  assert.deepEqual(call("split", "", "."), [""]);
  assert.deepEqual(call("split", "test", ""), ["t", "e", "s", "t"]);
  assert.deepEqual(call("split", "", ""), []);
  assert.deepEqual(call("split", "foo", "."), ["foo"]);
  assert.deepEqual(call("split", "foo.bar.baz", "."), ["foo", "bar", "baz"]);
  assert.deepEqual(call("split", "a..b", "."), ["a", "", "b"]);
  assert.deepEqual(call("split", "é\u{1F600}", ""), ["é", "\u{1F600}"]);
});

test("strings.split_n (compliance strings/split_n)", () => {
  const cases: [string, string, number, string[]][] = [
    ["a.b.c.d", ".", 2, ["a", "b"]],
    ["a.b.c.d", ".", 1, ["a"]],
    ["a.b.c.d", ".", 4, ["a", "b", "c", "d"]],
    ["a.b.c.d", ".", 10, ["a", "b", "c", "d"]],
    ["a.b.c.d", ".", 0, []],
    ["a.b.c.d", ".", -2, ["c", "d"]],
    ["a.b.c.d", ".", -1, ["d"]],
    ["a.b.c.d", ".", -4, ["a", "b", "c", "d"]],
    ["a.b.c.d", ".", -10, ["a", "b", "c", "d"]],
    ["abc", ".", 2, ["abc"]],
    ["abc", ".", -2, ["abc"]],
    ["", ".", 2, [""]],
    ["abc", "", 2, ["a", "b"]],
    ["abc", "", -2, ["b", "c"]],
    ["alice;alice@example.com;admin;active", ";", 2, ["alice", "alice@example.com"]],
    ["admin;active;alice;alice@example.com", ";", -2, ["alice", "alice@example.com"]],
  ];
  for (const [s, sep, k, want] of cases) assert.deepEqual(call("strings.split_n", s, sep, k), want, `${s} ${sep} ${k}`);
  assert.deepEqual(call("strings.split_n", "a.b", ".", 9223372036854775807n), ["a", "b"]);
  assert.deepEqual(fail("strings.split_n", "a.b.c", ".", n("1.5")), [
    "eval_type_error",
    "operand 3 must be integer number but got floating-point number",
  ]);
});

test("replace (compliance strings/replace)", () => {
  assert.equal(call("replace", "foo.bar", ".", ","), "foo,bar");
  assert.equal(call("replace", "foo.bar.baz", ".", ","), "foo,bar,baz");
  assert.equal(call("replace", "foo...bar", "..", ",,"), "foo,,.bar");
  assert.equal(call("replace", "abc", "", "-"), "-a-b-c-");
  assert.equal(call("replace", "", "", "-"), "-");
  // Go's replacer inserts between the bytes of a multi-byte character: OPA outputs U+FFFD per byte
  assert.equal(call("replace", "é", "", "-"), "-\ufffd-\ufffd-");
  assert.deepEqual(fail("replace", "a", "b", 1), ["eval_type_error", "operand 3 must be string but got number"]);
});

test("strings.replace_n (compliance replacen)", () => {
  const cases: [Record<string, string>, string, string][] = [
    [{ info: "X", anotherinfo: "Y" }, "anotherinfo", "Y"],
    [{ a: "YY", bba: "bX" }, "bbab", "bXb"],
    [{ ab: "b", b: "Y" }, "baaabbbba", "YaabYYYa"],
    [{ a: "b", b: "a" }, "abba", "baab"],
    [{ a: "Xa", ab: "X", ba: "bYa", aaa: "X" }, "aaaaab", "XaXaXaXaXab"],
    [{ aab: "Y", a: "", b: "" }, "bbaab", ""],
    [{ "": "X" }, "", "X"],
    [{ "": "X" }, "ab", "XaXbX"],
    [{ "": "X", a: "Y" }, "ab", "XYXbX"],
    [{ "": "-", é: "e" }, "aéb", "-a-e-b-"],
    [{}, "abc", "abc"],
    [{ "\u{1F600}": "x" }, "a\u{1F600}b\u{1F600}", "axbx"],
  ];
  for (const [pats, s, want] of cases) assert.equal(call("strings.replace_n", obj(pats), s), want, JSON.stringify([pats, s]));
  assert.deepEqual(fail("strings.replace_n", RObject.fromEntries([[2, "x"]]), "foo"), [
    "eval_type_error",
    "operand 1 non-string key found in pattern object",
  ]);
  assert.deepEqual(fail("strings.replace_n", obj({ f: 100 }), "foo"), ["eval_type_error", "operand 1 non-string value found in pattern object"]);
  assert.deepEqual(fail("strings.replace_n", obj({ foo: "baz" }), 100), ["eval_type_error", "operand 2 must be string but got number"]);
  assert.deepEqual(fail("strings.replace_n", ["a"], "x"), ["eval_type_error", "operand 1 must be object but got array"]);
});

test("strings.reverse, strings.count", () => {
  assert.equal(call("strings.reverse", "abc"), "cba");
  assert.equal(call("strings.reverse", "a\u{1F600}é"), "é\u{1F600}a");
  assert.equal(call("strings.reverse", ""), "");
  assert.equal(call("strings.count", "cheese", "e"), 3);
  assert.equal(call("strings.count", "hello hello hello world", "hello"), 3);
  assert.equal(call("strings.count", "dummy", "x"), 0);
  assert.equal(call("strings.count", "dummy", ""), 6);
  assert.equal(call("strings.count", "", ""), 1);
  assert.equal(call("strings.count", "", "x"), 0);
  assert.equal(call("strings.count", "11111", "11"), 2);
  assert.equal(call("strings.count", "11111", "11111"), 1);
  assert.equal(call("strings.count", "\u{1F600}\u{1F600}", ""), 3);
});

test("strings.any_prefix_match (compliance strings/any_prefix_match)", () => {
  const p = (s: Value, ps: Value): Value | undefined => call("strings.any_prefix_match", s, ps);
  const abc = ["a/b/c", "a/b/d", "e/f/g"];
  assert.equal(p(abc, ["a/", "d/"]), true);
  assert.equal(p(abc, ["f/", "d/"]), false);
  assert.equal(p(abc, ["a/b/", "a/"]), true);
  assert.equal(p(abc, ["d/", "e/f/g"]), true);
  const aa = ["aa/bb/cc", "aa/bb/dd", "ee/ff/gg"];
  assert.equal(p(aa, ["aa/b", "e/f"]), true);
  assert.equal(p(aa, ["a/b", "e/f"]), false);
  assert.equal(p(aa, ["b/cc"]), false);
  assert.equal(p([], ["a/b", "e/f"]), false);
  assert.equal(p(abc, []), false);
  assert.equal(p([], []), false);
  assert.equal(p(abc, "a/"), true);
  assert.equal(p(abc, "d/"), false);
  assert.equal(p("a/b/c", ["a/", "d/"]), true);
  assert.equal(p("a/b/c", ["g/", "d/"]), false);
  assert.equal(p(set(...abc), set("a/", "d/")), true);
  assert.equal(p(set(...abc), set("f/", "d/")), false);
  assert.equal(p(["1", "2", "3"], ["f/", "d/"]), false);
  assert.equal(p(["a/b/c", "", "e/f/g"], ["z/"]), false);
  assert.equal(p(["a/b/c", "", "e/f/g"], ["z/", "e/f"]), true);
  assert.equal(p(abc, ["z/", ""]), true);
  assert.equal(p(["", "a/b/c"], ["z/", ""]), true);
  assert.deepEqual(fail("strings.any_prefix_match", [1, 2, 3], ["f/"]), [
    "eval_type_error",
    "operand 1 must be array of strings but got array containing number",
  ]);
  assert.deepEqual(fail("strings.any_prefix_match", 1, ["f/"]), [
    "eval_type_error",
    "operand 1 must be one of {string, set, array} but got number",
  ]);
  assert.deepEqual(fail("strings.any_prefix_match", abc, [1, 2]), [
    "eval_type_error",
    "operand 2 must be array of strings but got array containing number",
  ]);
  assert.deepEqual(fail("strings.any_prefix_match", abc, 1), [
    "eval_type_error",
    "operand 2 must be one of {string, set, array} but got number",
  ]);
  // operand 1 is checked first
  assert.deepEqual(fail("strings.any_prefix_match", 1, 1)[1], "operand 1 must be one of {string, set, array} but got number");
});

test("strings.any_suffix_match (compliance strings/any_suffix_match)", () => {
  const s = (x: Value, ss: Value): Value | undefined => call("strings.any_suffix_match", x, ss);
  const abc = ["a/b/c", "a/b/d", "e/f/g"];
  assert.equal(s(abc, ["/c", "/a"]), true);
  assert.equal(s(abc, ["/f", "/a"]), false);
  assert.equal(s(abc, ["/b/c", "/d"]), true);
  assert.equal(s(abc, ["/a", "e/f/g"]), true);
  const aa = ["aa/bb/cc", "aa/bb/dd", "ee/ff/gg"];
  assert.equal(s(aa, ["b/cc", "f/g"]), true);
  assert.equal(s(aa, ["b/c", "f/g"]), false);
  assert.equal(s(aa, ["aa/b"]), false);
  assert.equal(s([], ["a/b", "e/f"]), false);
  assert.equal(s(abc, []), false);
  assert.equal(s([], []), false);
  assert.equal(s(abc, "/c"), true);
  assert.equal(s(abc, "/h"), false);
  assert.equal(s("a/b/c", ["/c", "/a"]), true);
  assert.equal(s("a/b/g", ["/c", "/a"]), false);
  assert.equal(s(set(...abc), set("/c", "/a")), true);
  assert.equal(s(set(...abc), set("/f", "/a")), false);
  assert.equal(s(["x\u{1F600}"], ["\u{1F600}"]), true);
  assert.deepEqual(fail("strings.any_suffix_match", [1, 2, 3], ["f/"])[1], "operand 1 must be array of strings but got array containing number");
  assert.deepEqual(fail("strings.any_suffix_match", 1, ["f/"])[1], "operand 1 must be one of {string, set, array} but got number");
  assert.deepEqual(fail("strings.any_suffix_match", abc, [1, 2])[1], "operand 2 must be array of strings but got array containing number");
  assert.deepEqual(fail("strings.any_suffix_match", abc, 1)[1], "operand 2 must be one of {string, set, array} but got number");
  assert.deepEqual(fail("strings.any_suffix_match", abc, set(1))[1], "operand 2 must be set of strings but got set containing number");
});

test("trim family (compliance trim*, strings/trim)", () => {
  assert.equal(call("trim", "", "."), "");
  assert.equal(call("trim", "...foo.bar", "."), "foo.bar");
  assert.equal(call("trim", "...foo.bar...", "."), "foo.bar");
  assert.equal(call("trim", "...foo.bar...", ".o"), "foo.bar");
  assert.equal(call("trim", "¡¡¡foo, bar!!!", "i"), "¡¡¡foo, bar!!!");
  assert.equal(call("trim", "¡¡¡foo, bar!!!", "!¡"), "foo, bar");
  assert.equal(call("trim", "abc", ""), "abc");
  assert.equal(call("trim_left", "!!!foo, bar¡¡¡", "¡"), "!!!foo, bar¡¡¡");
  assert.equal(call("trim_left", "¡¡¡foo, bar!!!", "!¡"), "foo, bar!!!");
  assert.equal(call("trim_right", "¡¡¡foo, bar!!!", "!¡"), "¡¡¡foo, bar");
  assert.equal(call("trim_right", "a\u{1F600}\u{1F600}", "\u{1F600}"), "a");
  assert.equal(call("trim_prefix", "¡¡¡foo, bar!!!", "¡¡¡foo"), ", bar!!!");
  assert.equal(call("trim_prefix", "foo", "bar"), "foo");
  assert.equal(call("trim_suffix", "¡¡¡foo, bar!!!", ", bar!!!"), "¡¡¡foo");
  assert.equal(call("trim_suffix", "¡¡¡foo, bar!!!", ", foo!!!"), "¡¡¡foo, bar!!!");
  assert.equal(call("trim_suffix", "abc", ""), "abc");
  assert.equal(call("trim_space", "foo, bar"), "foo, bar");
  assert.equal(call("trim_space", " \t\n\v\f\r\u0085\u00a0\u2000\u3000 foo \u2028\u2029"), "foo");
  // U+FEFF is not white space for Go (JS's trim would remove it)
  assert.equal(call("trim_space", "\ufefffoo\ufeff"), "\ufefffoo\ufeff");
  assert.equal(call("trim_space", "   "), "");
  assert.deepEqual(fail("trim", "a", 1), ["eval_type_error", "operand 2 must be string but got number"]);
});

test("strings.render_template", () => {
  const r = (t: string, vars: Record<string, unknown>): Value | undefined => call("strings.render_template", t, obj(vars));
  assert.equal(r("{{.test}}", { test: "hello world" }), "hello world");
  assert.equal(r("Hi {{.name}}, you are {{.age}}.", { name: "Ann", age: 42 }), "Hi Ann, you are 42.");
  assert.equal(r("{{.a.b}}", { a: { b: [1, "x", true, null] } }), "[1 x true <nil>]");
  assert.equal(r("{{.m}}", { m: { b: 2, a: "1" } }), "map[a:1 b:2]");
  assert.equal(r("{{.x}}", { x: null }), "<no value>");
  assert.equal(r("{{.f}}", { f: n("1.50") }), "1.50");
  assert.equal(r("{{if .ok}}yes{{else}}no{{end}}", { ok: false }), "no");
  assert.equal(r("{{if .a}}a{{else if .b}}b{{else}}c{{end}}", { a: false, b: true }), "b");
  assert.equal(r("{{range .xs}}<{{.}}>{{end}}", { xs: [1, 2, 3] }), "<1><2><3>");
  assert.equal(r("{{range $i, $x := .xs}}{{$i}}={{$x}};{{end}}", { xs: ["a", "b"] }), "0=a;1=b;");
  assert.equal(r("{{range $k, $v := .m}}{{$k}}:{{$v}} {{end}}", { m: { z: 1, a: 2 } }), "a:2 z:1 ");
  assert.equal(r("{{range .xs}}x{{else}}empty{{end}}", { xs: [] }), "empty");
  assert.equal(r(`{{range .xs}}{{if eq . "2"}}{{break}}{{end}}{{.}}{{end}}`, { xs: [1, 2, 3] }), "1");
  assert.equal(r("{{with .u}}{{.name}}{{end}}", { u: { name: "bo" } }), "bo");
  assert.equal(r("{{$x := .a}}{{$x}}-{{$}}", { a: "v" }), "v-map[a:v]");
  assert.equal(r("a  {{- .x -}}  b", { x: "X" }), "aXb");
  assert.equal(r("a {{/* comment */}}b", {}), "a b");
  assert.equal(r("a \n {{- /* comment */ -}} \n b{{-3}}{{- 3}}", {}), "ab-33");
  assert.equal(r('{{printf "%05d|%q" .n .s}}', { n: 42, s: "hi" }), "%!d(json.Number=00042)|\"hi\"");
  assert.equal(r('{{printf "%s-%v" .n 3}}', { n: 42 }), "42-3");
  assert.equal(r("{{len .xs}} {{index .xs 1}} {{index .m \"k\"}}", { xs: [1, 2], m: { k: "v" } }), "2 2 v");
  assert.equal(r('{{if and .a (not .b)}}ok{{end}}{{or .x "d"}}', { a: true, b: false, x: "" }), "okd");
  assert.equal(r('{{if eq .s "x" "y"}}in{{end}}', { s: "y" }), "in");
  assert.equal(r("{{.s | len}}", { s: "héllo" }), "6");
  assert.deepEqual(fail("strings.render_template", "{{.missing}}", obj({})), [
    "eval_builtin_error",
    'template: template:1:2: executing "template" at <.missing>: map has no entry for key "missing"',
  ]);
  assert.deepEqual(fail("strings.render_template", "x\n {{.a.b}}", obj({ a: "s" }))[1],
    'template: template:2:3: executing "template" at <.a.b>: can\'t evaluate field b in type interface {}');
  assert.deepEqual(fail("strings.render_template", "{{.name", obj({}))[1], "template: template:1: unclosed action");
  assert.deepEqual(fail("strings.render_template", "{{end}}", obj({}))[1], "template: template:1: unexpected {{end}}");
  assert.deepEqual(fail("strings.render_template", "{{if .a}}", obj({}))[1], "template: template:1: unexpected EOF");
  assert.deepEqual(fail("strings.render_template", "{{foo .a}}", obj({}))[1], 'template: template:1: function "foo" not defined');
  assert.deepEqual(fail("strings.render_template", "{{$x}}", obj({}))[1], 'template: template:1: undefined variable "$x"');
  assert.deepEqual(fail("strings.render_template", "{{eq .a 1}}", obj({ a: 1 }))[1],
    'template: template:1:2: executing "template" at <eq .a 1>: error calling eq: incompatible types for comparison');
  assert.deepEqual(fail("strings.render_template", "{{.}}", RObject.fromEntries([[1, "a"]]))[1],
    "invalid character '1' looking for beginning of object key string");
  assert.deepEqual(fail("strings.render_template", "{{.}}", obj({ s: new RSet() }))[1],
    "invalid character 's' looking for beginning of value");
  assert.deepEqual(fail("strings.render_template", "x", "y"), ["eval_type_error", "operand 2 must be object but got string"]);
  assert.deepEqual(fail("strings.render_template", 1, obj({})), ["eval_type_error", "operand 1 must be string but got number"]);
});

test("hostile input stays linear and bounded", () => {
  const big = "a".repeat(200_000);
  assert.equal((call("indexof_n", big, "a") as Value[]).length, 200_000);
  assert.equal((call("replace", big, "a", "bb") as string).length, 400_000);
  assert.equal(call("strings.count", big, "aa"), 100_000);
  const keys: Record<string, string> = {};
  for (let i = 0; i < 2000; i++) keys["a".repeat(i + 1) + "b"] = "x";
  assert.equal((call("strings.replace_n", obj(keys), "a".repeat(5000)) as string).length, 5000);
  const many = Array.from({ length: 20000 }, (_, i) => "p" + i);
  assert.equal(call("strings.any_prefix_match", many, many.map((x) => x + "/")), false);
});

test("strings.render_template: hostile templates are refused or charged", () => {
  assert.match(fail("strings.render_template", "{{if true}}".repeat(5000), obj({}))[1], /nesting deeper than 250 levels/);
  assert.match(fail("strings.render_template", "{{" + "(".repeat(5000) + "1" + ")".repeat(5000) + "}}", obj({}))[1], /nesting deeper/);
  let used = 0;
  const ctx = testCtx({
    charge(u) {
      used += u;
      if (used > 1_000_000) throw new Error("budget exhausted");
    },
  });
  const t = "{{range .a}}{{range $.a}}{{range $.a}}x{{end}}{{end}}{{end}}";
  const vars = obj({ a: Array.from({ length: 200 }, (_, i) => i) });
  assert.throws(() => BUILTINS.get("strings.render_template")!.fn([t, vars], ctx), /budget exhausted/);
});
