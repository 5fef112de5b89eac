// The `check` verb end to end, as a user runs it (a child process): the README's two example
// commands, exit codes 0/1/2, --format and several --output reports at once, --fail-on, the
// configuration (discovered upward, --config, invalid), exceptions, conftest policies with
// --namespace main --raw, evaluation budgets, and color only on a terminal.

import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import type { JsonReport } from "../../src/report/json-reporter.js";
import { runCheckCommand, type CheckCommandOptions } from "../../src/cli/check-command.js";
import { ANSI, deletedVolume, planDoc, tempDir, jsonReportErrors, sarifErrors, parseXml } from "../report/helpers.js";
import { assertInputError, root, runCli, type CliRun } from "./helpers.js";

const tmp = tempDir("pc-check-");
after(() => tmp.remove());

const INCIDENT = ["examples/incident/plan.json", "examples/incident/tokens.yaml"];
const HARDENED = ["--tf-dir", "examples/hardened/terraform", "examples/hardened/plan.json", "examples/hardened/tokens.yaml", "examples/hardened/deploy-workflow.yml"];

/** No stack trace, no internal error, whatever happened. */
function assertClean(run: CliRun): void {
  assert.doesNotMatch(run.stderr + run.stdout, /internal error|\n\s+at .+:\d+:\d+|TypeError|RangeError|ReferenceError/, `${run.stderr}\n${run.stdout.slice(0, 2000)}`);
}

/** Exit 2: a usage, input, configuration or evaluation error; never a report saying all is well. */
function assertError(run: CliRun, pattern: RegExp): string[] {
  assert.equal(run.code, 2, `exit ${run.code}: ${run.stderr}${run.stdout.slice(0, 500)}`);
  assertClean(run);
  assert.doesNotMatch(run.stdout, /no findings|PASS/);
  const lines = run.stderr.split("\n").filter((l) => l !== "" && !l.includes("still working"));
  assert.ok(lines.length >= 1);
  assert.match(lines.join("\n"), pattern);
  return lines;
}

function readJson(file: string): JsonReport {
  return JSON.parse(readFileSync(file, "utf8")) as JsonReport;
}

const ids = (r: JsonReport) => new Set(r.findings.map((f) => f.policy));

// a plan deleting a production volume inside a module, at a count index
const MODULE_VOLUME = 'module.db["eu"].aws_ebs_volume.data[0]';
const modulePlan = tmp.write("module/plan.json", planDoc([deletedVolume(MODULE_VOLUME, { module: 'module.db["eu"]', index: 0 })]));

// a user policy with one medium finding: for fail_on
const mediumPolicy = tmp.write(
  "medium/medium.rego",
  `package policy_check.acme

# METADATA
# title: Buckets are tagged with an owner
# custom:
#   id: ACME-001
#   severity: medium
deny contains {"msg": "a bucket has no Owner tag", "resource": "aws_s3_bucket.logs"} if true
`,
);
const bucketPlan = tmp.write("bucket/plan.json", planDoc([{ address: "aws_s3_bucket.logs", type: "aws_s3_bucket", name: "logs", actions: ["create"], after: { bucket: "logs" } }]));

