import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTINS } from "../../../src/rego/builtins/index.js";
import { parseValue, toJSONText } from "../../../src/rego/index.js";
import type { Value } from "../../../src/rego/value.js";
import { fail, testCtx } from "./ctx.js";

const ctx = testCtx();
const V = (text: string): Value => parseValue(text);

/** The result as JSON text (sets as sorted arrays), or undefined. */
function call(name: string, ...args: string[]): string | undefined {
  const out = BUILTINS.get(name)!.fn(args.map(V), ctx) as Value | undefined;
  return out === undefined ? undefined : toJSONText(out);
}

test("count (compliance aggregates, regorus aggregates/count)", () => {
  assert.equal(call("count", "[1, 2, 3, 4]"), "4");
  assert.equal(call("count", "[]"), "0");
  assert.equal(call("count", "[1]"), "1");
  assert.equal(call("count", "{}"), "0");
  assert.equal(call("count", '{"a": 1, "b": 2}'), "2");
  assert.equal(call("count", "set()"), "0");
  assert.equal(call("count", "{1, 1}"), "1");
  assert.equal(call("count", "{1, 2}"), "2");
  assert.equal(call("count", '""'), "0");
  assert.equal(call("count", '"abc"'), "3");
  // strings count code points, not UTF-16 units or bytes
  assert.equal(call("count", '"héllo"'), "5");
  assert.equal(call("count", '"😀x"'), "2");
  assert.equal(call("count", '"日本語"'), "3");
  assert.equal(BUILTINS.get("count")!.fn(["\ud800a\udc00"], ctx), 3); // lone surrogates count one each
  for (const bad of ["null", "true", "5"]) {
    assert.deepEqual(fail("count", bad)[0], "eval_type_error");
  }
  assert.deepEqual(fail("count", "null"), ["eval_type_error", "operand 1 must be one of {array, object, set, string} but got null"]);
});

test("sum and product (compliance aggregates, aggregates/bignum)", () => {
  assert.equal(call("sum", "{1, 2, 3, 4}"), "10");
  assert.equal(call("sum", "[1, 2, 3, 4]"), "10");
  assert.equal(call("product", "{1, 2, 3, 4}"), "24");
  assert.equal(call("sum", "[18446744073709551617, 1]"), "18446744073709551618");
  assert.equal(call("sum", "{18446744073709551617, 1}"), "18446744073709551618");
  assert.equal(call("product", "[18446744073709551617, 2]"), "36893488147419103234");
  assert.equal(call("sum", "[1, 2, 3]"), "6");
  assert.equal(call("product", "[2, 3, 4]"), "24");
  assert.equal(call("sum", "[1.5, 2.5]"), "4");
  assert.equal(call("sum", "[1, 2.5]"), "3.5");
  assert.equal(call("product", "[1.5, 2]"), "3");
  assert.equal(call("sum", "[9223372036854775807, 1]"), "9223372036854775808");
  assert.equal(call("sum", "{9223372036854775807, 1, 2}"), "9223372036854775810");
  assert.equal(call("sum", "[-9223372036854775808, -1]"), "-9223372036854775809");
  assert.equal(call("sum", "[9223372036854775806, 1]"), "9223372036854775807");
  // regorus aggregates/sum, product
  assert.deepEqual(["[-1, 3, 2]", "[1, 2, -1]", "[1, -1, 2, -1]", "[]", "[0]", "{3, 2, 1}", "set()", "{0}"].map((a) => call("sum", a)), ["4", "2", "1", "0", "0", "6", "0", "0"]);
  assert.deepEqual(["[-1, 3, 2]", "[1, 2, -1]", "[1, -1, 2, -1]", "[]", "[0]", "{3, 2, 1}", "set()", "{0}"].map((a) => call("product", a)), ["-6", "-2", "2", "1", "0", "6", "1", "0"]);
  assert.equal(call("sum", "[0.1, 0.2]"), "0.3");
});

test("sum and product errors", () => {
  for (const name of ["sum", "product"]) {
    for (const bad of ["null", "true", "5", '"abc"', "{}"]) {
      assert.equal(fail(name, bad)[1], `operand 1 must be one of {set, array} but got ${bad === "5" ? "number" : bad === '"abc"' ? "string" : bad === "{}" ? "object" : bad === "true" ? "boolean" : "null"}`);
    }
    assert.deepEqual(fail(name, '[1, "a"]'), ["eval_type_error", "operand 1 must be array of numbers but got array containing string"]);
    assert.deepEqual(fail(name, "{1, null}"), ["eval_type_error", "operand 1 must be set of numbers but got set containing null"]);
    assert.deepEqual(fail(name, "[1.5, [1]]"), ["eval_type_error", "operand 1 must be array of numbers but got array containing array"]);
  }
});

