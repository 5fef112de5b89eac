// The whole action in process (runAction) against the local GitHub API, with a stub checker:
// the requests it makes on each kind of event, the fallback for forks and read-only tokens,
// outputs, job summary, SARIF, and that the token never shows.

import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseMarker } from "../../src/action/comment.js";
import { runAction, type CheckRequest } from "../../src/action/run.js";
import type { Finding } from "../../src/evaluate/finding.js";
import { InputError } from "../../src/load/input-error.js";
import { FakeGitHub, type User } from "./github-server.js";
import { finding, HEAD, manyFindings, RecordingIO, result, runnerEnv, tempDir, TOKEN } from "./helpers.js";

const alice: User = { login: "alice", id: 1001, type: "User" };

interface Run {
  io: RecordingIO;
  outcome: Awaited<ReturnType<typeof runAction>>;
  requests: CheckRequest[];
}

function workspace(): string {
  const ws = tempDir();
  mkdirSync(join(ws, "plans"));
  writeFileSync(join(ws, "plans", "prod.json"), "{}");
  writeFileSync(join(ws, "plans", "staging.json"), "{}");
  return ws;
}

async function run(server: FakeGitHub, event: string, eventName: string, findings: Finding[] | Error, inputs: Record<string, string> = {}, ws = workspace()): Promise<Run> {
  const io = new RecordingIO();
  const requests: CheckRequest[] = [];
  const env = runnerEnv(server.url, event, eventName, { plan: "plans/*.json", approvers: "alice, acme-infra/sre", ...inputs }, { GITHUB_WORKSPACE: ws });
  const outcome = await runAction({
    env,
    io,
    version: "0.1.0-test",
    cwd: ws,
    check: async (req) => {
      requests.push(req);
      if (findings instanceof Error) throw findings;
      return result(findings);
    },
  });
  return { io, outcome, requests };
}

