// The check run: created in progress, completed with its annotations sent 50 at a time.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { batches, completeCheckRun, MAX_ANNOTATIONS, repoPath, startCheckRun, toAnnotations } from "../../src/action/check-run.js";
import { createGitHub } from "../../src/action/github.js";
import { FakeGitHub } from "./github-server.js";
import { finding, HEAD, manyFindings, TOKEN } from "./helpers.js";

const repo = { owner: "acme-infra", repo: "platform" };

describe("annotations", () => {
  it("one per finding, level from severity, needs-approval and warnings marked", () => {
    const a = toAnnotations(
      [finding(), finding({ severity: "medium", needs_approval: false }), finding({ kind: "warn", severity: "high", needs_approval: false }), finding({ severity: "low", needs_approval: false, file: null })],
      "/ws",
      "plans/prod.json",
    );
    assert.deepEqual(a.map((x) => x.annotation_level), ["failure", "warning", "warning", "notice"]);
    assert.match(a[0]!.message, /\(needs approval\)$/);
    assert.equal(a[3]!.path, "plans/prod.json");
    assert.match(a[0]!.raw_details!, /^Fix: /);
  });

  it("paths are relative to the workspace", () => {
    assert.equal(repoPath("/ws/plans/a.json", "/ws"), "plans/a.json");
    assert.equal(repoPath("./plans/a.json", "/ws"), "plans/a.json");
    assert.equal(repoPath("plans\\a.json", "/ws"), "plans/a.json");
    assert.equal(repoPath("/elsewhere/a.json", "/ws"), "elsewhere/a.json");
  });

  it("batches of 50", () => {
    assert.deepEqual(batches(Array.from({ length: 120 }, (_, i) => i)).map((b) => b.length), [50, 50, 20]);
    assert.deepEqual(batches([]), []);
  });
});

describe("check run", () => {
  let server: FakeGitHub;
  let gh: ReturnType<typeof createGitHub>;
  before(async () => {
    server = await new FakeGitHub({ token: TOKEN }).start();
    gh = createGitHub(TOKEN, server.url, "test");
  });
  after(() => server.stop());

  it("120 findings: created in progress, then 3 updates of 50, 50 and 20 annotations, the last one completing", async () => {
    const id = await startCheckRun(gh, repo, "policy-check", HEAD, "https://github.com/acme-infra/platform/actions/runs/1");
    const sent = await completeCheckRun(gh, repo, id, "failure", { title: "Blocked", summary: "report" }, toAnnotations(manyFindings(120), "/ws", "plan.json"));
    assert.equal(sent, 120);
    const create = server.calls("POST", /\/check-runs$/);
    assert.equal(create.length, 1);
    assert.equal((create[0]!.body as { status: string }).status, "in_progress");
    assert.equal((create[0]!.body as { head_sha: string }).head_sha, HEAD);
    const updates = server.calls("PATCH", new RegExp(`/check-runs/${id}$`));
    assert.deepEqual(updates.map((u) => ((u.body as { output: { annotations?: unknown[] } }).output.annotations ?? []).length), [50, 50, 20]);
    assert.deepEqual(updates.map((u) => (u.body as { status?: string }).status ?? null), [null, null, "completed"]);
    assert.equal((updates[2]!.body as { conclusion: string }).conclusion, "failure");
    const run = server.checkRuns.find((r) => r.id === id)!;
    assert.equal(run.annotations.length, 120);
    assert.equal(run.status, "completed");
    assert.equal(run.conclusion, "failure");
  });

  it("no findings: one update that completes with success", async () => {
    const id = await startCheckRun(gh, repo, "policy-check", HEAD, null);
    await completeCheckRun(gh, repo, id, "success", { title: "Passed", summary: "clean" }, []);
    const updates = server.calls("PATCH", new RegExp(`/check-runs/${id}$`));
    assert.equal(updates.length, 1);
    assert.equal(server.checkRuns.find((r) => r.id === id)!.conclusion, "success");
  });

  it("stops at MAX_ANNOTATIONS and says how many were sent", async () => {
    const id = await startCheckRun(gh, repo, "policy-check", HEAD, null);
    const sent = await completeCheckRun(gh, repo, id, "failure", { title: "t", summary: "s" }, toAnnotations(manyFindings(MAX_ANNOTATIONS + 7), "/ws", "p"));
    assert.equal(sent, MAX_ANNOTATIONS);
    assert.equal(server.checkRuns.find((r) => r.id === id)!.annotations.length, MAX_ANNOTATIONS);
  });
});
