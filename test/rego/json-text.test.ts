import { test } from "node:test";
import assert from "node:assert/strict";
import { parseJSONValue, isValidJSON, JSONTextError } from "../../src/rego/json-text.js";
import { Float } from "../../src/rego/number.js";
import { type Value, RObject, equal, fromJSON, toJSONText } from "../../src/rego/value.js";

function fails(text: string, opts?: { maxDepth?: number }): string {
  try {
    parseJSONValue(text, opts);
  } catch (e) {
    assert.ok(e instanceof JSONTextError, `expected a JSONTextError, got ${String(e)}`);
    return e.message;
  }
  assert.fail(`${JSON.stringify(text.slice(0, 50))} did not fail`);
}

test("values: scalars, arrays, objects", () => {
  assert.equal(parseJSONValue("null"), null);
  assert.equal(parseJSONValue(" true "), true);
  assert.equal(parseJSONValue("\tfalse\r\n"), false);
  assert.equal(parseJSONValue('"x"'), "x");
  assert.deepEqual(parseJSONValue("[]"), []);
  assert.deepEqual(parseJSONValue("[1, [2, []], \"a\"]"), [1, [2, []], "a"]);
  const o = parseJSONValue('{"b": 1, "a": {"c": [true, null]}, "": 0}');
  assert.ok(o instanceof RObject);
  assert.deepEqual(o.keys(), ["", "a", "b"]);
  assert.equal(o.size, 3);
  assert.ok(equal(o, fromJSON({ b: 1, a: { c: [true, null] }, "": 0 })));
  assert.ok(parseJSONValue("{}") instanceof RObject);
  assert.equal((parseJSONValue("{}") as RObject).size, 0);
});

test("duplicate keys: the last wins (Go's encoding/json)", () => {
  const o = parseJSONValue('{"a": 1, "b": 2, "a": 3}') as RObject;
  assert.equal(o.get("a"), 3);
  assert.equal(o.size, 2);
});

test("__proto__, constructor and other Object.prototype names are plain keys", () => {
  const o = parseJSONValue('{"__proto__": {"polluted": true}, "constructor": 1, "toString": "x", "hasOwnProperty": null}') as RObject;
  assert.deepEqual(o.keys(), ["__proto__", "constructor", "hasOwnProperty", "toString"]);
  assert.ok(o.get("__proto__") instanceof RObject);
  assert.equal((o.get("__proto__") as RObject).get("polluted"), true);
  assert.equal(o.get("constructor"), 1);
  assert.equal(o.get("hasOwnProperty"), null);
  assert.equal(o.get("valueOf"), undefined);
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  assert.equal(Object.getPrototypeOf({}), Object.prototype);
  assert.equal(toJSONText(o), '{"__proto__":{"polluted":true},"constructor":1,"hasOwnProperty":null,"toString":"x"}');
  // nested and repeated
  const n = parseJSONValue('[{"__proto__": 1}, {"__proto__": 2, "__proto__": 3}]') as readonly Value[];
  assert.equal((n[0] as RObject).get("__proto__"), 1);
  assert.equal((n[1] as RObject).get("__proto__"), 3);
  assert.equal((n[1] as RObject).size, 1);
});

test("numbers are exact", () => {
  assert.equal(parseJSONValue("0"), 0);
  assert.equal(parseJSONValue("-0"), 0);
  assert.ok(Object.is(parseJSONValue("-0"), 0));
  assert.equal(parseJSONValue("-12"), -12);
  assert.equal(parseJSONValue("9007199254740991"), 9007199254740991);
  assert.equal(parseJSONValue("9007199254740993"), 9007199254740993n);
  assert.equal(parseJSONValue("-123456789012345678901234567890"), -123456789012345678901234567890n);
  assert.equal(parseJSONValue("1e3"), 1000);
  assert.equal(parseJSONValue("1E+2"), 100);
  assert.equal(parseJSONValue("2.50e1"), 25);
  assert.equal(parseJSONValue("1.0"), 1);
  const f = parseJSONValue("0.1");
  assert.ok(f instanceof Float);
  assert.equal(toJSONText(f), "0.1");
  assert.equal(toJSONText(parseJSONValue("[1.25, -3.5e-7, 123456789.123456789]")), "[1.25,-3.5e-7,123456789.123456789]");
  // big integers inside structures
  assert.equal(toJSONText(parseJSONValue('{"n": 18446744073709551616}')), '{"n":18446744073709551616}');
  // large exponents within the limit stay exact; beyond it they are refused, not computed
  assert.equal(parseJSONValue("1e400"), 10n ** 400n);
  assert.match(fails("1e1001"), /^number exponent out of range \(more than 1000\) at line 1, column 3$/);
  assert.match(fails("[1.5e-99999999999]"), /exponent out of range/);
  assert.equal(fails("1" + "0".repeat(10_000)), "number too long (more than 10000 characters) at line 1, column 1");
  assert.ok(parseJSONValue("1" + "0".repeat(3_999)) === 10n ** 3999n, "4000-digit integers stay exact");
  assert.ok(parseJSONValue("1" + "0".repeat(9_999)) instanceof Float, "beyond number.ts's exact range: a float");
  // validity checks do not read numbers, so these are valid JSON (as for Go's json.Valid)
  assert.equal(isValidJSON("1e1001"), true);
  assert.equal(isValidJSON("9".repeat(100_000)), true);
});

