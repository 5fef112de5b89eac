// GitHub Actions workflows: the GITHUB_TOKEN each job holds (permissions per job and workflow,
// default and write-all unscoped), the credential secrets jobs reference (names only), static AWS
// keys vs OIDC roles, pull_request_target with a checkout of the pull request's head, and secret
// values written in the file (dropped).

import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { join, resolve } from "node:path";
import { InputError } from "../../src/load/input-error.js";
import { loadInputs } from "../../src/load/load-inputs.js";
import { DIRECTORY_READERS, READERS } from "../../src/load/readers.js";
import { isGithubWorkflow, readGithubWorkflow } from "../../src/load/tokens/workflow/workflow-reader.js";
import { jobPermissions } from "../../src/load/tokens/workflow/permissions.js";
import { checksOutHead, keyNamesSecret, secretNamesIn } from "../../src/load/tokens/workflow/job-facts.js";
import { SENSITIVE_VALUE, type Token } from "../../src/model/types.js";

const root = resolve(fileURLToPath(new URL("../../", import.meta.url)));
const wf = (name: string) => join(root, "test/fixtures/workflows", name);

function load(path: string) {
  return loadInputs([path], { readers: READERS, directoryReaders: DIRECTORY_READERS, tfDirs: [], workspace: null, lifecycle: null });
}

function token(tokens: Token[], address: string, name: string): Token {
  const t = tokens.find((x) => x.address === address && x.name === name);
  assert.ok(t, `no ${name} at ${address}; have ${tokens.map((x) => `${x.address}:${x.name}`).join(", ")}`);
  return t;
}

