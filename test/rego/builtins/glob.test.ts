import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTINS } from "../../../src/rego/builtins/index.js";
import { type Value, RSet } from "../../../src/rego/value.js";
import { testCtx, builtinError } from "./ctx.js";

const ctx = testCtx();

function match(pattern: Value, delimiters: Value, s: Value): Value | undefined {
  return BUILTINS.get("glob.match")!.fn([pattern, delimiters, s], ctx) as Value | undefined;
}

function fail(pattern: Value, delimiters: Value, s: Value): [string, string] {
  return builtinError(() => match(pattern, delimiters, s), "glob.match did not fail");
}

test("glob.match (compliance globmatch)", () => {
  assert.equal(match("*:github:com", [":"], "api:github:com"), true);
  assert.equal(match("*.github.com", ["."], "api.not-github.com"), false);
  assert.equal(match("[abc]at", [], "fat"), false);
  assert.equal(match("[!abc]at", [], "fat"), true);
  assert.equal(match("[!abc]at", [], "cat"), false);
  assert.equal(match("[a-c]at", [], "bat"), true);
  assert.equal(match("[!a-c]at", [], "bat"), false);
  assert.equal(match("?at", ["f"], "fat"), false);
  for (const s of ["cat", "bat", "fat", "rat"]) assert.equal(match("{cat,bat,[fr]at}", [], s), true, s);
  assert.equal(match("{cat,bat,[fr]at}", [], "at"), false);
  // an empty delimiter list means ["."]; null means no delimiters
  assert.equal(match("*", [], "foo.bar"), false);
  assert.equal(match("*", null, "foo.bar"), true);
  assert.equal(match("foo*", null, "foo.bar"), true);
});

test("glob.match: wildcards (compliance globmatch/wildcards)", () => {
  assert.equal(match("?", null, ""), false);
  assert.equal(match("[!0-9]", null, ""), false);
  assert.equal(match("a/*/b", null, "a/b"), false);
  assert.equal(match("a/*/b", null, "a/x/b"), true);
  assert.equal(match("a/**/b", null, "a/b"), false);
  assert.equal(match("a/**/b", null, "a//b"), true);
  assert.equal(match("**/x", null, "x"), false);
  assert.equal(match("{**/,}x", null, "x"), true);
  assert.equal(match("***", ["."], ""), true);
  assert.equal(match("*?*", [".", "/"], "api.github.com"), false);
  assert.equal(match("*?*", [".", "/"], "abc"), true);
  assert.equal(match("*", [".", "/"], "a/b"), false);
  assert.equal(match("\\*", null, "*"), true);
  assert.equal(match("\\*", null, "a"), false);
});

test("glob.match (regorus builtins/glob)", () => {
  assert.equal(match("api://*/appId", null, "api://foo.com/appId"), true);
  assert.equal(match("*.github.com", [], "api.github.com"), true);
  assert.equal(match("*.github.com", [], "api.cdn.github.com"), false);
  assert.equal(match("*hub.com", null, "api.cdn.github.com"), true);
  assert.equal(match("api.**.com", [], "api.github.com"), true);
  assert.equal(match("api.**.com", [], "api.cdn.github.com"), true);
  assert.equal(match("?at", [], "cat"), true);
  assert.equal(match("?at", [], "at"), false);
  assert.equal(match("[abc]at", [], "bat"), true);
  assert.equal(match("[abc]at", [], "cat"), true);
  assert.equal(match("[abc]at", [], "lat"), false);
  assert.equal(match("[!abc]at", [], "cat"), false);
  assert.equal(match("[!a-c]at", [], "lat"), true);
});

test("glob.match: more syntax", () => {
  // character classes ignore delimiters; ? and * do not cross them
  assert.equal(match("a[.]b", [], "a.b"), true);
  assert.equal(match("a?b", [], "a.b"), false);
  assert.equal(match("a**b", [], "a.x.b"), true);
  // nested alternatives, literal metacharacters of other syntaxes
  assert.equal(match("{a,b{c,d}}e", null, "bde"), true);
  assert.equal(match("{a,b{c,d}}e", null, "be"), false);
  assert.equal(match("a+(b)|c$^", null, "a+(b)|c$^"), true);
  assert.equal(match("x,y}", null, "x,y}"), true);
  assert.equal(match("{x\\,y,z}", null, "x,y"), true);
  assert.equal(match("[\\]]", null, "]"), true);
  assert.equal(match("[\\!]", null, "!"), true);
  assert.equal(match("[é-ü]", null, "ö"), true);
  assert.equal(match("*", null, "line1\nline2"), true);
  assert.equal(match("?", null, "\u{1F600}"), true);
  assert.equal(match("*", ["\u{1F600}"], "a\u{1F600}b"), false);
  // an unclosed { ends with the pattern (gobwas/glob v0.2.3)
  assert.equal(match("{a,b", null, "b"), true);
  assert.equal(match("", null, ""), true);
  assert.equal(match("", null, "a"), false);
});

test("glob.match: errors", () => {
  assert.deepEqual(fail("[", null, "a"), ["eval_builtin_error", "unexpected end of input"]);
  assert.deepEqual(fail("[ab", null, "a"), ["eval_builtin_error", "unexpected end of input"]);
  assert.deepEqual(fail("[a-zA-Z]", null, "a"), ["eval_builtin_error", "expected close range character"]);
  assert.deepEqual(fail("[]", null, "a"), ["eval_builtin_error", "could not parse range"]);
  assert.deepEqual(fail("[z-a]", null, "a"), ["eval_builtin_error", "hi character 'a' should be greater than lo 'z'"]);
  assert.deepEqual(fail(1, null, "a"), ["eval_type_error", "operand 1 must be string but got number"]);
  assert.deepEqual(fail("*", "x", "a"), ["eval_type_error", "operand 2 must be one of {array, null} but got string"]);
  assert.deepEqual(fail("*", RSet.of(["."]), "a"), ["eval_type_error", "operand 2 must be one of {array, null} but got set"]);
  assert.deepEqual(fail("*", [1], "a"), ["eval_type_error", "operand 2 must be array of strings but got array containing number"]);
  assert.deepEqual(fail("*", [".."], "a"), ["eval_type_error", "operand 2 must be array of runes but got array containing string"]);
  assert.deepEqual(fail("*", [""], "a"), ["eval_type_error", "operand 2 must be array of runes but got array containing string"]);
  assert.deepEqual(fail("*", null, 1), ["eval_type_error", "operand 3 must be string but got number"]);
});

test("glob.quote_meta (compliance globquotemeta)", () => {
  const q = (s: Value): Value | undefined => BUILTINS.get("glob.quote_meta")!.fn([s], ctx) as Value | undefined;
  assert.equal(q("*.github.com"), "\\*.github.com");
  assert.equal(q("[a-z]{x,y}?\\"), "\\[a-z\\]\\{x,y\\}\\?\\\\");
  assert.equal(q("plain"), "plain");
  assert.equal(match(q("{a}*[b]?") as string, null, "{a}*[b]?"), true);
  assert.throws(() => q(1), /operand 1 must be string but got number/);
});

test("glob.match: hostile patterns stay linear", () => {
  const start = Date.now();
  assert.equal(match("*a*a*a*a*a*a*a*a*a*a*b", null, "a".repeat(20_000)), false);
  assert.equal(match("{a,aa}".repeat(50) + "b", null, "a".repeat(120)), false);
  assert.ok(Date.now() - start < 10_000);
});
