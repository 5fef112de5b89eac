import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTINS } from "../../../src/rego/builtins/index.js";
import { parseValue, toJSONText } from "../../../src/rego/index.js";
import { type Value, equal } from "../../../src/rego/value.js";
import { testCtx, builtinError } from "./ctx.js";

const ctx = testCtx();
const V = (text: string): Value => parseValue(text);

function call(name: string, ...args: string[]): Value | undefined {
  return BUILTINS.get(name)!.fn(args.map(V), ctx) as Value | undefined;
}

/** Asserts the result equals the Rego value `want` (sets and non-string keys compare exactly). */
function check(name: string, args: string[], want: string): void {
  const got = call(name, ...args);
  assert.ok(got !== undefined, `${name}(${args.join(", ")}) is undefined`);
  assert.ok(equal(got, V(want)), `${name}(${args.join(", ")}) = ${toJSONText(got)}, want ${want}`);
}

function fail(name: string, ...args: string[]): [string, string] {
  return builtinError(() => call(name, ...args), `${name}(${args.join(", ")}) did not fail`);
}

test("object.get (compliance objectget, regorus objects/get)", () => {
  check("object.get", ['{"a": {"b": "c"}}', '"a"', "true"], '{"b": "c"}');
  check("object.get", ['{"a": {"b": "c"}}', '"b"', "true"], "true");
  const obj = '{"a": 5, "b": {"c": 8}, "c": 7, {1}: 8, {"a": 5}: 9}';
  check("object.get", [obj, '"a"', '"default"'], "5");
  check("object.get", [obj, '["b", "c"]', '"default"'], "8");
  check("object.get", [obj, '["a", "b"]', '"default"'], '"default"');
  check("object.get", [obj, '{"a": 5}', '"default"'], "9");
  check("object.get", [obj, "{1}", '"default"'], "8");
  // an empty path is the object itself
  check("object.get", [obj, "[]", '"default"'], obj);
  // paths go through arrays by index and sets by member
  const deep = '{"a": [{"b": {1, [2]}}], "n": null, "f": false}';
  check("object.get", [deep, '["a", 0, "b", [2]]', "0"], "[2]");
  check("object.get", [deep, '["a", 0, "b", 1]', "0"], "1");
  check("object.get", [deep, '["a", 0, "b", 3]', "0"], "0");
  check("object.get", [deep, '["a", 1]', "0"], "0");
  check("object.get", [deep, '["a", -1]', "0"], "0");
  check("object.get", [deep, '["a", "0"]', "0"], "0");
  check("object.get", [deep, '["a", 0.5]', "0"], "0");
  check("object.get", [deep, '["a", 0, "b", 1, "x"]', "0"], "0");
  // null and false values are found, not replaced by the default
  check("object.get", [deep, '"n"', "0"], "null");
  check("object.get", [deep, '["n"]', "0"], "null");
  check("object.get", [deep, '"f"', "0"], "false");
  check("object.get", [deep, '"missing"', "null"], "null");
  assert.deepEqual(fail("object.get", "[1]", '"a"', "1"), ["eval_type_error", "operand 1 must be object but got array"]);
});

test("object.keys (compliance v0 objectkeys, regorus objects/keys)", () => {
  check("object.keys", ['{"a": 1, "b": 2}'], '{"a", "b"}');
  check("object.keys", ["{1: 1, 2: 2}"], "{1, 2}");
  check("object.keys", ['{{"a": 1}: 1, {"b": 2}: 2}'], '{{"a": 1}, {"b": 2}}');
  check("object.keys", ['{{"a"}: 1, {"b"}: 2}'], '{{"a"}, {"b"}}');
  check("object.keys", ['{["a"]: 1, ["b"]: 2}'], '{["a"], ["b"]}');
  check("object.keys", ["{}"], "set()");
  check("object.keys", ['{"a": 5, "b": 6, "c": 7, {1}: 8, {"a": 5}: 9, true: false, 5: 10, null: 5}'], '{"a", "b", "c", {1}, {"a": 5}, true, 5, null}');
  assert.deepEqual(fail("object.keys", '"object"'), ["eval_type_error", "operand 1 must be object but got string"]);
});

