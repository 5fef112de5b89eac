import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTINS, RefusedBuiltinError } from "../../../src/rego/builtins/index.js";
import { parseValue } from "../../../src/rego/index.js";
import { testCtx } from "./ctx.js";

test("network builtins are registered with OPA's arities and refuse every call", () => {
  const cases: [string, number, string][] = [
    ["http.send", 1, '{"method": "get", "url": "http://example.com"}'],
    ["net.lookup_ip_addr", 1, '"example.com"'],
  ];
  for (const [name, arity, arg] of cases) {
    const def = BUILTINS.get(name);
    assert.ok(def, `${name} is registered`);
    assert.equal(def.arity, arity, name);
    assert.throws(
      () => def.fn([parseValue(arg)], testCtx()),
      (e: unknown) =>
        e instanceof RefusedBuiltinError &&
        /not available/.test(e.message) &&
        /network/.test(e.message) &&
        !e.message.startsWith(name),
      name,
    );
  }
});

test("refusal does not depend on the arguments (no faked responses)", () => {
  const send = BUILTINS.get("http.send")!;
  for (const arg of ["{}", "null", '"x"', '{"method": "GET", "url": "https://127.0.0.1", "raise_error": false}']) {
    assert.throws(() => send.fn([parseValue(arg)], testCtx()), RefusedBuiltinError);
  }
});
