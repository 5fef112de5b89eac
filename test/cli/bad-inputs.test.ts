// Every kind of bad input through the CLI: one line on stderr naming the file, exit code 2, no
// stack trace (or, for a plan from a newer Terraform, a warning and a full check).

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadInputs } from "../../src/load/load-inputs.js";
import { DIRECTORY_READERS, READERS } from "../../src/load/readers.js";
import { assertInputError, runCli, volumeDeletionPlan } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "pc-bad-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const f = join(dir, name);
  mkdirSync(join(f, ".."), { recursive: true });
  writeFileSync(f, text);
  return f;
}

function plan(extra: Record<string, unknown> = {}, before: Record<string, unknown> = {}): string {
  return JSON.stringify(volumeDeletionPlan(before, extra));
}

test("a missing file", () => {
  const f = join(dir, "nowhere", "plan.json");
  assertInputError(runCli([f]), f, /: no such file or directory$/);
});

test("a directory without stacks (empty, or holding other files)", () => {
  const empty = join(dir, "empty-dir");
  mkdirSync(empty);
  assertInputError(runCli([empty]), empty, /is a directory without anything policy-check reads \(expected a cdktf\.out\/ folder with manifest\.json, or name the plan file\)$/);
  const other = join(dir, "other-dir");
  write("other-dir/README.md", "# notes\n");
  assertInputError(runCli([other]), other, /is a directory without anything policy-check reads/);
  // a cdktf.out/ whose manifest lists no stacks: the manifest is named
  const out = join(dir, "cdktf.out");
  const manifest = write("cdktf.out/manifest.json", JSON.stringify({ version: "0.21.0", stacks: {} }));
  assertInputError(runCli([out]), manifest, /not a CDKTF manifest/);
});

test("an empty file, JSON or YAML, or only whitespace", () => {
  for (const [name, text] of [
    ["empty.json", ""],
    ["empty.yaml", ""],
    ["blank.json", "  \n\t\n"],
    ["comment.yaml", "# nothing but a comment\n"],
  ] as const) {
    const f = write(name, text);
    assertInputError(runCli([f]), f, /: empty file/);
  }
});

test("text that is neither JSON nor YAML: the line and column of the problem", () => {
  const yaml = write("broken.yaml", "kind: policy-check/tokens\ntokens:\n  - name: a\n    holder: [ci\n  - name: b\n");
  assertInputError(runCli([yaml]), yaml, /: neither JSON nor valid YAML at line \d+ column \d+: /);
  const json = write("broken.json", '{\n  "format_version": "1.2",\n  "resource_changes": [\n    {"address": "x",, "mode": "managed"}\n  ]\n}\n');
  assertInputError(runCli([json]), json, /: not valid JSON at line 4 column \d+: /);
  const text = write("notes.txt", "This plan deletes: the volume: today\n");
  assertInputError(runCli([text]), text, /: neither JSON nor valid YAML at line 1 column \d+/);
});

test("JSON of an unknown shape: the formats read and the keys looked for", () => {
  const f = write("unknown.json", JSON.stringify({ hello: "world", items: [1, 2] }));
  const line = assertInputError(runCli([f]), f, /: unknown input format \(found an object with keys "hello", "items"\)/);
  for (const expected of ["Terraform plan JSON", "Pulumi preview JSON", "token configuration YAML", "GitHub Actions workflow", "looked for resource_changes/format_version (Terraform plan)", "steps (Pulumi preview)"])
    assert.ok(line.includes(expected), `${expected} in ${line}`);
  const arr = write("array.json", "[1, 2, 3]");
  assertInputError(runCli([arr]), arr, /unknown input format \(found a JSON array\)/);
  const scalar = write("scalar.yaml", "just some words\n");
  assertInputError(runCli([scalar]), scalar, /unknown input format \(found a string\)/);
});

test("truncated JSON: where it ends, and that it ends too early", () => {
  const full = JSON.stringify(JSON.parse(plan()), null, 2);
  const f = write("truncated.json", full.slice(0, Math.floor(full.length * 0.6)));
  assertInputError(runCli([f]), f, /: not valid JSON at line \d+ column \d+ \(the file ends too early: truncated\?\)/);
});

test("a plan format_version from the future: a warning, and the plan is still checked", () => {
  const f = write("future.json", plan({ format_version: "9.0", terraform_version: "3.0.0" }));
  const run = runCli(["-f", "json", f]);
  assert.equal(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout) as { notes: string[]; findings: { policy_id?: string; id?: string; message: string }[] };
  assert.ok(report.notes.some((n) => n.startsWith(`${f}: plan format_version 9.0 is newer than the versions this checker knows`)), report.notes.join("\n"));
  assert.ok(report.findings.some((x) => /aws_ebs_volume\.data will be deleted/.test(x.message)));
  const text = runCli([f]);
  assert.equal(text.code, 1);
  assert.match(text.stdout, /^note: .*format_version 9\.0 is newer than the versions this checker knows \(0\.1–1\.x\); read as 1\.x, results may be incomplete$/m);
  assert.match(text.stdout, /PC-DEL-001/);
});

