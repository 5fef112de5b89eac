import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTINS } from "../../../src/rego/builtins/index.js";
import { parseValue } from "../../../src/rego/index.js";
import type { Value } from "../../../src/rego/value.js";
import { testCtx } from "./ctx.js";

const ctx = testCtx();
const V = (text: string): Value => parseValue(text);

function call(name: string, ...args: string[]): Value | undefined {
  return BUILTINS.get(name)!.fn(args.map(V), ctx) as Value | undefined;
}

/** -1, 0 or 1 as the lt/gt/equal builtins order a and b (compliance comparisonexpr/decimals). */
function order(a: string, b: string): number {
  if (call("lt", a, b) === true) return -1;
  if (call("gt", a, b) === true) return 1;
  if (call("equal", a, b) === true) return 0;
  assert.fail(`${a} and ${b} are unordered`);
}

test("equal and neq (compliance comparisonexpr, eqexpr)", () => {
  assert.equal(call("equal", "1", "1"), true);
  assert.equal(call("equal", "0", "1"), false);
  assert.equal(call("neq", "0", "1"), true);
  assert.equal(call("neq", "28857836529306024611913", "28857836529306024611912"), true);
  assert.equal(call("equal", "28857836529306024611913", "28857836529306024611913"), true);
  assert.equal(call("equal", '{"a": [1, {2, 3}]}', '{"a": [1.0, {3, 2}]}'), true);
  assert.equal(call("equal", "{}", "set()"), false);
  assert.equal(call("equal", "[]", "{}"), false);
  assert.equal(call("equal", "null", "false"), false);
  assert.equal(call("equal", '"1"', "1"), false);
  // regorus comparison/eq: every value equals only itself
  const values = ["1", "-1", "null", '"hello"', "true", "false", "[]", "[1, 2, 3]", '[4, "abc", null]', "set()", "{1, 2, 3}", '{4, "abc", null}', "{}", '{"a": 1}'];
  for (const a of values) for (const b of values) assert.equal(call("equal", a, b), a === b, `${a} == ${b}`);
  for (const a of values) for (const b of values) assert.equal(call("neq", a, b), a !== b, `${a} != ${b}`);
});

test("order operators (compliance comparisonexpr)", () => {
  assert.equal(call("gt", "1", "0"), true);
  assert.equal(call("gte", "1", "1"), true);
  assert.equal(call("gte", "1", "2"), false);
  assert.equal(call("lt", "-1", "0"), true);
  assert.equal(call("lte", "-1", "0"), true);
  assert.equal(call("lte", "1", "1"), true);
  assert.equal(call("lt", "1", "1"), false);
  // the total order across types: null < boolean < number < string < array < object < set
  const chain = ["null", "false", "true", "-1e400", "-1", "0", "0.5", "1e400", '""', '"a"', '"b"', "[]", "[1]", "[1, 2]", "[2]", "{}", '{"a": 1}', '{"b": 0}', "set()", "{1}", "{1, 2}", "{2}"];
  for (let i = 0; i < chain.length; i++) {
    for (let j = 0; j < chain.length; j++) {
      assert.equal(call("lt", chain[i]!, chain[j]!), i < j, `${chain[i]} < ${chain[j]}`);
      assert.equal(call("lte", chain[i]!, chain[j]!), i <= j, `${chain[i]} <= ${chain[j]}`);
      assert.equal(call("gt", chain[i]!, chain[j]!), i > j, `${chain[i]} > ${chain[j]}`);
      assert.equal(call("gte", chain[i]!, chain[j]!), i >= j, `${chain[i]} >= ${chain[j]}`);
    }
  }
});

test("decimals order like the numbers they denote (compliance comparisonexpr/decimals)", () => {
  const cases: [string, string, number][] = [
    ["3", "3.5", -1],
    ["3.25", "3.5", -1],
    ["3.50", "3.5", 0],
    ["1e2", "100", 0],
    ["1E+2", "100.0", 0],
    ["1e-1", "0.10", 0],
    ["0.1", "0.10000000000001", -1],
    ["-2.5", "2.5", -1],
    ["-2.5", "-2.25", -1],
    ["-0", "0", 0],
    ["0.0", "0.001", -1],
    ["-0.001", "0", -1],
    ["0.000000000000001", "0.000000000000002", -1],
    ["0.01", "0.001", 1],
    ["-0.5", "-0.05", -1],
    ["0", "-0.001", 1],
    ["-0", "-2.5", 1],
    ["123456789012345", "123456789012345.5", -1],
    ["999999999999999", "1e15", -1],
    ["1e299", "1e-299", 1],
    ["-1e299", "1e-299", -1],
    ["1e400", "1e399", 1],
    ["1e-400", "0", 1],
    ["0.1234567890123456789", "0.1234567890123456788", 1],
    ["1234567890123456789012", "1234567890123456789013", -1],
  ];
  for (const [a, b, want] of cases) assert.equal(order(a, b), want, `${a} vs ${b}`);
});
