// The opa backend against a fake `opa` (test/engine/fake-opa.ts) that records its arguments and
// input and answers as `opa eval --format json` does: finding the binary, the arguments, the
// results, and every error path (missing binary, reported errors, non-zero exit, output that is
// not JSON, a run past its time budget), one line each.

import { after, afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCheck } from "../../src/check/run-check.js";
import { defaultConfig } from "../../src/config/load-config.js";
import { EngineError } from "../../src/engine/engine.js";
import { OpaBinaryEngine } from "../../src/engine/opa-binary-engine.js";
import { type OpaLocation, OpaReportedError, findOpa, requireOpa } from "../../src/engine/opa-binary.js";
import { SHIPPED_POLICY_DIR, loadPolicies } from "../../src/evaluate/policy-set.js";
import { toJS } from "../../src/rego/index.js";
import { cleanup, runCli, tempDir } from "./helpers.js";
import { type FakeRule, writeFakeOpa } from "./fake-opa.js";

after(cleanup);

const savedOpaBin = process.env["OPA_BIN"];
afterEach(() => {
  if (savedOpaBin === undefined) delete process.env["OPA_BIN"];
  else process.env["OPA_BIN"] = savedOpaBin;
});

function fake(rules: FakeRule[]): { opa: OpaLocation; calls: ReturnType<typeof writeFakeOpa>["invocations"] } {
  const f = writeFakeOpa(tempDir("pc-fake-opa-"), rules);
  return { opa: { path: f.bin, via: "OPA_BIN" }, calls: f.invocations };
}

function engine(opa: OpaLocation, over: Partial<ConstructorParameters<typeof OpaBinaryEngine>[0]> = {}): OpaBinaryEngine {
  return new OpaBinaryEngine({ opa, paths: ["/policies/a", "/policies/b"], entrypoints: [], regoVersion: "v1", timeoutMs: 10_000, ...over });
}

async function engineError(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof EngineError, `expected an EngineError, got ${String(e)}`);
    assert.match(e.message, pattern);
    assert.ok(!e.message.includes("\n"), "one line");
    return true;
  });
}

describe("finding opa", () => {
  it("OPA_BIN first, then PATH; says why when there is none", () => {
    const f = writeFakeOpa(tempDir());
    assert.deepEqual(findOpa({ OPA_BIN: f.bin, PATH: "" }), { found: { path: f.bin, via: "OPA_BIN" } });
    const dir = tempDir();
    const onPath = writeFakeOpa(dir);
    assert.deepEqual(findOpa({ PATH: `/nonexistent:${dir}` }), { found: { path: onPath.bin, via: "PATH" } });
    const notExec = join(tempDir(), "opa");
    writeFileSync(notExec, "not a program");
    assert.deepEqual(findOpa({ OPA_BIN: notExec }), { found: null, why: `OPA_BIN=${notExec} is not an executable file` });
    assert.deepEqual(findOpa({ PATH: "/nonexistent" }), { found: null, why: "OPA_BIN is not set and there is no opa on PATH" });
    assert.throws(() => requireOpa({ PATH: "" }), /^EngineError: --engine opa: OPA_BIN is not set and there is no opa on PATH \(install OPA, or set OPA_BIN to its path\)$/);
  });
});