const POLLUTING = plan(
  { ["__proto__"]: { polluted: "top" }, constructor: { prototype: { polluted: "ctor" } } },
  { ["__proto__"]: { polluted: "values" }, constructor: { prototype: { polluted: "ctor2" } } },
).replace('"tags":{"Environment":"production"}', '"tags":{"Environment":"production","__proto__":"tag","constructor":"c"}');

test("__proto__ and constructor keys are ordinary data: no prototype pollution, policies see them", () => {
  const f = write("proto.json", POLLUTING);
  assert.match(POLLUTING, /"__proto__":\{"polluted":"top"\}/);
  const policy = write(
    "proto.rego",
    `package policy_check.proto

deny contains msg if {
  msg := sprintf("raw %s %s", [input.raw["__proto__"].polluted, input.raw.constructor.prototype.polluted])
}

deny contains msg if {
  some r in input.resources
  msg := sprintf("tags %s %s", [r.tags["__proto__"], r.tags.constructor])
}

deny contains "clean" if {
  not input.polluted
  not input.resources[0].polluted
}
`,
  );
  const run = runCli(["--no-shipped", "-p", policy, "-f", "json", f]);
  assert.equal(run.code, 1, run.stderr);
  const messages = (JSON.parse(run.stdout) as { findings: { message: string }[] }).findings.map((x) => x.message).sort();
  assert.deepEqual(messages, ["clean", "raw top ctor", "tags tag c"]);
  // in this process too: loading it leaves every prototype alone
  const loaded = loadInputs([f], { readers: READERS, directoryReaders: DIRECTORY_READERS, tfDirs: [], workspace: null, lifecycle: null });
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  assert.equal((Object.prototype as Record<string, unknown>)["polluted"], undefined);
  assert.equal(loaded.resources[0]!.tags["__proto__"], "tag");
  // the same keys in YAML
  const yaml = write("proto.yaml", "kind: policy-check/tokens\nversion: 1\n__proto__: {polluted: yes}\ntokens:\n  - name: t\n    provider: aws\n    holder: ci\n    environments: [staging]\n    operations: [\"s3:GetObject\"]\n    ttl: 1h\n");
  assertInputError(runCli([yaml]), yaml, /: unknown key "__proto__" at the top level \(known keys: kind, version, description, tokens\)$/);
  const conditions = write(
    "proto-conditions.yaml",
    "kind: policy-check/tokens\nversion: 1\ntokens:\n  - name: t\n    provider: aws\n    holder: ci\n    environments: [staging]\n    operations: [\"s3:GetObject\"]\n    ttl: 1h\n    conditions: {__proto__: {polluted: yes}, constructor: {prototype: {polluted: too}}}\n",
  );
  const tokenPolicy = write(
    "proto-tokens.rego",
    'package policy_check.proto_tokens\n\ndeny contains msg if {\n  some t in input.tokens\n  some c in t.conditions\n  msg := sprintf("cond %s %s", [c["__proto__"].polluted, c.constructor.prototype.polluted])\n}\n',
  );
  const y = runCli(["--no-shipped", "-p", tokenPolicy, "-f", "json", conditions]);
  assert.equal(y.code, 1, y.stderr);
  assert.deepEqual((JSON.parse(y.stdout) as { findings: { message: string }[] }).findings.map((x) => x.message), ["cond yes too"]);
});

test("YAML alias bombs are refused at once", () => {
  const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i < 9; i++) {
    const p = String.fromCharCode(96 + i);
    const c = String.fromCharCode(97 + i);
    levels.push(`${c}: &${c} [${Array(10).fill(`*${p}`).join(", ")}]`);
  }
  const started = Date.now();
  for (const [name, head] of [
    ["bomb.yaml", ""],
    ["bomb-tokens.yaml", "kind: policy-check/tokens\nversion: 1\n"],
    ["bomb-workflow.yml", "on: push\njobs: {}\n"],
  ] as const) {
    const f = write(name, head + levels.join("\n") + "\n");
    assertInputError(runCli([f]), f, /alias/);
  }
  assert.ok(Date.now() - started < 60_000);
});

test("unknown configuration keys: did you mean", () => {
  const cfg = write("cfg/.policy-check.yml", "version: 1\nfail_onn: high\npolicies:\n  disabel: [PC-BKP-012]\nexceptions:\n  - policy: PC-DEL-001\n    resource: aws_ebs_volume.data\n    reasn: scratch\n    owner: '@acme'\n");
  const f = write("cfg/plan.json", plan());
  const run = runCli(["--config", cfg, f]);
  assert.equal(run.code, 2);
  const lines = run.stderr.trim().split("\n");
  assert.ok(lines.includes(`policy-check: ${cfg}: unknown key 'fail_onn' at the top level (did you mean 'fail_on'?)`), run.stderr);
  assert.ok(lines.includes(`policy-check: ${cfg}: unknown key 'disabel' at policies (did you mean 'disable'?)`), run.stderr);
  assert.ok(lines.some((l) => /unknown key 'reasn' .*did you mean 'reason'/.test(l)), run.stderr);
  assert.doesNotMatch(run.stderr + run.stdout, /internal error|\n\s+at /);
  // found upward from the working directory, too
  const found = runCli([f], { cwd: join(dir, "cfg") });
  assert.equal(found.code, 2);
  assert.match(found.stderr, /did you mean 'fail_on'/);
});
