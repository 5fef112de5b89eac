// Reading bundles: a bare policy.wasm, the .tar.gz of `opa build -t wasm` (manifest
// entrypoints, data.json files, Rego sources), and every way a bundle can be wrong, each a
// one-line error naming the file.

import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { stringify as stringifyLossless } from "lossless-json";
import { readBundle } from "../../src/engine/bundle.js";
import { EngineError } from "../../src/engine/engine.js";
import { WasmEngine } from "../../src/engine/wasm-engine.js";
import { InputError } from "../../src/load/input-error.js";
import { B, assemble, assembleText, cleanup, tarGz, tempDir, writeBundle } from "./helpers.js";

after(cleanup);

const wasm = await assemble({ entrypoints: { "policy_check/demo/deny": B.data, "policy_check/demo/warn": B.input } });

async function badBundle(file: string, problem: RegExp): Promise<void> {
  await assert.rejects(readBundle(file), (e: unknown) => {
    assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`);
    assert.equal(e.file, file);
    assert.ok(e.message.startsWith(`${file}: `));
    assert.match(e.problem, problem);
    assert.ok(!e.message.includes("\n"), "one line");
    return true;
  });
}

async function writeTar(files: Record<string, string | Uint8Array>): Promise<string> {
  const file = join(tempDir(), "bundle.tar.gz");
  writeFileSync(file, await tarGz(files));
  return file;
}

describe("reading bundles", () => {
  it("a bare policy.wasm: no data, entrypoints from the module", async () => {
    const file = join(tempDir(), "policy.wasm");
    writeFileSync(file, wasm);
    const b = await readBundle(file);
    assert.equal(b.wasmName, file);
    assert.equal(b.entrypoints, null);
    assert.deepEqual(b.data, {});
    const engine = await WasmEngine.load({ bundle: b, timeoutMs: 10_000 });
    try {
      assert.deepEqual([...engine.entrypoints()], ["policy_check/demo/deny", "policy_check/demo/warn"]);
    } finally {
      await engine.close();
    }
  });

  it("a bundle tarball: manifest entrypoints, data.json files under their directories, Rego sources", async () => {
    const file = await writeBundle(tempDir(), {
      wasm,
      entrypoints: ["policy_check/demo/deny"],
      data: { top: { n: 1 } },
      files: {
        "/policy_check/config/data.json": '{"limit": 12345678901234567890}',
        "/policy_check/config/more/data.yaml": "names: [a, b]\n",
        "/policy/demo.rego": "package policy_check.demo\n",
        "/README.md": "ignored",
      },
    });
    const b = await readBundle(file);
    assert.deepEqual(b.entrypoints, ["policy_check/demo/deny"]);
    assert.equal(b.wasmName, "policy.wasm");
    assert.deepEqual(Object.keys(b.modules), ["policy/demo.rego"]);
    assert.equal(stringifyLossless(b.data), '{"top":{"n":1},"policy_check":{"config":{"limit":12345678901234567890,"more":{"names":["a","b"]}}}}');
    // the data reaches the module, big numbers exactly (the module sees the text as written)
    const engine = await WasmEngine.load({ bundle: b, timeoutMs: 10_000 });
    try {
      assert.deepEqual([...engine.entrypoints()], ["policy_check/demo/deny"]);
      const [r] = await engine.evaluate({}, ["policy_check/demo/deny"]);
      assert.deepEqual(r!.outputs, [{ value: { policy_check: { config: { limit: 12345678901234567000, more: { names: ["a", "b"] } } }, top: { n: 1 } } }]);
    } finally {
      await engine.close();
    }
  });

  it("an uncompressed tar is read too", async () => {
    const gz = await tarGz({ "policy.wasm": wasm });
    const { gunzipSync } = await import("node:zlib");
    const file = join(tempDir(), "bundle.tar");
    writeFileSync(file, gunzipSync(gz));
    assert.equal((await readBundle(file)).wasmName, "policy.wasm");
  });
});

describe("bad bundles: one line naming the file", () => {
  it("missing file, a directory", async () => {
    const dir = tempDir();
    await badBundle(join(dir, "nope.tar.gz"), /^no such file$/);
    mkdirSync(join(dir, "d"));
    await badBundle(join(dir, "d"), /^is a directory/);
  });

  it("neither wasm nor a bundle", async () => {
    const file = join(tempDir(), "policy.rego");
    writeFileSync(file, "package x\n");
    await badBundle(file, /^not an OPA bundle: expected a wasm module \(policy\.wasm\) or a bundle \.tar\.gz/);
  });

  it("a wasm header with a broken module", async () => {
    const file = join(tempDir(), "policy.wasm");
    writeFileSync(file, Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0xff]));
    await badBundle(file, /^not a valid wasm module \(/);
  });

  it("a broken gzip stream, a gzip that is not a tar", async () => {
    const dir = tempDir();
    const broken = join(dir, "a.tar.gz");
    writeFileSync(broken, Buffer.concat([gzipSync(Buffer.alloc(4096, 7)).subarray(0, 20)]));
    await badBundle(broken, /^not a readable gzip file/);
    const notTar = join(dir, "b.tar.gz");
    writeFileSync(notTar, gzipSync(Buffer.from("just some text, not an archive".repeat(40))));
    await badBundle(notTar, /^not a readable tar archive/);
  });

  it("a tarball without policy.wasm, or whose policy.wasm is not wasm", async () => {
    await badBundle(await writeTar({ "/data.json": "{}" }), /^no policy\.wasm in the bundle: build it with `opa build -t wasm -e ENTRYPOINT`$/);
    await badBundle(await writeTar({ "/policy.wasm": "not wasm" }), /^policy\.wasm: not a wasm module/);
  });

  it("bad manifests", async () => {
    await badBundle(await writeTar({ "/policy.wasm": wasm, "/.manifest": "{not json" }), /^\.manifest is not valid JSON/);
    await badBundle(await writeTar({ "/policy.wasm": wasm, "/.manifest": "[1]" }), /^\.manifest must hold a JSON object$/);
    await badBundle(await writeTar({ "/policy.wasm": wasm, "/.manifest": '{"wasm": {"entrypoint": "a/b"}}' }), /^\.manifest: "wasm" must be a list/);
    await badBundle(await writeTar({ "/policy.wasm": wasm, "/.manifest": '{"wasm": [{"module": "/policy.wasm"}]}' }), /^\.manifest: wasm\[0\] must have a string "entrypoint" and "module"$/);
    await badBundle(await writeTar({ "/policy.wasm": wasm, "/.manifest": '{"wasm": [{"entrypoint": "a/b", "module": "/other.wasm"}]}' }), /^no other\.wasm in the bundle \(has policy\.wasm\)/);
    await badBundle(
      await writeTar({ "/policy.wasm": wasm, "/b.wasm": wasm, "/.manifest": '{"wasm": [{"entrypoint": "a/b", "module": "/policy.wasm"}, {"entrypoint": "c/d", "module": "/b.wasm"}]}' }),
      /^bundle holds several wasm modules \(policy\.wasm, b\.wasm\)/,
    );
  });

  it("bad data files", async () => {
    await badBundle(await writeTar({ "/policy.wasm": wasm, "/data.json": "{oops" }), /^data\.json is not valid JSON/);
    await badBundle(await writeTar({ "/policy.wasm": wasm, "/data.json": "[1, 2]" }), /^data\.json must hold an object$/);
    await badBundle(await writeTar({ "/policy.wasm": wasm, "/data.json": '{"a": 1}', "/a/data.json": '{"b": 2}' }), /^data\.json: data conflicts at a$/);
  });

  it("a manifest entrypoint the module does not have", async () => {
    const file = await writeBundle(tempDir(), { wasm, entrypoints: ["policy_check/demo/deny", "policy_check/other/deny"] });
    await assert.rejects(WasmEngine.load({ bundle: await readBundle(file), timeoutMs: 10_000 }), (e: unknown) => {
      assert.ok(e instanceof EngineError);
      assert.equal(e.message, `${file}: bad manifest: entrypoint policy_check/other/deny not in policy.wasm (it has policy_check/demo/deny, policy_check/demo/warn)`);
      return true;
    });
  });

  it("valid wasm that is not an OPA policy module", async () => {
    const dir = tempDir();
    const cases: [string, RegExp][] = [
      ["(module)", /not an OPA policy module \(no opa_wasm_abi_version export\)$/],
      ['(module (global (export "opa_wasm_abi_version") i32 (i32.const 2)))', /OPA wasm ABI version 2 is not supported \(1\.x is\)$/],
      ['(module (global (export "opa_wasm_abi_version") i32 (i32.const 1)) (global (export "opa_wasm_abi_minor_version") i32 (i32.const 2)) (func (export "builtins") (result i32) (i32.const 0)))', /not an OPA policy module \(ABI 1\.2\): missing exports entrypoints, opa_malloc, .*opa_eval$/],
      ['(module (import "env" "something_else" (func)))', /not an OPA policy module: cannot instantiate it/],
    ];
    for (const [i, [wat, pattern]] of cases.entries()) {
      const file = join(dir, `m${i}.wasm`);
      writeFileSync(file, await assembleText(wat));
      await assert.rejects(WasmEngine.load({ bundle: await readBundle(file), timeoutMs: 10_000 }), (e: unknown) => {
        assert.ok(e instanceof EngineError, String(e));
        assert.ok(e.message.startsWith(`${file}: `), e.message);
        assert.match(e.message, pattern);
        return true;
      });
    }
  });
});
