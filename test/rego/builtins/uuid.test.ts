import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTINS, BuiltinError } from "../../../src/rego/builtins/index.js";
import { parseValue, toJSONText } from "../../../src/rego/index.js";
import { type Value, equal } from "../../../src/rego/value.js";
import { testCtx } from "./ctx.js";

const call = (name: string, args: Value[], ctx = testCtx()): Value | undefined => BUILTINS.get(name)!.fn(args, ctx) as Value | undefined;

function parsed(s: string, want: string | undefined): void {
  const got = call("uuid.parse", [s]);
  if (want === undefined) {
    assert.equal(got, undefined, s);
    return;
  }
  assert.ok(got !== undefined && equal(got, parseValue(want)), `uuid.parse(${s}) = ${got === undefined ? "undefined" : toJSONText(got)}, want ${want}`);
}

test("uuid.rfc4122: random version 4, the same per key within one evaluation (compliance uuid)", () => {
  const ctx = testCtx();
  const a = call("uuid.rfc4122", ["key"], ctx) as string;
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  for (let i = 0; i < 100; i++) assert.equal(call("uuid.rfc4122", ["key"], ctx), a);
  const b = call("uuid.rfc4122", ["other"], ctx) as string;
  assert.notEqual(a, b);
  assert.equal(call("uuid.rfc4122", ["other"], ctx), b);
  // a new evaluation (a new cache) draws a new one
  assert.notEqual(call("uuid.rfc4122", ["key"], testCtx()), a);
  // and it parses as an RFC 4122 version 4 UUID (regorus generate-v4)
  parsed(a, '{"variant": "RFC4122", "version": 4}');
  assert.equal(BUILTINS.get("uuid.rfc4122")!.nondeterministic, true);
  assert.throws(() => call("uuid.rfc4122", [42]), (e: unknown) => e instanceof BuiltinError && e.message === "operand 1 must be string but got number");
});

test("uuid.parse: versions 3, 4, 5 and later report version and variant (compliance uuid-parse)", () => {
  parsed("00000000-0000-4000-8000-000000000000", '{"variant": "RFC4122", "version": 4}');
  parsed("38074da4-0b00-388d-9c3c-362de965547a", '{"variant": "RFC4122", "version": 3}');
  parsed("c66bbb60-d62e-5f17-a399-3a0bd237c503", '{"variant": "RFC4122", "version": 5}');
  parsed("a6342df8-7801-469c-b3f3-c5317a0ebdaa", '{"variant": "RFC4122", "version": 4}');
  parsed("017F22E2-79B0-7CC3-98C4-DC0C0C07398F", '{"variant": "RFC4122", "version": 7}');
  parsed("320C3D4D-CC00-875B-8EC9-32D5F69181C0", '{"variant": "RFC4122", "version": 8}');
});

test("uuid.parse: accepted spellings (compliance uuid-input-formats)", () => {
  parsed("{00000000-0000-4000-8000-000000000000}", '{"variant": "RFC4122", "version": 4}');
  parsed("6bea8ef2d3d33cd184e09bab06a52ece", '{"variant": "RFC4122", "version": 3}');
  parsed("urn:uuid:000003e8-48b9-21ee-b200-325096b39f47", '{"clocksequence": 12800, "domain": "Person", "id": 1000, "macvariables": "local:unicast", "nodeid": "32-50-96-b3-9f-47", "time": 1693566990121469600, "variant": "RFC4122", "version": 2}');
  parsed("URN:UUID:00000000-0000-4000-8000-000000000000", '{"variant": "RFC4122", "version": 4}');
});

test("uuid.parse: versions 1 and 2 decode time, node and clock sequence (compliance, regorus uuid/parse)", () => {
  parsed("000003e8-48b9-21ee-b200-325096b39f47", '{"clocksequence": 12800, "domain": "Person", "id": 1000, "macvariables": "local:unicast", "nodeid": "32-50-96-b3-9f-47", "time": 1693566990121469600, "variant": "RFC4122", "version": 2}');
  parsed("b01d0062-a116-11ee-822b-7ab0b9e5e0c0", '{"clocksequence": 555, "macvariables": "local:unicast", "nodeid": "7a-b0-b9-e5-e0-c0", "time": 1703282931110717000, "variant": "RFC4122", "version": 1}');
  parsed("bdf46d2e-a116-11ee-8c90-0242ac120002", '{"clocksequence": 3216, "macvariables": "local:unicast", "nodeid": "02-42-ac-12-00-02", "time": 1703282954332907000, "variant": "RFC4122", "version": 1}');
  parsed("b700c334-a128-11ee-bfff-7ab0b9e5e0c0", '{"clocksequence": 16383, "macvariables": "local:unicast", "nodeid": "7a-b0-b9-e5-e0-c0", "time": 1703290673610834000, "variant": "RFC4122", "version": 1}');
  parsed("000003e8-a129-21ee-ae00-325096b39f47", '{"clocksequence": 11776, "domain": "Person", "id": 1000, "macvariables": "local:unicast", "nodeid": "32-50-96-b3-9f-47", "time": 1703290796079613600, "variant": "RFC4122", "version": 2}');
  // multicast / global bits of the node id
  parsed("b01d0062-a116-11ee-822b-010000000000", '{"clocksequence": 555, "macvariables": "global:multicast", "nodeid": "01-00-00-00-00-00", "time": 1703282931110717000, "variant": "RFC4122", "version": 1}');
  parsed("b01d0062-a116-11ee-822b-000000000000", '{"clocksequence": 555, "macvariables": "global:unicast", "nodeid": "00-00-00-00-00-00", "time": 1703282931110717000, "variant": "RFC4122", "version": 1}');
});

test("uuid.parse: other variants", () => {
  parsed("00000000-0000-4000-0000-000000000000", '{"variant": "Reserved", "version": 4}');
  parsed("00000000-0000-4000-c000-000000000000", '{"variant": "Microsoft", "version": 4}');
  parsed("00000000-0000-4000-e000-000000000000", '{"variant": "Future", "version": 4}');
});

test("uuid.parse: not a UUID is undefined; a non-string operand is an error", () => {
  parsed("not-valid", undefined);
  parsed("", undefined);
  parsed("00000000-0000-4000-8000-00000000000g", undefined);
  parsed("00000000x0000-4000-8000-000000000000", undefined);
  parsed("00000000-0000-4000-8000-000000000000x", undefined);
  parsed("é00000000-0000-4000-8000-000000000000x", undefined); // 39 bytes
  // google/uuid does not check the braces of the 38-character form
  parsed("(00000000-0000-4000-8000-000000000000)", '{"variant": "RFC4122", "version": 4}');
  parsed("urn:uuix:00000000-0000-4000-8000-000000000000", undefined);
  parsed("0000000000004000800000000000000", undefined);
  assert.throws(() => call("uuid.parse", [42]), (e: unknown) => e instanceof BuiltinError && e.message === "operand 1 must be string but got number");
});
