// The policy fixture matrix: every case of test/policies/cases/ rendered as a Terraform plan
// (with its sources for --tf-dir when the case says whether resources are protected), a Pulumi
// preview, a CDKTF stack synthesized with the real provider classes, and a token file, each
// checked through the readers and the shipped policies. Each run asserts exactly which policy
// ids fire on the case's subject; then the proof is compared with the policies' METADATA
// (custom.inputs, custom.resource_types), which feeds the table in policies/README.md.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { policyCatalog, type CatalogEntry } from "../../src/evaluate/catalog.js";
import { defaultConfig } from "../../src/config/load-config.js";
import { CASES } from "./cases/index.js";
import { describeFindings, idsOn, PolicyHarness } from "./harness.js";
import { cdktfCanRender, synthCases, type CdktfStack } from "./render/cdktf.js";
import { renderPulumi } from "./render/pulumi.js";
import { renderTerraform } from "./render/terraform.js";
import { renderTokens } from "./render/tokens.js";
import { expectedFor, subjectOf, type Case, type Kind, KINDS } from "./spec.js";

/** Kinds a case is rendered to. */
function kindsOf(c: Case): Kind[] {
  const out: Kind[] = [];
  if (c.resources?.length) {
    out.push("terraform", "pulumi");
    if (cdktfCanRender(c) === null) out.push("cdktf");
  }
  if (c.tokens?.length) out.push("tokens");
  if (c.workflow !== undefined) out.push("workflow");
  return out.filter((k) => !(c.skip && k in c.skip) && (!c.kinds || c.kinds.includes(k)));
}

let harness: PolicyHarness;
let dir: string;
let stacks: Map<string, CdktfStack>;
let catalog: CatalogEntry[];
let ours: Set<string>;

/** rule id -> kind -> what the runs showed */
const proof = new Map<string, Map<Kind, { fail: string[]; pass: string[] }>>();
const ran = new Set<Kind>();

function record(id: string, kind: Kind, outcome: "fail" | "pass", caseId: string): void {
  let byKind = proof.get(id);
  if (!byKind) proof.set(id, (byKind = new Map()));
  let p = byKind.get(kind);
  if (!p) byKind.set(kind, (p = { fail: [], pass: [] }));
  p[outcome].push(caseId);
}

before(async () => {
  harness = await PolicyHarness.create();
  catalog = policyCatalog(harness.rules);
  ours = new Set(catalog.map((e) => e.id));
  dir = mkdtempSync(join(tmpdir(), "pc-matrix-"));
  stacks = await synthCases(
    CASES.filter((c) => kindsOf(c).includes("cdktf")),
    join(dir, "cdktf.out"),
  );
});

after(() => rmSync(dir, { recursive: true, force: true }));

interface Rendered {
  inputs: string[];
  tfDirs: string[];
  workspace: string | null;
}

/** Writes a case's rendering for one kind to disk; null when this tree has no reader for it. */
function render(c: Case, kind: Kind): Rendered | null {
  const caseDir = join(dir, c.id, kind);
  mkdirSync(caseDir, { recursive: true });
  switch (kind) {
    case "terraform": {
      const r = renderTerraform(c);
      const plan = join(caseDir, "plan.json");
      writeFileSync(plan, JSON.stringify(r.plan, null, 2));
      const tfDirs: string[] = [];
      if (r.hcl !== null) {
        const src = join(caseDir, "src");
        mkdirSync(src, { recursive: true });
        writeFileSync(join(src, "main.tf"), r.hcl);
        tfDirs.push(src);
      }
      return { inputs: [plan], tfDirs, workspace: r.workspace };
    }
    case "pulumi": {
      if (!harness.reads("pulumi-preview")) return null;
      const file = join(caseDir, "preview.json");
      writeFileSync(file, JSON.stringify(renderPulumi(c), null, 2));
      return { inputs: [file], tfDirs: [], workspace: null };
    }
    case "cdktf": {
      const s = stacks.get(c.id);
      assert.ok(s, `no CDKTF stack for ${c.id}`);
      return { inputs: [s.file], tfDirs: [], workspace: null };
    }
    case "tokens": {
      const file = join(caseDir, "tokens.yaml");
      writeFileSync(file, renderTokens(c));
      return { inputs: [file], tfDirs: [], workspace: null };
    }
    case "workflow": {
      const wf = join(caseDir, ".github", "workflows");
      mkdirSync(wf, { recursive: true });
      const file = join(wf, "deploy.yml");
      writeFileSync(file, c.workflow!);
      return { inputs: [file], tfDirs: [], workspace: null };
    }
  }
}

interface Outcome {
  /** policy ids on the subject, `ID?` when undecided */
  ids: string[];
  /** every finding of the run, for failure messages */
  findings: string;
}

async function runKind(c: Case, kind: Kind): Promise<Outcome | null> {
  const r = render(c, kind);
  return r === null ? null : check(c, kind, r.inputs, r);
}

async function check(c: Case, kind: Kind, inputs: string[], opts: { tfDirs?: string[]; workspace?: string | null }): Promise<Outcome> {
  const run = await harness.check(inputs, opts);
  // the reader saw each resource as the type the case wrote (Pulumi type tokens, CDKTF classes)
  for (const r of c.resources ?? []) {
    const m = run.model.resources.find((x) => x.name === r.name);
    assert.ok(m, `${c.id}: ${r.name} is not in the model read from ${inputs.join(", ")}`);
    assert.equal(m.type, r.type, `${c.id}: ${r.name} was read as ${m.type} (${m.native_type}), the case wrote ${r.type}`);
  }
  return { ids: idsOn(run, subjectOf(c, kind), (id) => !ours.has(id)), findings: describeFindings(run) };
}

