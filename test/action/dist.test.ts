// The committed bundle, run as the runner runs it: `node dist/index.js` in a child process with
// GITHUB_EVENT_PATH (real pull_request payload fixtures), GITHUB_API_URL pointing at the local
// GitHub API, INPUT_* variables, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files. The real
// checker and shipped policies run on plan fixtures. (`npm run check:dist` verifies that dist/
// matches the sources; this test does not rebuild it.)

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseMarker } from "../../src/action/comment.js";
import { FakeGitHub, type User } from "./github-server.js";
import { FIXTURES, HEAD, runnerEnv, tempDir, TOKEN } from "./helpers.js";
import { B, assemble, writeBundle } from "../engine/helpers.js";
import { syntheticPlan } from "../../scripts/synthetic-plan.js";

const DIST = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
const PASSWORD = "hunter2-SECRET-VALUE-9f8e7d";
const alice: User = { login: "alice", id: 1001, type: "User" };
const agent: User = { login: "infra-agent[bot]", id: 41898282, type: "Bot" };

interface Step {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  ws: string;
}

/** Parses GITHUB_OUTPUT as the runner does (name<<DELIMITER ... DELIMITER, or name=value). */
function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== heredoc[2]) value.push(lines[i]!);
      out[heredoc[1]!] = value.join("\n");
    } else if (line.includes("=")) out[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
  }
  return out;
}

