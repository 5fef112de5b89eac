// Differential testing (`npm run conformance -- --against-opa`) against a fake opa: a small
// suite in OPA's format and a folder of policy tests, run through the project's engine and
// the fake; the differences listed are exactly the ones planted. And the script: without opa it
// says it was not run and why, and exits 0.

import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { againstOpa, reportLines } from "../../src/engine/differential/index.js";
import { type CliRun, cleanup, runScript, tempDir } from "./helpers.js";
import { VERSION_RULE, type FakeRule, writeFakeOpa } from "./fake-opa.js";

after(cleanup);

const SUITE_V1 = `cases:
  - note: same/value
    modules:
      - |
        package test
        p := 1
    query: data.test.p = x
    want_result:
      - x: 1
  - note: different/value
    modules:
      - |
        package test
        q := [1, 2]
    query: data.test.q = x
    want_result:
      - x: [1, 2]
  - note: different/error
    modules:
      - |
        package test
        r := 3
    query: data.test.r = x
    want_result:
      - x: 3
  - note: same/input-and-data
    data:
      limits: {max: 12345678901234567890}
    input: {a: 5}
    modules:
      - |
        package test
        s := input.a + 1
    query: data.test.s = x; data.limits.max = m
    want_result:
      - x: 6
        m: 12345678901234567890
  - note: same/env
    env:
      GREETING: hello
    modules:
      - |
        package test
        t := opa.runtime().env.GREETING
    query: data.test.t = x
    want_result:
      - x: hello
  - note: skipped/network
    modules:
      - |
        package test
        u := http.send({"method": "get", "url": "https://example.com"})
    query: data.test.u = x
    want_result: []
`;

const SUITE_V0 = `cases:
  - note: same/v0-syntax
    modules:
      - |
        package test
        v0p[x] { x := 1 }
    query: data.test.v0p = x
    want_result:
      - x: [1]
`;

const TESTS = `package demo_test

import rego.v1

test_passes if true

test_fails if false

todo_test_later if true
`;

function suite(): string {
  const root = tempDir("pc-suite-");
  mkdirSync(join(root, "v1"));
  mkdirSync(join(root, "v0"));
  writeFileSync(join(root, "v1", "cases.yaml"), SUITE_V1);
  writeFileSync(join(root, "v0", "cases.yaml"), SUITE_V0);
  return root;
}

function testsDir(): string {
  const dir = tempDir("pc-tests-");
  writeFileSync(join(dir, "demo_test.rego"), TESTS);
  return dir;
}

const result = (bindings: Record<string, unknown>): unknown => ({ result: [{ expressions: [{ value: true, text: "q" }], bindings }] });

const RULES: FakeRule[] = [
  VERSION_RULE,
  { command: "eval", queryIncludes: "data.test.p ", json: result({ x: 1 }) },
  { command: "eval", queryIncludes: "data.test.v0p", json: result({ x: [1] }) },
  { command: "eval", queryIncludes: "data.test.q", json: result({ x: [2, 1] }) },
  { command: "eval", queryIncludes: "data.test.r", code: 1, json: { errors: [{ code: "rego_type_error", message: "r is wrong", location: { file: "test-0.rego", row: 2 } }] } },
  { command: "eval", queryIncludes: "data.test.s", stdout: '{"result":[{"expressions":[],"bindings":{"x":6,"m":12345678901234567890}}]}' },
  { command: "eval", queryIncludes: "data.test.t", json: result({ x: "hello" }) },
  {
    command: "test",
    code: 2,
    json: [
      { location: { file: "demo_test.rego", row: 5 }, package: "data.demo_test", name: "test_passes", duration: 1 },
      { location: { file: "demo_test.rego", row: 7 }, package: "data.demo_test", name: "test_fails", fail: true, duration: 1 },
      { location: { file: "demo_test.rego", row: 9 }, package: "data.demo_test", name: "todo_test_later", skip: true, duration: 1 },
      { location: { file: "other_test.rego", row: 1 }, package: "data.demo_test", name: "test_only_opa_sees", error: { code: "eval_type_error", message: "boom" }, duration: 1 },
    ],
  },
];

