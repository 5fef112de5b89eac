import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTINS } from "../../../src/rego/builtins/index.js";
import { parseValue, toJSONText } from "../../../src/rego/index.js";
import type { Value } from "../../../src/rego/value.js";
import { fail, testCtx } from "./ctx.js";

const ctx = testCtx();
const V = (text: string): Value => parseValue(text);

function call(name: string, ...args: string[]): string | undefined {
  const out = BUILTINS.get(name)!.fn(args.map(V), ctx) as Value | undefined;
  return out === undefined ? undefined : toJSONText(out);
}

test("array.concat (compliance array, regorus arrays/concat)", () => {
  assert.equal(call("array.concat", "[1, 2]", "[3, 4]"), "[1,2,3,4]");
  assert.equal(call("array.concat", "[1, 2, 3]", "[4, 5, 6]"), "[1,2,3,4,5,6]");
  assert.equal(call("array.concat", "[]", "[1]"), "[1]");
  assert.equal(call("array.concat", "[1]", "[]"), "[1]");
  assert.equal(call("array.concat", "[]", "[]"), "[]");
  assert.equal(call("array.concat", "[[1]]", "[{2}]"), "[[1],[2]]");
  assert.deepEqual(fail("array.concat", '{"v1": "hello"}', "[3, 4]"), ["eval_type_error", "operand 1 must be array but got object"]);
  assert.deepEqual(fail("array.concat", "[1, 2]", '{"v1": "hello"}'), ["eval_type_error", "operand 2 must be array but got object"]);
  assert.deepEqual(fail("array.concat", "1", "[2]"), ["eval_type_error", "operand 1 must be array but got number"]);
  assert.deepEqual(fail("array.concat", "[2]", "{1}"), ["eval_type_error", "operand 2 must be array but got set"]);
});

test("array.slice clamps its indexes (compliance array, regorus arrays/slice)", () => {
  assert.equal(call("array.slice", "[1, 2, 3, 4, 5]", "1", "3"), "[2,3]");
  assert.equal(call("array.slice", "[1, 2, 3]", "0", "0"), "[]");
  assert.equal(call("array.slice", "[1, 2, 3, 4, 5]", "-4", "-1"), "[]");
  assert.equal(call("array.slice", "[1, 2, 3]", "0", "1"), "[1]");
  assert.equal(call("array.slice", "[1, 2, 3]", "0", "2"), "[1,2]");
  assert.equal(call("array.slice", "[1, 2, 3]", "2", "3"), "[3]");
  assert.equal(call("array.slice", "[1, 2, 3]", "0", "5"), "[1,2,3]");
  assert.equal(call("array.slice", "[1, 2, 3]", "5", "5"), "[]");
  assert.equal(call("array.slice", "[1, 2, 3]", "-5", "5"), "[1,2,3]");
  assert.equal(call("array.slice", "[1, 2, 3]", "-5", "0"), "[]");
  assert.equal(call("array.slice", "[1, 2, 3]", "-5", "1"), "[1]");
  assert.equal(call("array.slice", "[]", "-5", "1"), "[]");
  assert.equal(call("array.slice", "[1, 2, 3]", "2", "1"), "[]");
  assert.equal(call("array.slice", "[1, 2, 3]", "9223372036854775807", "-9223372036854775808"), "[]");
  assert.equal(call("array.slice", "[1, 2, 3]", "-9223372036854775808", "9223372036854775807"), "[1,2,3]");
  assert.deepEqual(fail("array.slice", "1", "2", "3"), ["eval_type_error", "operand 1 must be array but got number"]);
  assert.deepEqual(fail("array.slice", "[2]", '"1"', "2"), ["eval_type_error", "operand 2 must be number but got string"]);
  assert.deepEqual(fail("array.slice", "[2]", "1", '"2"'), ["eval_type_error", "operand 3 must be number but got string"]);
  assert.deepEqual(fail("array.slice", "[5]", "1.1", "2"), ["eval_type_error", "operand 2 must be integer number but got floating-point number"]);
  assert.deepEqual(fail("array.slice", "[5]", "1", "2.1"), ["eval_type_error", "operand 3 must be integer number but got floating-point number"]);
  // beyond int64 OPA reports a floating-point number
  assert.deepEqual(fail("array.slice", "[5]", "1", "99999999999999999999"), ["eval_type_error", "operand 3 must be integer number but got floating-point number"]);
  assert.deepEqual(fail("array.slice", "[5]", "99999999999999999999", '"x"'), ["eval_type_error", "operand 2 must be integer number but got floating-point number"]);
});

test("array.reverse (regorus arrays/reverse)", () => {
  assert.equal(call("array.reverse", "[1, 2, 3]"), "[3,2,1]");
  assert.equal(call("array.reverse", "[]"), "[]");
  const a = V("[1, 2, 3]");
  const r = BUILTINS.get("array.reverse")!.fn([a], ctx) as Value;
  assert.equal(toJSONText(BUILTINS.get("array.reverse")!.fn([r], ctx) as Value), "[1,2,3]");
  assert.equal(toJSONText(a), "[1,2,3]");
  assert.deepEqual(fail("array.reverse", "1"), ["eval_type_error", "operand 1 must be array but got number"]);
});

test("array.flatten flattens one level (compliance array/flatten)", () => {
  assert.equal(call("array.flatten", "[]"), "[]");
  assert.equal(call("array.flatten", "[[1, 2], [3, 4], [5]]"), "[1,2,3,4,5]");
  assert.equal(call("array.flatten", "[[[1], [2, 3, []]], [[4, 5]]]"), "[[1],[2,3,[]],[4,5]]");
  assert.equal(call("array.flatten", '[[1, 2], "string", [3, { "a": "b" }], 4.5, [6, [7, 8]]]'), '[1,2,"string",3,{"a":"b"},4.5,6,[7,8]]');
  assert.equal(call("array.flatten", "[{1, 2}, []]"), "[[1,2]]");
  assert.deepEqual(fail("array.flatten", "42"), ["eval_type_error", "operand 1 must be array but got number"]);
});
