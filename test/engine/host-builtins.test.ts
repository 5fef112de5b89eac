// The wasm host's builtins, called directly: the names a module may need, OPA's print(), arity
// and error handling, and the text form values cross the module boundary in.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { EngineError } from "../../src/engine/engine.js";
import { HostBuiltins, valueFromModule, valueToModule } from "../../src/engine/host-builtins.js";
import { RSet, parseValue, toJSONText } from "../../src/rego/index.js";

const v = (text: string) => parseValue(text);

describe("host builtins", () => {
  it("dispatches by the module's ids to the project's builtins", () => {
    const host = new HostBuiltins({ "strings.replace_n": 3, upper: 7, "units.parse_bytes": 1 }, "b.wasm");
    assert.deepEqual(host.names, ["strings.replace_n", "units.parse_bytes", "upper"]);
    assert.equal(host.call(7, ["abc"]), "ABC");
    assert.equal(toJSONText(host.call(1, ["1.5KiB"])!), "1536");
    assert.equal(host.call(3, [v(`{"a": "1"}`), "aaa"]), "111");
  });

  it("print(): one line per combination of values, <undefined> for none (OPA's internal.print)", () => {
    const lines: string[] = [];
    const host = new HostBuiltins({ "internal.print": 0 }, "b.wasm", { print: (l) => lines.push(l) });
    assert.equal(host.call(0, [[RSet.of(["x"]), RSet.of([1, 2]), new RSet(), RSet.of([v(`{"k": [true]}`)])]]), undefined);
    assert.deepEqual(lines, ['x 1 <undefined> {"k": [true]}', 'x 2 <undefined> {"k": [true]}']);
  });

  it("opa.runtime and trace", () => {
    const host = new HostBuiltins({ "opa.runtime": 0, trace: 1 }, "b.wasm");
    assert.equal(toJSONText(host.call(0, [])!), "{}");
    assert.equal(host.call(1, ["note"]), true);
  });

  it("unknown names, relations and network builtins", () => {
    assert.throws(() => new HostBuiltins({ "acme.lookup": 0 }, "b.wasm"), /^EngineError: b\.wasm: the policy calls builtin the wasm host does not implement: acme\.lookup \(not a builtin policy-check knows\)$/);
    assert.throws(() => new HostBuiltins({ walk: 0 }, "b.wasm"), /walk \(a relation/);
    const host = new HostBuiltins({ "http.send": 0 }, "b.wasm");
    assert.throws(() => host.call(0, [v(`{"method": "get", "url": "https://example.com"}`)]), (e: unknown) => e instanceof EngineError && /^b\.wasm: http\.send: not available: policy-check does not make network calls/.test(e.message));
  });

  it("wrong ids and arities are errors", () => {
    const host = new HostBuiltins({ upper: 0 }, "b.wasm");
    assert.throws(() => host.call(5, ["a"]), /b\.wasm: the policy called builtin #5, which is not in its builtin table/);
    assert.throws(() => host.call(0, ["a", "b"]), /b\.wasm: upper called with 2 arguments, it takes 1/);
    assert.throws(() => new HostBuiltins({ upper: "zero" }, "b.wasm"), /builtin table is malformed/);
  });

  it("time.now_ns is fixed within an evaluation and moves on reset()", async () => {
    const host = new HostBuiltins({ "time.now_ns": 0 }, "b.wasm");
    const a = host.call(0, []);
    assert.equal(host.call(0, []), a);
    await new Promise((r) => setTimeout(r, 5));
    host.reset();
    assert.notEqual(host.call(0, []), a);
  });

  it("values cross the boundary as Rego text (sets kept) or JSON (sets as arrays), numbers exact", () => {
    const x = valueFromModule('{"s": {1, 2}, "n": 123456789012345678901234567890, "e": set()}', "rego");
    assert.equal(valueToModule(x, "rego"), '{"e": set(), "n": 123456789012345678901234567890, "s": {1, 2}}');
    assert.equal(valueToModule(x, "json"), '{"e":[],"n":123456789012345678901234567890,"s":[1,2]}');
    assert.equal(toJSONText(valueFromModule('{"n": 1.50, "big": 98765432109876543210}', "json")), '{"big":98765432109876543210,"n":1.50}');
  });
});
