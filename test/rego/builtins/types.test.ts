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

const ITEMS = ["[]", "true", "null", "0", "{}", "set()", '"abc"', "1.5", "18446744073709551617"];

test("is_* (compliance typebuiltin, regorus types)", () => {
  const kinds: Record<string, string[]> = {
    is_array: ["[]"],
    is_boolean: ["true"],
    is_null: ["null"],
    is_number: ["0", "1.5", "18446744073709551617"],
    is_object: ["{}"],
    is_set: ["set()"],
    is_string: ['"abc"'],
  };
  for (const [name, yes] of Object.entries(kinds)) {
    for (const item of ITEMS) assert.equal(call(name, item), String(yes.includes(item)), `${name}(${item})`);
  }
  assert.equal(call("is_string", '"Hello"'), "true");
  assert.equal(call("is_string", "false"), "false");
  assert.equal(call("is_boolean", "false"), "true");
  assert.equal(call("is_array", '["a", "b"]'), "true");
  assert.equal(call("is_set", '{"a", "b"}'), "true");
  assert.equal(call("is_set", "[1, 2, 3]"), "false");
  assert.equal(call("is_object", '"foo"'), "false");
  assert.equal(call("is_null", "true"), "false");
});

test("type_name (compliance typenamebuiltin, regorus types)", () => {
  assert.deepEqual(
    ITEMS.map((i) => call("type_name", i)),
    ['"array"', '"boolean"', '"null"', '"number"', '"object"', '"set"', '"string"', '"number"', '"number"'],
  );
  assert.equal(call("type_name", '{"foo": 1}'), '"object"');
  assert.equal(call("type_name", "{1, 2, 3}"), '"set"');
});

test("to_number (compliance casts)", () => {
  assert.equal(call("to_number", '"3"'), "3");
  assert.equal(call("to_number", "null"), "0");
  assert.equal(call("to_number", "true"), "1");
  assert.equal(call("to_number", "false"), "0");
  assert.equal(call("to_number", "-4.5"), "-4.5");
  assert.equal(call("to_number", '"-4.5"'), "-4.5");
  assert.equal(call("to_number", '"+4.5"'), "4.5");
  assert.equal(call("to_number", '"1e3"'), "1000");
  assert.equal(call("to_number", '"1E+3"'), "1000");
  assert.equal(call("to_number", '".5"'), "0.5");
  assert.equal(call("to_number", '"5."'), "5");
  assert.equal(call("to_number", '"007"'), "7");
  assert.equal(call("to_number", '"-0"'), "0");
  // exact: no rounding through a double
  assert.equal(call("to_number", '"18446744073709551617"'), "18446744073709551617");
  assert.equal(call("to_number", '"0.1"'), "0.1");
  assert.equal(call("to_number", '"1e-400"'), "1e-400");
  // hexadecimal floats, as Go's ParseFloat reads them
  assert.equal(call("to_number", '"0x1p4"'), "16");
  assert.equal(call("to_number", '"0x1.8p1"'), "3");
  assert.equal(call("to_number", '"-0x_1p-2"'), "-0.25");
  assert.deepEqual(fail("to_number", '"broken"'), ["eval_builtin_error", 'strconv.ParseFloat: parsing "broken": invalid syntax']);
  for (const bad of ['""', '" 1"', '"1 "', '"1_000"', '"0x10"', '"0x1__0p0"', '"1e"', '"--1"', '"+-1"', '"1.2.3"', '"one"']) {
    const [code, msg] = fail("to_number", bad);
    assert.equal(code, "eval_builtin_error", bad);
    assert.match(msg, /^strconv\.ParseFloat: parsing ".*": invalid syntax$/, bad);
  }
  assert.deepEqual(fail("to_number", '"1e400"'), ["eval_builtin_error", 'strconv.ParseFloat: parsing "1e400": value out of range']);
  assert.deepEqual(fail("to_number", '"-1e400"'), ["eval_builtin_error", 'strconv.ParseFloat: parsing "-1e400": value out of range']);
  assert.deepEqual(fail("to_number", '"a\\nb"'), ["eval_builtin_error", 'strconv.ParseFloat: parsing "a\\nb": invalid syntax']);
  for (const s of ["nan", "inf", "-inf", "Infinity", "-Infinity", "-nan", "-NaN", "iNf", "+inf", "+-inf"]) {
    assert.deepEqual(fail("to_number", JSON.stringify(s)), ["eval_type_error", "operand 1 must be valid number string but got string"], s);
  }
  assert.deepEqual(fail("to_number", "[]"), ["eval_type_error", "operand 1 must be one of {null, boolean, number, string} but got array"]);
  assert.deepEqual(fail("to_number", "{}"), ["eval_type_error", "operand 1 must be one of {null, boolean, number, string} but got object"]);
});

test("deprecated casts (compliance v0 toarray, toset)", () => {
  assert.equal(call("cast_array", "{1, 2, 3}"), "[1,2,3]");
  assert.equal(call("cast_array", "[3, 1]"), "[3,1]");
  assert.deepEqual(fail("cast_array", '"hello"'), ["eval_type_error", "operand 1 must be one of {array, set} but got string"]);
  assert.equal(call("cast_set", "[1, 1, 1]"), "[1]");
  assert.equal(call("cast_set", "{1, 2, 3}"), "[1,2,3]");
  assert.deepEqual(fail("cast_set", '"hello"'), ["eval_type_error", "operand 1 must be one of {array, set} but got string"]);
  assert.equal(call("cast_string", '"x"'), '"x"');
  assert.deepEqual(fail("cast_string", "1"), ["eval_type_error", "operand 1 must be string but got number"]);
  assert.equal(call("cast_boolean", "false"), "false");
  assert.deepEqual(fail("cast_boolean", "null"), ["eval_type_error", "operand 1 must be boolean but got null"]);
  assert.equal(call("cast_null", "null"), "null");
  assert.deepEqual(fail("cast_null", "false"), ["eval_type_error", "operand 1 must be null but got boolean"]);
  assert.equal(call("cast_object", '{"a": 1}'), '{"a":1}');
  assert.deepEqual(fail("cast_object", "set()"), ["eval_type_error", "operand 1 must be object but got set"]);
});

test("to_number on long hostile strings stays fast", () => {
  const t = Date.now();
  const digits = "1".repeat(200_000);
  assert.match(fail("to_number", JSON.stringify(digits + "x"))[1], /invalid syntax$/);
  assert.match(fail("to_number", JSON.stringify(digits))[1], /value out of range$/);
  assert.match(fail("to_number", JSON.stringify("0x" + "1".repeat(200_000) + "q"))[1], /invalid syntax$/);
  assert.ok(Date.now() - t < 2000);
});
