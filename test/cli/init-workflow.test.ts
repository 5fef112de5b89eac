// The workflows a user copies, from `policy-check init` or from docs/workflows/, hold to the
// rules policy-check enforces: checked by policy-check itself (no token finding: a permissions
// block with nothing writable at the workflow level, no write-all, no untrusted checkout, no stored cloud keys), re-run on reviews for the
// approval gate, and calling the action only with inputs action.yml declares.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";
import { starterWorkflow } from "../../src/cli/init-command.js";
import { root, runCli } from "./helpers.js";

type Rec = Record<string, unknown>;

const actionInputs = new Set(Object.keys((load(readFileSync(join(root, "action.yml"), "utf8")) as { inputs: Rec }).inputs));

function policyCheckSteps(wf: Rec): Rec[] {
  const out: Rec[] = [];
  for (const job of Object.values(wf["jobs"] as Rec) as Rec[])
    for (const step of (job["steps"] as Rec[] | undefined) ?? []) if (typeof step["uses"] === "string" && step["uses"].startsWith("policy-check/policy-check@")) out.push(step);
  return out;
}

/** Token findings policy-check reports on workflow files (one run for all of them), by file. */
function tokenFindings(files: readonly string[]): Map<string, string[]> {
  const r = runCli(["--format", "json", ...files]);
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}\n${r.stderr}`);
  const report = JSON.parse(r.stdout) as { findings: { policy: string; resource: string | null; message: string; file: string | null }[] };
  const out = new Map<string, string[]>();
  for (const f of report.findings) {
    if (!f.policy.startsWith("PC-TOK-")) continue;
    const key = f.file ?? "?";
    out.set(key, [...(out.get(key) ?? []), `${f.policy} ${f.resource}: ${f.message}`]);
  }
  return out;
}

function checkShape(file: string, opts: { reviews: boolean }): void {
  const wf = load(readFileSync(file, "utf8")) as Rec;
  const on = wf["on"] as Rec;
  assert.ok(on && typeof on === "object", `${file}: on: is a mapping`);
  if (opts.reviews) {
    assert.ok("pull_request" in on, `${file}: runs on pull_request`);
    assert.ok("pull_request_review" in on, `${file}: re-runs on pull_request_review (the approval gate)`);
  }
  // nothing writable at the workflow level: the jobs that write grant it themselves
  const top = wf["permissions"];
  assert.ok(top !== undefined && typeof top === "object" && top !== null, `${file}: a permissions: mapping at the workflow level`);
  assert.deepEqual(Object.entries(top as Rec).filter(([, v]) => v !== "read" && v !== "none"), [], `${file}: only read grants at the workflow level`);
  if (Object.keys(top as Rec).length === 0)
    for (const [id, job] of Object.entries(wf["jobs"] as Rec)) assert.ok((job as Rec)["permissions"] !== undefined, `${file}: job ${id} grants its own permissions`);
  for (const step of policyCheckSteps(wf)) {
    const unknown = Object.keys((step["with"] as Rec | undefined) ?? {}).filter((k) => !actionInputs.has(k));
    assert.deepEqual(unknown, [], `${file}: inputs action.yml does not declare`);
  }
}

test("init writes a config and a workflow, and refuses to overwrite them without --force", () => {
  const dir = mkdtempSync(join(tmpdir(), "pc-init-"));
  try {
    const r = runCli(["init", "--dir", dir, "--tool", "pulumi"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /POLICY_CHECK_APPROVERS, PLAN_ROLE_ARN, AWS_REGION and PULUMI_STACK/);
    assert.equal(readFileSync(join(dir, ".github", "workflows", "policy-check.yml"), "utf8"), starterWorkflow("pulumi"));
    // the starter config it writes is valid: a check with it runs
    const check = runCli(["--config", join(dir, ".policy-check.yml"), join(root, "examples/hardened/tokens.yaml")]);
    assert.equal(check.code, 0, check.stderr);
    const again = runCli(["init", "--dir", dir, "--tool", "pulumi"]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exist.*--force/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the init workflows and docs/workflows/ are least-privilege, re-run on reviews, use declared inputs, and policy-check passes them", () => {
  const dir = mkdtempSync(join(tmpdir(), "pc-init-"));
  try {
    const files: string[] = [];
    for (const tool of ["terraform", "pulumi", "cdktf"] as const) {
      const file = join(dir, `${tool}.yml`);
      writeFileSync(file, starterWorkflow(tool));
      checkShape(file, { reviews: true });
      const steps = policyCheckSteps(load(readFileSync(file, "utf8")) as Rec);
      assert.equal(steps.length, 1);
      assert.equal((steps[0]!["with"] as Rec)["plan"], tool === "cdktf" ? "cdktf.out" : "plan.json");
      files.push(file);
    }
    const docs = join(root, "docs", "workflows");
    const examples = readdirSync(docs).filter((n) => n.endsWith(".yml"));
    assert.ok(examples.length >= 3);
    for (const name of examples) {
      checkShape(join(docs, name), { reviews: !name.startsWith("fork-") });
      files.push(join(docs, name));
    }
    const found = tokenFindings(files);
    assert.deepEqual([...found], [], "policy-check finds nothing wrong with the workflows it recommends");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
