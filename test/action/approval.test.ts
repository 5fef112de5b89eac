// The approval gate against the local GitHub API: only an APPROVED review on the current head,
// by a listed approver (user or team member) who is neither the PR author nor a bot, counts.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { evaluateApproval, gatedStatus, latestDecidingReviews } from "../../src/action/approval.js";
import type { PullRequestRef } from "../../src/action/context.js";
import { createGitHub } from "../../src/action/github.js";
import { parseApprovers } from "../../src/action/inputs.js";
import { FakeGitHub, type User } from "./github-server.js";
import { finding, HEAD, OLD, result, TOKEN } from "./helpers.js";

const repo = { owner: "acme-infra", repo: "platform" };
const alice: User = { login: "alice", id: 1, type: "User" };
const bob: User = { login: "bob", id: 2, type: "User" };
const carol: User = { login: "carol", id: 3, type: "User" };
const agent: User = { login: "infra-agent[bot]", id: 4, type: "Bot" };
const renovate: User = { login: "renovate[bot]", id: 5, type: "Bot" };
const mallory: User = { login: "mallory", id: 6, type: "User" };

function pr(number: number, author: User): PullRequestRef {
  return { number, headSha: HEAD, headRepo: "acme-infra/platform", baseRepo: "acme-infra/platform", author: { login: author.login, type: author.type }, fork: false };
}

const destructive = result([finding()]);

