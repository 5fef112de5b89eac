// The checker on the wasm backend: a bundle built in the test (manifest entrypoints, data.json,
// Rego sources with METADATA) checks the incident plan; its findings go through the same
// attribution, decision and reports as the own engine's. Also the CLI's --engine/--bundle.

import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCheck } from "../../src/check/run-check.js";
import { engineChoice } from "../../src/cli/check-command.js";
import { UsageError } from "../../src/cli/fail.js";
import { defaultConfig } from "../../src/config/load-config.js";
import { MODEL_VERSION } from "../../src/model/types.js";
import { B, assemble, cleanup, runCli, tempDir, writeBundle } from "./helpers.js";

after(cleanup);

const PLAN = "examples/incident/plan.json";

const DEMO_REGO = `package policy_check.demo

# METADATA
# title: Volume deleted by a bundle policy
# description: The bundle's own check.
# custom:
#   id: PC-WASM-001
#   severity: critical
deny contains f if {
	some r in input.resources
	r.action == "delete"
	f := {"msg": "deleted", "resource": r.address}
}

# METADATA
# title: Model version seen
# custom:
#   id: PC-WASM-002
#   severity: medium
warn contains "a" if input.a

# METADATA
# title: Model version seen, second definition
# custom:
#   id: PC-WASM-002
#   severity: info
warn contains "b" if input.b
`;

/**
 * deny: the bundle's data (a finding object about a resource of the plan); warn: json.filter
 * of the input (proves the normalized model reaches the module); allow: not a decision rule.
 */
async function demoBundle(opts: { rego?: boolean; entrypoints?: Record<string, number> } = {}): Promise<string> {
  const entrypoints = opts.entrypoints ?? { "policy_check/demo/deny": B.data, "policy_check/demo/warn": B.builtin2r, "policy_check/demo/allow": B.undefined };
  const wasm = await assemble({ builtins: { sprintf: 0, "json.filter": 1 }, entrypoints, constant: '["model_version"]' });
  return writeBundle(tempDir(), {
    wasm,
    entrypoints: Object.keys(entrypoints),
    data: { msg: "aws_ebs_volume.orders_data is deleted (from the bundle)", resource: "aws_ebs_volume.orders_data", needs_approval: true },
    files: opts.rego === false ? {} : { "/policy/demo.rego": DEMO_REGO },
  });
}

