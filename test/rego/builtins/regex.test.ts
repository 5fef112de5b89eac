import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTINS } from "../../../src/rego/builtins/index.js";
import { parseNumber } from "../../../src/rego/number.js";
import type { Value } from "../../../src/rego/value.js";
import { callValue as call, failValue as fail, testCtx } from "./ctx.js";

test("regex.match, re_match (compliance regexmatch)", () => {
  for (const name of ["regex.match", "re_match"]) {
    assert.equal(call(name, "^[a-z]+\\[[0-9]+\\]$", "foo[1]"), true);
    assert.equal(call(name, "^$", ""), true);
    assert.equal(call(name, "", ""), true);
    assert.equal(call(name, "", "x"), true);
    assert.equal(call(name, "^$", "something"), false);
    assert.deepEqual(fail(name, "$^[[[", "something"), ["eval_builtin_error", "error parsing regexp: missing closing ]: `[[[`"]);
  }
  assert.equal(call("regex.match", "b+", "abbbc"), true);
  assert.equal(call("regex.match", "(?i)HELLO", "say hello"), true);
  assert.equal(call("regex.match", "^\\p{Greek}+$", "αβγ"), true);
  assert.equal(call("regex.match", "^.$", "\u{1F600}"), true);
  assert.equal(call("regex.match", "a.c", "a\nc"), false);
  assert.deepEqual(fail("regex.match", "(?=a)", "a"), ["eval_builtin_error", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"]);
  assert.deepEqual(fail("regex.match", "a**", "a"), ["eval_builtin_error", "error parsing regexp: invalid nested repetition operator: `**`"]);
  assert.deepEqual(fail("regex.match", "(", "a"), ["eval_builtin_error", "error parsing regexp: missing closing ): `(`"]);
  assert.deepEqual(fail("regex.match", 1, "a"), ["eval_type_error", "operand 1 must be string but got number"]);
  assert.deepEqual(fail("regex.match", "a", null), ["eval_type_error", "operand 2 must be string but got null"]);
});

test("regex.is_valid (compliance v0/regexisvalid)", () => {
  assert.equal(call("regex.is_valid", 10), false);
  assert.equal(call("regex.is_valid", null), false);
  assert.equal(call("regex.is_valid", ".*"), true);
  assert.equal(call("regex.is_valid", "[a-z]+(?P<n>x)"), true);
  assert.equal(call("regex.is_valid", "[a-"), false);
  assert.equal(call("regex.is_valid", "(?<=a)b"), false);
});

test("regex.split (compliance regexsplit)", () => {
  assert.deepEqual(call("regex.split", "^[a-z]+\\[[0-9]+\\]$", ""), [""]);
  assert.deepEqual(call("regex.split", "^[a-z]+", "foobar baz"), ["", " baz"]);
  assert.deepEqual(call("regex.split", "[a-z]+$", "foobar baz"), ["foobar ", ""]);
  assert.deepEqual(call("regex.split", "^[a-z]+$", "foobar baz"), ["foobar baz"]);
  assert.deepEqual(call("regex.split", "^[a-z ]+$", "foobar baz"), ["", ""]);
  assert.deepEqual(call("regex.split", "a", "banana"), ["b", "n", "n", ""]);
  assert.deepEqual(call("regex.split", "z+", "pizza"), ["pi", "a"]);
  // Go's Split: empty matches split between characters; an empty pattern on "" gives []
  assert.deepEqual(call("regex.split", "", "abc"), ["a", "b", "c"]);
  assert.deepEqual(call("regex.split", "", ""), []);
  assert.deepEqual(call("regex.split", "x*", "a\u{1F600}b"), ["a", "\u{1F600}", "b"]);
  assert.deepEqual(fail("regex.split", "[", "x")[1], "error parsing regexp: missing closing ]: `[`");
});

test("regex.find_n (compliance regexfind)", () => {
  assert.deepEqual(call("regex.find_n", "a.", "paranormal", -1), ["ar", "an", "al"]);
  assert.deepEqual(call("regex.find_n", "a.", "paranormal", 2), ["ar", "an"]);
  assert.deepEqual(call("regex.find_n", "a.", "paranormal", 0), []);
  assert.deepEqual(call("regex.find_n", "x", "paranormal", -1), []);
  assert.deepEqual(call("regex.find_n", "a*", "baaab", -1), ["", "aaa", ""]);
  assert.deepEqual(call("regex.find_n", "a.", "paranormal", 9223372036854775807n), ["ar", "an", "al"]);
  assert.deepEqual(fail("regex.find_n", "a.", "paranormal", parseNumber("1.5")!), [
    "eval_type_error",
    "operand 3 must be integer number but got floating-point number",
  ]);
  assert.deepEqual(fail("regex.find_n", "a.", "paranormal", "1"), ["eval_type_error", "operand 3 must be number but got string"]);
});

test("regex.find_all_string_submatch_n (compliance regexfindallstringsubmatch)", () => {
  const f = (p: string, s: string, k: number): Value | undefined => call("regex.find_all_string_submatch_n", p, s, k);
  assert.deepEqual(f("a(x*)b", "-", -1), []);
  assert.deepEqual(f("a(x*)b", "-ab-", -1), [["ab", ""]]);
  assert.deepEqual(f("a(x*)b", "-axxb-", -1), [["axxb", "xx"]]);
  assert.deepEqual(f("a(x*)b", "-ab-axb-", -1), [
    ["ab", ""],
    ["axb", "x"],
  ]);
  assert.deepEqual(f("[^aouiye]([aouiye])([^aouiye])?", "somestri", -1), [
    ["som", "o", "m"],
    ["ri", "i", ""],
  ]);
  assert.deepEqual(f("[^aouiye]([aouiye])([^aouiye])?", "somestri", 1), [["som", "o", "m"]]);
  assert.deepEqual(f("(a)|b", "ab", -1), [
    ["a", "a"],
    ["b", ""],
  ]);
});

test("regex.replace (compliance regexreplace): Go's ReplaceAllString", () => {
  assert.equal(call("regex.replace", "-wy-wxxy-", "w(x*)y", "0"), "-0-0-");
  assert.equal(call("regex.replace", "foo", "(foo)", "$1$1"), "foofoo");
  assert.deepEqual(fail("regex.replace", "foo", "[", "$1"), ["eval_builtin_error", "error parsing regexp: missing closing ]: `[`"]);
  // template expansion
  assert.equal(call("regex.replace", "foo bar", "(?P<first>\\w+) (\\w+)", "${2}_$first"), "bar_foo");
  assert.equal(call("regex.replace", "ab", "(a)(b)", "$1x"), ""); // $1x is the (missing) group "1x"
  assert.equal(call("regex.replace", "ab", "(a)(b)", "${1}x"), "ax");
  assert.equal(call("regex.replace", "ab", "(a)(b)", "$$1 $9 $ ${1"), "$1  $ ${1");
  assert.equal(call("regex.replace", "ab", "(a)(b)", "$01"), "");
  // anchors match once; empty matches do not repeat after a match
  assert.equal(call("regex.replace", "aaa", "^a", "b"), "baa");
  assert.equal(call("regex.replace", "abc", "x*", "-"), "-a-b-c-");
  assert.equal(call("regex.replace", "baaac", "a*", "-"), "-b-c-");
  assert.equal(call("regex.replace", "a\u{1F600}", "", "."), ".a.\u{1F600}.");
  assert.equal(call("regex.replace", "abc", "z", "y"), "abc");
  assert.deepEqual(fail("regex.replace", "a", "a", 1), ["eval_type_error", "operand 3 must be string but got number"]);
});

test("regex.template_match (compliance v0/regexmatchtemplate)", () => {
  const t = (p: string, s: string, a: string, b: string): Value | undefined => call("regex.template_match", p, s, a, b);
  assert.equal(t("urn:foo:{.*}", "urn:foo:bar:baz", "{", "}"), true);
  assert.equal(t("urn:foo:<.*>", "urn:foo:bar:baz", "<", ">"), true);
  assert.equal(t("urn:foo:<[0-9]{2}>:x", "urn:foo:12:x", "<", ">"), true);
  assert.equal(t("urn:foo:<[0-9]{2}>:x", "urn:foo:123:x", "<", ">"), false);
  assert.equal(t("a.b<.*>", "axbc", "<", ">"), false);
  assert.equal(t("a.b<.*>", "a.bc", "<", ">"), true);
  assert.deepEqual(fail("regex.template_match", "urn:{x", "u", "{", "}"), ["eval_builtin_error", 'unbalanced braces in "urn:{x"']);
  assert.deepEqual(fail("regex.template_match", "a}", "u", "{", "}"), ["eval_builtin_error", 'unbalanced braces in "a}"']);
  assert.deepEqual(fail("regex.template_match", "{[}", "u", "{", "}"), ["eval_builtin_error", "error parsing regexp: missing closing ]: `[$`"]);
  assert.deepEqual(fail("regex.template_match", "x", "u", "{{", "}"), [
    "eval_builtin_error",
    "start delimiter has to be exactly one character long but is 2 long",
  ]);
  assert.deepEqual(fail("regex.template_match", "x", "u", "é", "}"), [
    "eval_builtin_error",
    "start delimiter has to be exactly one character long but is 2 long",
  ]);
  // OPA reports the start delimiter's length for a bad end delimiter
  assert.deepEqual(fail("regex.template_match", "x", "u", "{", "}}"), [
    "eval_builtin_error",
    "end delimiter has to be exactly one character long but is 1 long",
  ]);
});

test("regex.globs_match", () => {
  const g = (a: string, b: string): Value | undefined => call("regex.globs_match", a, b);
  assert.equal(g("a.a.", ".b.b"), true);
  assert.equal(g("[a-z]*", "[0-9]+"), false);
  assert.equal(g("[a-z]+", "ab"), true);
  assert.equal(g("a*", "b*"), false);
  assert.equal(g("a*", "a*"), true);
  assert.equal(g(".*", "abc"), true);
  assert.equal(g("abc", "abd"), false);
  assert.equal(g("a+b+", "a*b"), true);
  assert.equal(g("x.*y", "x[0-9]*z"), false);
  assert.equal(g("\\.+", "..."), true);
  assert.equal(g("\\.+", "a"), false);
  assert.equal(g("", ""), true);
  assert.equal(g("", "a*"), false);
  assert.equal(g("[\\]]", "\\]"), true);
  assert.deepEqual(fail("regex.globs_match", "a**", "a")[1], "pos:3:flag '*' must be preceded by a non-flag: the input provided is invalid");
  assert.deepEqual(fail("regex.globs_match", "a", "+")[1], "pos:1:flag '+' must be preceded by a non-flag: the input provided is invalid");
  assert.deepEqual(fail("regex.globs_match", "abcd]", "a")[1], "pos:5:set-close ']' with no preceding '[': the input provided is invalid");
  assert.deepEqual(fail("regex.globs_match", "abcd[", "a")[1], "pos:5:found [ without matching ]: the input provided is invalid");
  assert.deepEqual(fail("regex.globs_match", "abcd\\", "a")[1], "pos:4:input ends with a \\ (escape) character: the input provided is invalid");
  assert.deepEqual(fail("regex.globs_match", "[z-a]", "a")[1], "pos:4:range is out of order: 'a' comes before 'z' in Unicode: the input provided is invalid");
  assert.deepEqual(fail("regex.globs_match", "pq[a-]", "a")[1], "pos:5:range character '-' must be followed by a Unicode character: the input provided is invalid");
  assert.deepEqual(fail("regex.globs_match", "[123a-z-]", "a")[1], "pos:8:range character '-' must be preceded by a Unicode character: the input provided is invalid");
});

test("compiled patterns are cached per query", () => {
  const local = testCtx();
  BUILTINS.get("regex.match")!.fn(["a+b", "aab"], local);
  const keys = [...local.cache.keys()];
  assert.ok(keys.some((k) => k.includes("a+b")));
  assert.equal(BUILTINS.get("regex.match")!.fn(["a+b", "xx"], local), false);
  // a bad pattern's error is cached too, and still reported
  assert.throws(() => BUILTINS.get("regex.match")!.fn(["[", "x"], local), /missing closing/);
  assert.throws(() => BUILTINS.get("regex.match")!.fn(["[", "x"], local), /missing closing/);
});

test("hostile patterns run in linear time", () => {
  const s = "a".repeat(50_000) + "!";
  const start = Date.now();
  assert.equal(call("regex.match", "^(a+)+$", s), false);
  assert.equal(call("regex.match", "^(a|aa)*$", s), false);
  assert.equal(call("regex.match", "(x+x+)+y", "x".repeat(5000)), false);
  assert.ok(Date.now() - start < 10_000);
  assert.equal(call("regex.globs_match", "a*".repeat(200) + "b", "a".repeat(300) + "c*"), false);
});

test("regex.match remembers results per pattern within a query, short subjects only", () => {
  const ctx = testCtx();
  const m = BUILTINS.get("regex.match")!;
  const long = "x".repeat(300) + "backup";
  const subjects = ["db-backup", "data", "db-backup", "Data", long, long, "data"];
  assert.deepEqual(
    subjects.map((s) => m.fn(["(?i)backup|dump", s], ctx)),
    [true, false, true, false, true, true, false],
  );
  // one entry per distinct short subject and pattern, the long subject not kept
  const compiled = [...ctx.cache.values()] as { matched: Map<string, boolean> }[];
  assert.equal(compiled.length, 1);
  assert.deepEqual([...compiled[0]!.matched.keys()].sort(), ["Data", "data", "db-backup"]);
});
