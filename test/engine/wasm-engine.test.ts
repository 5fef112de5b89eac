// The wasm backend against small modules assembled from test/fixtures/wasm/opa-abi.wat, which
// implement OPA's wasm ABI (the exports @open-policy-agent/opa-wasm calls and the env imports a
// policy module needs, host builtin calls included). Proves that input, data and entrypoints
// reach the module, that results, undefined results, aborts and builtin errors come back
// right, that host builtins are the project's own, and that a module that never returns is
// stopped.

import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readBundle } from "../../src/engine/bundle.js";
import { EngineError } from "../../src/engine/engine.js";
import { WasmEngine } from "../../src/engine/wasm-engine.js";
import { B, assemble, cleanup, tempDir, writeBundle } from "./helpers.js";

after(cleanup);

const TEST_EPS = { "test/input": B.input, "test/data": B.data, "test/undefined": B.undefined, "test/abort": B.abort, "test/print": B.println, "test/loop": B.loop };

async function engineFor(spec: Parameters<typeof assemble>[0], data?: unknown, opts: { timeoutMs?: number; print?: (l: string) => void } = {}): Promise<WasmEngine> {
  const wasm = await assemble(spec);
  const file = await writeBundle(tempDir(), { wasm, entrypoints: Object.keys(spec.entrypoints), data });
  return WasmEngine.load({ bundle: await readBundle(file), timeoutMs: opts.timeoutMs ?? 10_000, ...(opts.print ? { print: opts.print } : {}) });
}

async function rejects(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof EngineError, `expected an EngineError, got ${String(e)}`);
    assert.match(e.message, pattern);
    assert.ok(!e.message.includes("\n"), "one line");
    return true;
  });
}

for (const minor of [2, 1] as const) {
  describe(`OPA wasm ABI 1.${minor} (${minor === 2 ? "opa_eval" : "evaluation contexts"})`, () => {
    it("passes the input and the bundle's data, selects entrypoints, reads defined and undefined results", async () => {
      const engine = await engineFor({ minor, entrypoints: TEST_EPS }, { limits: { max: 3 }, names: ["a", "é"] });
      try {
        assert.deepEqual([...engine.entrypoints()], Object.keys(TEST_EPS));
        const input = { resources: [{ address: "aws_ebs_volume.data", size: 12345678901234567890n }], note: "ünïcode ✓" };
        const results = await engine.evaluate(input, ["test/data", "test/input", "test/undefined"]);
        assert.deepEqual(
          results.map((r) => r.entrypoint),
          ["test/data", "test/input", "test/undefined"],
        );
        assert.deepEqual(results[0]!.outputs, [{ value: { limits: { max: 3 }, names: ["a", "é"] } }]);
        // the input arrives as exact JSON (the big integer is written exactly; JSON.parse reads it back as a double)
        assert.deepEqual(results[1]!.outputs, [{ value: { resources: [{ address: "aws_ebs_volume.data", size: 12345678901234567000 }], note: "ünïcode ✓" } }]);
        assert.deepEqual(results[2]!.outputs, []);
        // a second evaluation with another input sees that input
        const again = await engine.evaluate(["other"], ["test/input"]);
        assert.deepEqual(again[0]!.outputs, [{ value: ["other"] }]);
      } finally {
        await engine.close();
      }
    });

    it("an abort is an error naming the bundle and the module's message", async () => {
      const engine = await engineFor({ minor, entrypoints: TEST_EPS });
      try {
        await rejects(engine.evaluate({}, ["test/abort"]), /bundle\.tar\.gz \(policy\.wasm\): evaluation aborted: boom: entrypoint 3 aborts$/);
        // the engine still works after an error
        assert.deepEqual((await engine.evaluate({ a: 1 }, ["test/input"]))[0]!.outputs, [{ value: { a: 1 } }]);
      } finally {
        await engine.close();
      }
    });
  });
}

