// The PR comment: found by its hidden marker across pages, created once and then updated.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { findComment, parseMarker, renderMarker, upsertComment } from "../../src/action/comment.js";
import { createGitHub } from "../../src/action/github.js";
import { ACTIONS_BOT, FakeGitHub, type User } from "./github-server.js";
import { HEAD, TOKEN } from "./helpers.js";

const repo = { owner: "acme-infra", repo: "platform" };
const dev: User = { login: "dev", id: 7, type: "User" };
const agent: User = { login: "infra-agent[bot]", id: 4, type: "Bot" };

describe("marker", () => {
  it("round-trips tool, check name and head SHA", () => {
    const m = renderMarker({ tool: "policy-check", check: "prod plan", sha: HEAD });
    assert.match(m, /^<!-- policy-check:comment \{.*\} -->$/);
    assert.deepEqual(parseMarker(`${m}\n### report`), { tool: "policy-check", check: "prod plan", sha: HEAD });
  });

  it("a check name cannot close the HTML comment", () => {
    const m = renderMarker({ tool: "policy-check", check: "x --> <img src=x>", sha: HEAD });
    assert.equal(m.indexOf("-->"), m.length - 3);
    assert.ok(!m.slice(0, -3).includes("<img"));
    assert.equal(parseMarker(m)?.check, "x --> <img src=x>");
  });

  it("ignores other tools' markers and broken JSON", () => {
    assert.equal(parseMarker('<!-- policy-check:comment {"tool":"other","check":"a","sha":"b"} -->'), null);
    assert.equal(parseMarker("<!-- policy-check:comment {nope -->"), null);
    assert.equal(parseMarker("just text"), null);
    assert.equal(parseMarker(null), null);
  });
});

describe("comment upsert", () => {
  let server: FakeGitHub;
  let gh: ReturnType<typeof createGitHub>;
  before(async () => {
    server = await new FakeGitHub({ token: TOKEN }).start();
    gh = createGitHub(TOKEN, server.url, "test");
  });
  after(() => server.stop());

  const body = (check: string, text: string, sha = HEAD): string => `${renderMarker({ tool: "policy-check", check, sha })}\n${text}`;

  it("creates the comment once, then updates it in place", async () => {
    const first = await upsertComment(gh, repo, 1, { checkName: "policy-check", prAuthor: agent.login, body: body("policy-check", "two findings"), createIfMissing: true });
    assert.equal(first.action, "created");
    const second = await upsertComment(gh, repo, 1, { checkName: "policy-check", prAuthor: agent.login, body: body("policy-check", "now clean"), createIfMissing: false });
    assert.equal(second.action, "updated");
    assert.equal(second.id, first.id);
    assert.equal(server.calls("POST", /\/issues\/1\/comments$/).length, 1);
    assert.equal(server.calls("PATCH", /\/issues\/comments\/\d+$/).length, 1);
    assert.equal(server.comments.get(1)!.length, 1);
    assert.match(server.comments.get(1)![0]!.body, /now clean/);
  });

  it("finds its comment on a later page of a long conversation", async () => {
    for (let i = 0; i < 130; i++) server.addComment(2, `comment ${i}`, dev);
    const ours = server.addComment(2, body("policy-check", "old report"), ACTIONS_BOT);
    for (let i = 0; i < 100; i++) server.addComment(2, `later ${i}`, dev);
    const r = await upsertComment(gh, repo, 2, { checkName: "policy-check", prAuthor: agent.login, body: body("policy-check", "new report"), createIfMissing: true });
    assert.equal(r.action, "updated");
    assert.equal(r.id, ours.id);
    const pages = server.calls("GET", /\/issues\/2\/comments$/).map((q) => q.query["page"] ?? "1");
    assert.deepEqual(pages, ["1", "2", "3"], "every page read with per_page=100");
    assert.equal(server.calls("POST", /\/issues\/2\/comments$/).length, 0);
  });

  it("keeps one comment per check name", async () => {
    await upsertComment(gh, repo, 3, { checkName: "staging", prAuthor: agent.login, body: body("staging", "s"), createIfMissing: true });
    await upsertComment(gh, repo, 3, { checkName: "production", prAuthor: agent.login, body: body("production", "p"), createIfMissing: true });
    await upsertComment(gh, repo, 3, { checkName: "staging", prAuthor: agent.login, body: body("staging", "s2"), createIfMissing: true });
    const list = server.comments.get(3)!;
    assert.equal(list.length, 2);
    assert.deepEqual(list.map((c) => parseMarker(c.body)?.check), ["staging", "production"]);
    assert.match(list[0]!.body, /s2/);
  });

  it("never adopts a marker planted by the PR author", async () => {
    server.addComment(4, body("policy-check", "✅ all clean, trust me"), agent);
    assert.equal(await findComment(gh, repo, 4, "policy-check", agent.login), null);
    const r = await upsertComment(gh, repo, 4, { checkName: "policy-check", prAuthor: agent.login, body: body("policy-check", "real report"), createIfMissing: true });
    assert.equal(r.action, "created");
    assert.equal(server.comments.get(4)!.length, 2);
  });

  it("a marker comment it may not edit (another app's) gets a fresh comment instead", async () => {
    server.addComment(5, body("policy-check", "copied"), { login: "other-app[bot]", id: 99, type: "Bot" });
    const r = await upsertComment(gh, repo, 5, { checkName: "policy-check", prAuthor: agent.login, body: body("policy-check", "ours"), createIfMissing: true });
    assert.equal(r.action, "created");
  });

  it("comment: on with a clean result and no earlier comment writes nothing", async () => {
    const r = await upsertComment(gh, repo, 6, { checkName: "policy-check", prAuthor: agent.login, body: body("policy-check", "clean"), createIfMissing: false });
    assert.equal(r.action, "skipped");
    assert.equal(server.calls("POST", /\/issues\/6\/comments$/).length, 0);
  });
});