describe("runAction on pull requests", () => {
  let server: FakeGitHub;
  beforeEach(async () => {
    server = await new FakeGitHub({ token: TOKEN }).start();
  });
  afterEach(() => server.stop());

  it("a destructive change: check run started then failed, comment created, approval pending, SARIF and summary written", async () => {
    const ws = workspace();
    const r = await run(server, "pull_request.opened.json", "pull_request", [finding()], { "sarif-file": "out/policy-check.sarif" }, ws);
    assert.deepEqual(r.requests[0]!.inputs, ["plans/prod.json", "plans/staging.json"], "globs expanded, sorted");
    const seq = server.requests.map((q) => `${q.method} ${q.path.replace(/\d{4,}/g, "N")}`);
    assert.deepEqual(seq, [
      "POST /repos/acme-infra/platform/check-runs",
      "GET /repos/acme-infra/platform/pulls/42/reviews",
      "GET /repos/acme-infra/platform/issues/42/comments",
      "POST /repos/acme-infra/platform/issues/42/comments",
      "PATCH /repos/acme-infra/platform/check-runs/N",
    ]);
    const runRecord = server.checkRuns[0]!;
    assert.equal(runRecord.head_sha, HEAD, "the PR head, not the merge commit");
    assert.equal(runRecord.name, "policy-check");
    assert.equal(runRecord.conclusion, "failure");
    assert.equal(runRecord.details_url, "https://github.com/acme-infra/platform/actions/runs/987654321");
    assert.match(runRecord.output.title!, /awaiting human approval/);
    assert.equal(runRecord.annotations.length, 1);
    assert.equal(runRecord.annotations[0]!["path"], "plan.json");

    const comment = server.comments.get(42)![0]!;
    assert.deepEqual(parseMarker(comment.body), { tool: "policy-check", check: "policy-check", sha: HEAD });
    assert.match(comment.body, /Human approval required/);

    assert.equal(r.outcome.exitCode, 1);
    assert.match(r.outcome.failure!, /needs an approving review by a listed approver on 6dcb09b/);
    assert.equal(r.io.outputs.get("result"), "fail");
    assert.equal(r.io.outputs.get("approval"), "pending");
    assert.equal(r.io.outputs.get("needs-approval"), "1");
    assert.equal(r.io.outputs.get("critical"), "1");
    assert.equal(r.io.outputs.get("findings"), "1");
    assert.equal(r.io.outputs.get("sarif-file"), "out/policy-check.sarif");
    assert.equal(r.io.outputs.get("comment-url"), comment.html_url);
    assert.equal(r.io.outputs.get("check-run-id"), String(runRecord.id));
    const sarif = JSON.parse(readFileSync(join(ws, "out/policy-check.sarif"), "utf8"));
    assert.equal(sarif.version, "2.1.0");
    assert.equal(sarif.runs[0].results[0].ruleId, "PC-DEL-001");
    assert.equal(sarif.runs[0].tool.driver.rules[0].helpUri, "https://github.com/policy-check/policy-check/blob/v1/policies/destructive-changes.md#pc-del-001");
    assert.match(r.io.summary, /Human approval required/);
    assert.equal(r.io.of("command").length, 0, "annotations went to the check run, not the log");
  });

  it("the token is masked first and never appears anywhere", async () => {
    const r = await run(server, "pull_request.opened.json", "pull_request", [finding()]);
    assert.equal(r.io.order[0], "setSecret");
    assert.deepEqual(r.io.secrets, [TOKEN]);
    assert.ok(!r.io.all().includes(TOKEN));
    for (const q of server.requests) {
      assert.equal(q.authorization, `token ${TOKEN}`);
      assert.ok(!JSON.stringify(q.body ?? "").includes(TOKEN));
    }
  });

  it("a new push: the same comment is updated, never a second one", async () => {
    await run(server, "pull_request.opened.json", "pull_request", [finding()]);
    await run(server, "pull_request.synchronize.json", "pull_request", [finding(), finding({ resource: "aws_db_instance.main", action: "delete" })]);
    assert.equal(server.comments.get(42)!.length, 1);
    assert.equal(server.calls("POST", /\/issues\/42\/comments$/).length, 1);
    assert.equal(server.calls("PATCH", /\/issues\/comments\/\d+$/).length, 1);
    assert.match(server.comments.get(42)![0]!.body, /1 to delete/);
  });

  it("pull_request_review: an approval on the head by a listed human makes the check pass", async () => {
    await run(server, "pull_request.opened.json", "pull_request", [finding()]);
    server.addReview(42, alice, "APPROVED", HEAD);
    const r = await run(server, "pull_request_review.submitted.json", "pull_request_review", [finding()]);
    assert.equal(r.outcome.exitCode, 0);
    assert.equal(r.io.outputs.get("result"), "pass");
    assert.equal(r.io.outputs.get("approval"), "approved");
    assert.equal(server.checkRuns.at(-1)!.conclusion, "success");
    assert.match(server.checkRuns.at(-1)!.output.title!, /approved by alice/);
    assert.equal(server.comments.get(42)!.length, 1);
    assert.match(server.comments.get(42)![0]!.body, /Destructive changes approved/);
  });

  it("the PR becomes clean: the comment says so", async () => {
    await run(server, "pull_request.opened.json", "pull_request", [finding()]);
    const r = await run(server, "pull_request.synchronize.json", "pull_request", []);
    assert.equal(r.outcome.exitCode, 0);
    const body = server.comments.get(42)![0]!.body;
    assert.match(body, /no findings/);
    assert.match(body, /All changes at commit `6dcb09b` pass the policies/);
    assert.equal(server.checkRuns.at(-1)!.conclusion, "success");
  });

  it("a PR that was always clean gets no comment (comment: on), one with comment: always", async () => {
    const r = await run(server, "pull_request.opened.json", "pull_request", []);
    assert.equal(r.outcome.exitCode, 0);
    assert.equal(server.calls("POST", /\/comments$/).length, 0);
    assert.equal(server.checkRuns[0]!.conclusion, "success");
    await run(server, "pull_request.opened.json", "pull_request", [], { comment: "always" });
    assert.equal(server.calls("POST", /\/comments$/).length, 1);
  });

  it("comment: off writes no comment but still the check run", async () => {
    await run(server, "pull_request.opened.json", "pull_request", [finding()], { comment: "off" });
    assert.equal(server.calls("GET", /\/comments$/).length, 0);
    assert.equal(server.checkRuns.length, 1);
  });

  it("130 findings: annotations reach the check run in batches of 50", async () => {
    await run(server, "pull_request.opened.json", "pull_request", manyFindings(130));
    const updates = server.calls("PATCH", /\/check-runs\/\d+$/);
    assert.deepEqual(updates.map((u) => ((u.body as { output: { annotations?: unknown[] } }).output.annotations ?? []).length), [50, 50, 30]);
    assert.equal(server.checkRuns[0]!.annotations.length, 130);
    assert.equal(server.checkRuns[0]!.status, "completed");
  });

  it("the checker fails: check run completed as failure, earlier comment updated, result error, no crash", async () => {
    await run(server, "pull_request.opened.json", "pull_request", [finding()]);
    const r = await run(server, "pull_request.synchronize.json", "pull_request", new InputError("plans/prod.json", "truncated JSON at line 3 column 1"));
    assert.equal(r.outcome.exitCode, 1);
    assert.equal(r.io.outputs.get("result"), "error");
    assert.match(r.outcome.failure!, /truncated JSON/);
    assert.equal(server.checkRuns.at(-1)!.conclusion, "failure");
    assert.equal(server.checkRuns.at(-1)!.output.title, "policy-check could not run");
    assert.match(server.comments.get(42)![0]!.body, /could not run/);
    assert.match(r.io.summary, /could not run/);
  });
});