for (const c of CASES) {
  test(`${c.id}: ${c.title}`, async (t) => {
    for (const kind of kindsOf(c)) {
      await t.test(kind, async (tt) => {
        const out = await runKind(c, kind);
        if (out === null) {
          tt.todo(`no ${kind} reader in this tree yet`);
          return;
        }
        ran.add(kind);
        const want = expectedFor(c, kind);
        assert.deepEqual(out.ids, want, `${c.id} (${kind}) on ${subjectOf(c, kind)}: expected [${want.join(", ")}], got [${out.ids.join(", ")}]\nall findings:\n${out.findings}`);
        for (const id of c.rules) record(id, kind, want.includes(id) ? "fail" : "pass", c.id);
        for (const id of want) if (!id.endsWith("?") && !c.rules.includes(id)) record(id, kind, "fail", c.id);
      });
    }
  });
}

test("cases are well formed: ids unique, every rule id they name is a shipped policy", () => {
  const ids = new Set<string>();
  for (const c of CASES) {
    assert.ok(!ids.has(c.id), `duplicate case id ${c.id}`);
    ids.add(c.id);
    assert.ok(kindsOf(c).length > 0, `${c.id} renders to no input kind`);
    const names = (c.resources ?? []).map((r) => r.name);
    assert.equal(new Set(names).size, names.length, `${c.id}: resource names must be unique (CDKTF construct ids)`);
    for (const id of [...c.rules, ...c.expect.map((e) => e.split("@")[0]!.replace(/\?$/, ""))]) assert.ok(ours.has(id), `${c.id}: ${id} is not a policy id of the library`);
  }
});

test("every rule body of the library carries a policy id (METADATA applies to the rule that follows it only)", () => {
  const anonymous = catalog.filter((e) => !/^PC-[A-Z]+-\d{3}$/.test(e.id)).map((e) => e.id);
  assert.deepEqual(anonymous, []);
});

test("every policy has a failing and a passing case in each input kind its METADATA lists, and no more", () => {
  const problems: string[] = [];
  for (const entry of catalog) {
    if (!ours.has(entry.id)) continue;
    const byKind = proof.get(entry.id) ?? new Map();
    const proven = KINDS.filter((k) => (byKind.get(k)?.fail.length ?? 0) > 0 && (byKind.get(k)?.pass.length ?? 0) > 0);
    if (proven.length === 0) problems.push(`${entry.id}: no input kind has both a failing and a passing case`);
    // kinds whose reader is missing from this tree did not run: they are neither proven nor disproven
    const claimed = entry.inputs.filter((k) => ran.has(k as Kind)).sort();
    const shown = proven.filter((k) => ran.has(k)).sort();
    if (JSON.stringify(claimed) !== JSON.stringify(shown))
      problems.push(`${entry.id}: METADATA custom.inputs ${JSON.stringify(entry.inputs)} but the matrix proves ${JSON.stringify(shown)}${[...byKind].map(([k, p]) => ` (${k}: ${p.fail.length} failing, ${p.pass.length} passing)`).join("")}`);
  }
  assert.deepEqual(problems, [], problems.join("\n"));
});

test("the subject of every failing case is a resource type the policy's METADATA lists", () => {
  const problems: string[] = [];
  const byId = new Map(catalog.map((e) => [e.id, e]));
  for (const c of CASES) {
    if (!c.resources?.length) continue;
    // token subjects are credentials, named as the model names them, not resources of the case
    const subject = c.resources.find((r) => r.name === subjectOf(c));
    if (!subject) continue;
    for (const kind of kindsOf(c))
      for (const e of expectedFor(c, kind)) {
        const id = e.replace(/\?$/, "");
        const entry = byId.get(id);
        if (entry && !entry.resource_types.includes(subject.type) && !entry.resource_types.includes("*")) problems.push(`${id} fires on ${subject.type} (${c.id}) but custom.resource_types does not list it`);
      }
  }
  assert.deepEqual([...new Set(problems)], []);
});

test("the check pipeline (runCheck) finds what the matrix harness finds", async () => {
  const { runCheck } = await import("../../src/check/run-check.js");
  const sample = ["bkp-001-copy-in-same-region-and-account", "bkp-010-volume-selected-by-reference", "dp-004-volume-plan-only", "dp-006-disk-in-new-locked-resource-group", "del-001-database-replaced", "env-001-staging-deletes-production-volume", "env-003-staging-token-reaches-production"];
  for (const id of sample) {
    const c = CASES.find((x) => x.id === id);
    assert.ok(c, id);
    for (const kind of kindsOf(c)) {
      const r = render(c, kind);
      if (r === null) continue;
      const { result, model } = await runCheck({ inputs: r.inputs, config: defaultConfig(), tfDirs: r.tfDirs, workspace: r.workspace, raw: false });
      const got = idsOn({ findings: result.decision.findings, model }, subjectOf(c, kind), (x) => !ours.has(x));
      assert.deepEqual(got, expectedFor(c, kind), `${id} (${kind}) through runCheck`);
    }
  }
});

test("the synthesized cdktf.out directory reads as one input: a source per stack, with the stack's name as workspace", async () => {
  const run = await harness.check([join(dir, "cdktf.out")]);
  assert.equal(run.model.sources.length, stacks.size);
  for (const [id, s] of stacks) {
    const src = run.model.sources.find((x) => x.workspace === s.name);
    assert.ok(src, `no source for stack ${s.name} (${id})`);
    const c = CASES.find((x) => x.id === id)!;
    const subject = subjectOf(c, "cdktf");
    const read = run.model.resources.some((r) => r.source === src.id && r.name === subject) || run.model.tokens.some((t) => t.source === src.id && t.name === subject);
    assert.ok(read, `${id}: subject not read from stack ${s.name}`);
  }
});