test("object.union (compliance objectunion)", () => {
  check("object.union", ["{}", "{}"], "{}");
  check("object.union", ["{}", '{"a": 1}'], '{"a": 1}');
  check("object.union", ['{"a": 1}', "{}"], '{"a": 1}');
  check("object.union", ['{"a": 1}', '{"b": 2}'], '{"a": 1, "b": 2}');
  check("object.union", ['{"a": {"b": {"c": 1}}}', '{"b": 2}'], '{"a": {"b": {"c": 1}}, "b": 2}');
  check("object.union", ['{"b": 2}', '{"a": {"b": {"c": 1}}}'], '{"a": {"b": {"c": 1}}, "b": 2}');
  check("object.union", ['{"a": 1}', '{"a": 2}'], '{"a": 2}');
  check("object.union", ['{"a": 1}', '{"a": {"b": {"c": 1}}, "d": 7}'], '{"a": {"b": {"c": 1}}, "d": 7}');
  check("object.union", ['{"a": {"b": {"c": 1}}, "d": 7}', '{"a": 1}'], '{"a": 1, "d": 7}');
  check("object.union", ['{"a": {"b": 1, "c": {"x": 1}}}', '{"a": {"c": {"y": 2}, "d": 3}}'], '{"a": {"b": 1, "c": {"x": 1, "y": 2}, "d": 3}}');
  check("object.union", ['{1: {"a": 1}, [2]: 1}', '{1: {"b": 2}, [2]: {3}}'], '{1: {"a": 1, "b": 2}, [2]: {3}}');
  // the arguments are not changed
  const a = V('{"a": {"b": 1}}');
  const b = V('{"a": {"c": 2}}');
  BUILTINS.get("object.union")!.fn([a, b], ctx);
  assert.equal(toJSONText(a), '{"a":{"b":1}}');
  assert.equal(toJSONText(b), '{"a":{"c":2}}');
  assert.deepEqual(fail("object.union", '{"a": 1}', "[1, 2, 3]"), ["eval_type_error", "operand 2 must be object but got array"]);
  assert.deepEqual(fail("object.union", "null", "{}"), ["eval_type_error", "operand 1 must be object but got null"]);
});

test("object.union_n (compliance objectunionn)", () => {
  check("object.union_n", ["[{}]"], "{}");
  check("object.union_n", ["[]"], "{}");
  check("object.union_n", ['[{"foo": "bar"}]'], '{"foo": "bar"}');
  check("object.union_n", ['[{"foo": "bar"}, {"x": "y"}]'], '{"foo": "bar", "x": "y"}');
  check("object.union_n", ['[{"foo": "bar"}, {"foo": "baz"}]'], '{"foo": "baz"}');
  check(
    "object.union_n",
    ['[{"a": 1, "b": 2, "c": 3}, {"foo": "baz", "a": "a", "b": 2, "d": 4}, {"a": "final A!", "e": 5.0}]'],
    '{"a": "final A!", "b": 2, "c": 3, "d": 4, "e": 5, "foo": "baz"}',
  );
  // a non-object in the chain cuts the merge (OPA's example)
  check("object.union_n", ['[{"a": {"b": 2}}, {"a": 4}, {"a": {"c": 3}}]'], '{"a": {"c": 3}}');
  check("object.union_n", ['[{"a": 1}, {"a": {"x": 1}}, {"a": {"y": 2}}]'], '{"a": {"x": 1, "y": 2}}');
  check("object.union_n", ['[{"a": {"x": {"p": 1}}}, {"a": {"x": 5}}, {"a": {"z": 1}}]'], '{"a": {"x": 5, "z": 1}}');
  check("object.union_n", ['[{"a": {"b": 1}}, {"a": {"c": 2}}, {"a": 5}]'], '{"a": 5}');
  const [code, msg] = fail("object.union_n", '[{"foo": 1}, {"bar": 2}, "baz"]');
  assert.equal(code, "eval_type_error");
  assert.equal(msg, "operand 1 must be array of objects but got array containing string");
  // reported back to front, as OPA merges
  assert.equal(fail("object.union_n", '[1, {}, "x"]')[1], "operand 1 must be array of objects but got array containing string");
  assert.equal(fail("object.union_n", "{}")[1], "operand 1 must be array but got object");
});