describe("OpaBinaryEngine", () => {
  it("runs opa eval with the policy paths, one query for every entrypoint, the input on stdin; reads the values", async () => {
    const { opa, calls } = fake([{ command: "eval", values: { "data.policy_check.tokens.deny": [{ msg: "t" }], 'data["my-pkg"].warn': ["w"] } }]);
    const e = engine(opa);
    const input = { resources: [{ size: 98765432109876543210n }], s: "ü" };
    const results = await e.evaluate(input, ["policy_check/tokens/deny", "policy_check/backups/deny", "my-pkg/warn"]);
    assert.deepEqual(results, [
      { entrypoint: "policy_check/tokens/deny", outputs: [{ value: [{ msg: "t" }] }] },
      { entrypoint: "policy_check/backups/deny", outputs: [] },
      { entrypoint: "my-pkg/warn", outputs: [{ value: ["w"] }] },
    ]);
    const [call] = calls();
    assert.deepEqual(call!.argv, [
      "eval", "--format", "json", "--stdin-input", "--data", "/policies/a", "--data", "/policies/b",
      'e0 := [x | x := data.policy_check.tokens.deny]; e1 := [x | x := data.policy_check.backups.deny]; e2 := [x | x := data["my-pkg"].warn]',
    ]);
    assert.equal(call!.stdin, '{"resources":[{"size":98765432109876543210}],"s":"ü"}');
  });

  it("v0 policies: --v0-compatible", async () => {
    const { opa, calls } = fake([{ command: "eval", values: {} }]);
    await engine(opa, { regoVersion: "v0" }).evaluate({}, ["main/deny"]);
    assert.ok(calls()[0]!.argv.includes("--v0-compatible"));
  });

  it("errors opa reports: the first, with its location and code", async () => {
    const { opa } = fake([{ command: "eval", code: 1, json: { errors: [{ message: "var x is unsafe", code: "rego_unsafe_var_error", location: { file: "p/x.rego", row: 7, col: 2 } }, { message: "second", code: "rego_type_error" }] } }]);
    await assert.rejects(engine(opa).evaluate({}, ["a/deny"]), (e: unknown) => {
      assert.ok(e instanceof OpaReportedError);
      assert.equal(e.message, "opa: p/x.rego:7: rego_unsafe_var_error: var x is unsafe (and 1 more error)");
      assert.equal(e.errors.length, 2);
      return true;
    });
  });

  it("a non-zero exit without JSON: its stderr's first line", async () => {
    const { opa } = fake([{ command: "eval", code: 3, stderr: "error: unknown flag: --stdin-input\nusage: ...\n" }]);
    await engineError(engine(opa).evaluate({}, ["a/deny"]), /^opa eval failed \(exit code 3\): error: unknown flag: --stdin-input$/);
  });

  it("output that is not JSON, or not a result set", async () => {
    const { opa } = fake([{ command: "eval", stdout: "pretty output\n" }]);
    await engineError(engine(opa).evaluate({}, ["a/deny"]), /^opa eval did not print the JSON of --format json: pretty output$/);
    const bad = fake([{ command: "eval", json: { result: 3 } }]);
    await engineError(engine(bad.opa).evaluate({}, ["a/deny"]), /"result" is not a list/);
    const undef = fake([{ command: "eval", json: {} }]);
    await engineError(engine(undef.opa).evaluate({}, ["a/deny"]), /opa eval gave 0 results for the entrypoints, expected 1/);
  });

  it("a run past the time budget is killed", async () => {
    const { opa } = fake([{ command: "eval", sleepMs: 30_000, values: {} }]);
    const t0 = Date.now();
    await engineError(engine(opa, { timeoutMs: 800 }).evaluate({}, ["a/deny"]), /^opa did not finish within 800 ms and was stopped \(opa eval\)$/);
    assert.ok(Date.now() - t0 < 10_000);
  });

  it("a binary that disappeared", async () => {
    await engineError(engine({ path: join(tempDir(), "gone", "opa"), via: "OPA_BIN" }).evaluate({}, ["a/deny"]), /^cannot run .*gone\/opa: ENOENT$/);
  });
});