test("strings: escapes, unicode, surrogates", () => {
  assert.equal(parseJSONValue('"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t"'), 'a"b\\c/d\b\f\n\r\t');
  assert.equal(parseJSONValue('"\\u00e9\\u20AC"'), "é€");
  assert.equal(parseJSONValue('"\\ud83d\\ude00"'), "😀");
  assert.equal(parseJSONValue('"😀 é"'), "😀 é");
  // lone surrogate escapes read as U+FFFD, as Go decodes them
  assert.equal(parseJSONValue('"\\ud800"'), "\ufffd");
  assert.equal(parseJSONValue('"\\udc00x"'), "\ufffdx");
  assert.equal(parseJSONValue('"\\ud800\\u0041"'), "\ufffdA");
  assert.equal(parseJSONValue('"x\\u0000y"'), "x\u0000y");
});

test("errors name the line and column, never a file", () => {
  assert.equal(fails(""), "unexpected end of input at line 1, column 1");
  assert.equal(fails("   "), "unexpected end of input at line 1, column 4");
  assert.equal(fails("{"), "unexpected end of input at line 1, column 2");
  assert.equal(fails('{"a": 1,\n "b": 2,\n "c" x}'), "unexpected character 'x' at line 3, column 6");
  assert.equal(fails('{\n  "a": [1, 2,\n    ]\n}'), "unexpected character ']' at line 3, column 5");
  assert.equal(fails("[1 2]"), "unexpected character '2' at line 1, column 4");
  assert.equal(fails("[1,]"), "unexpected character ']' at line 1, column 4");
  assert.equal(fails('{"a":1,}'), "unexpected character '}' at line 1, column 8");
  assert.equal(fails("{a: 1}"), "unexpected character 'a' at line 1, column 2");
  assert.equal(fails("01"), "unexpected character '1' at line 1, column 2");
  assert.equal(fails("1."), "unexpected end of input at line 1, column 3");
  assert.equal(fails(".5"), "unexpected character '.' at line 1, column 1");
  assert.equal(fails("-"), "unexpected end of input at line 1, column 2");
  assert.equal(fails("+1"), "unexpected character '+' at line 1, column 1");
  assert.equal(fails("1e"), "unexpected end of input at line 1, column 3");
  assert.equal(fails("tru"), "unexpected end of input at line 1, column 4");
  assert.equal(fails("trUe"), "unexpected character 'U' at line 1, column 3");
  assert.equal(fails("nul"), "unexpected end of input at line 1, column 4");
  assert.equal(fails('"abc'), "unexpected end of input at line 1, column 5");
  assert.equal(fails('"a\nb"'), "unexpected character U+000A at line 1, column 3");
  assert.equal(fails('"\\x"'), "unexpected character 'x' at line 1, column 3");
  assert.equal(fails('"\\u12g4"'), "unexpected character 'g' at line 1, column 6");
  assert.equal(fails("\ufeff{}"), "unexpected character U+FEFF at line 1, column 1");
  assert.equal(fails("{} {}"), "unexpected character '{' at line 1, column 4");
  assert.equal(fails("NaN"), "unexpected character 'N' at line 1, column 1");
  assert.equal(fails("[Infinity]"), "unexpected character 'I' at line 1, column 2");
  assert.equal(fails("'a'"), "unexpected character ''' at line 1, column 1");
  assert.equal(fails('["😀", x]'), "unexpected character 'x' at line 1, column 7"); // the emoji is one character
  assert.equal(fails("[\u00a0]"), "unexpected character U+00A0 at line 1, column 2");
  // the error carries the position
  try {
    parseJSONValue("[\n\n  x]");
    assert.fail("no error");
  } catch (e) {
    assert.ok(e instanceof JSONTextError);
    assert.equal(e.line, 3);
    assert.equal(e.column, 3);
    assert.equal(e.offset, 5);
  }
});

