import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTINS } from "../../../src/rego/builtins/index.js";
import { parseNumber } from "../../../src/rego/number.js";
import type { Value } from "../../../src/rego/value.js";
import { callValue as call, failValue as fail, testCtx } from "./ctx.js";

test("numbers.range (compliance numbersrange, regorus numbers/range)", () => {
  assert.deepEqual(call("numbers.range", 0, 0), [0]);
  assert.deepEqual(call("numbers.range", -2, 3), [-2, -1, 0, 1, 2, 3]);
  assert.deepEqual(call("numbers.range", 2, -3), [2, 1, 0, -1, -2, -3]);
  assert.deepEqual(call("numbers.range", 5, 2), [5, 4, 3, 2]);
  assert.deepEqual(call("numbers.range", 0, 1), [0, 1]);
  assert.deepEqual(call("numbers.range", 1, 5), [1, 2, 3, 4, 5]);
  assert.deepEqual(call("numbers.range", 5, 1), [5, 4, 3, 2, 1]);
  assert.deepEqual(call("numbers.range", -1, -5), [-1, -2, -3, -4, -5]);
  assert.deepEqual(call("numbers.range", -5, -1), [-5, -4, -3, -2, -1]);
  assert.deepEqual(call("numbers.range", 8, 8), [8]);
  // big integers stay exact
  assert.deepEqual(call("numbers.range", 9007199254740990, 9007199254740993n), [
    9007199254740990, 9007199254740991, 9007199254740992n, 9007199254740993n,
  ]);
  assert.deepEqual(call("numbers.range", 100000000000000000001n, 99999999999999999999n), [
    100000000000000000001n, 100000000000000000000n, 99999999999999999999n,
  ]);
});

test("numbers.range: operand errors", () => {
  const float = "must be integer number but got floating-point number";
  assert.deepEqual(fail("numbers.range", parseNumber("1.01")!, 5), ["eval_type_error", `operand 1 ${float}`]);
  assert.deepEqual(fail("numbers.range", 1, parseNumber("5.01")!), ["eval_type_error", `operand 2 ${float}`]);
  assert.deepEqual(fail("numbers.range", "1", 2), ["eval_type_error", "operand 1 must be integer but got string"]);
  assert.deepEqual(fail("numbers.range", 1, "2"), ["eval_type_error", "operand 2 must be integer but got string"]);
});

test("numbers.range_step (compliance numbersrangestep)", () => {
  assert.deepEqual(call("numbers.range_step", 0, 10, 2), [0, 2, 4, 6, 8, 10]);
  assert.deepEqual(call("numbers.range_step", 0, -10, 2), [0, -2, -4, -6, -8, -10]);
  assert.deepEqual(call("numbers.range_step", 10, 3, 2), [10, 8, 6, 4]);
  assert.deepEqual(call("numbers.range_step", 1024, 4096, 1024), [1024, 2048, 3072, 4096]);
  assert.deepEqual(call("numbers.range_step", 2, 2, 2), [2]);
  assert.deepEqual(call("numbers.range_step", 2, 5, 2), [2, 4]);
  assert.deepEqual(call("numbers.range_step", 0, 10, 99999999999999999999n), [0]);
  assert.deepEqual(fail("numbers.range_step", 0, 10, -2), ["eval_builtin_error", "step must be a positive integer"]);
  assert.deepEqual(fail("numbers.range_step", 0, 10, 0), ["eval_builtin_error", "step must be a positive integer"]);
  assert.deepEqual(fail("numbers.range_step", 0, 10, parseNumber("0.5")!), [
    "eval_type_error", "operand 3 must be integer number but got floating-point number",
  ]);
  // operands are checked before the step
  assert.deepEqual(fail("numbers.range_step", "0", 10, -1), ["eval_type_error", "operand 1 must be integer but got string"]);
});

test("numbers.range: huge ranges are charged before anything is allocated", () => {
  const budget = testCtx({
    charge: (n) => {
      if (n > 1_000_000) throw new Error("budget exhausted");
    },
  });
  const range = BUILTINS.get("numbers.range")!;
  assert.throws(() => range.fn([0, 1e12], budget), /budget exhausted/);
  assert.throws(() => range.fn([0, 10n ** 30n], budget), /budget exhausted/);
  assert.throws(() => BUILTINS.get("numbers.range_step")!.fn([0, 10n ** 30n, 3], budget), /budget exhausted/);
  assert.equal((range.fn([0, 999_999], budget) as Value[]).length, 1_000_000);
  assert.equal((BUILTINS.get("numbers.range_step")!.fn([0, 10n ** 30n, 10n ** 25n], budget) as Value[]).length, 100_001);
});

test("rand.intn (compliance rand, regorus numbers/intn)", () => {
  const c = testCtx();
  const intn = (s: Value, n: Value) => BUILTINS.get("rand.intn")!.fn([s, n], c) as Value;
  assert.equal(BUILTINS.get("rand.intn")!.nondeterministic, true);
  const x = intn("x", 50000);
  assert.ok(typeof x === "number" && x >= 0 && x < 50000 && Number.isInteger(x));
  for (let i = 0; i < 100; i++) assert.equal(intn("x", 50000), x); // same arguments, same value
  assert.equal(intn("x", -50000), x); // negative n uses |n|
  assert.equal(intn("b", 0), 0);
  // another query gets fresh values
  const seen = new Set<Value>();
  for (let i = 0; i < 20; i++) seen.add(BUILTINS.get("rand.intn")!.fn(["key", 1000000], testCtx()) as Value);
  assert.ok(seen.size > 1);
  for (let i = 0; i < 200; i++) {
    const v = BUILTINS.get("rand.intn")!.fn(["k" + i, 3], c) as number;
    assert.ok(v >= 0 && v < 3);
  }
  const big = intn("big", 9223372036854775807n);
  assert.ok((typeof big === "number" || typeof big === "bigint") && big >= 0 && BigInt(big) < 9223372036854775807n);
  assert.deepEqual(fail("rand.intn", 1, 2), ["eval_type_error", "operand 1 must be string but got number"]);
  assert.deepEqual(fail("rand.intn", "a", "b"), ["eval_type_error", "operand 2 must be number but got string"]);
  assert.deepEqual(fail("rand.intn", "a", parseNumber("10.3")!), [
    "eval_type_error", "operand 2 must be integer number but got floating-point number",
  ]);
  assert.deepEqual(fail("rand.intn", "a", 9223372036854775808n), [
    "eval_type_error", "operand 2 must be integer number but got floating-point number",
  ]);
});