async function step(api: string, event: string, eventName: string, inputs: Record<string, string>, files: Record<string, string> = {}): Promise<Step> {
  const ws = tempDir("pc-dist-");
  mkdirSync(join(ws, "plans"));
  for (const f of ["destructive.json", "clean.json"]) copyFileSync(join(FIXTURES, "plans", f), join(ws, "plans", f));
  mkdirSync(join(ws, "terraform"));
  copyFileSync(join(FIXTURES, "terraform", "main.tf"), join(ws, "terraform", "main.tf"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(ws, name), text);
  const outputFile = join(ws, "_output");
  const summaryFile = join(ws, "_summary");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  const env = {
    PATH: process.env["PATH"] ?? "",
    HOME: ws,
    RUNNER_TEMP: ws,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: ws,
    ...runnerEnv(api, event, eventName, { approvers: "alice\nacme-infra/sre", ...inputs }),
  };
  const child = spawn(process.execPath, [DIST], { cwd: ws, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise<number | null>((r) => child.on("close", r));
  return { code, stdout, stderr, outputs: parseOutputFile(readFileSync(outputFile, "utf8")), summary: readFileSync(summaryFile, "utf8"), ws };
}

/** Everything the step printed or published, except the one `::add-mask::` command that hands the token to the runner. */
function published(s: Step, server: FakeGitHub): string {
  const stdout = s.stdout.split("\n").filter((l) => !l.startsWith("::add-mask::")).join("\n");
  return [stdout, s.stderr, s.summary, JSON.stringify(s.outputs), JSON.stringify(server.requests.map((r) => r.body)), existsSync(join(s.ws, "policy-check.sarif")) ? readFileSync(join(s.ws, "policy-check.sarif"), "utf8") : ""].join("\n");
}

describe("dist/index.js as a runner step", { timeout: 120_000 }, () => {
  let server: FakeGitHub;
  before(async () => {
    assert.ok(existsSync(DIST), "dist/index.js is committed (npm run build:action)");
    server = await new FakeGitHub({ token: TOKEN }).start();
  });
  after(() => server.stop());

  let first: Step;
  it("a bot's PR deleting a volume and a database: blocked until a human approves", async () => {
    first = await step(server.url, "pull_request.opened.json", "pull_request", { plan: "plans/destructive.json" });
    assert.equal(first.code, 1, first.stderr + first.stdout);
    assert.equal(first.outputs["result"], "fail");
    assert.equal(first.outputs["approval"], "pending");
    assert.equal(first.outputs["critical"], "2");
    assert.equal(first.outputs["needs-approval"], "2");
    assert.equal(first.outputs["sarif-file"], "policy-check.sarif");
    assert.match(first.stdout, /::error::policy-check: 2 destructive changes need an approving review by a listed approver on 6dcb09b/);
    assert.match(first.summary, /Human approval required/);
    assert.match(first.summary, /2 to delete/);
    assert.match(first.summary, /aws&#95;db&#95;instance&#46;orders/);
    const sarif = JSON.parse(readFileSync(join(first.ws, "policy-check.sarif"), "utf8"));
    assert.equal(sarif.runs[0].results.length, 2);

    const comment = server.comments.get(42)!;
    assert.equal(comment.length, 1);
    assert.equal(parseMarker(comment[0]!.body)?.sha, HEAD);
    const run = server.checkRuns.at(-1)!;
    assert.equal(run.head_sha, HEAD);
    assert.equal(run.conclusion, "failure");
    assert.equal(run.annotations.length, 2);
    assert.equal(run.annotations[0]!["path"], "plans/destructive.json");
  });

  it("never prints a secret: the token is masked first, the plan's sensitive password appears nowhere", () => {
    const firstLine = first.stdout.split("\n")[0]!;
    assert.equal(firstLine, `::add-mask::${TOKEN}`, "core.setSecret before anything else");
    const all = published(first, server);
    assert.ok(!all.includes(TOKEN), "token printed or sent");
    assert.ok(!all.includes(PASSWORD), "sensitive plan value leaked");
  });

  it("self-approval by the author and a stale approval do not count; the PR's bot cannot approve", async () => {
    server.addReview(42, agent, "APPROVED", HEAD);
    server.addReview(42, alice, "APPROVED", "1111111111111111111111111111111111111111");
    const s = await step(server.url, "pull_request_review.submitted.json", "pull_request_review", { plan: "plans/destructive.json" });
    assert.equal(s.code, 1);
    assert.equal(s.outputs["approval"], "pending");
    assert.match(s.summary, /infra&#45;agent&#91;bot&#93; is a bot/);
    assert.match(s.summary, /alice approved an earlier commit/);
  });

  it("pull_request_review: a listed human approves the head, the check passes and the comment is updated", async () => {
    server.addReview(42, alice, "APPROVED", HEAD, "2025-11-20T12:30:00Z");
    const s = await step(server.url, "pull_request_review.submitted.json", "pull_request_review", { plan: "plans/destructive.json" });
    assert.equal(s.code, 0, s.stdout);
    assert.equal(s.outputs["result"], "pass");
    assert.equal(s.outputs["approval"], "approved");
    assert.equal(server.checkRuns.at(-1)!.conclusion, "success");
    assert.equal(server.comments.get(42)!.length, 1, "updated in place");
    assert.match(server.comments.get(42)![0]!.body, /Destructive changes approved/);
  });

  it("a clean plan passes with exit 0", async () => {
    const s = await step(server.url, "pull_request.synchronize.json", "pull_request", { plan: "plans/clean.json" });
    assert.equal(s.code, 0, s.stdout + s.stderr);
    assert.equal(s.outputs["result"], "pass");
    assert.equal(s.outputs["findings"], "0");
    assert.match(server.comments.get(42)![0]!.body, /All changes at commit `6dcb09b` pass the policies/);
    assert.equal(server.comments.get(42)!.length, 1);
  });

  it("tf-dir: the Terraform sources are parsed inside the bundle (hcl2json's WebAssembly beside dist/index.js)", async () => {
    const without = await step(server.url, "pull_request.synchronize.json", "pull_request", { plan: "plans/clean.json" });
    assert.match(without.summary, /prevent&#95;destroy unknown/);
    const s = await step(server.url, "pull_request.synchronize.json", "pull_request", { plan: "plans/clean.json", "tf-dir": "terraform" });
    assert.equal(s.code, 0, s.stdout + s.stderr);
    assert.doesNotMatch(s.summary, /prevent&#95;destroy unknown/);
  });

  it("bundle: a pre-built OPA wasm bundle runs in dist/wasm-worker.js beside dist/index.js", async () => {
    const wasm = await assemble({ entrypoints: { "policy_check/demo/deny": B.data } });
    const bundle = await writeBundle(tempDir("pc-dist-bundle-"), {
      wasm,
      entrypoints: ["policy_check/demo/deny"],
      data: { msg: "volume deleted (from the bundle)", resource: "aws_ebs_volume.data", id: "ACME-001", severity: "critical" },
    });
    const s = await step(server.url, "pull_request.synchronize.json", "pull_request", { plan: "plans/clean.json", bundle });
    assert.equal(s.code, 1, s.stdout + s.stderr);
    assert.equal(s.outputs["result"], "fail");
    assert.equal(s.outputs["critical"], "1");
    assert.match(s.summary, /ACME&#45;001/);
    assert.match(s.summary, /volume deleted &#40;from the bundle&#41;/);
    const opa = await step(server.url, "pull_request.synchronize.json", "pull_request", { plan: "plans/clean.json", engine: "opa" });
    assert.equal(opa.outputs["result"], "error");
    assert.match(opa.stdout, /::error::.*--engine opa: OPA_BIN is not set and there is no opa on PATH/);
  });

  it("a plan of 2,000 resources: its unread members are checked in dist/json-check-worker.js beside dist/index.js", async () => {
    const s = await step(server.url, "pull_request.synchronize.json", "pull_request", { plan: "plans/big.json" }, { "plans/big.json": JSON.stringify(syntheticPlan(2_000)) });
    assert.equal(s.outputs["result"], "fail", s.stdout + s.stderr);
    // a worker that cannot start (not beside index.js) would leave this note, and the plan read whole
    assert.doesNotMatch(published(s, server), /unread members failed/);
  });

  it("a forked PR: no write, a notice, workflow-command annotations, summary and SARIF; no crash", async () => {
    const writes = server.writes().length;
    const s = await step(server.url, "pull_request.fork.json", "pull_request", { plan: "plans/destructive.json" });
    assert.equal(s.code, 1);
    assert.equal(server.writes().length, writes, "nothing written with the read-only token");
    assert.match(s.stdout, /::notice::policy-check: This pull request comes from a fork/);
    assert.match(s.stdout, /::error file=plans\/destructive\.json,title=PC-DEL-001 aws_db_instance\.orders::/);
    assert.match(s.summary, /comes from a fork/);
    assert.ok(existsSync(join(s.ws, "policy-check.sarif")));
    assert.doesNotMatch(s.stderr, /at .*\(.*:\d+:\d+\)/, "no stack trace");
  });

  it("a missing plan: result error in one line, exit 1, no stack trace", async () => {
    const s = await step(server.url, "pull_request.opened.json", "pull_request", { plan: "plans/missing.json" });
    assert.equal(s.code, 1);
    assert.equal(s.outputs["result"], "error");
    const errors = s.stdout.split("\n").filter((l) => l.startsWith("::error::"));
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /plans\/missing\.json/);
    assert.doesNotMatch(s.stdout + s.stderr, /at .*\(.*:\d+:\d+\)/);
    assert.equal(server.checkRuns.at(-1)!.conclusion, "failure");
  });
});