test("max and min (compliance aggregates, regorus aggregates/max, min)", () => {
  assert.equal(call("max", "{1, 2, 3, 4}"), "4");
  assert.equal(call("max", "[1, 2, 3, 4]"), "4");
  assert.equal(call("min", "[3, 2, 1, 4, 6, -7, 10]"), "-7");
  assert.equal(call("min", "{1, 2, 3, 4}"), "1");
  assert.equal(call("max", "[-1, 3, 2]"), "3");
  assert.equal(call("max", "{1, 2, -1}"), "2");
  assert.equal(call("min", "[-1, 3, 2]"), "-1");
  assert.equal(call("min", "{1, 2, -1}"), "-1");
  assert.equal(call("max", "[]"), undefined);
  assert.equal(call("max", "set()"), undefined);
  assert.equal(call("min", "[]"), undefined);
  assert.equal(call("min", "set()"), undefined);
  // compliance comparisonexpr/decimals
  assert.equal(call("max", "[3, 3.5, 3.25, 3.4999]"), "3.5");
  assert.equal(call("min", "[3, 3.5, 2.75, 2.7499]"), "2.7499");
  // any values, in the total order
  assert.equal(call("max", '[null, "a", 1, [0], {}, false]'), "{}");
  assert.equal(call("min", '[null, "a", 1, [0], {}, false]'), "null");
  assert.equal(call("max", "[null]"), "null");
  assert.equal(call("min", "[{1}, [2]]"), "[2]");
  for (const name of ["max", "min", "sort"]) {
    assert.deepEqual(fail(name, "null"), ["eval_type_error", "operand 1 must be one of {set, array} but got null"]);
    assert.deepEqual(fail(name, '"abc"'), ["eval_type_error", "operand 1 must be one of {set, array} but got string"]);
    assert.deepEqual(fail(name, "{}"), ["eval_type_error", "operand 1 must be one of {set, array} but got object"]);
  }
});

test("sort (compliance aggregates, regorus aggregates/sort)", () => {
  assert.equal(call("sort", "[4, 3, 2, 1]"), "[1,2,3,4]");
  assert.equal(call("sort", "[-1, 3, 2]"), "[-1,2,3]");
  assert.equal(call("sort", "[1, -1, 2, -1]"), "[-1,-1,1,2]");
  assert.equal(call("sort", "[]"), "[]");
  assert.equal(call("sort", "{3, 2, 1}"), "[1,2,3]");
  assert.equal(call("sort", "set()"), "[]");
  assert.equal(call("sort", "[3.5, 3, 3.25, -2.5, 3.50, 1e0, 0.5]"), "[-2.5,0.5,1,3,3.25,3.5,3.50]"); // numbers print as written
  assert.equal(call("sort", '[{1}, {}, [], "b", "a", 2, true, null]'), '[null,true,2,"a","b",[],{},[1]]');
  // the argument is not changed
  const a = V("[3, 1, 2]");
  BUILTINS.get("sort")!.fn([a], ctx);
  assert.equal(toJSONText(a), "[3,1,2]");
});

test("all and any (compliance v0 all, any)", () => {
  assert.equal(call("all", "[]"), "true");
  assert.equal(call("all", "set()"), "true");
  assert.equal(call("all", "{false, true}"), "false");
  assert.equal(call("all", "[false, true, true]"), "false");
  assert.equal(call("all", "[true, true]"), "true");
  assert.equal(call("all", "{true}"), "true");
  assert.equal(call("all", '[true, "true", 1]'), "false");
  assert.equal(call("any", "set()"), "false");
  assert.equal(call("any", "[]"), "false");
  assert.equal(call("any", "{false, true}"), "true");
  assert.equal(call("any", "[true, true, true, false, false]"), "true");
  assert.equal(call("any", "{false}"), "false");
  assert.equal(call("any", "[false]"), "false");
  assert.equal(call("any", '[true, {}, "false"]'), "true");
  assert.equal(call("any", '[1, "true"]'), "false");
  assert.deepEqual(fail("all", '"x"'), ["eval_type_error", "operand 1 must be one of {array, set} but got string"]);
  assert.deepEqual(fail("any", "{}"), ["eval_type_error", "operand 1 must be one of {array, set} but got object"]);
});