describe("host builtins", () => {
  it("sprintf reaches the project's implementation (OPA's %v, not sprintf-js)", async () => {
    const engine = await engineFor({ builtins: { sprintf: 0 }, entrypoints: { "test/sprintf": B.builtin2 }, constant: '"%v has %d items, %s"' });
    try {
      const r = await engine.evaluate([{ k: ["v", 1.5] }, 3, "ok"], ["test/sprintf"]);
      // sprintf-js (opa-wasm's own) would print "[object Object] has 3 items, ok"
      assert.deepEqual(r[0]!.outputs, [{ value: '{"k": ["v", 1.5]} has 3 items, ok' }]);
    } finally {
      await engine.close();
    }
  });

  it("arguments are read in Rego syntax: a set constant reaches object.remove as a set", async () => {
    const engine = await engineFor({ builtins: { sprintf: 0, "object.remove": 1 }, entrypoints: { "test/remove": B.builtin2r }, constant: '{"a", "b"}' });
    try {
      const r = await engine.evaluate({ a: 1, b: 2, c: 3 }, ["test/remove"]);
      assert.deepEqual(r[0]!.outputs, [{ value: { c: 3 } }]);
    } finally {
      await engine.close();
    }
  });

  it("regex builtins are RE2's (regex.match with a Unicode class JavaScript's default RegExp lacks)", async () => {
    const engine = await engineFor({ builtins: { "regex.match": 0 }, entrypoints: { "test/match": B.builtin2 }, constant: '"^\\\\p{Greek}+$"' });
    try {
      assert.deepEqual((await engine.evaluate("αβγ", ["test/match"]))[0]!.outputs, [{ value: true }]);
      assert.deepEqual((await engine.evaluate("abc", ["test/match"]))[0]!.outputs, [{ value: false }]);
    } finally {
      await engine.close();
    }
  });

  it("a builtin with no arguments (time.now_ns) and one with one (json.marshal)", async () => {
    const now = await engineFor({ builtins: { "time.now_ns": 0 }, entrypoints: { "test/now": B.builtin0 } });
    const marshal = await engineFor({ builtins: { "json.marshal": 0 }, entrypoints: { "test/marshal": B.builtin1 } });
    try {
      const before = Date.now();
      const ns = (await now.evaluate({}, ["test/now"]))[0]!.outputs[0]!.value as number;
      assert.ok(Math.abs(ns / 1e6 - before) < 60_000, `time.now_ns ${ns} near ${before}`);
      assert.deepEqual((await marshal.evaluate({ b: [1, { c: null }], a: "x" }, ["test/marshal"]))[0]!.outputs, [{ value: '{"a":"x","b":[1,{"c":null}]}' }]);
    } finally {
      await now.close();
      await marshal.close();
    }
  });

  it("a builtin error is an evaluation error naming the builtin (as OPA's Go SDK does)", async () => {
    const engine = await engineFor({ builtins: { sprintf: 0 }, entrypoints: { "test/sprintf": B.builtin2 }, constant: '"%d"' });
    try {
      await rejects(engine.evaluate("not an array", ["test/sprintf"]), /: sprintf: operand 2 must be array but got string$/);
    } finally {
      await engine.close();
    }
  });

  it("a builtin the host does not have is an error when the bundle is loaded", async () => {
    const wasm = await assemble({ builtins: { sprintf: 0, "custom.lookup": 1, walk: 2 }, entrypoints: { "test/input": B.input } });
    const file = await writeBundle(tempDir(), { wasm, entrypoints: ["test/input"] });
    await rejects(
      WasmEngine.load({ bundle: await readBundle(file), timeoutMs: 10_000 }),
      /bundle\.tar\.gz \(policy\.wasm\): the policy calls builtins the wasm host does not implement: custom\.lookup \(not a builtin policy-check knows\), walk \(a relation/,
    );
  });

  it("print output (opa_println) goes to the print callback", async () => {
    const lines: string[] = [];
    const engine = await engineFor({ entrypoints: TEST_EPS }, undefined, { print: (l) => lines.push(l) });
    try {
      assert.deepEqual((await engine.evaluate({}, ["test/print"]))[0]!.outputs, [{ value: true }]);
      assert.deepEqual(lines, ["hello from wasm"]);
    } finally {
      await engine.close();
    }
  });
});

describe("limits", () => {
  it("a module that never returns is stopped at the time budget, and the engine recovers", async () => {
    const engine = await engineFor({ entrypoints: TEST_EPS }, undefined, { timeoutMs: 1_500 });
    try {
      const t0 = Date.now();
      await rejects(engine.evaluate({}, ["test/loop"]), /evaluating test\/loop did not finish within 1500 ms; the wasm evaluation was stopped$/);
      assert.ok(Date.now() - t0 < 10_000, "stopped promptly");
      assert.deepEqual((await engine.evaluate({ after: true }, ["test/input"]))[0]!.outputs, [{ value: { after: true } }]);
    } finally {
      await engine.close();
    }
  });

  it("an entrypoint the module does not have is an error", async () => {
    const engine = await engineFor({ entrypoints: { "test/input": B.input } });
    try {
      await rejects(engine.evaluate({}, ["policy_check/x/deny"]), /no entrypoint policy_check\/x\/deny in the module \(it has test\/input\)$/);
      await engine.close();
      await rejects(engine.evaluate({}, ["test/input"]), /the wasm engine was closed$/);
    } finally {
      await engine.close();
    }
  });
});
