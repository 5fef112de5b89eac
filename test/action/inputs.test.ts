// Inputs, globs and the event context.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readContext, runUrl } from "../../src/action/context.js";
import { expandGlobs, globToRegExp } from "../../src/action/glob.js";
import { envInput, list, parseApprovers, readInputs } from "../../src/action/inputs.js";
import { FIXTURES, HEAD, tempDir } from "./helpers.js";

describe("inputs", () => {
  it("reads INPUT_* as the runner sets them, with defaults", () => {
    const i = readInputs(envInput({ INPUT_PLAN: "plans/*.json\ncdktf.out", "INPUT_GITHUB-TOKEN": "t", INPUT_APPROVERS: "@alice\n acme-infra/sre, bob" }));
    assert.deepEqual(i.plans, ["plans/*.json", "cdktf.out"]);
    assert.equal(i.checkName, "policy-check");
    assert.equal(i.comment, "on");
    assert.equal(i.sarifFile, "policy-check.sarif");
    assert.equal(i.failOn, null);
    assert.deepEqual(
      i.approvers.map((a) => a.label),
      ["@alice", "@acme-infra/sre", "@bob"],
    );
    assert.equal(i.approvers[1]!.kind, "team");
  });

  it("comment accepts on/off/always and booleans; sarif-file off disables SARIF", () => {
    const get = (extra: Record<string, string>) => readInputs(envInput({ INPUT_PLAN: "p.json", ...extra }));
    assert.equal(get({ INPUT_COMMENT: "false" }).comment, "off");
    assert.equal(get({ INPUT_COMMENT: "always" }).comment, "always");
    assert.throws(() => get({ INPUT_COMMENT: "sometimes" }), /comment must be on, off or always/);
    assert.equal(get({ "INPUT_SARIF-FILE": "off" }).sarifFile, null);
    assert.throws(() => get({ "INPUT_PULL-REQUEST": "12; rm -rf" }), /pull-request must be a pull request number/);
    assert.throws(() => get({ "INPUT_CHECK-NAME": "a\nb" }), /one line/);
  });

  it("lists skip blanks and comments", () => {
    assert.deepEqual(list("a\n\n# note\n b , c"), ["a", "b", "c"]);
  });

  it("approvers: users, bots (refused later by the gate) and org/team", () => {
    assert.deepEqual(parseApprovers("renovate[bot]").map((a) => a.kind), ["user"]);
    assert.throws(() => parseApprovers("a/b/c"), /neither a user login nor an org\/team-slug/);
  });
});

describe("globs", () => {
  it("translates *, **, ?, [..] and {a,b}", () => {
    assert.ok(globToRegExp("plans/*.json").test("plans/a.json"));
    assert.ok(!globToRegExp("plans/*.json").test("plans/x/a.json"));
    assert.ok(globToRegExp("**/plan.json").test("plan.json"));
    assert.ok(globToRegExp("**/plan.json").test("a/b/plan.json"));
    assert.ok(globToRegExp("env/{prod,staging}/p?.json").test("env/prod/p1.json"));
    assert.ok(!globToRegExp("env/{prod,staging}/p?.json").test("env/dev/p1.json"));
    assert.ok(globToRegExp("[ab].json").test("a.json"));
    assert.ok(!globToRegExp("[!ab].json").test("a.json"));
  });

  it("expands against the workspace, sorted, without node_modules; literal paths pass through", () => {
    const ws = tempDir();
    for (const d of ["env/prod", "env/staging", "node_modules/x"]) mkdirSync(join(ws, d), { recursive: true });
    for (const f of ["env/prod/plan.json", "env/staging/plan.json", "node_modules/x/plan.json", "env/prod/notes.txt"]) writeFileSync(join(ws, f), "{}");
    assert.deepEqual(expandGlobs(["**/plan.json", "missing.json", "env/prod/plan.json"], ws), ["env/prod/plan.json", "env/staging/plan.json", "missing.json"]);
    assert.throws(() => expandGlobs(["*.tfplan.json"], ws), /no file matches '\*\.tfplan\.json'/);
  });
});

describe("event context", () => {
  it("pull_request: the head SHA, author and fork flag come from the payload", () => {
    const c = readContext({ GITHUB_REPOSITORY: "acme-infra/platform", GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: join(FIXTURES, "pull_request.opened.json"), GITHUB_RUN_ID: "7", GITHUB_RUN_ATTEMPT: "2", GITHUB_API_URL: "http://127.0.0.1:1/api/v3/" });
    assert.equal(c.pr!.headSha, HEAD);
    assert.equal(c.pr!.number, 42);
    assert.deepEqual(c.pr!.author, { login: "infra-agent[bot]", type: "Bot" });
    assert.equal(c.pr!.fork, false);
    assert.equal(c.apiUrl, "http://127.0.0.1:1/api/v3");
    assert.equal(runUrl(c), "https://github.com/acme-infra/platform/actions/runs/7/attempts/2");
  });

  it("a fork is recognized by its head repository", () => {
    const c = readContext({ GITHUB_REPOSITORY: "acme-infra/platform", GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: join(FIXTURES, "pull_request.fork.json") });
    assert.equal(c.pr!.fork, true);
    assert.equal(c.pr!.headRepo, "mallory/platform");
  });

  it("refuses to run outside Actions, and says why", () => {
    assert.throws(() => readContext({}), /GITHUB_REPOSITORY is not set/);
    assert.throws(() => readContext({ GITHUB_REPOSITORY: "a/b", GITHUB_EVENT_PATH: "/nonexistent/event.json" }), /cannot read the event payload/);
  });
});