test("object.remove (compliance objectremove*, regorus objects/remove)", () => {
  check("object.remove", ['{"a": 1, "b": {"c": 3}}', '{"a"}'], '{"b": {"c": 3}}');
  check("object.remove", ['{"a": 1, "b": {"c": 3}, "d": 4}', '{"b", "d"}'], '{"a": 1}');
  check("object.remove", ['{"a": 1, "b": {"c": 3}, "d": 4}', '["b", "d"]'], '{"a": 1}');
  check("object.remove", ['{"a": 1, "b": {"c": 3}, "d": 4}', '{"b": 1, "d": ""}'], '{"a": 1}');
  check("object.remove", ["{}", '{"a", "b"}'], "{}");
  check("object.remove", ['{"a": 1, "b": {"c": 3}}', '{"z"}'], '{"a": 1, "b": {"c": 3}}');
  check("object.remove", ['{"a": 1, [[7]]: 2}', "{[[7]]}"], '{"a": 1}');
  const obj = '{"a": 5, "b": 6, "c": 7, {1}: 8, {"a": 5}: 9, true: false, 5: 10, null: 5}';
  const want = '{"c": 7, {"a": 5}: 9, true: false, 5: 10, null: 5}';
  check("object.remove", [obj, '["a", "b", {1}]'], want);
  check("object.remove", [obj, '{"a", "b", {1}}'], want);
  check("object.remove", [obj, '{"a": 1, "b": 1, {1}: 1}'], want);
  // idempotent: the argument is not changed (compliance objectremoveidempotent)
  const o = V('{"a": 1, "b": 2, "c": 3}');
  for (const k of ["a", "b", "c"]) BUILTINS.get("object.remove")!.fn([o, V(`{"${k}"}`)], ctx);
  assert.equal(toJSONText(o), '{"a":1,"b":2,"c":3}');
  assert.deepEqual(fail("object.remove", "123", '{"a"}'), ["eval_type_error", "operand 1 must be object but got number"]);
  assert.deepEqual(fail("object.remove", '"foo"', '{"a"}'), ["eval_type_error", "operand 1 must be object but got string"]);
  assert.deepEqual(fail("object.remove", "null", '{"a"}'), ["eval_type_error", "operand 1 must be object but got null"]);
  assert.deepEqual(fail("object.remove", '{"a": 1}', '"foo"'), ["eval_type_error", "operand 2 must be one of {object, set, array} but got string"]);
  assert.deepEqual(fail("object.remove", '{"a": 1}', "null"), ["eval_type_error", "operand 2 must be one of {object, set, array} but got null"]);
});

test("object.filter (compliance objectfilter*, regorus objects/filter)", () => {
  check("object.filter", ['{"a": {"b": {"c": 7, "d": 8}}, "e": 9}', '{"a"}'], '{"a": {"b": {"c": 7, "d": 8}}}');
  check("object.filter", ['{"a": 1, "b": 2, "c": 3, "e": 9}', '{"a", "e"}'], '{"a": 1, "e": 9}');
  check("object.filter", ['{"a": 7}', "[]"], "{}");
  check("object.filter", ['{"a": 7}', "{}"], "{}");
  check("object.filter", ['{"a": 1, [[7]]: 2}', "{[[7]]}"], "{[[7]]: 2}");
  const obj = '{"a": 5, "b": 6, "c": 7, {1}: 8, {"a": 5}: 9}';
  check("object.filter", [obj, '["a", {1}]'], '{"a": 5, {1}: 8}');
  check("object.filter", [obj, '{"a": 1, "c": 0}'], '{"a": 5, "c": 7}');
  check("object.filter", [obj, '{"a", "c"}'], '{"a": 5, "c": 7}');
  check("object.filter", [obj, '["a", "a", "zz"]'], '{"a": 5}');
  const o = V('{"a": 1, "b": 2, "c": 3}');
  for (const k of ["a", "b", "c"]) {
    const got = BUILTINS.get("object.filter")!.fn([o, V(`{"${k}"}`)], ctx) as Value;
    assert.equal(toJSONText(got), `{"${k}":${k === "a" ? 1 : k === "b" ? 2 : 3}}`);
  }
  assert.equal(toJSONText(o), '{"a":1,"b":2,"c":3}');
  assert.deepEqual(fail("object.filter", '["a"]', '{"a"}'), ["eval_type_error", "operand 1 must be object but got array"]);
  assert.deepEqual(fail("object.filter", '"foo"', '{"a"}'), ["eval_type_error", "operand 1 must be object but got string"]);
  assert.deepEqual(fail("object.filter", "null", '{"a"}'), ["eval_type_error", "operand 1 must be object but got null"]);
  assert.deepEqual(fail("object.filter", '{"a": 1}', '"foo"'), ["eval_type_error", "operand 2 must be one of {object, set, array} but got string"]);
  assert.deepEqual(fail("object.filter", '{"a": 1}', "true"), ["eval_type_error", "operand 2 must be one of {object, set, array} but got boolean"]);
  assert.deepEqual(fail("object.filter", '{"a": 1}', "null"), ["eval_type_error", "operand 2 must be one of {object, set, array} but got null"]);
});