describe("the README examples", () => {
  test("the incident: exit 1 with destructive-change, environment, backup and token findings", () => {
    const out = join(tmp.dir, "incident.json");
    const run = runCli(["--workspace", "staging", ...INCIDENT, "-o", `json=${out}`]);
    assertClean(run);
    assert.equal(run.code, 1, run.stderr);
    // text report on stdout
    assert.match(run.stdout, /^aws_ebs_volume\.orders_data \(delete\) {2}examples\/incident\/plan\.json$/m);
    assert.match(run.stdout, /CRITICAL PC-DEL-001 {2}aws_ebs_volume\.orders_data will be deleted {2}needs approval/);
    assert.match(run.stdout, /^FAIL \d+ critical, \d+ high \(\d+ need human approval\)/m);
    const report = readJson(out);
    assert.equal(report.status, "fail");
    const found = ids(report);
    for (const id of ["PC-DEL-001", "PC-DEL-002", "PC-ENV-001"]) assert.ok(found.has(id), `${id} in ${[...found].join(", ")}`);
    assert.ok([...found].some((id) => id.startsWith("PC-BKP-")), "a backups finding");
    assert.ok([...found].some((id) => id.startsWith("PC-TOK-")), "a tokens finding");
    assert.ok(report.needs_approval >= 2, "the volume and the snapshot policy need approval");
    const del = report.findings.find((f) => f.policy === "PC-DEL-001")!;
    assert.equal(del.resource, "aws_ebs_volume.orders_data");
    assert.equal(del.action, "delete");
    assert.equal(del.file, "examples/incident/plan.json");
    assert.ok(report.findings.some((f) => f.file === "examples/incident/tokens.yaml"), "findings from the token file");
  });

  test("the hardened twin: exit 0 and zero findings", () => {
    const out = join(tmp.dir, "hardened.json");
    const run = runCli(["--workspace", "production", ...HARDENED, "-o", `json=${out}`]);
    assertClean(run);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^PASS no findings — /m);
    const report = readJson(out);
    assert.equal(report.status, "pass");
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.counts, { critical: 0, high: 0, medium: 0, low: 0, info: 0 });
    assert.equal(report.sources.length, 3);
  });
});

