import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Float,
  fromJS,
  numAdd,
  numCeil,
  numCmp,
  numDiv,
  numFloor,
  numMul,
  numRem,
  numRound,
  numSub,
  numToString,
  parseNumber,
} from "../../src/rego/number.js";

const p = (s: string) => {
  const n = parseNumber(s);
  assert.ok(n !== undefined, s);
  return n;
};
const s = numToString;

test("integers stay exact beyond 2^53", () => {
  assert.equal(s(numAdd(p("9007199254740993"), 0)), "9007199254740993");
  assert.equal(s(numAdd(p("9223372036854775807"), 1)), "9223372036854775808");
  assert.equal(s(numMul(p("1700000000000000000"), 10)), "17000000000000000000");
  assert.equal(s(numAdd(p("1e30"), 1)), "1000000000000000000000000000001");
  assert.equal(typeof p("42"), "number");
  assert.equal(typeof p("12345678901234567890"), "bigint");
});

test("integral literals are integers: 10.00, 1e3", () => {
  assert.equal(p("10.00"), 10);
  assert.equal(p("1e3"), 1000);
  assert.equal(p("-0"), 0);
  assert.equal(p("0.0"), 0);
});

test("decimals follow Go big.Float (64-bit mantissa) as OPA", () => {
  assert.equal(s(numAdd(p("0.1"), p("0.2"))), "0.3");
  assert.equal(s(numDiv(1, 4)), "0.25");
  assert.equal(s(numMul(p("1.5"), 2)), "3");
  assert.equal(s(numSub(p("2.5"), p("0.5"))), "2");
  assert.equal(s(numDiv(1, 3)), "0.33333333333333333334");
  assert.equal(s(numDiv(p("1234567.5"), 1)), "1.2345675e+06");
  assert.equal(s(p("66.66667")), "66.66667", "literal text is kept");
});

test("division: exact on ints when divisible, divide by zero is an error", () => {
  assert.equal(numDiv(10, 2), 5);
  assert.throws(() => numDiv(1, 0), /divide by zero/);
  assert.throws(() => numDiv(1, p("0.0")), /divide by zero/);
});

test("remainder: sign of dividend, integers only", () => {
  assert.equal(numRem(-17, 5), -2);
  assert.equal(numRem(17, -5), 2);
  assert.throws(() => numRem(p("1.5"), 1), /modulo on floating-point number/);
  assert.throws(() => numRem(1, 0), /modulo by zero/);
  assert.equal(s(numRem(p("100000000000000000000"), 7)), String(100000000000000000000n % 7n));
});

test("rounding: half away from zero, floor and ceil", () => {
  assert.equal(numRound(p("2.5")), 3);
  assert.equal(numRound(p("-2.5")), -3);
  assert.equal(numRound(p("2.4")), 2);
  assert.equal(numFloor(p("-2.5")), -3);
  assert.equal(numCeil(p("-2.5")), -2);
  assert.equal(numCeil(p("2.1")), 3);
});

test("comparison across representations", () => {
  assert.equal(numCmp(p("0.1"), p("0.10")), 0);
  assert.equal(numCmp(1, p("1.5")), -1);
  assert.equal(numCmp(p("18446744073709551616"), p("1.5")), 1);
  assert.equal(numCmp(p("-1e400"), p("1e-400")), -1);
});

test("JS doubles convert without losing the integer value", () => {
  assert.equal(s(fromJS(1e20)), "100000000000000000000");
  assert.equal(s(fromJS(0.1)), "0.1");
  assert.ok(fromJS(0.5) instanceof Float);
  assert.throws(() => fromJS(Infinity));
});

test("not numbers", () => {
  for (const bad of ["", "abc", "1.2.3", "--1", "1e", "0x10", "NaN"]) assert.equal(parseNumber(bad), undefined, bad);
});

test("hostile exponents are refused quickly instead of hanging", () => {
  const t0 = Date.now();
  assert.equal(parseNumber("1e999999999"), undefined);
  assert.equal(parseNumber("-1e-999999999"), undefined);
  assert.notEqual(parseNumber("1e400"), undefined);
  assert.ok(Date.now() - t0 < 2000);
});