describe("check with --engine opa", () => {
  it("gives opa the shipped policies and the normalized model; findings carry the METADATA the definitions agree on", async () => {
    const { opa, calls } = fake([{ command: "eval", values: { "data.policy_check.tokens.deny": [{ msg: "from opa", resource: "aws_iam_access_key.deploy_bot" }] } }]);
    process.env["OPA_BIN"] = opa.path;
    const { result } = await runCheck({ inputs: ["examples/incident/plan.json"], config: defaultConfig(), tfDirs: [], workspace: "staging", raw: false, engine: { kind: "opa" } });
    const [call] = calls();
    assert.deepEqual(call!.argv.slice(0, 6), ["eval", "--format", "json", "--stdin-input", "--data", SHIPPED_POLICY_DIR]);
    const query = call!.argv[call!.argv.length - 1]!;
    for (const ep of ["data.policy_check.tokens.deny", "data.policy_check.backups_colocated.deny", "data.policy_check.deletion_protection.deny"]) assert.ok(query.includes(`x := ${ep}]`), ep);
    const model = JSON.parse(call!.stdin) as { model_version: string; resources: { address: string }[] };
    assert.equal(model.model_version, "1");
    assert.ok(model.resources.some((r) => r.address === "aws_ebs_volume.orders_data"));
    const fs = result.decision.findings;
    assert.equal(fs.length, 1);
    assert.equal(fs[0]!.message, "from opa");
    assert.equal(fs[0]!.kind, "deny");
    assert.equal(fs[0]!.resource, "aws_iam_access_key.deploy_bot");
    assert.equal(fs[0]!.action, "create");
    assert.equal(fs[0]!.rule.package, "policy_check.tokens");
    // tokens.deny has many definitions with different ids and severities: opa gives the merged
    // set, so the id and severity fall back (rule path, deny's default) and the title is the
    // package's METADATA
    assert.equal(fs[0]!.policy, "policy_check.tokens.deny");
    assert.equal(fs[0]!.severity, "high");
    assert.notEqual(fs[0]!.title, "policy_check.tokens.deny");
    assert.equal(result.decision.status, "fail");
  });

  it("findings opa returns that the own engine also produces get their definition's METADATA (policy id, severity)", async () => {
    const run = (opaPath: string) => {
      process.env["OPA_BIN"] = opaPath;
      return runCheck({ inputs: ["examples/incident/plan.json", "examples/incident/tokens.yaml"], config: defaultConfig(), tfDirs: [], workspace: "staging", raw: false, engine: { kind: "opa" } });
    };
    // first run: what opa is given; then opa answers tokens.deny as OPA would (the merged set),
    // plus one finding the own engine does not produce
    const first = fake([{ command: "eval", values: {} }]);
    await run(first.opa.path);
    const model = JSON.parse(first.calls()[0]!.stdin) as unknown;
    const shipped = loadPolicies({ shipped: true, paths: [], regoVersion: "v1" });
    const merged = toJS(shipped.set.eval("data.policy_check.tokens.deny", { input: model })[0]!.expressions[0]!.value) as unknown[];
    assert.ok(merged.length > 5);
    const second = fake([{ command: "eval", values: { "data.policy_check.tokens.deny": [...merged, { msg: "only opa says so", resource: "provider.aws" }] } }]);
    const { result } = await run(second.opa.path);
    const fs = result.decision.findings;
    assert.equal(fs.length, merged.length + 1);
    const ids = new Set(fs.map((f) => f.policy));
    for (const id of ["PC-TOK-001", "PC-TOK-003", "PC-TOK-004", "PC-TOK-005", "PC-TOK-007"]) assert.ok(ids.has(id), `${id} attributed`);
    // severities come from each definition: PC-TOK-007 is high, PC-TOK-001 critical
    assert.ok(fs.filter((f) => f.policy === "PC-TOK-007").every((f) => f.severity === "high"));
    assert.ok(fs.filter((f) => f.policy === "PC-TOK-001").every((f) => f.severity === "critical"));
    // the finding only opa produced keeps the merged METADATA
    const extra = fs.find((f) => f.message === "only opa says so")!;
    assert.equal(extra.policy, "policy_check.tokens.deny");
    // and the same findings as the own engine, id for id
    delete process.env["OPA_BIN"];
    const own = await runCheck({ inputs: ["examples/incident/plan.json", "examples/incident/tokens.yaml"], config: defaultConfig(), tfDirs: [], workspace: "staging", raw: false });
    const key = (f: { policy: string; resource: string | null; message: string; severity: string }) => `${f.policy} ${f.severity} ${f.resource} ${f.message}`;
    const ownTok = own.result.decision.findings.filter((f) => f.rule.package === "policy_check.tokens").map(key).sort();
    assert.deepEqual(fs.filter((f) => f !== extra).map(key).sort(), ownTok);
  });

  it("CLI: no opa is exit 2 with one line; so is an opa that fails", async () => {
    const none = await runCli(["--engine", "opa", "examples/incident/plan.json"], { OPA_BIN: undefined, PATH: "/nonexistent" });
    assert.equal(none.code, 2);
    assert.equal(none.stderr, "policy-check: --engine opa: OPA_BIN is not set and there is no opa on PATH (install OPA, or set OPA_BIN to its path)\n");
    const { opa } = fake([{ command: "eval", code: 2, stderr: "panic: something broke\n" }]);
    const failing = await runCli(["--engine", "opa", "examples/incident/plan.json"], { OPA_BIN: opa.path });
    assert.equal(failing.code, 2);
    assert.equal(failing.stderr, "policy-check: opa eval failed (exit code 2): panic: something broke\n");
    assert.equal(failing.stdout, "");
  });
});