describe("approval gate", () => {
  let server: FakeGitHub;
  let gh: ReturnType<typeof createGitHub>;
  before(async () => {
    server = await new FakeGitHub({ token: TOKEN }).start();
    gh = createGitHub(TOKEN, server.url, "test");
    server.teams.set("acme-infra/sre", new Set(["carol"]));
  });
  after(() => server.stop());

  it("a bot-authored PR approved by a listed human on the head passes", async () => {
    server.addReview(1, alice, "APPROVED", HEAD);
    const a = await evaluateApproval(gh, repo, pr(1, agent), parseApprovers("alice"), destructive.decision);
    assert.equal(a.status, "approved");
    assert.deepEqual(a.approvedBy, ["alice"]);
    assert.equal(gatedStatus(destructive.decision, a.status), "pass");
    assert.equal(destructive.decision.status, "fail", "without the gate the critical finding fails");
  });

  it("a bot's approval does not count, even when the bot is listed", async () => {
    server.addReview(2, renovate, "APPROVED", HEAD);
    const a = await evaluateApproval(gh, repo, pr(2, agent), parseApprovers("renovate[bot], alice"), destructive.decision);
    assert.equal(a.status, "pending");
    assert.match(a.rejected[0]!.reason, /bot/);
    assert.equal(gatedStatus(destructive.decision, a.status), "fail");
  });

  it("a self-approval does not count (the author is listed)", async () => {
    server.addReview(3, mallory, "APPROVED", HEAD);
    const a = await evaluateApproval(gh, repo, pr(3, mallory), parseApprovers("mallory"), destructive.decision);
    assert.equal(a.status, "pending");
    assert.deepEqual(a.rejected, [{ login: "mallory", reason: "is the pull request author" }]);
  });

  it("the author's login is compared case-insensitively", async () => {
    server.addReview(4, { ...mallory, login: "Mallory" }, "APPROVED", HEAD);
    const a = await evaluateApproval(gh, repo, pr(4, mallory), parseApprovers("Mallory"), destructive.decision);
    assert.equal(a.status, "pending");
  });

  it("a stale approval (an earlier commit) does not count", async () => {
    server.addReview(5, alice, "APPROVED", OLD);
    const a = await evaluateApproval(gh, repo, pr(5, agent), parseApprovers("alice"), destructive.decision);
    assert.equal(a.status, "pending");
    assert.match(a.rejected[0]!.reason, /earlier commit \(1111111\)/);
  });

  it("re-approving on the head after a push counts", async () => {
    server.addReview(6, alice, "APPROVED", OLD, "2025-11-20T09:00:00Z");
    server.addReview(6, alice, "APPROVED", HEAD, "2025-11-20T12:00:00Z");
    const a = await evaluateApproval(gh, repo, pr(6, agent), parseApprovers("alice"), destructive.decision);
    assert.equal(a.status, "approved");
  });

  it("a reviewer who is not listed does not count", async () => {
    server.addReview(7, bob, "APPROVED", HEAD);
    const a = await evaluateApproval(gh, repo, pr(7, agent), parseApprovers("alice, @acme-infra/sre"), destructive.decision);
    assert.equal(a.status, "pending");
    assert.deepEqual(a.rejected, [{ login: "bob", reason: "is not a listed approver" }]);
    assert.equal(server.calls("GET", /\/orgs\/acme-infra\/teams\/sre\/memberships\/bob$/).length, 1, "membership checked once");
  });

  it("a member of a listed team counts (team membership endpoint)", async () => {
    server.addReview(8, carol, "APPROVED", HEAD);
    const a = await evaluateApproval(gh, repo, pr(8, agent), parseApprovers("acme-infra/sre"), destructive.decision);
    assert.equal(a.status, "approved");
    assert.deepEqual(a.approvedBy, ["carol"]);
    assert.equal(server.calls("GET", /\/orgs\/acme-infra\/teams\/sre\/memberships\/carol$/).length, 1);
  });

  it("a later 'changes requested' or a dismissal cancels an approval; comments do not", async () => {
    server.addReview(9, alice, "APPROVED", HEAD, "2025-11-20T11:00:00Z");
    server.addReview(9, alice, "CHANGES_REQUESTED", HEAD, "2025-11-20T11:30:00Z");
    server.addReview(10, alice, "APPROVED", HEAD, "2025-11-20T11:00:00Z");
    server.addReview(10, alice, "COMMENTED", HEAD, "2025-11-20T11:30:00Z");
    server.addReview(11, alice, "DISMISSED", HEAD, "2025-11-20T11:00:00Z");
    const approvers = parseApprovers("alice");
    assert.equal((await evaluateApproval(gh, repo, pr(9, agent), approvers, destructive.decision)).status, "pending");
    assert.equal((await evaluateApproval(gh, repo, pr(10, agent), approvers, destructive.decision)).status, "approved");
    assert.equal((await evaluateApproval(gh, repo, pr(11, agent), approvers, destructive.decision)).status, "pending");
  });

  it("reads every page of reviews (the approval is on page 3)", async () => {
    for (let i = 0; i < 230; i++) server.addReview(12, { login: `dev${i}`, id: 100 + i, type: "User" }, "COMMENTED", HEAD);
    server.addReview(12, alice, "APPROVED", HEAD, "2025-11-20T13:00:00Z");
    const before = server.calls("GET", /\/pulls\/12\/reviews$/).length;
    const a = await evaluateApproval(gh, repo, pr(12, agent), parseApprovers("alice"), destructive.decision);
    assert.equal(a.status, "approved");
    const pages = server.calls("GET", /\/pulls\/12\/reviews$/).slice(before);
    assert.deepEqual(pages.map((p) => p.query["page"] ?? "1"), ["1", "2", "3"]);
  });

  it("fails closed when team membership cannot be read, and says why", async () => {
    const s2 = await new FakeGitHub({ token: TOKEN, teamsForbidden: true }).start();
    try {
      s2.addReview(1, carol, "APPROVED", HEAD);
      const a = await evaluateApproval(createGitHub(TOKEN, s2.url, "test"), repo, pr(1, agent), parseApprovers("acme-infra/sre"), destructive.decision);
      assert.equal(a.status, "pending");
      assert.match(a.notes.join("\n"), /could not read the membership of @acme-infra\/sre \(HTTP 403/);
    } finally {
      await s2.stop();
    }
  });

  it("no approvers configured: nobody can approve", async () => {
    server.addReview(13, alice, "APPROVED", HEAD);
    const a = await evaluateApproval(gh, repo, pr(13, agent), [], destructive.decision);
    assert.equal(a.status, "pending");
    assert.match(a.notes.join(), /approvers.*empty/);
  });

  it("is not consulted (no request) when nothing needs approval", async () => {
    const n = server.requests.length;
    const clean = result([finding({ needs_approval: false, severity: "low" })]);
    const a = await evaluateApproval(gh, repo, pr(14, agent), parseApprovers("alice"), clean.decision);
    assert.equal(a.status, "not-required");
    assert.equal(server.requests.length, n);
  });

  it("outside a pull request the gate stays closed", async () => {
    const a = await evaluateApproval(gh, repo, null, parseApprovers("alice"), destructive.decision);
    assert.equal(a.status, "pending");
    assert.match(a.notes[0]!, /not a pull request/);
  });
});

describe("gatedStatus", () => {
  it("approval lifts only the needs-approval findings; others still follow fail_on", () => {
    const r = result([finding(), finding({ policy: "PC-X", needs_approval: false, severity: "high", resource: "aws_iam_user.ci" })]);
    assert.equal(gatedStatus(r.decision, "approved"), "fail");
    const r2 = result([finding(), finding({ policy: "PC-X", needs_approval: false, severity: "medium" })]);
    assert.equal(gatedStatus(r2.decision, "approved"), "pass");
    assert.equal(gatedStatus(r2.decision, "pending"), "fail");
  });

  it("a needs-approval finding below fail_on still needs the approval", () => {
    const r = result([finding({ severity: "low" })], "critical");
    assert.equal(gatedStatus(r.decision, "pending"), "fail");
    assert.equal(gatedStatus(r.decision, "approved"), "pass");
  });

  it("warnings never fail", () => {
    const r = result([finding({ kind: "warn" })]);
    assert.equal(gatedStatus(r.decision, "pending"), "pass");
  });
});

describe("latestDecidingReviews", () => {
  it("keeps each reviewer's last approving/rejecting review, in submission order", () => {
    const reviews = [
      { id: 2, state: "APPROVED", commit_id: HEAD, submitted_at: "2025-11-20T12:00:00Z", user: alice },
      { id: 1, state: "CHANGES_REQUESTED", commit_id: OLD, submitted_at: "2025-11-20T10:00:00Z", user: alice },
      { id: 3, state: "PENDING", commit_id: HEAD, submitted_at: null, user: bob },
      { id: 4, state: "APPROVED", commit_id: HEAD, submitted_at: "2025-11-20T12:00:00Z", user: null },
    ];
    const latest = latestDecidingReviews(reviews);
    assert.deepEqual(latest.map((r) => r.id), [2]);
  });
});