describe("against opa", () => {
  it("runs every case and policy test through both and lists exactly the differences", async () => {
    const fake = writeFakeOpa(tempDir("pc-fake-opa-"), RULES);
    const root = suite();
    const tests = testsDir();
    const report = await againstOpa({ opa: { path: fake.bin, via: "OPA_BIN" }, suites: [root], testDirs: [tests] });
    assert.equal(report.opaVersion, "1.99.0-fake");
    assert.deepEqual(report.suites, [{ root, format: "opa", tally: { same: 4, different: 2, skipped: 1 } }]);
    assert.deepEqual(report.tests, { same: 3, different: 1, skipped: 0 });
    assert.deepEqual(report.differences, [
      { what: "case", name: "v1/cases.yaml#1 (different/value)", ours: '[{"bindings":{"x":[1,2]}}]', opa: '[{"bindings":{"x":[2,1]}}]' },
      { what: "case", name: "v1/cases.yaml#2 (different/error)", ours: '[{"bindings":{"x":3}}]', opa: "error rego_type_error: opa: test-0.rego:2: rego_type_error: r is wrong" },
      { what: "test", name: "data.demo_test.test_only_opa_sees", ours: "absent", opa: "error" },
    ]);
    assert.deepEqual(report.skipped.map((s) => s.name), ["v1/cases.yaml#5 (skipped/network)"]);

    // what opa was given
    const calls = fake.invocations();
    const evalOf = (text: string) => calls.find((c) => c.argv[0] === "eval" && c.argv[c.argv.length - 1]!.includes(text))!;
    const v0 = evalOf("data.test.v0p");
    assert.deepEqual(v0.argv.slice(0, 4), ["eval", "--format", "json", "--v0-compatible"]);
    assert.ok(!v0.argv.includes("--stdin-input"), "no input, no --stdin-input");
    const dataDir = v0.argv[v0.argv.indexOf("--data") + 1]!;
    assert.deepEqual(v0.data[dataDir], { "test-0.rego": "package test\nv0p[x] { x := 1 }\n" });
    const withInput = evalOf("data.test.s");
    assert.ok(withInput.argv.includes("--stdin-input") && !withInput.argv.includes("--v0-compatible"));
    assert.equal(withInput.stdin, '{"a":5}');
    const dir = withInput.argv[withInput.argv.indexOf("--data") + 1]!;
    assert.equal(withInput.data[dir]!["data.json"], '{"limits":{"max":12345678901234567890}}');
    assert.deepEqual(evalOf("data.test.t").env, { GREETING: "hello" });
    const testCall = calls.find((c) => c.argv[0] === "test")!;
    assert.deepEqual(testCall.argv, ["test", "--format", "json", tests]);

    const lines = reportLines(report);
    assert.equal(lines[0], 'DIFF case v1/cases.yaml#1 (different/value)\n  ours: [{"bindings":{"x":[1,2]}}]\n  opa:  [{"bindings":{"x":[2,1]}}]');
    assert.equal(lines.at(-1), "3 differences: 7 same, 3 different, 1 skipped");
  });

  it("opa that is not opa: an error, not a comparison", async () => {
    const fake = writeFakeOpa(tempDir("pc-fake-opa-"), [{ command: "version", stdout: "something else\n" }]);
    await assert.rejects(againstOpa({ opa: { path: fake.bin, via: "OPA_BIN" }, suites: [], testDirs: [] }), /version did not answer like opa/);
  });
});

function script(args: string[], env: Record<string, string | undefined>): Promise<CliRun> {
  return runScript(new URL("../../scripts/conformance.ts", import.meta.url).pathname, args, env);
}

describe("npm run conformance -- --against-opa", () => {
  it("without opa: one line saying it was not run and why, exit 0", async () => {
    const r = await script(["--against-opa", suite()], { OPA_BIN: undefined, PATH: "/nonexistent" });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "against-opa: not run: OPA_BIN is not set and there is no opa on PATH (set OPA_BIN to an opa binary to compare the engine with OPA)\n");
  });

  it("with OPA_BIN: every difference listed, exit 1", async () => {
    const fake = writeFakeOpa(tempDir("pc-fake-opa-"), RULES);
    const r = await script(["--against-opa", suite(), "--tests", testsDir()], { OPA_BIN: fake.bin });
    assert.equal(r.code, 1, r.stderr);
    assert.equal((r.stdout.match(/^DIFF /gm) ?? []).length, 3);
    assert.match(r.stdout, /against opa 1\.99\.0-fake: 4 same, 2 different, 1 skipped\n/);
    assert.match(r.stdout, /^policy tests against opa 1\.99\.0-fake: 3 same, 1 different$/m);
  });
});