test("nesting: 100,000 levels are rejected with a clear error, not a stack overflow", () => {
  const deep = "[".repeat(100_000) + "]".repeat(100_000);
  assert.equal(fails(deep), "nesting deeper than 10000 at line 1, column 10001");
  const deepObj = '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000);
  assert.match(fails(deepObj), /^nesting deeper than 10000 at line 1, column /);
  // unterminated deep input also fails cleanly
  assert.match(fails("[".repeat(100_000)), /^nesting deeper than 10000/);
  assert.equal(isValidJSON(deep), false);
});

test("nesting: up to maxDepth is accepted (default 10,000), iteratively", () => {
  let v = parseJSONValue("[".repeat(10_000) + "]".repeat(10_000));
  let depth = 0;
  while (Array.isArray(v) && (v as readonly Value[]).length > 0) {
    v = (v as readonly Value[])[0]!;
    depth++;
  }
  assert.equal(depth, 9_999); // the innermost array is empty
  assert.equal(fails("[".repeat(10_001) + "]".repeat(10_001)), "nesting deeper than 10000 at line 1, column 10001");
  assert.equal(fails("[[[1]]]", { maxDepth: 2 }), "nesting deeper than 2 at line 1, column 3");
  assert.deepEqual(parseJSONValue("[[1]]", { maxDepth: 2 }), [[1]]);
  // a 100,000-deep document is fine when the caller allows it
  const deep = parseJSONValue('{"a":'.repeat(100_000) + "7" + "}".repeat(100_000), { maxDepth: 200_000 });
  let cur: Value = deep;
  for (let i = 0; i < 100_000; i++) cur = (cur as RObject).get("a")!;
  assert.equal(cur, 7);
});

test("isValidJSON follows Go's json.Valid", () => {
  assert.equal(isValidJSON('{"json": "ok"}'), true);
  assert.equal(isValidJSON("  [1, 2.5e3, null]  "), true);
  assert.equal(isValidJSON("plainstring"), false);
  assert.equal(isValidJSON("{"), false);
  assert.equal(isValidJSON(""), false);
  assert.equal(isValidJSON("1 2"), false);
  assert.equal(isValidJSON("[" .repeat(10_000) + "]".repeat(10_000)), true);
  assert.equal(isValidJSON("[".repeat(10_001) + "]".repeat(10_001)), false);
});

test("agrees with JSON.parse + fromJSON on ordinary documents", () => {
  const samples = [
    '{"resource_changes": [{"address": "aws_s3_bucket.b", "change": {"actions": ["delete"], "before": {"tags": {"env": "prod"}, "size": 12, "ratio": 0.5}}}]}',
    '[1, -2, 3.25, "x\\ty", true, false, null, {"nested": [[], {}]}]',
    '"just a string"',
  ];
  for (const s of samples) assert.ok(equal(parseJSONValue(s), fromJSON(JSON.parse(s))), s);
});

test("speed: a large document parses in time comparable to JSON.parse + fromJSON", () => {
  const items: unknown[] = [];
  for (let i = 0; i < 20_000; i++) {
    items.push({ address: `aws_instance.web[${i}]`, index: i, values: { ami: "ami-0123", tags: { Name: `web-${i}` }, cpu: 2, ratio: 0.25, list: [1, 2, 3], text: "a \"quoted\"\nline" } });
  }
  const text = JSON.stringify({ resources: items });
  const t0 = performance.now();
  const a = fromJSON(JSON.parse(text));
  const t1 = performance.now();
  const b = parseJSONValue(text);
  const t2 = performance.now();
  assert.ok(equal(a, b));
  // generous bound (CI machines vary): within 5x of the native path
  assert.ok(t2 - t1 < Math.max(5 * (t1 - t0), 500), `parseJSONValue ${t2 - t1}ms vs ${t1 - t0}ms`);
});
