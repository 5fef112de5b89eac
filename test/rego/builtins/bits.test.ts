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

test("and, or, xor, negate (compliance bits*, regorus bitwise)", () => {
  assert.equal(call("bits.and", "50", "0"), "0");
  assert.deepEqual([["1", "0"], ["1", "1"], ["0", "0"], ["0", "1"]].map(([a, b]) => call("bits.and", a!, b!)), ["0", "1", "0", "0"]);
  assert.deepEqual([["1", "0"], ["1", "1"], ["0", "0"], ["0", "1"]].map(([a, b]) => call("bits.or", a!, b!)), ["1", "1", "0", "1"]);
  assert.deepEqual([["1", "0"], ["1", "1"], ["0", "0"], ["0", "1"]].map(([a, b]) => call("bits.xor", a!, b!)), ["1", "0", "0", "1"]);
  assert.equal(call("bits.xor", "42", "3"), "41");
  assert.equal(call("bits.negate", "42"), "-43");
  assert.deepEqual(["1", "0", "9", "-50"].map((a) => call("bits.negate", a)), ["-2", "-1", "-10", "49"]);
  // two's complement on negative and big numbers, as Go's big.Int
  assert.equal(call("bits.and", "-1", "255"), "255");
  assert.equal(call("bits.and", "-8", "-3"), "-8");
  assert.equal(call("bits.or", "-8", "3"), "-5");
  assert.equal(call("bits.xor", "-1", "18446744073709551615"), "-18446744073709551616");
  assert.equal(call("bits.and", "340282366920938463463374607431768211455", "18446744073709551616"), "18446744073709551616");
  assert.equal(call("bits.negate", "18446744073709551616"), "-18446744073709551617");
});

test("shifts (compliance bitsshiftleft, bitsshiftright, regorus bitwise)", () => {
  assert.equal(call("bits.lsh", "9", "2"), "36");
  assert.equal(call("bits.rsh", "9", "2"), "2");
  assert.equal(call("bits.rsh", "8", "3"), "1");
  assert.equal(call("bits.lsh", "2147483647", "1"), "4294967294");
  assert.equal(call("bits.lsh", "9223372036854775807", "1"), "18446744073709551614");
  assert.equal(call("bits.lsh", "1", "100"), "1267650600228229401496703205376");
  assert.equal(call("bits.lsh", "-3", "2"), "-12");
  assert.equal(call("bits.rsh", "-9", "2"), "-3");
  assert.equal(call("bits.rsh", "-1", "1000000"), "-1");
  assert.equal(call("bits.rsh", "12345", "99999999999999999999999"), "0");
  assert.equal(call("bits.lsh", "0", "99999999999999999999999"), "0");
  // Go reads the count as a uint64: 2^64 + 1 shifts by 1
  assert.equal(call("bits.lsh", "1", "18446744073709551617"), "2");
  assert.deepEqual(fail("bits.lsh", "1", "-1"), ["eval_type_error", "operand 2 must be an unsigned integer number but got a negative integer"]);
  assert.deepEqual(fail("bits.rsh", "1", "-1"), ["eval_type_error", "operand 2 must be an unsigned integer number but got a negative integer"]);
  // hostile: a shift that would build a gigantic number fails instead of allocating it
  assert.equal(fail("bits.lsh", "1", "4294967296")[0], "eval_builtin_error");
  let charged = 0;
  BUILTINS.get("bits.lsh")!.fn([1, 100_000], { ...ctx, charge: (n: number) => void (charged += n) });
  assert.ok(charged > 1000);
});

test("operand errors (compliance bits*)", () => {
  for (const name of ["bits.and", "bits.or", "bits.lsh", "bits.xor", "bits.rsh"]) {
    assert.deepEqual(fail(name, "7.2", "42"), ["eval_type_error", "operand 1 must be integer number but got floating-point number"]);
    assert.deepEqual(fail(name, "1", "0.5"), ["eval_type_error", "operand 2 must be integer number but got floating-point number"]);
    assert.deepEqual(fail(name, "1", '"str"'), ["eval_type_error", "operand 2 must be integer but got string"]);
    assert.deepEqual(fail(name, '"str"', "1"), ["eval_type_error", "operand 1 must be integer but got string"]);
  }
  assert.deepEqual(fail("bits.negate", '"str"'), ["eval_type_error", "operand 1 must be integer but got string"]);
  assert.deepEqual(fail("bits.negate", "1.5"), ["eval_type_error", "operand 1 must be integer number but got floating-point number"]);
});