test("detection: on + jobs, from content only", () => {
  assert.ok(isGithubWorkflow({ on: "push", jobs: {} }));
  assert.ok(isGithubWorkflow({ true: ["push"], jobs: { a: {} } }), "`on` read as a boolean by a YAML 1.1 loader");
  assert.ok(!isGithubWorkflow({ on: "push" }));
  assert.ok(!isGithubWorkflow({ jobs: {}, stages: [] }));
  assert.ok(!isGithubWorkflow({ kind: "policy-check/tokens", tokens: [] }));
  // a workflow file under any name is read as one
  const dir = mkdtempSync(join(tmpdir(), "pc-wf-"));
  try {
    copyFileSync(wf("deploy-oidc.yml"), join(dir, "pipeline.yaml"));
    const loaded = load(join(dir, "pipeline.yaml"));
    assert.equal(loaded.sources[0]!.kind, "github-workflow");
    assert.equal(loaded.sources[0]!.tool, "github-actions");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("no permissions block: the job's GITHUB_TOKEN is unscoped; static AWS keys from secrets never expire", () => {
  const { tokens, sources } = load(wf("deploy-static-keys.yml"));
  assert.equal(sources[0]!.kind, "github-workflow");
  const gh = token(tokens, "jobs.deploy", "GITHUB_TOKEN");
  assert.equal(gh.credential, "github-token");
  assert.equal(gh.provider, "github");
  assert.deepEqual(gh.holder, { kind: "ci", name: "deploy/deploy" });
  assert.deepEqual(gh.operations, ["*"]);
  assert.deepEqual(gh.resources, ["${{ github.repository }}"]);
  assert.equal(gh.details?.["permissions_source"], "default");
  assert.equal(gh.ttl_seconds, 360 * 60);
  assert.equal(gh.expires, true);
  assert.equal(gh.origin, "workflow");
  const key = token(tokens, "jobs.deploy", "AWS_SECRET_ACCESS_KEY");
  assert.equal(key.credential, "ci-secret");
  assert.equal(key.provider, "aws");
  assert.equal(key.expires, false);
  assert.deepEqual(key.environments, ["staging"], "the job's GitHub environment");
  assert.deepEqual(key.storage, { kind: "ci-secret", location: "secrets.AWS_SECRET_ACCESS_KEY", in_repository: false });
  assert.equal(key.details?.["static_aws_keys"], true);
  assert.deepEqual(key.details?.["used_by"], ["aws-actions/configure-aws-credentials"]);
  const cf = token(tokens, "jobs.deploy", "CLOUDFLARE_API_TOKEN");
  assert.equal(cf.provider, "cloudflare");
  assert.ok(cf.unknown?.includes("expires"));
  assert.ok(!tokens.some((t) => t.name === "CLOUDFLARE_ZONE_ID"), "an identifier, not a credential");
});

test("a secret written in the workflow: value_present, a repository file, and redacted in raw", () => {
  const loaded = load(wf("deploy-static-keys.yml"));
  const slack = token(loaded.tokens, "jobs.deploy", "SLACK_TOKEN");
  assert.equal(slack.value_present, true);
  assert.deepEqual(slack.storage, { kind: "repo-file", location: wf("deploy-static-keys.yml"), in_repository: true });
  assert.equal(slack.provider, "slack");
  const raw = loaded.raws[0] as { jobs: { deploy: { env: Record<string, unknown> } }; env: Record<string, unknown> };
  assert.equal(raw.jobs.deploy.env["SLACK_TOKEN"], SENSITIVE_VALUE);
  assert.equal(raw.env["AWS_REGION"], "us-east-1", "settings are not secrets");
  assert.ok(!JSON.stringify({ t: loaded.tokens, r: loaded.raws }).includes("xoxb-1234567890"));
});

test("scoped permissions: workflow level, replaced by the job's; OIDC role with its session length", () => {
  const { tokens } = load(wf("deploy-oidc.yml"));
  const plan = token(tokens, "jobs.plan", "GITHUB_TOKEN");
  assert.deepEqual(plan.operations, ["contents:read"]);
  assert.equal(plan.details?.["permissions_source"], "workflow");
  const apply = token(tokens, "jobs.apply", "GITHUB_TOKEN");
  assert.deepEqual(apply.operations, ["contents:read", "id-token:write"]);
  assert.equal(apply.details?.["permissions_source"], "job");
  assert.equal(apply.ttl_seconds, 30 * 60, "timeout-minutes bounds the token");
  const role = token(tokens, "jobs.apply", "aws role arn:aws:iam::111122223333:role/orders-deploy");
  assert.equal(role.credential, "oidc-role");
  assert.equal(role.ttl_seconds, 900);
  assert.deepEqual(role.storage, { kind: "oidc", location: "arn:aws:iam::111122223333:role/orders-deploy", in_repository: false });
  assert.deepEqual(role.environments, ["production"]);
  assert.equal(tokens.filter((t) => t.credential === "ci-secret").length, 0, "no static secrets");
});

test("pull_request_target + checkout of the head: untrusted code with a write-all token and secrets", () => {
  const { tokens } = load(wf("pr-target.yml"));
  const build = token(tokens, "jobs.build", "GITHUB_TOKEN");
  assert.deepEqual(build.operations, ["*"]);
  assert.equal(build.details?.["permissions"], "write-all");
  assert.equal(build.details?.["untrusted_checkout"], true);
  assert.equal(build.details?.["pull_request_target"], true);
  const npm = token(tokens, "jobs.build", "NPM_TOKEN");
  assert.equal(npm.provider, "npm");
  assert.equal(npm.details?.["untrusted_checkout"], true);
  const label = token(tokens, "jobs.label", "GITHUB_TOKEN");
  assert.deepEqual(label.operations, ["*:read"]);
  assert.equal(label.details?.["untrusted_checkout"], false, "this job runs no pull request code");
});

test("reusable workflows, on: as a list, an empty permissions map, secrets: inherit", () => {
  const { tokens } = load(wf("reusable.yml"));
  const t = token(tokens, "jobs.test", "GITHUB_TOKEN");
  assert.deepEqual(t.operations, [], "permissions: {} grants nothing");
  assert.equal(t.details?.["inherits_secrets"], true);
  assert.equal(t.details?.["calls"], "./.github/workflows/test.yml");
  assert.deepEqual(t.details?.["triggers"], ["push", "pull_request"]);
  const rel = token(tokens, "jobs.release", "GITHUB_TOKEN");
  assert.deepEqual(rel.operations, ["contents:write", "packages:write"]);
  const pat = token(tokens, "jobs.release", "RELEASE_PAT");
  assert.equal(pat.provider, "github");
});

test("permissions: every form", () => {
  assert.deepEqual(jobPermissions(undefined, undefined), { operations: ["*"], source: "default", declared: null, unknown: false });
  assert.deepEqual(jobPermissions("write-all", undefined).operations, ["*"]);
  assert.deepEqual(jobPermissions("read-all", { contents: "write" }).operations, ["contents:write"]);
  assert.deepEqual(jobPermissions({ contents: "read" }, "read-all").operations, ["*:read"]);
  assert.deepEqual(jobPermissions({}, undefined).operations, []);
  assert.equal(jobPermissions("${{ inputs.perms }}", undefined).unknown, true);
  assert.equal(jobPermissions({ contents: "admin" }, undefined).unknown, true);
  const proto = jobPermissions(JSON.parse('{"__proto__": "write", "contents": "read"}'), undefined);
  assert.deepEqual(proto.operations, ["__proto__:write", "contents:read"]);
  assert.equal(({} as Record<string, unknown>)["write"], undefined);
});

test("secret references, checkouts of the head, secret-looking keys", () => {
  assert.deepEqual(secretNamesIn("${{ secrets.A }} and ${{ secrets['B-C'] }} ${{ github.token }} $secrets.D"), ["A", "B-C"]);
  assert.deepEqual(secretNamesIn("${{ format('{0}', secrets.X) || secrets.Y }}"), ["X", "Y"]);
  assert.ok(checksOutHead({ uses: "actions/checkout@v4", with: { ref: "${{ github.event.pull_request.head.ref }}" } }));
  assert.ok(checksOutHead({ uses: "actions/checkout@v4", with: { ref: "refs/pull/${{ github.event.number }}/merge" } }));
  assert.ok(checksOutHead({ run: "gh pr checkout ${{ github.event.number }}" }));
  assert.ok(!checksOutHead({ uses: "actions/checkout@v4" }));
  assert.ok(keyNamesSecret("AWS_SECRET_ACCESS_KEY"));
  assert.ok(keyNamesSecret("api-token"));
  assert.ok(!keyNamesSecret("TOKEN_FILE"));
  assert.ok(!keyNamesSecret("AWS_REGION"));
});

test("bad input: a job that is not a mapping; hostile keys; deep nesting", () => {
  assert.throws(
    () => readGithubWorkflow({ path: "w.yml", syntax: "yaml", data: { on: "push", jobs: { build: "make" } } }, { sourceId: "s1" }),
    (e: unknown) => e instanceof InputError && e.message === "w.yml: jobs.build must be a mapping (runs-on and steps, or uses)",
  );
  const hostile = JSON.parse('{"on":"push","jobs":{"__proto__":{"runs-on":"x","steps":[{"env":{"API_TOKEN":"s3cr3t-value-123"}}]}}}');
  const r = readGithubWorkflow({ path: "h.yml", syntax: "yaml", data: hostile }, { sourceId: "s1" });
  assert.ok(r.tokens.some((t) => t.address === "jobs.__proto__" && t.name === "GITHUB_TOKEN"));
  assert.equal(({} as Record<string, unknown>)["runs-on"], undefined);
  assert.ok(!JSON.stringify(r).includes("s3cr3t-value-123"));
  let deep: unknown = "x";
  for (let i = 0; i < 100_000; i++) deep = [deep];
  assert.throws(() => readGithubWorkflow({ path: "d.yml", syntax: "yaml", data: { on: "push", jobs: { a: { steps: deep } } } }, { sourceId: "s1" }), /nested deeper/);
});
