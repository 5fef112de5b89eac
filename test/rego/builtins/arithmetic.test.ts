import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTINS } from "../../../src/rego/builtins/index.js";
import { parseValue, toJSONText } from "../../../src/rego/index.js";
import type { Value } from "../../../src/rego/value.js";
import { call, fail, testCtx } from "./ctx.js";

const ctx = testCtx();
const V = (text: string): Value => parseValue(text);

test("plus, minus, mul on integers and floats (compliance arithmetic)", () => {
  assert.equal(call("plus", "1", "2"), "3");
  assert.equal(call("plus", "18446744073709551617", "1"), "18446744073709551618");
  assert.equal(call("minus", "18446744073709551617", "1"), "18446744073709551616");
  assert.equal(call("mul", "18446744073709551617", "2"), "36893488147419103234");
  assert.equal(call("plus", "123456789012345678901234567890", "1"), "123456789012345678901234567891");
  assert.equal(call("minus", "-18446744073709551617", "1"), "-18446744073709551618");
  assert.equal(call("plus", "2", "3"), "5");
  assert.equal(call("plus", "1.5", "2.5"), "4");
  assert.equal(call("plus", "1", "2.5"), "3.5");
  assert.equal(call("mul", "2.5", "2"), "5");
  // int32 window edges (compliance arithmetic/edges)
  assert.equal(call("plus", "2147483647", "1"), "2147483648");
  assert.equal(call("minus", "-2147483648", "1"), "-2147483649");
  assert.equal(call("mul", "2147483647", "2147483647"), "4611686014132420609");
  assert.equal(call("mul", "-2147483648", "-2147483648"), "4611686018427387904");
  assert.equal(call("plus", "2147483648", "1"), "2147483649");
  assert.equal(call("plus", "9223372036854775807", "1"), "9223372036854775808");
  assert.equal(call("plus", "1e30", "1"), "1000000000000000000000000000001");
  assert.equal(call("plus", "10.00", "5"), "15");
  assert.equal(call("plus", "9007199254740991", "1"), "9007199254740992");
  assert.equal(call("mul", "0.1", "3"), "0.3");
  assert.equal(call("minus", "0.5", "0.5"), "0");
});

test("div and rem (compliance arithmetic)", () => {
  assert.equal(call("div", "6", "3"), "2");
  assert.equal(call("div", "-6", "3"), "-2");
  assert.equal(call("div", "1", "4"), "0.25");
  assert.equal(call("div", "0", "5"), "0");
  assert.equal(call("div", "1", "3"), "0.33333333333333333334");
  assert.deepEqual(fail("div", "1", "0"), ["eval_builtin_error", "divide by zero"]);
  assert.deepEqual(fail("div", "1", "0.0"), ["eval_builtin_error", "divide by zero"]);
  assert.deepEqual(fail("div", "1.5", "0"), ["eval_builtin_error", "divide by zero"]);
  assert.equal(call("rem", "-17", "5"), "-2");
  assert.equal(call("rem", "17", "-5"), "2");
  assert.equal(call("rem", "4.0", "3"), "1");
  assert.equal(call("rem", "10", "18446744073709551616"), "10");
  assert.equal(call("rem", "5", "55340232221128654848"), "5");
  assert.equal(call("rem", "7", "340282366920938463463374607431768211456"), "7");
  assert.equal(call("rem", "100", "-18446744073709551616"), "100");
  assert.equal(call("rem", "18446744073709551617", "18446744073709551616"), "1");
  assert.equal(call("rem", "10", "18446744073709551617"), "10");
  assert.deepEqual(fail("rem", "1.1", "1"), ["eval_builtin_error", "modulo on floating-point number"]);
  assert.deepEqual(fail("rem", "1.5", "0"), ["eval_builtin_error", "modulo on floating-point number"]);
  assert.deepEqual(fail("rem", "1", "0"), ["eval_builtin_error", "modulo by zero"]);
  assert.deepEqual(fail("rem", "18446744073709551617", "0"), ["eval_builtin_error", "modulo by zero"]);
  // compliance arithmetic/divide+round: i / x then round
  assert.deepEqual(["0/1", "1/2", "2/3", "3/4"].map((s) => call("round", call("div", ...s.split("/"))!)), ["0", "1", "1", "1"]);
});