describe("runAction without write access", () => {
  let server: FakeGitHub;
  before(async () => {
    server = await new FakeGitHub({ token: TOKEN }).start();
  });
  after(() => server.stop());

  it("a forked PR: no write is attempted; notice, workflow-command annotations, summary and SARIF instead", async () => {
    const ws = workspace();
    const before = server.requests.length;
    const r = await run(server, "pull_request.fork.json", "pull_request", [finding({ severity: "high", needs_approval: false })], {}, ws);
    const mine = server.requests.slice(before);
    assert.deepEqual(mine.filter((q) => q.method !== "GET"), [], "no writes");
    assert.equal(r.outcome.exitCode, 1, "the job itself fails: it is the only signal");
    assert.match(r.io.of("notice").join("\n"), /comes from a fork/);
    const commands = r.io.of("command");
    assert.ok(commands.some((c) => c.startsWith("::error file=plan.json,")), commands.join("\n"));
    assert.match(r.io.summary, /comes from a fork/);
    assert.ok(readFileSync(join(ws, "policy-check.sarif"), "utf8").includes("PC-DEL-001"));
    assert.equal(r.io.outputs.get("check-run-id"), "");
  });

  it("a forked PR still reads reviews for the approval gate", async () => {
    server.addReview(43, alice, "APPROVED", HEAD);
    const r = await run(server, "pull_request.fork.json", "pull_request", [finding()]);
    assert.equal(r.io.outputs.get("approval"), "approved");
    assert.equal(r.outcome.exitCode, 0);
  });

  it("a read-only token on a same-repo PR (403): fallback with the permissions to add, no crash", async () => {
    const ro = await new FakeGitHub({ token: TOKEN, readOnly: true }).start();
    try {
      const r = await run(ro, "pull_request.opened.json", "pull_request", [finding()]);
      assert.equal(ro.calls("POST", /\/check-runs$/).length, 1);
      assert.equal(ro.calls("POST", /\/comments$/).length, 0, "no further writes once one was refused");
      assert.match(r.io.of("notice").join("\n"), /cannot create check runs \(HTTP 403: Resource not accessible by integration\).*checks: write/);
      assert.ok(r.io.of("command").length > 0);
      assert.equal(r.io.outputs.get("result"), "fail");
      assert.ok(!r.io.all().includes(TOKEN));
    } finally {
      await ro.stop();
    }
  });

  it("comments refused (no pull-requests: write) but checks allowed: the check run is still completed", async () => {
    const s2 = await new FakeGitHub({ token: TOKEN, forbidWrites: /\/comments$/ }).start();
    try {
      const r = await run(s2, "pull_request.opened.json", "pull_request", [finding()]);
      assert.equal(s2.checkRuns[0]!.status, "completed");
      assert.equal(s2.checkRuns[0]!.conclusion, "failure");
      assert.match(r.io.of("notice").join("\n"), /cannot write pull request comments/);
      assert.equal(r.io.of("command").length, 0, "the check run carries the annotations");
      assert.equal(r.io.outputs.get("result"), "fail");
    } finally {
      await s2.stop();
    }
  });

  it("no token at all: nothing is requested, the report still lands", async () => {
    const before = server.requests.length;
    const io = new RecordingIO();
    const ws = workspace();
    const env = runnerEnv(server.url, "pull_request.opened.json", "pull_request", { plan: "plans/prod.json", "github-token": "" }, { GITHUB_WORKSPACE: ws });
    const outcome = await runAction({ env, io, version: "t", cwd: ws, check: async () => result([]) });
    assert.equal(server.requests.length, before);
    assert.equal(outcome.exitCode, 0);
    assert.match(io.of("notice").join(), /No github-token/);
    assert.match(io.summary, /no findings/);
  });
});