describe("check with --engine wasm", () => {
  it("evaluates the manifest's entrypoints; findings are attributed, decided and reported as with the own engine", async () => {
    const bundle = await demoBundle();
    const { result } = await runCheck({ inputs: [PLAN], config: defaultConfig(), tfDirs: [], workspace: "staging", raw: false, engine: { kind: "wasm", bundle } });
    const fs = result.decision.findings;
    assert.equal(fs.length, 2);
    const deny = fs.find((f) => f.kind === "deny")!;
    assert.equal(deny.policy, "PC-WASM-001");
    assert.equal(deny.severity, "critical");
    assert.equal(deny.title, "Volume deleted by a bundle policy");
    assert.equal(deny.description, "The bundle's own check.");
    assert.equal(deny.message, "aws_ebs_volume.orders_data is deleted (from the bundle)");
    assert.equal(deny.resource, "aws_ebs_volume.orders_data");
    assert.equal(deny.resource_id, "s1:aws_ebs_volume.orders_data");
    assert.equal(deny.action, "delete");
    assert.equal(deny.file, PLAN);
    assert.equal(deny.needs_approval, true);
    assert.deepEqual(deny.rule, { package: "policy_check.demo", name: "deny", file: "policy/demo.rego", row: 9 });
    // two definitions of warn: only the METADATA they agree on (the id) applies
    const warn = fs.find((f) => f.kind === "warn")!;
    assert.equal(warn.policy, "PC-WASM-002");
    assert.equal(warn.severity, "low");
    assert.equal(warn.title, "policy_check.demo.warn");
    assert.deepEqual(warn.details, { model_version: MODEL_VERSION });
    assert.equal(result.decision.status, "fail");
    assert.equal(result.decision.needsApproval, 1);
    assert.deepEqual(result.policies, { files: 1, rules: 3 });
  });

  it("without Rego sources in the bundle, findings fall back as string findings do (id from the rule path, severity by kind)", async () => {
    const bundle = await demoBundle({ rego: false });
    const { result } = await runCheck({ inputs: [PLAN], config: defaultConfig(), tfDirs: [], workspace: "staging", raw: false, engine: { kind: "wasm", bundle } });
    const deny = result.decision.findings.find((f) => f.kind === "deny")!;
    assert.equal(deny.policy, "policy_check.demo.deny");
    assert.equal(deny.severity, "high");
    assert.deepEqual(deny.rule, { package: "policy_check.demo", name: "deny", file: bundle, row: 0 });
  });

  it("a package entrypoint (opa build -e policy_check) gives the decision rules inside it", async () => {
    // the module answers the package entrypoint with the bundle's data: a package document
    const wasm = await assemble({ entrypoints: { policy_check: B.data } });
    const bundle = await writeBundle(tempDir(), {
      wasm,
      entrypoints: ["policy_check"],
      data: { demo: { deny: [{ msg: "one", resource: "aws_ebs_volume.orders_data" }, "two"], helper: 3 }, sub: { inner: { warn_x: ["three"] } } },
    });
    const { result } = await runCheck({ inputs: [PLAN], config: defaultConfig(), tfDirs: [], workspace: "staging", raw: false, engine: { kind: "wasm", bundle } });
    const got = result.decision.findings.map((f) => [f.policy, f.kind, f.message]).sort();
    assert.deepEqual(got, [
      ["policy_check.demo.deny", "deny", "one"],
      ["policy_check.demo.deny", "deny", "two"],
      ["policy_check.sub.inner.warn_x", "warn", "three"],
    ]);
  });

  it("a bundle with nothing that holds findings is an error, not a pass", async () => {
    const bundle = await demoBundle({ entrypoints: { "app/allow": B.undefined } });
    await assert.rejects(
      runCheck({ inputs: [PLAN], config: defaultConfig(), tfDirs: [], workspace: "staging", raw: false, engine: { kind: "wasm", bundle } }),
      /no deny, violation or warn rule among its entrypoints \(app\/allow\), and none of them is a package/,
    );
  });
});

describe("CLI: --engine and --bundle", () => {
  it("option rules", () => {
    assert.deepEqual(engineChoice({ policy: [] }), { kind: "own" });
    assert.deepEqual(engineChoice({ policy: [], bundle: "b.tar.gz" }), { kind: "wasm", bundle: "b.tar.gz" });
    assert.deepEqual(engineChoice({ policy: ["p/"], engine: "opa" }), { kind: "opa" });
    assert.throws(() => engineChoice({ policy: [], engine: "wasm" }), (e: unknown) => e instanceof UsageError && /--engine wasm needs --bundle FILE/.test(e.message));
    assert.throws(() => engineChoice({ policy: ["p/"], bundle: "b.tar.gz" }), /--policy does not apply to a wasm bundle/);
    assert.throws(() => engineChoice({ policy: [], engine: "opa", bundle: "b.tar.gz" }), /--bundle runs the wasm engine, it cannot be used with --engine opa/);
    assert.throws(() => engineChoice({ policy: [], engine: "v8" }), /--engine must be one of own, wasm, opa, got v8/);
  });

  it("policy-check --bundle: JSON report, exit 1 on findings", async () => {
    const bundle = await demoBundle();
    const r = await runCli(["--bundle", bundle, "-f", "json", "--workspace", "staging", PLAN]);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { status: string; findings: { policy: string; severity: string }[]; policies: unknown };
    assert.equal(report.status, "fail");
    assert.deepEqual(report.findings.map((f) => `${f.policy} ${f.severity}`), ["PC-WASM-001 critical", "PC-WASM-002 low"]);
  });

  it("a bad bundle: one line naming the file, exit 2", async () => {
    const file = join(tempDir(), "policy.wasm");
    const r = await runCli(["--bundle", file, PLAN]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `policy-check: ${file}: no such file\n`);
  });
});