test("abs, round, ceil, floor (compliance arithmetic)", () => {
  assert.equal(call("abs", "-4"), "4");
  assert.equal(call("abs", "-5"), "5");
  assert.equal(call("abs", "-2147483648"), "2147483648");
  assert.equal(call("abs", "-9223372036854775808"), "9223372036854775808");
  assert.equal(call("abs", "-2.5"), "2.5");
  assert.equal(call("abs", "3"), "3");
  assert.equal(call("abs", "2.50"), "2.5");
  assert.equal(call("abs", "-2.50"), "2.5");
  assert.equal(call("abs", "-123456789012345678901234567890"), "123456789012345678901234567890");
  assert.equal(call("round", "2.5"), "3");
  assert.equal(call("round", "-2.5"), "-3");
  assert.equal(call("round", "2.4"), "2");
  assert.equal(call("round", "-5"), "-5");
  assert.equal(call("round", "10.00"), "10");
  assert.equal(call("floor", "1.01"), "1");
  assert.equal(call("floor", "1.5"), "1");
  assert.equal(call("floor", "99.99999"), "99");
  assert.equal(call("floor", "1"), "1");
  assert.equal(call("floor", "-1.001"), "-2");
  assert.equal(call("ceil", "9.1"), "10");
  assert.equal(call("ceil", "-9.1"), "-9");
  assert.equal(call("ceil", "9"), "9");
  assert.equal(call("ceil", "-9"), "-9");
  assert.equal(call("ceil", "1e400"), call("floor", "1e400"));
  // OPA truncates towards zero and treats the resulting zero as non-negative
  assert.equal(call("ceil", "-0.5"), "1");
  assert.equal(call("floor", "-0.5"), "0");
  assert.equal(call("ceil", "0.5"), "1");
  assert.equal(call("floor", "0.5"), "0");
});

test("operand errors", () => {
  assert.deepEqual(fail("plus", '"1"', "1"), ["eval_type_error", "operand 1 must be number but got string"]);
  assert.deepEqual(fail("mul", "1", "null"), ["eval_type_error", "operand 2 must be number but got null"]);
  assert.deepEqual(fail("abs", "[]"), ["eval_type_error", "operand 1 must be number but got array"]);
  assert.deepEqual(fail("round", "{}"), ["eval_type_error", "operand 1 must be number but got object"]);
});

test("minus on sets (compliance sets, arithmetic/minus type error)", () => {
  assert.equal(call("minus", '{1, 2, "c"}', '{"c", 1}'), "[2]");
  assert.equal(call("minus", "{1}", "{1}"), "[]");
  assert.equal(call("minus", "set()", "{1}"), "[]");
  assert.equal(call("minus", "{[1], {2}}", "{2}"), "[[1],[2]]");
  assert.deepEqual(fail("minus", "{1}", "1"), ["eval_type_error", "operand 2 must be set but got number"]);
  assert.deepEqual(fail("minus", "1", "{1}"), ["eval_type_error", "operand 2 must be number but got set"]);
  assert.deepEqual(fail("minus", '"a"', "{1}"), ["eval_type_error", "operand 1 must be one of {number, set} but got string"]);
  // as OPA: only a number right operand is reported as "must be set"
  assert.deepEqual(fail("minus", "{1}", "[1]"), ["eval_type_error", "operand 2 must be number but got array"]);
  assert.deepEqual(fail("minus", "1", "[1]"), ["eval_type_error", "operand 2 must be number but got array"]);
});
