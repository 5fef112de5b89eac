// action.yml agrees with the code (every input read is declared, every output set is
// declared), and the example workflows in docs/ are valid and least-privilege.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { readInputs } from "../../src/action/inputs.js";
import { outputsOf } from "../../src/action/outputs.js";

const root = new URL("../../", import.meta.url);
const action = parse(readFileSync(new URL("action.yml", root), "utf8")) as {
  runs: { using: string; main: string };
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, unknown>;
};

describe("action.yml", () => {
  it("runs the committed bundle on node24", () => {
    assert.deepEqual(action.runs, { using: "node24", main: "dist/index.js" });
  });

  it("declares exactly the inputs the action reads", () => {
    const read = new Set<string>();
    readInputs((name) => {
      read.add(name);
      return name === "plan" ? "p.json" : "";
    });
    assert.deepEqual([...read].sort(), Object.keys(action.inputs).sort());
    assert.equal(action.inputs["github-token"]!.default, "${{ github.token }}");
  });

  it("declares exactly the outputs the action sets", () => {
    assert.deepEqual(Object.keys(outputsOf(null, "error", "", null, null, null)).sort(), Object.keys(action.outputs).sort());
  });
});

describe("example workflows", () => {
  const dir = new URL("docs/workflows/", root);
  const files = readdirSync(dir).filter((f) => f.endsWith(".yml"));

  it("cover Terraform, Pulumi, CDKTF and the two-workflow fork pattern", () => {
    assert.deepEqual(files.sort(), ["cdktf.yml", "fork-trusted.yml", "fork-untrusted.yml", "pulumi.yml", "terraform.yml"]);
  });

  for (const f of files) {
    it(`${f}: valid YAML, explicit permissions, no pull_request_target`, () => {
      const text = readFileSync(new URL(f, dir), "utf8");
      const wf = parse(text) as { on: Record<string, unknown>; permissions?: unknown; jobs: Record<string, { permissions?: Record<string, string>; steps: { uses?: string; with?: Record<string, unknown> }[] }> };
      assert.ok(!("pull_request_target" in wf.on), "pull_request_target is not used");
      assert.ok(wf.permissions !== undefined, "a top-level permissions block");
      for (const [name, job] of Object.entries(wf.jobs)) {
        const perms: Record<string, string> = { ...((wf.permissions as Record<string, string>) ?? {}), ...(job.permissions ?? {}) };
        assert.ok(!Object.values(perms).includes("write-all") && wf.permissions !== "write-all", `${name}: no write-all`);
        assert.ok(Object.keys(perms).length > 0, `${name}: permissions listed`);
        assert.ok(job.steps.some((s) => s.uses?.startsWith("policy-check/policy-check@")), `${name}: uses the action`);
        const writes: string[] = Object.entries(perms).filter(([, v]) => v === "write").map(([k]) => k);
        const allowed = new Set(["pull-requests", "checks", "id-token", "security-events"]);
        for (const w of writes) assert.ok(allowed.has(w), `${name}: unexpected write permission ${w}`);
        if (f === "fork-untrusted.yml") assert.deepEqual(writes, [], "the untrusted workflow writes nothing");
        if (f === "fork-trusted.yml") assert.ok(!job.steps.some((s) => s.uses?.startsWith("actions/checkout") && s.with?.["ref"]), "the trusted workflow never checks out the PR head");
      }
    });
  }
});
