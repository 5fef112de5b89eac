// Deeply nested input through the CLI: 100,000 levels must give a one-line error naming the
// file (exit 2), never a stack trace; a document at the nesting limit is checked normally.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assertInputError, runCli, volumeDeletionPlan } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "pc-deep-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const DEEP = 100_000;

function write(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

/** A Terraform plan deleting a production volume, with `nested` in place of its `before.deep` value. */
function planText(nested: string): string {
  return JSON.stringify(volumeDeletionPlan({ deep: "@@" })).replace('"@@"', nested);
}
// $ {1} resource_changes [2] {3} change {4} before {5}: `deep` opens level 6
const BEFORE_DEEP = 5;

const arrays = (n: number) => "[".repeat(n) + "]".repeat(n);
const objects = (n: number) => '{"k":'.repeat(n) + "1" + "}".repeat(n);

const TOKEN_HEAD = `kind: policy-check/tokens
version: 1
tokens:
  - name: ci
    provider: aws
    holder: ci
    environments: [staging]
    operations: ["ec2:DescribeVolumes"]
    resources: ["*"]
    ttl: 1h
`;

test("100,000-deep arrays in a JSON plan: one line naming the file and where, exit 2", () => {
  const f = write("deep-arrays.json", planText(arrays(DEEP)));
  const line = assertInputError(runCli([f]), f, /nested deeper than 1000 levels at \$\.resource_changes\[0\]\.change\.before\.deep\[0\]/);
  assert.ok(line.length < 400, line);
});

test("100,000-deep objects in a JSON plan: one line naming the file and where, exit 2", () => {
  const f = write("deep-objects.json", planText(objects(DEEP)));
  assertInputError(runCli(["-f", "json", f]), f, /nested deeper than 1000 levels at \$\.resource_changes\[0\]\.change\.before\.deep\.k\.k/);
});

test("100,000-deep JSON at the top level, and brackets inside strings do not count", () => {
  const f = write("deep-top.json", arrays(DEEP));
  assertInputError(runCli([f]), f, /nested deeper than 1000 levels at \$\[0\]\[0\]/);
  // a string full of brackets is not nesting: the plan is read and checked
  const g = write("brackets-in-strings.json", planText(JSON.stringify("[{".repeat(DEEP) + '\\"' + "[".repeat(10))));
  const run = runCli(["-f", "json", g]);
  assert.equal(run.code, 1, run.stderr);
  assert.equal(JSON.parse(run.stdout).status, "fail");
});

test("a plan nested exactly at the limit is read, evaluated and reported", () => {
  for (const [name, nested] of [
    ["at-limit-arrays.json", arrays(1000 - BEFORE_DEEP)],
    ["at-limit-objects.json", objects(1000 - BEFORE_DEEP)],
  ] as const) {
    const f = write(name, planText(nested));
    for (const format of ["json", "markdown", "sarif"]) {
      const run = runCli(["-f", format, f]);
      assert.equal(run.code, 1, `${name} ${format}: ${run.stderr}`);
      assert.match(run.stdout, /aws_ebs_volume\.data|aws&#95;ebs&#95;volume&#46;data/);
      assert.match(run.stdout, /PC-DEL-001|PC&#45;DEL&#45;001/);
    }
  }
  const over = write("over-limit.json", planText(arrays(1001 - BEFORE_DEEP)));
  assertInputError(runCli([over]), over, /nested deeper than 1000 levels/);
});

test("a policy echoing a deep input.raw into a report gets a result, not a crash", () => {
  const policy = write("echo.rego", 'package policy_check.echo\n\ndeny contains msg if {\n  msg := json.marshal(input.raw)\n}\n');
  const f = write("echo-plan.json", planText(objects(1000 - BEFORE_DEEP)));
  const run = runCli(["--no-shipped", "-p", policy, "-f", "json", f]);
  assert.equal(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout) as { findings: { message: string }[] };
  assert.equal(report.findings.length, 1);
});

test("100,000-deep YAML token files (flow sequences, flow mappings, block sequences): one line, exit 2", () => {
  for (const [name, text] of [
    ["deep-flow-seq.yaml", `${TOKEN_HEAD}    conditions: ${arrays(DEEP)}\n`],
    ["deep-flow-map.yaml", `${TOKEN_HEAD}    conditions: ${"{a: ".repeat(DEEP)}1${"}".repeat(DEEP)}\n`],
    ["deep-block.yaml", `${TOKEN_HEAD}    conditions:\n      ${"- ".repeat(DEEP)}x\n`],
  ] as const) {
    const f = write(name, text);
    assertInputError(runCli([f]), f, /nested (too deeply|deeper than)/);
  }
});

test("a moderately deep YAML token file is refused with where it gets too deep", () => {
  // deeper than token files are read, shallow enough for the YAML parser
  const f = write("deep-150.yaml", `${TOKEN_HEAD}    conditions: ${arrays(150)}\n`);
  assertInputError(runCli([f]), f, /nested deeper than 100 levels at line 11 column \d+; refused$/);
});

test("eval --input with 100,000-deep JSON: one line naming the file, exit 2", () => {
  const f = write("deep-input.json", arrays(DEEP));
  assertInputError(runCli(["eval", "-i", f, "input"]), f, /nested deeper than 10000 levels/);
});