describe("formats and outputs", () => {
  test("one run writes every format: stdout in --format, files with --output FORMAT=FILE (directories created)", () => {
    const dir = join(tmp.dir, "reports/nested");
    const formats = ["text", "json", "sarif", "junit", "markdown", "github"];
    const run = runCli(["-f", "markdown", ...formats.flatMap((f) => ["-o", `${f}=${join(dir, `report.${f}`)}`]), "--workspace", "staging", ...INCIDENT]);
    assertClean(run);
    assert.equal(run.code, 1, run.stderr);
    const file = (f: string) => readFileSync(join(dir, `report.${f}`), "utf8");
    assert.equal(run.stdout, file("markdown"), "stdout is the --format report");
    assert.match(file("markdown"), /^### ❌ policy-check: changes blocked/);
    // the shipped policies link to their published docs
    assert.match(file("markdown"), /\| \[PC&#45;DEL&#45;001\]\(https:\/\/[^)\s]+\/policies\/destructive-changes\.md#pc-del-001\) \|/);
    assert.match(file("text"), /^FAIL /m);
    assert.doesNotMatch(file("text"), ANSI, "files are never colored");
    assert.deepEqual(jsonReportErrors(JSON.parse(file("json"))), []);
    assert.deepEqual(sarifErrors(JSON.parse(file("sarif"))), []);
    assert.equal(parseXml(file("junit")).name, "testsuites");
    assert.ok(file("github").split("\n").filter(Boolean).every((l) => l.startsWith("::")));
  });

  test("-f sarif on stdout is the same report as --output sarif", () => {
    const out = join(tmp.dir, "same.sarif");
    const run = runCli(["-f", "sarif", "-o", `sarif=${out}`, modulePlan]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stdout, readFileSync(out, "utf8"));
    const log = JSON.parse(run.stdout);
    assert.deepEqual(sarifErrors(log), []);
    assert.equal(log.runs[0].results[0].locations[0].logicalLocations[0].fullyQualifiedName, MODULE_VOLUME);
  });

  test("usage errors exit 2 with one line: unknown format, malformed --output, bad --fail-on, no input", () => {
    assertError(runCli(["-o", `xml=${join(tmp.dir, "x.xml")}`, modulePlan]), /^policy-check: unknown format 'xml' \(known: text, json, sarif, junit, markdown, github\)$/);
    assertError(runCli(["-o", "sarif", modulePlan]), /^policy-check: --output takes FORMAT=FILE, got 'sarif'$/);
    assertError(runCli(["--fail-on", "severe", modulePlan]), /^policy-check: --fail-on must be one of critical, high, medium, low, info, none, got severe$/);
    assertError(runCli([]), /^policy-check: no input given: name a plan/);
    assertError(runCli(["-f", "xml", modulePlan]), /argument 'xml' is invalid/);
    assert.equal(existsSync(join(tmp.dir, "x.xml")), false);
  });

  test("an input that cannot be read: exit 2, one line naming the file", () => {
    const missing = join(tmp.dir, "nope/plan.json");
    assertInputError(runCli([missing]), missing, /no such file/);
    const notJson = tmp.write("broken.json", '{"format_version": "1.2", "resource_changes": [');
    assertInputError(runCli(["-f", "json", notJson]), notJson, /.+/);
  });
});

describe("fail_on", () => {
  test("a medium finding passes under the default fail_on high and fails under --fail-on medium", () => {
    const pass = runCli(["--no-shipped", "-p", mediumPolicy, bucketPlan]);
    assert.equal(pass.code, 0, pass.stderr);
    assert.match(pass.stdout, /MEDIUM {3}ACME-001 {2}a bucket has no Owner tag/);
    assert.match(pass.stdout, /^PASS 1 medium — .*fail_on: high$/m);
    const fail = runCli(["--no-shipped", "-p", mediumPolicy, "--fail-on", "medium", bucketPlan]);
    assert.equal(fail.code, 1, fail.stderr);
    assert.match(fail.stdout, /^FAIL 1 medium — .*fail_on: medium$/m);
  });

  test("--fail-on overrides the configuration's fail_on", () => {
    const cfg = tmp.write("failon/.policy-check.yml", "fail_on: low\n");
    const byConfig = runCli(["--config", cfg, "--no-shipped", "-p", mediumPolicy, bucketPlan]);
    assert.equal(byConfig.code, 1, byConfig.stderr);
    const overridden = runCli(["--config", cfg, "--no-shipped", "-p", mediumPolicy, "--fail-on", "none", "-f", "json", bucketPlan]);
    assert.equal(overridden.code, 0, overridden.stderr);
    assert.equal((JSON.parse(overridden.stdout) as JsonReport).fail_on, "none");
  });
});

describe("configuration", () => {
  test("found upward from the current directory: its exceptions apply to module addresses with indexes", () => {
    const project = join(tmp.dir, "project");
    tmp.write(
      "project/.policy-check.yml",
      `version: 1
exceptions:
  - policy: PC-DEL-001
    resource: module.db["eu"].aws_ebs_volume.data[*]
    reason: replaced on purpose during the migration
    owner: "@acme/data-platform"
    expires: 2999-12-31
  - policy: PC-DP-001
    resource: aws_db_instance.gone
    reason: no longer exists
    owner: "@acme/data-platform"
`,
    );
    const plan = tmp.write("project/infra/envs/prod/plan.json", readFileSync(modulePlan, "utf8"));
    const run = runCli(["-f", "json", "plan.json"], { cwd: join(project, "infra/envs/prod") });
    assertClean(run);
    assert.ok(existsSync(plan));
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.ok(!report.findings.some((f) => f.policy === "PC-DEL-001"), "suppressed");
    assert.deepEqual(report.suppressed.map((s) => [s.finding.policy, s.finding.resource, s.exception.owner]), [["PC-DEL-001", MODULE_VOLUME, "@acme/data-platform"]]);
    assert.deepEqual(report.stale_exceptions.map((e) => e.resource), ["aws_db_instance.gone"]);
    assert.equal(run.code, report.status === "fail" ? 1 : 0);
    assert.equal(report.needs_approval, 0);
  });

  test("--config names the file; an expired exception stops suppressing and is reported", () => {
    const cfg = tmp.write(
      "elsewhere/expired.yml",
      `exceptions:
  - { policy: PC-DEL-001, resource: "${MODULE_VOLUME.replace(/"/g, '\\"')}", reason: was fine last year, owner: bob, expires: 2020-01-31 }
`,
    );
    const run = runCli(["--config", cfg, modulePlan]);
    assertClean(run);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /CRITICAL PC-DEL-001 {2}module\.db\["eu"\]\.aws_ebs_volume\.data\[0\] will be deleted/);
    assert.match(run.stdout, /^expired exception: PC-DEL-001 on module\.db\["eu"\]\.aws_ebs_volume\.data\[0\] expired 2020-01-31 \(owner bob\); it no longer suppresses$/m);
  });

  test("an invalid configuration: exit 2, one line per problem, each naming the file and the path", () => {
    const cfg = tmp.write(
      "invalid/.policy-check.yml",
      `fail_on: hihg
polices: {}
exceptions:
  - policy: PC-DEL-001
    resource: aws_ebs_volume.x
  - policy: PC-DP-001
    resource: aws_db_instance.y
    reason: accepted
`,
    );
    const run = runCli([modulePlan], { cwd: join(tmp.dir, "invalid") });
    const lines = assertError(run, /exceptions/);
    assert.deepEqual(lines, [
      `policy-check: ${cfg}: unknown key 'polices' at the top level (did you mean 'policies'?)`,
      `policy-check: ${cfg}: fail_on: must be one of "critical", "high", "medium", "low", "info", "none"`,
      `policy-check: ${cfg}: exceptions.0: missing required key 'reason'`,
      `policy-check: ${cfg}: exceptions.0: missing required key 'owner'`,
      `policy-check: ${cfg}: exceptions.1: missing required key 'owner'`,
    ]);
    const missing = join(tmp.dir, "missing.yml");
    assertInputError(runCli(["--config", missing, modulePlan]), missing, /no such file/);
  });
});

describe("policies", () => {
  test("an unmodified conftest policy runs with --no-shipped --namespace main --raw --rego-version v0", () => {
    const dir = join(tmp.dir, "conftest-policy");
    tmp.write(
      "conftest-policy/deny.rego",
      `package main

deny[msg] {
  rc := input.resource_changes[_]
  rc.change.actions[_] == "delete"
  msg := sprintf("%s is deleted", [rc.address])
}

warn[msg] {
  rc := input.resource_changes[_]
  rc.change.actions[_] == "create"
  msg := sprintf("%s is created", [rc.address])
}
`,
    );
    const run = runCli(["--no-shipped", "--namespace", "main", "--raw", "--policy", dir, "--rego-version", "v0", "-f", "json", "examples/incident/plan.json"]);
    assertClean(run);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepEqual(
      report.findings.filter((f) => f.kind === "deny").map((f) => f.message),
      ["aws_dlm_lifecycle_policy.orders_data is deleted", "aws_ebs_volume.orders_data is deleted"],
    );
    assert.ok(report.findings.every((f) => f.rule.package === "main" && f.file === "examples/incident/plan.json"));
    assert.ok(report.findings.some((f) => f.kind === "warn" && f.message === "aws_iam_user.deploy_bot is created"));
    // the same policy in Rego v1 mode is a syntax error: exit 2, naming the file
    const v1 = runCli(["--no-shipped", "--namespace", "main", "--raw", "--policy", dir, "examples/incident/plan.json"]);
    assertError(v1, /deny\.rego/);
  });

  test("no decision rules at all is an error, not a pass", () => {
    const empty = tmp.write("no-rules/helpers.rego", "package policy_check.helpers\n\nx := 1\n");
    assertError(runCli(["--no-shipped", "-p", empty, modulePlan]), /no deny, violation or warn rules found under namespace policy_check/);
  });

  test("a policy that errors at evaluation: exit 2 naming the policy, never 'no findings'", () => {
    const p = tmp.write(
      "conflict/conflict.rego",
      `package policy_check.conflict

f(x) := 1 if x > 0
f(x) := 2 if x > 0

deny contains "conflict" if f(1) == 1
`,
    );
    const out = join(tmp.dir, "conflict-report.json");
    assertError(runCli(["--no-shipped", "-p", p, "-o", `json=${out}`, modulePlan]), /conflict\.rego:\d+: eval_conflict_error/);
    assert.equal(existsSync(out), false, "no report is written for a run that could not evaluate");
  });

  test("a policy that runs past the time budget (limits.timeout_ms): exit 2, never 'no findings'", () => {
    const p = tmp.write(
      "slow/slow.rego",
      `package policy_check.slow

deny contains msg if {
  n := count([1 | some i in numbers.range(1, 4000); some j in numbers.range(1, 4000); i != j])
  n < 0
  msg := "never"
}
`,
    );
    const cfg = tmp.write("slow/.policy-check.yml", "limits:\n  timeout_ms: 200\n");
    const out = join(tmp.dir, "slow-report.json");
    const started = Date.now();
    assertError(runCli(["--config", cfg, "--no-shipped", "-p", p, "-f", "json", "-o", `json=${out}`, modulePlan]), /slow\.rego:3: policy_check\.slow\.deny: (evaluation timed out after 200 ms|evaluation exceeded its budget)/);
    assert.ok(Date.now() - started < 60_000);
    assert.equal(existsSync(out), false);
  });

  test("a policy past the step budget (limits.max_steps): exit 2", () => {
    const p = tmp.write(
      "steps/huge.rego",
      `package policy_check.huge

deny contains "never" if {
  count({x | some x in numbers.range(1, 10000000)}) < 0
}
`,
    );
    const cfg = tmp.write("steps/.policy-check.yml", "limits:\n  max_steps: 100000\n");
    assertError(runCli(["--config", cfg, "--no-shipped", "-p", p, modulePlan]), /exceeded its budget of 100000 steps/);
  });
});

describe("color", () => {
  const opts = (o: Partial<CheckCommandOptions> = {}): CheckCommandOptions => ({ policy: [], namespace: [], shipped: true, raw: false, tfDir: [], format: "text", output: [], ...o });

  async function textOn(tty: boolean, env: Record<string, string | undefined>, o: Partial<CheckCommandOptions> = {}): Promise<string> {
    const saved = { isTTY: process.stdout.isTTY, NO_COLOR: process.env["NO_COLOR"] };
    Object.defineProperty(process.stdout, "isTTY", { value: tty, configurable: true, writable: true });
    if ("NO_COLOR" in env) {
      if (env["NO_COLOR"] === undefined) delete process.env["NO_COLOR"];
      else process.env["NO_COLOR"] = env["NO_COLOR"];
    }
    let out = "";
    try {
      await runCheckCommand([modulePlan], opts(o), (s) => (out += s));
    } finally {
      Object.defineProperty(process.stdout, "isTTY", { value: saved.isTTY, configurable: true, writable: true });
      if (saved.NO_COLOR === undefined) delete process.env["NO_COLOR"];
      else process.env["NO_COLOR"] = saved.NO_COLOR;
    }
    return out;
  }

  test("colored on a terminal; plain when not a terminal, with NO_COLOR, or --no-color", async () => {
    const tty = await textOn(true, { NO_COLOR: undefined });
    assert.match(tty, ANSI);
    assert.match(tty, /\u001b\[1m\u001b\[31mCRITICAL/, "critical is bold red");
    assert.doesNotMatch(await textOn(false, { NO_COLOR: undefined }), ANSI);
    assert.doesNotMatch(await textOn(true, { NO_COLOR: "1" }), ANSI);
    assert.doesNotMatch(await textOn(true, { NO_COLOR: undefined }, { color: false }), ANSI);
    const plain = await textOn(false, { NO_COLOR: undefined });
    // eslint-disable-next-line no-control-regex
    assert.equal(tty.replace(/\u001b\[[0-9;]*m/g, ""), plain, "the same report, only colored");
  });

  test("through a real terminal (script(1)): colored unless NO_COLOR", { skip: process.platform !== "linux" || spawnSync("script", ["--version"]).status !== 0 ? "script(1) from util-linux is not available" : false }, () => {
    const tsx = import.meta.resolve("tsx");
    const entry = join(root, "test/cli/cli-entry.ts");
    const cmd = [process.execPath, "--import", tsx, entry, modulePlan].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
    const env = { ...process.env };
    delete env["NO_COLOR"];
    delete env["FORCE_COLOR"];
    const onTty = spawnSync("script", ["-qec", cmd, "/dev/null"], { cwd: root, env, encoding: "utf8", timeout: 120_000 });
    assert.match(onTty.stdout, ANSI, onTty.stdout + onTty.stderr);
    assert.match(onTty.stdout, /PC-DEL-001/);
    const noColor = spawnSync("script", ["-qec", cmd, "/dev/null"], { cwd: root, env: { ...env, NO_COLOR: "1" }, encoding: "utf8", timeout: 120_000 });
    assert.match(noColor.stdout, /PC-DEL-001/);
    assert.doesNotMatch(noColor.stdout, ANSI);
    // runCli pipes stdout: never colored
    assert.doesNotMatch(runCli([modulePlan], { env: { NO_COLOR: "" } }).stdout, ANSI);
  });
});
