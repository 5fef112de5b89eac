// Plans read without their planned_values and prior_state (unread-members.ts): the document is
// the whole-file parse with those two members empty, or nothing is cut; a cut that is not valid
// JSON is caught by the worker thread, and the check then reads the file whole, with the same
// error or result as if nothing had been cut.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { syntheticPlan } from "../../scripts/synthetic-plan.js";
import { runCheck } from "../../src/check/run-check.js";
import { defaultConfig } from "../../src/config/load-config.js";
import { InputError } from "../../src/load/input-error.js";
import { PLAN_UNREAD_MEMBERS } from "../../src/load/terraform/plan-reader.js";
import { parseWithoutMembers, MIN_PARTIAL_SIZE } from "../../src/load/unread-members.js";

const dir = mkdtempSync(join(tmpdir(), "policy-check-unread-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The whole-file parse with the unread members emptied: what a cut document must equal. */
function expected(text: string): unknown {
  const doc = JSON.parse(text.replace(/^\uFEFF/, "")) as Record<string, unknown>;
  for (const m of PLAN_UNREAD_MEMBERS) if (m.key in doc) doc[m.key] = {};
  return doc;
}

async function cut(text: string, name = "plan.json") {
  const r = parseWithoutMembers(write(name, text), PLAN_UNREAD_MEMBERS, 0);
  return r === null ? null : { data: r.data, check: await r.checked };
}

const plan = syntheticPlan(30);
const text = JSON.stringify(plan);

test("a plan as terraform writes it: both members cut, everything else as JSON.parse reads it", async () => {
  const r = await cut(text);
  assert.ok(r);
  assert.deepEqual(r.check, { valid: true });
  assert.deepEqual(r.data, expected(text));
  assert.deepEqual(Object.keys(r.data), Object.keys(plan));
});

test("drift between planned_values and resource_changes is kept, not cut", async () => {
  const drift = [{ address: "aws_s3_bucket.x", mode: "managed", type: "aws_s3_bucket", name: "x", change: { actions: ["update"], before: {}, after: {} } }];
  const withDrift = text.replace(',"resource_changes":', `,"resource_drift":${JSON.stringify(drift)},"resource_changes":`);
  const r = await cut(withDrift);
  assert.ok(r);
  assert.deepEqual(r.check, { valid: true });
  assert.deepEqual((r.data as { resource_drift: unknown }).resource_drift, drift);
  assert.deepEqual(r.data, expected(withDrift));
});

test("a cut that is not valid JSON is caught by the worker thread", async () => {
  const pv = text.indexOf('"planned_values":');
  const broken = text.slice(0, pv) + text.slice(pv).replace(":true", ":tru");
  assert.ok(broken.indexOf(":tru,") < text.indexOf('"resource_changes":'));
  const r = await cut(broken);
  assert.ok(r);
  assert.deepEqual(r.check, { valid: false });
});

test("a member smuggled in after planned_values (it would override an earlier one) makes the cut invalid", async () => {
  // valid JSON whose last "variables" wins: cutting up to resource_changes would hide it
  const smuggled = text.replace(',"resource_changes":', ',"variables":{"region":{"value":"smuggled"}},"resource_changes":');
  assert.equal((JSON.parse(smuggled) as { variables: { region: { value: string } } }).variables.region.value, "smuggled");
  const r = await cut(smuggled);
  assert.ok(r === null || !r.check.valid, "the cut document must not stand");
});

test("the key written elsewhere than at the top level, pretty-printed text, a BOM: never a wrong document", async () => {
  const nested = text.replace('"variables":{', '"variables":{"planned_values":{"value":{"a":1}},');
  const pretty = JSON.stringify(plan, null, 2);
  for (const [name, t] of [["nested.json", nested], ["pretty.json", pretty], ["bom.json", "\uFEFF" + text]] as const) {
    const r = await cut(t, name);
    if (r === null) continue;
    if (r.check.valid) assert.deepEqual(r.data, expected(t), name);
  }
  // a BOM is skipped like whitespace: the cut still applies
  const bom = await cut("\uFEFF" + text, "bom2.json");
  assert.ok(bom?.check.valid);
  // pretty-printed: terraform never writes it; read whole
  assert.equal(await cut(pretty, "pretty2.json"), null);
});

test("small files and documents without the members are read whole", async () => {
  assert.equal(parseWithoutMembers(write("small.json", text), PLAN_UNREAD_MEMBERS), null);
  assert.ok(text.length < MIN_PARTIAL_SIZE);
  assert.equal(await cut(JSON.stringify({ format_version: "1.0", values: { root_module: {} } }), "state.json"), null);
  assert.equal(await cut("[1, 2]", "array.json"), null);
});

test("the check of a large plan: the same findings cut or not; a corrupt cut gives the error of a whole read", async () => {
  const big = JSON.stringify(syntheticPlan(2_000));
  assert.ok(big.length >= MIN_PARTIAL_SIZE, `${big.length} bytes: not large enough to be cut`);
  const config = defaultConfig();
  const path = write("big.json", big);
  const cutRun = await runCheck({ inputs: [path], config, tfDirs: [], workspace: null, raw: false });
  // a policy that reads input.raw: the plan is read whole
  const policyDir = join(dir, "raw-policy");
  mkdirSync(policyDir);
  writeFileSync(join(policyDir, "raw.rego"), 'package policy_check.raw_reader\n\nimport rego.v1\n\ndeny contains "never" if input.raw.no_such_member == "x"\n');
  const withRaw = { ...config, policies: { ...config.policies, paths: [policyDir] } };
  const wholeRun = await runCheck({ inputs: [path], config: withRaw, tfDirs: [], workspace: null, raw: false });
  const key = (f: { policy: string; resource: string | null; message: string }) => `${f.policy} ${f.resource} ${f.message}`;
  assert.ok(cutRun.result.decision.findings.length > 100);
  assert.deepEqual(cutRun.result.decision.findings.map(key), wholeRun.result.decision.findings.map(key));
  assert.deepEqual(cutRun.result.notes.filter((n) => /JSON check/.test(n)), []);

  const pv = big.indexOf('"planned_values":');
  const broken = big.slice(0, pv) + big.slice(pv).replace(":true", ":tru");
  const brokenPath = write("big-broken.json", broken);
  const failure = (c: typeof config) =>
    runCheck({ inputs: [brokenPath], config: c, tfDirs: [], workspace: null, raw: false }).then(
      () => null,
      (e: unknown) => e,
    );
  const err = await failure(config);
  assert.ok(err instanceof InputError, String(err));
  assert.match(err.message, /not valid JSON at line 1 column \d+/);
  // the located message of a whole read
  assert.equal(err.message, ((await failure(withRaw)) as Error).message);
});
