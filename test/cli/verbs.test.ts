// The other verbs and the program itself: --version, --help on every verb, unknown options,
// `policies` (text, JSON, Markdown; shipped and your own policies) and `init`.

import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load-config.js";
import { tempDir } from "../report/helpers.js";
import { root, runCli, type CliRun } from "./helpers.js";

const tmp = tempDir("pc-verbs-");
after(() => tmp.remove());

const VERSION = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;

function ok(run: CliRun): string {
  assert.equal(run.code, 0, `exit ${run.code}: ${run.stderr}`);
  assert.doesNotMatch(run.stderr + run.stdout, /internal error|\n\s+at .+:\d+:\d+/);
  return run.stdout;
}

describe("the program", () => {
  test("--version and -V print the package version", () => {
    assert.equal(ok(runCli(["--version"])), `${VERSION}\n`);
    assert.equal(ok(runCli(["-V"])), `${VERSION}\n`);
  });

  test("--help lists every verb", () => {
    const out = ok(runCli(["--help"]));
    assert.match(out, /^Usage: policy-check \[options\] \[command\]/);
    for (const verb of ["check", "eval", "test", "policies", "init"]) assert.match(out, new RegExp(`^ {2}${verb} `, "m"), verb);
  });

  const VERB_OPTIONS: Record<string, string[]> = {
    check: ["--config", "--policy", "--namespace", "--no-shipped", "--rego-version", "--raw", "--tf-dir", "--workspace", "--fail-on", "--format", "--output", "--no-color"],
    eval: ["--data", "--input", "--rego-version", "--timeout"],
    test: ["--rego-version", "--run", "--verbose", "--format", "--timeout"],
    policies: ["--config", "--policy", "--namespace", "--no-shipped", "--format"],
    init: ["--dir", "--tool", "--force"],
  };
  for (const [verb, options] of Object.entries(VERB_OPTIONS)) {
    test(`${verb} --help: usage, description and options, exit 0`, () => {
      const out = ok(runCli([verb, "--help"]));
      assert.match(out, new RegExp(`^Usage: policy-check ${verb} \\[options\\]`));
      for (const o of [...options, "--help"]) assert.ok(out.includes(o), `${verb} --help mentions ${o}`);
    });
  }

  test("help VERB is the verb's --help; -h works too", () => {
    const viaHelp = ok(runCli(["help", "policies"]));
    assert.match(viaHelp, /^Usage: policy-check policies \[options\]/);
    assert.equal(ok(runCli(["policies", "-h"])), viaHelp);
  });

  test("an unknown option: exit 2 and the error on stderr, no report", () => {
    const run = runCli(["--no-such-option", "examples/incident/plan.json"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown option '--no-such-option'/);
    assert.equal(run.stdout, "");
    const choice = runCli(["policies", "-f", "yaml"]);
    assert.equal(choice.code, 2);
    assert.match(choice.stderr, /argument 'yaml' is invalid/);
  });
});

describe("policies", () => {
  const user = tmp.write(
    "policy/acme.rego",
    `package policy_check.acme

# METADATA
# title: Buckets carry an Owner tag
# description: Every bucket says who owns it.
# custom:
#   id: ACME-001
#   severity: medium
#   remediation: Add tags.Owner.
deny contains {"msg": "no owner", "resource": r.address} if {
  some r in input.resources
  r.type == "aws_s3_bucket"
  not r.tags.Owner
}
`,
  );

  test("text: every shipped policy with its id, severity and title, and the count", () => {
    const out = ok(runCli(["policies"]));
    const lines = out.trimEnd().split("\n");
    const count = /^(\d+) policies$/.exec(lines.at(-1)!);
    assert.ok(count, lines.at(-1));
    const rows = lines.slice(0, -1);
    assert.equal(rows.length, Number(count[1]));
    for (const r of rows) assert.match(r, /^PC-[A-Z]+-\d{3} +(critical|high|medium|low|info) +\S/, r);
    for (const id of ["PC-DEL-001", "PC-DP-001", "PC-BKP-010", "PC-TOK-001", "PC-ENV-001"]) assert.ok(rows.some((r) => r.startsWith(`${id} `)), id);
    assert.match(out, /^PC-DEL-001 +critical +Stateful resource deleted or replaced {2}\(needs approval\)$/m);
    assert.doesNotMatch(out, /\u001b\[/);
  });

  test("json: the catalog with ids, severities, titles, docs; the same policies as the text list", () => {
    const entries = JSON.parse(ok(runCli(["policies", "-f", "json"]))) as { id: string; severity: string; title: string; docs: string | null; needs_approval: boolean; package: string }[];
    assert.ok(entries.length >= 30);
    assert.equal(new Set(entries.map((e) => e.id)).size, entries.length, "ids are unique");
    for (const e of entries) {
      assert.match(e.id, /^PC-[A-Z]+-\d{3}$/);
      assert.ok(e.title.length > 0);
      assert.match(e.package, /^policy_check\./);
      assert.ok(e.docs && existsSync(join(root, e.docs.split("#")[0]!)), `${e.id} docs ${e.docs}`);
    }
    assert.ok(entries.find((e) => e.id === "PC-DEL-001")!.needs_approval);
  });

  test("markdown: the table of policies/README.md", () => {
    const out = ok(runCli(["policies", "-f", "markdown"]));
    const lines = out.trimEnd().split("\n");
    assert.equal(lines[0], "| id | severity | title | inputs | resource types |");
    assert.equal(lines[1], "|---|---|---|---|---|");
    assert.match(out, /^\| \[PC-DEL-001\]\(destructive-changes\.md#pc-del-001\) \| critical \| /m);
  });

  test("your own policies are listed with the shipped ones, or alone with --no-shipped", () => {
    const both = ok(runCli(["policies", "-p", user]));
    assert.match(both, /^ACME-001 +medium +Buckets carry an Owner tag$/m);
    assert.match(both, /^PC-DEL-001 /m);
    const alone = ok(runCli(["policies", "--no-shipped", "-p", join(tmp.dir, "policy")]));
    assert.equal(alone, "ACME-001  medium    Buckets carry an Owner tag\n1 policies\n");
  });

  test("policies.paths of the configuration are listed; an invalid configuration is exit 2", () => {
    tmp.write("repo/.policy-check.yml", "policies:\n  shipped: false\n  paths: [../policy]\n");
    assert.match(ok(runCli(["policies"], { cwd: join(tmp.dir, "repo") })), /^ACME-001 /m);
    const bad = tmp.write("bad/.policy-check.yml", "policies:\n  pathz: []\n");
    const run = runCli(["policies", "--config", bad]);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, `policy-check: ${bad}: unknown key 'pathz' at policies (did you mean 'paths'?)\n`);
  });
});

describe("init", () => {
  test("writes a valid starter configuration and a workflow; refuses to overwrite without --force", () => {
    const dir = join(tmp.dir, "init-repo");
    const first = ok(runCli(["init", "--dir", dir]));
    const cfg = join(dir, ".policy-check.yml");
    const wf = join(dir, ".github/workflows/policy-check.yml");
    assert.match(first, /wrote .*\.policy-check\.yml\n/);
    assert.match(first, /wrote .*\.github\/workflows\/policy-check\.yml\n/);
    assert.match(first, /^next: /m);
    assert.ok(existsSync(cfg) && existsSync(wf));
    const config = loadConfig(cfg);
    assert.equal(config.failOn, "high");
    assert.deepEqual(config.exceptions, []);
    assert.match(readFileSync(wf, "utf8"), /uses: policy-check\/policy-check@/);

    // a second run refuses, one line, and leaves the files alone
    const again = runCli(["init", "--dir", dir]);
    assert.equal(again.code, 2);
    const lines = again.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, again.stderr);
    assert.match(lines[0]!, /^policy-check: .*\.policy-check\.yml, .*policy-check\.yml already exist: use --force to overwrite$/);
    assert.equal(loadConfig(cfg).failOn, "high");

    // --force rewrites, here with the Pulumi workflow
    ok(runCli(["init", "--dir", dir, "--force", "--tool", "pulumi"]));
    assert.match(readFileSync(wf, "utf8"), /pulumi/i);
    assert.deepEqual(readdirSync(join(dir, ".github/workflows")), ["policy-check.yml"]);
  });

  test("the check picks up the starter configuration from the repository root", () => {
    const dir = join(tmp.dir, "init-check");
    ok(runCli(["init", "--dir", dir]));
    // the user's first exception, added to the starter file
    const cfg = join(dir, ".policy-check.yml");
    const starter = readFileSync(cfg, "utf8");
    assert.match(starter, /^exceptions: \[\]$/m);
    tmp.write("init-check/.policy-check.yml", starter.replace(/^exceptions: \[\]$/m, 'exceptions:\n  - { policy: PC-DEL-001, resource: aws_ebs_volume.scratch, reason: scratch, owner: "@acme/platform" }'));
    tmp.write("init-check/infra/plan.json", readFileSync(join(root, "examples/hardened/plan.json"), "utf8"));
    const run = runCli(["-f", "json", "--tf-dir", join(root, "examples/hardened/terraform"), "plan.json"], { cwd: join(dir, "infra") });
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { status: string; fail_on: string; stale_exceptions: { resource: string }[] };
    assert.equal(report.status, "pass");
    assert.equal(report.fail_on, "high");
    assert.deepEqual(report.stale_exceptions.map((e) => e.resource), ["aws_ebs_volume.scratch"], "the configuration was found");
  });
});
