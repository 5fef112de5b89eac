import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTINS } from "../../../src/rego/builtins/index.js";
import { parseValue, toJSONText } from "../../../src/rego/index.js";
import type { Value } from "../../../src/rego/value.js";
import { fail, testCtx } from "./ctx.js";

const ctx = testCtx();
const V = (text: string): Value => parseValue(text);

/** The result as JSON text (sets as sorted arrays). */
function call(name: string, ...args: string[]): string | undefined {
  const out = BUILTINS.get(name)!.fn(args.map(V), ctx) as Value | undefined;
  return out === undefined ? undefined : toJSONText(out);
}

test("and, or (compliance sets)", () => {
  assert.equal(call("or", "{3, 2, 3}", "{3, 4, 3}"), "[2,3,4]");
  assert.equal(call("and", "{1, 2, 3}", "{2, 3, 4}"), "[2,3]");
  assert.equal(call("and", "{1}", "{2}"), "[]");
  assert.equal(call("and", "set()", "{2}"), "[]");
  assert.equal(call("or", "set()", "set()"), "[]");
  assert.equal(call("or", "{[1], {1}}", "{[1], {2}}"), "[[1],[1],[2]]");
  assert.equal(call("and", "{1.0, {\"a\": [1]}}", "{1, {\"a\": [1.0]}}"), '[1,{"a":[1]}]');
  assert.deepEqual(fail("and", "[1]", "{1}"), ["eval_type_error", "operand 1 must be set but got array"]);
  assert.deepEqual(fail("or", "{1}", "1"), ["eval_type_error", "operand 2 must be set but got number"]);
});

test("intersection (compliance intersection)", () => {
  assert.equal(call("intersection", "{set(), {1, 2}}"), "[]");
  assert.equal(call("intersection", "{{1, 2, 3}, {2, 3, 4}, {4, 5, 6}}"), "[]");
  assert.equal(call("intersection", '{{"a", "b", "c", "d"}, {"b", "c", "d"}, {"c", "d"}, {"d"}}'), '["d"]');
  assert.equal(call("intersection", "{{1, 2, 3}, {2, 3, 4}}"), "[2,3]");
  assert.equal(call("intersection", "set()"), "[]");
  assert.equal(call("intersection", "{{1}}"), "[1]");
  assert.deepEqual(fail("intersection", "[{1}]"), ["eval_type_error", "operand 1 must be set but got array"]);
  assert.deepEqual(fail("intersection", "{set(), 1}"), ["eval_type_error", "operand 1 must be set but got number"]);
});

test("union (compliance v0 union)", () => {
  assert.equal(call("union", "set()"), "[]");
  assert.equal(call("union", "{set(), {1, 2}}"), "[1,2]");
  assert.equal(call("union", "{{1, 2, 3}, {2}}"), "[1,2,3]");
  assert.equal(call("union", '{{"a", "b", "c", "d"}, {"b", "c", "d"}, {"c", "d"}, {"d"}}'), '["a","b","c","d"]');
  assert.deepEqual(fail("union", '{{1}, "x"}'), ["eval_type_error", "operand 1 must be set but got string"]);
  assert.deepEqual(fail("union", "{}"), ["eval_type_error", "operand 1 must be set but got object"]);
});

test("set_diff (deprecated)", () => {
  assert.equal(call("set_diff", '{1, 2, "c"}', '{"c", 1}'), "[2]");
  assert.deepEqual(fail("set_diff", "{1}", "[1]"), ["eval_type_error", "operand 2 must be set but got array"]);
});