test("object.subset (compliance subset)", () => {
  const yes = (a: string, b: string) => assert.equal(call("object.subset", a, b), true, `subset(${a}, ${b})`);
  const no = (a: string, b: string) => assert.equal(call("object.subset", a, b), false, `not subset(${a}, ${b})`);
  const A1 = '{"a": 5, "b": 7, "c": 15}';
  yes(A1, '{"a": 5}');
  no('{"a": 5}', A1);
  no(A1, '{"a": 5, "b": 10}');
  no('{"a": 5, "b": 10}', A1);
  const A2 = '{"a": 5, "b": 7, "c": 15, "nested": {"x": 10, "y": 15, "z": 20}}';
  yes(A2, '{"a": 5, "nested": {"x": 10, "y": 15, "z": 20}}');
  no('{"a": 5, "nested": {"x": 10, "y": 15, "z": 20}}', A2);
  yes(A2, '{"a": 5, "nested": {"x": 10, "y": 15}}');
  no('{"a": 5, "nested": {"x": 10, "y": 15}}', A2);
  const A3 = '{"a": 5, "b": 7, "c": 15, "nested": {"x": 10, "y": 15, "z": 20, "set1": {1, 2, 3, 4}, "arr1": [6, 7, 8, 9]}}';
  const B3 = '{"a": 5, "nested": {"x": 10, "y": 15, "set1": {4, 1}, "arr1": [6, 7]}}';
  yes(A3, B3);
  no(B3, A3);
  no(A3, '{"nested": {"arr1": [6, 8]}}');
  no(A3, '{"nested": {"set1": {5}}}');
  no(A3, '{"nested": {"x": [10]}}');
  yes("{1, 2, 3}", "{3, 2}");
  no("{3, 2}", "{1, 2, 3}");
  yes('{1, 2, 3, {"a", "b", "c"}}', '{3, 2, {"a", "b", "c"}}');
  no('{3, 2, {"a", "b", "c"}}', '{1, 2, 3, {"a", "b", "c"}}');
  no('{1, 2, 3, {"a", "b", "c"}}', '{3, 2, {"a", "b"}}');
  no('{3, 2, {"a", "b"}}', '{1, 2, 3, {"a", "b", "c"}}');
  const arr = "[1, 2, 3, 4, 5, 6]";
  for (const sub of ["[3, 4, 5]", "[1, 2, 3]", "[4, 5, 6]"]) {
    yes(arr, sub);
    no(sub, arr);
  }
  yes(arr, arr);
  no(arr, "[4, 5, 6, 8]");
  no("[4, 5, 6, 8]", arr);
  no(arr, "[8, 9, 10]");
  no(arr, "[1, 3]");
  yes("[1, 1, 2]", "[1, 2]");
  yes(arr, "[]");
  yes("[]", "[]");
  yes(arr, "{4, 3, 2}");
  no(arr, "{9, 8, 7}");
  yes(arr, "set()");
  // OPA's quirks: an empty array holds no set, and repeated elements count again
  no("[]", "set()");
  yes("[1, 1]", "{1, 2}");
  yes("{}", "{}");
  yes("set()", "set()");
  for (const [a, b] of [["{4, 3, 2}", arr], ["{}", "[]"], ["1", "1"], ['"a"', '"a"'], ["{}", "set()"]] as const) {
    assert.deepEqual(fail("object.subset", a, b), ["eval_type_error", "both arguments object.subset must be of the same type or array and set"]);
  }
});

test("object.subset on long arrays stays linear", () => {
  const sup: Value[] = [];
  for (let i = 0; i < 200_000; i++) sup.push(i % 1000 === 999 ? 1 : 0);
  const sub: Value[] = new Array<Value>(998).fill(0);
  sub.push(2);
  const t = Date.now();
  assert.equal(BUILTINS.get("object.subset")!.fn([sup, sub], ctx), false);
  sub[998] = 1;
  assert.equal(BUILTINS.get("object.subset")!.fn([sup, sub], ctx), true);
  assert.ok(Date.now() - t < 2000);
  // restarts after a partial match, as the naive search does
  assert.equal(BUILTINS.get("object.subset")!.fn([V("[1, 1, 2, 1, 1, 1, 3]"), V("[1, 1, 3]")], ctx), true);
  assert.equal(BUILTINS.get("object.subset")!.fn([V("[1, 2, 1, 2, 3]"), V("[1, 2, 3]")], ctx), true);
  assert.equal(BUILTINS.get("object.subset")!.fn([V("[1, 2, 1, 3]"), V("[1, 2, 3]")], ctx), false);
});