describe("runAction inputs and other events", () => {
  let server: FakeGitHub;
  before(async () => {
    server = await new FakeGitHub({ token: TOKEN }).start();
  });
  after(() => server.stop());

  it("bad inputs: result error in one line, no request", async () => {
    const before = server.requests.length;
    const r1 = await run(server, "pull_request.opened.json", "pull_request", [], { "fail-on": "severe" });
    assert.equal(r1.io.outputs.get("result"), "error");
    assert.match(r1.outcome.failure!, /fail-on must be one of critical, high, medium, low, info, none/);
    const r2 = await run(server, "pull_request.opened.json", "pull_request", [], { plan: "" });
    assert.match(r2.outcome.failure!, /at least one plan/);
    const r3 = await run(server, "pull_request.opened.json", "pull_request", [], { approvers: "not a login!" });
    assert.match(r3.outcome.failure!, /approvers: 'not a login!'/);
    assert.equal(server.requests.length, before);
  });

  it("a glob matching nothing is an error naming the pattern", async () => {
    const r = await run(server, "pull_request.opened.json", "pull_request", [], { plan: "nothing/*.json" });
    assert.equal(r.outcome.exitCode, 1);
    assert.match(r.outcome.failure!, /no file matches 'nothing\/\*\.json'/);
    assert.equal(server.checkRuns.at(-1)!.conclusion, "failure");
  });

  it("push: a check run on GITHUB_SHA, no comment, destructive changes cannot be approved", async () => {
    const ws = workspace();
    writeFileSync(join(ws, "push.json"), JSON.stringify({ ref: "refs/heads/main", after: "b".repeat(40) }));
    const io = new RecordingIO();
    const env = runnerEnv(server.url, "pull_request.opened.json", "push", { plan: "plans/prod.json" }, { GITHUB_WORKSPACE: ws, GITHUB_EVENT_PATH: join(ws, "push.json"), GITHUB_SHA: "b".repeat(40) });
    const n = server.requests.length;
    const outcome = await runAction({ env, io, version: "t", cwd: ws, check: async () => result([finding()]) });
    const mine = server.requests.slice(n);
    assert.deepEqual(mine.map((q) => q.method + " " + q.path.replace(/\d{4,}/, "N")), ["POST /repos/acme-infra/platform/check-runs", "PATCH /repos/acme-infra/platform/check-runs/N"]);
    assert.equal(server.checkRuns.at(-1)!.head_sha, "b".repeat(40));
    assert.equal(outcome.exitCode, 1);
    assert.match(io.summary, /not a pull request event/);
  });

  it("workflow_run: publishes to the PR named by the input only when its head is the triggering run's commit", async () => {
    const ws = workspace();
    const pr = JSON.parse(readFileSync(new URL("./fixtures/pull_request.fork.json", import.meta.url), "utf8")).pull_request;
    server.pulls.set(43, pr);
    writeFileSync(join(ws, "run.json"), JSON.stringify({ action: "completed", workflow_run: { id: 5, head_sha: HEAD, event: "pull_request", pull_requests: [] } }));
    const io = new RecordingIO();
    const env = runnerEnv(server.url, "x", "workflow_run", { plan: "plans/prod.json", "pull-request": "43" }, { GITHUB_WORKSPACE: ws, GITHUB_EVENT_PATH: join(ws, "run.json") });
    const outcome = await runAction({ env, io, version: "t", cwd: ws, check: async () => result([finding({ needs_approval: false })]) });
    assert.equal(outcome.exitCode, 1);
    assert.equal(server.checkRuns.at(-1)!.head_sha, HEAD);
    assert.equal(server.comments.get(43)?.length, 1, "the fork's PR gets its comment from the trusted workflow");

    writeFileSync(join(ws, "run.json"), JSON.stringify({ action: "completed", workflow_run: { id: 6, head_sha: "c".repeat(40), pull_requests: [] } }));
    const io2 = new RecordingIO();
    await runAction({ env, io: io2, version: "t", cwd: ws, check: async () => result([finding({ needs_approval: false })]) });
    assert.match(io2.of("warning").join(), /is at 6dcb09b, not at the commit the triggering run checked \(ccccccc\)/);
    assert.equal(server.comments.get(43)?.length, 1, "no comment on a PR that moved on");
    assert.equal(server.checkRuns.at(-1)!.head_sha, "c".repeat(40), "the check run goes on the run's own commit");
  });
});
