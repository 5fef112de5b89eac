// Tokens minted by resources (IAM access keys and users, CI roles, Cloudflare API tokens, Vault
// tokens, GCP service-account keys), from Terraform plans, CDKTF synths and Pulumi previews alike,
// with the environments they reach; on fixtures, the examples and the real corpus.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { join, resolve } from "node:path";
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user/index.js";
import { IamAccessKey } from "@cdktf/provider-aws/lib/iam-access-key/index.js";
import { IamUserPolicy } from "@cdktf/provider-aws/lib/iam-user-policy/index.js";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role/index.js";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy/index.js";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js";
import { defaultConfig } from "../../src/config/load-config.js";
import { runCheck } from "../../src/check/run-check.js";
import { loadInputs, type LoadedInputs } from "../../src/load/load-inputs.js";
import { DIRECTORY_READERS, READERS } from "../../src/load/readers.js";
import { extractTokens } from "../../src/load/tokens/extract.js";
import { grantOf, isWideResource, parsePolicyDocument } from "../../src/load/tokens/iam-policy.js";
import { parseVaultPolicy } from "../../src/load/tokens/minted/vault-tokens.js";
import { globMatch } from "../../src/load/tokens/token-reach.js";
import { managedPolicy } from "../../src/load/tokens/aws-managed-policies.js";
import { applyEnvironments, EnvironmentMap } from "../../src/model/environments.js";
import { defaultEnvironments } from "../../src/config/default-environments.js";
import type { Token } from "../../src/model/types.js";
import { corpus, corpusFiles } from "./terraform-test-helpers.js";

const root = resolve(fileURLToPath(new URL("../../", import.meta.url)));
const fx = (name: string) => join(root, "test/fixtures/tokens", name);

/** Loads inputs, maps environments with the default conventions, then extracts tokens. */
function extract(...paths: string[]): { loaded: LoadedInputs; tokens: Token[] } {
  const loaded = loadInputs(paths, { readers: READERS, directoryReaders: DIRECTORY_READERS, tfDirs: [], workspace: null, lifecycle: null });
  applyEnvironments(new EnvironmentMap(defaultEnvironments()), loaded.sources, loaded.resources);
  return { loaded, tokens: extractTokens(loaded) };
}

function byAddress(tokens: Token[], address: string): Token {
  const t = tokens.find((x) => x.address === address);
  assert.ok(t, `no token at ${address}; have ${tokens.map((x) => x.address).join(", ")}`);
  return t;
}

test("every extracted token has the model's shape", () => {
  const { tokens } = extract(fx("plans/minted-tokens.plan.json"));
  const ids = new Set<string>();
  for (const t of tokens) {
    assert.ok(!ids.has(t.id), `duplicate id ${t.id}`);
    ids.add(t.id);
    for (const k of ["environments", "operations", "resources", "conditions", "unknown"] as const) assert.ok(Array.isArray(t[k]), `${t.id}.${k}`);
    assert.equal(typeof t.expires, "boolean");
    assert.ok(["plan", "provider"].includes(t.origin));
    assert.equal(t.source, "s1");
    assert.equal(typeof t.value_present, "boolean");
    assert.equal(typeof t.credential, "string");
  }
});

test("aws_iam_access_key: the user's attached policy (ARN known after apply, linked by reference), never expires", () => {
  const { tokens } = extract(fx("plans/minted-tokens.plan.json"));
  const key = byAddress(tokens, "aws_iam_access_key.ci");
  assert.equal(key.credential, "access-key");
  assert.equal(key.name, "github-ci access key");
  assert.deepEqual(key.holder, { kind: "ci", name: "github-ci" });
  assert.deepEqual(key.operations, ["*"]);
  assert.deepEqual(key.resources, ["*"]);
  assert.equal(key.expires, false);
  assert.equal(key.ttl_seconds, null);
  // Resource "*" in an account holding production and staging resources
  assert.deepEqual(key.environments, ["production", "staging"]);
  assert.deepEqual(key.details?.["policies"], ["aws_iam_policy.admin"]);
  assert.equal(key.details?.["secret_in_state"], true);
  assert.ok(!tokens.some((t) => t.address === "aws_iam_access_key.old"), "a key being deleted holds nothing after apply");
});

test("IAM users for agents without a key in the plan: group policies, AWS managed policies", () => {
  const { tokens } = extract(fx("plans/minted-tokens.plan.json"));
  const user = byAddress(tokens, "aws_iam_user.agent");
  assert.equal(user.credential, "iam-user");
  assert.deepEqual(user.holder, { kind: "agent", name: "ops-agent" });
  assert.deepEqual(user.operations, ["backup:*", "backup-storage:*"]);
  assert.deepEqual(user.details?.["policies"], ["arn:aws:iam::aws:policy/AWSBackupFullAccess"]);
  assert.ok(!tokens.some((t) => t.address === "aws_iam_user.ci"), "a user whose key is in the plan is reported once, as the key");
});

test("IAM role GitHub Actions assumes through OIDC: destructive actions, trust conditions, session length", () => {
  const { tokens } = extract(fx("plans/minted-tokens.plan.json"));
  const role = byAddress(tokens, "aws_iam_role.gha");
  assert.equal(role.credential, "oidc-role");
  assert.deepEqual(role.holder, { kind: "ci", name: "repo:acme/*" });
  assert.deepEqual(role.operations, ["ec2:DeleteVolume", "rds:DeleteDBInstance", "backup:DeleteRecoveryPoint"]);
  assert.equal(role.ttl_seconds, 7200);
  assert.equal(role.expires, true);
  assert.equal(role.storage.kind, "oidc");
  assert.deepEqual(role.conditions, [{ StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/*" } }]);
  assert.equal(role.details?.["oidc_provider"], "github-actions");
  assert.deepEqual(role.details?.["denied_operations"], ["iam:*"]);
  assert.ok(!tokens.some((t) => t.address === "aws_iam_role.ec2"), "a role only EC2 assumes is not a CI credential");
});

test("cloudflare_api_token: permission groups by name, every zone = *, expiry and IP conditions", () => {
  const { tokens } = extract(fx("plans/minted-tokens.plan.json"));
  const all = byAddress(tokens, "cloudflare_api_token.ci");
  assert.equal(all.credential, "api-token");
  assert.deepEqual(all.operations, ["DNS Write", "Zone Read"]);
  assert.deepEqual(all.resources, ["*"]);
  assert.deepEqual(all.details?.["resources_native"], ["com.cloudflare.api.account.zone.*"]);
  assert.equal(all.expires, false);
  assert.equal(all.holder.kind, "ci");
  const dns = byAddress(tokens, "cloudflare_api_token.dns");
  assert.deepEqual(dns.resources, ["com.cloudflare.api.account.zone.023e105f4ecef8ad9ca31a8372d0c353"]);
  assert.equal(dns.expires_at, "2030-01-31T00:00:00Z");
  assert.equal(dns.expires, true);
  assert.deepEqual(dns.conditions, [{ request_ip: { in: ["203.0.113.0/24"], not_in: null } }]);
});

test("vault_token: root policy without TTL; a scoped token from a vault_policy in the plan", () => {
  const { tokens } = extract(fx("plans/minted-tokens.plan.json"));
  const root = byAddress(tokens, "vault_token.break_glass");
  assert.equal(root.credential, "vault-token");
  assert.deepEqual(root.operations, ["*"]);
  assert.deepEqual(root.resources, ["*"]);
  assert.equal(root.expires, false);
  assert.equal(root.holder.kind, "agent");
  assert.equal(root.details?.["root"], true);
  const ci = byAddress(tokens, "vault_token.ci");
  assert.deepEqual(ci.operations, ["read", "list"]);
  assert.deepEqual(ci.resources, ["secret/data/app/*"]);
  assert.deepEqual(ci.details?.["denied_paths"], ["secret/data/app/admin"]);
  assert.equal(ci.ttl_seconds, 86400);
  assert.equal(ci.expires, true);
});

test("google_service_account_key: roles/editor on the project (member known after apply) = every operation", () => {
  const { tokens } = extract(fx("plans/minted-tokens.plan.json"));
  const key = byAddress(tokens, "google_service_account_key.ci");
  assert.equal(key.credential, "service-account-key");
  assert.equal(key.provider, "gcp");
  assert.equal(key.name, "ci-deployer@acme-prod.iam.gserviceaccount.com key");
  assert.deepEqual(key.operations, ["*", "roles/editor"]);
  assert.deepEqual(key.resources, ["projects/acme-prod"]);
  assert.equal(key.expires, false, "user-managed keys never expire");
  assert.equal(key.holder.kind, "ci");
});

test("Pulumi preview: the same access key token as Terraform (normalized types, URNs as addresses)", () => {
  const { tokens } = extract(fx("plans/pulumi-preview.json"));
  const key = tokens.find((t) => t.credential === "access-key");
  assert.ok(key);
  assert.equal(key.name, "ci-deployer access key");
  assert.equal(key.address, "urn:pulumi:staging::orders::aws:iam/accessKey:AccessKey::deployer");
  assert.deepEqual(key.operations, ["ec2:DeleteVolume", "rds:DeleteDBInstance", "backup:DeleteRecoveryPoint"]);
  assert.deepEqual(key.holder, { kind: "ci", name: "ci-deployer" });
  assert.deepEqual(key.environments, ["staging"]);
  assert.equal(key.expires, false);
});

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "pc-tokens-"));
  const app = new App({ outdir: join(dir, "cdktf.out") });
  const stack = new TerraformStack(app, "staging");
  new AwsProvider(stack, "aws", { region: "eu-west-1", accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "cdktf-literal-secret-key-000000000000" });
  const user = new IamUser(stack, "bot", { name: "release-bot", tags: { Environment: "staging" } });
  new IamUserPolicy(stack, "bot-policy", { user: user.name, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) });
  new IamAccessKey(stack, "bot-key", { user: user.name });
  const trust = new DataAwsIamPolicyDocument(stack, "trust", {
    statement: [
      {
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: ["arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com"] }],
        condition: [{ test: "StringLike", variable: "token.actions.githubusercontent.com:sub", values: ["repo:*"] }],
      },
    ],
  });
  const role = new IamRole(stack, "deploy", { name: "gha-deploy", assumeRolePolicy: trust.json, maxSessionDuration: 3600 });
  new IamRolePolicy(stack, "deploy-policy", { role: role.name, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:*"], Resource: "*" }] }) });
  app.synth();
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("CDKTF synth: key of a user referenced by expression, OIDC role from a policy document, static provider keys", () => {
  const { tokens } = extract(join(dir, "cdktf.out"));
  const key = tokens.find((t) => t.credential === "access-key");
  assert.ok(key, "access key token");
  assert.deepEqual(key.operations, ["*"]);
  assert.equal(key.holder.kind, "agent", "a release bot");
  assert.deepEqual(key.details?.["user_address"], "aws_iam_user.bot");
  assert.equal(key.source, "s1-1");
  const role = tokens.find((t) => t.credential === "oidc-role");
  assert.ok(role, "OIDC role token");
  assert.deepEqual(role.operations, ["s3:*"]);
  assert.equal(role.details?.["any_subject"], true, "repo:* lets any repository assume it");
  const provider = tokens.find((t) => t.credential === "provider-config");
  assert.ok(provider);
  assert.equal(provider.value_present, true);
  assert.deepEqual(provider.environments, ["*"]);
  assert.equal(provider.expires, false);
  assert.equal(provider.storage.kind, "file");
  assert.ok(!JSON.stringify(tokens).includes("cdktf-literal-secret-key"), "the secret never reaches a token");
});

test("examples: the incident's CI key reaches production and staging; the hardened role does not", () => {
  const incident = extract(join(root, "examples/incident/plan.json")).tokens;
  const key = byAddress(incident, "aws_iam_access_key.deploy_bot");
  assert.deepEqual(key.operations, ["*"]);
  assert.deepEqual(key.environments, ["production", "staging"]);
  assert.equal(key.holder.kind, "ci");
  assert.equal(key.expires, false);
  const hardened = extract(join(root, "examples/hardened/plan.json")).tokens;
  const role = byAddress(hardened, "aws_iam_role.deploy");
  assert.deepEqual(role.environments, ["production"]);
  assert.ok(!role.operations.some((o) => o === "*" || o.endsWith(":*")));
  assert.equal(role.details?.["any_subject"], false);
  assert.deepEqual(role.details?.["denied_operations"], ["ec2:DeleteVolume", "rds:DeleteDBInstance", "backup:DeleteRecoveryPoint", "backup:DeleteBackupVault"]);
});

test("the hardened example and the scoped fixtures raise no token finding through the whole check", async () => {
  const { result } = await runCheck({
    inputs: [join(root, "examples/hardened/plan.json"), fx("scoped.yaml"), join(root, "test/fixtures/workflows/deploy-oidc.yml")],
    config: defaultConfig(),
    tfDirs: [join(root, "examples/hardened/terraform")],
    workspace: null,
    raw: false,
  });
  assert.deepEqual(result.decision.findings.map((f) => `${f.policy}: ${f.message}`), []);
});

test("corpus: every file's tokens extract without error; the files that mint tokens give them", () => {
  let files = 0;
  let loaded = 0;
  const withTokens: string[] = [];
  for (const sub of ["tf-plan", "tf-state", "pulumi", "cdktf"]) {
    for (const f of corpusFiles(sub)) {
      files++;
      let l: LoadedInputs;
      try {
        l = loadInputs([f], { readers: READERS, directoryReaders: DIRECTORY_READERS, tfDirs: [], workspace: null, lifecycle: null });
      } catch {
        continue; // refused inputs are the readers' tests
      }
      loaded++;
      applyEnvironments(new EnvironmentMap(defaultEnvironments()), l.sources, l.resources);
      const tokens = extractTokens(l);
      if (tokens.length > 0) withTokens.push(f.slice(corpus.length + 1));
      for (const t of tokens) assert.ok(t.id.startsWith("s1"), t.id);
    }
  }
  assert.equal(files, 92);
  assert.ok(loaded >= 90, `${loaded} corpus files load`);
  assert.ok(withTokens.length >= 30, `${withTokens.length} corpus files have tokens`);
});

test("corpus: the terragoat-like plan's access key and its inline user policy", () => {
  const { tokens } = extract(join(corpus, "tf-plan/bridgecrewio__checkov__tests__terraform__runner__resources__plan__tfplan.json"));
  const key = byAddress(tokens, "aws_iam_access_key.user");
  assert.deepEqual(key.operations, ["ec2:*", "s3:*", "lambda:*", "cloudwatch:*"]);
  assert.deepEqual(key.resources, ["*"]);
  assert.equal(key.details?.["user"], "123456789123-acme-corp-user");
  assert.equal(key.expires, false);
});

test("corpus: users with attached and group policies but no CI/agent role give no token; a state's key does", () => {
  const regula = extract(join(corpus, "tf-plan/fugue__regula__rego__tests__rules__tf__aws__iam__inputs__user_attached_policy_infra.json")).tokens;
  assert.deepEqual(regula.filter((t) => t.origin === "plan"), []);
  const state = extract(join(corpus, "tf-state/snyk__driftctl__pkg__iac__terraform__state__test__module.iam_iam-user__terraform.tfstate")).tokens;
  const key = state.find((t) => t.credential === "access-key");
  assert.ok(key);
  assert.equal(key.details?.["user"], "MODULE-USER");
});

test("corpus: an OIDC trust to Google (not a CI system) is not a CI role", () => {
  const { tokens } = extract(join(corpus, "tf-plan/bridgecrewio__checkov__tests__terraform__checks__data__aws__example_GithubActionsOIDCTrustPolicy__tfplan.json"));
  assert.deepEqual(tokens.filter((t) => t.credential === "oidc-role"), []);
});

test("corpus: CDKTF GCP key with roles granted through references to its service account", () => {
  const { tokens } = extract(join(corpus, "cdktf/gouv-nc-data__gcp-function__cdktf.out__stacks__gcp-function__cdk.tf.json"));
  const key = tokens.find((t) => t.credential === "service-account-key");
  assert.ok(key);
  assert.ok(key.operations.includes("roles/artifactregistry.admin"));
  assert.ok(key.operations.includes("roles/storage.objectAdmin"));
  assert.ok(key.unknown?.includes("resources"), "the project is a variable: the scope is unknown");
  assert.equal(key.expires, false);
});

test("IAM policy documents: NotAction, Deny, conditions, wide resources, hostile text", () => {
  const s = parsePolicyDocument(
    JSON.stringify({
      Statement: [
        { Effect: "Allow", NotAction: ["iam:*"], Resource: "*" },
        { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", Condition: { StringEquals: { "aws:PrincipalTag/env": "staging" } } },
        { Effect: "Deny", Action: ["ec2:DeleteVolume"], Resource: "*" },
      ],
    }),
  );
  assert.ok(s);
  const g = grantOf(s);
  assert.deepEqual(g.operations, ["*", "s3:GetObject"]);
  assert.deepEqual(g.denied, ["ec2:DeleteVolume"]);
  assert.equal(g.conditions.length, 1);
  assert.equal(g.allConditioned, false);
  assert.equal(parsePolicyDocument("(known after apply)"), null);
  assert.equal(parsePolicyDocument("{not json"), null);
  assert.equal(parsePolicyDocument("{" + " ".repeat(300 * 1024) + "}"), null, "oversized documents are not read");
  const proto = parsePolicyDocument('{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","__proto__":{"polluted":1}}]}');
  assert.equal(proto?.length, 1);
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  assert.equal(isWideResource("*"), true);
  assert.equal(isWideResource("arn:aws:s3:::*"), true);
  assert.equal(isWideResource("arn:aws:ec2:*:*:volume/*"), true);
  assert.equal(isWideResource("arn:aws:rds:eu-west-1:111122223333:db:app-*"), false);
  assert.equal(isWideResource("arn:aws:s3:::bucket/*"), false);
  assert.deepEqual(managedPolicy("arn:aws:iam::aws:policy/AdministratorAccess")?.operations, ["*"]);
  assert.deepEqual(managedPolicy("arn:aws-us-gov:iam::aws:policy/job-function/ViewOnlyAccess")?.operations, ["*:Describe*", "*:List*"]);
  assert.equal(managedPolicy("arn:aws:iam::123456789012:policy/mine"), null);
});

test("glob matching is linear on hostile patterns", () => {
  assert.ok(globMatch("arn:aws:rds:*:*:db:app-*", "arn:aws:rds:eu-west-1:111122223333:db:app-orders"));
  assert.ok(!globMatch("arn:aws:rds:*:*:db:app-*", "arn:aws:rds:eu-west-1:111122223333:db:web"));
  assert.ok(globMatch("a?c", "abc"));
  const started = Date.now();
  assert.ok(!globMatch("a*".repeat(40) + "b", "a".repeat(5000)));
  assert.ok(Date.now() - started < 1000);
});

test("Vault policies: HCL and JSON forms", () => {
  assert.deepEqual(parseVaultPolicy('path "secret/*" {\n capabilities = ["read", "list"]\n}\npath "sys/*" { capabilities = ["deny"] }'), [
    { path: "secret/*", capabilities: ["read", "list"] },
    { path: "sys/*", capabilities: ["deny"] },
  ]);
  assert.deepEqual(parseVaultPolicy('{"path": {"kv/*": {"capabilities": ["create", "delete"]}}}'), [{ path: "kv/*", capabilities: ["create", "delete"] }]);
  assert.deepEqual(parseVaultPolicy("not a policy"), []);
});

test("no token carries a secret from the corpus (sensitive values stay out of the token model)", () => {
  for (const f of [
    join(corpus, "tf-plan/infracost__infracost__cmd__infracost__testdata__breakdown_with_policy_data_upload_plan_json__plan.json"),
    join(corpus, "tf-plan/bridgecrewio__checkov__tests__terraform__runner__resources__plan__tfplan.json"),
    join(corpus, "cdktf/AymanZahran__multi-cloud-k8s-boilerplate__cdktf.out__stacks__prod__cdk.tf.json"),
  ]) {
    const text = JSON.stringify(extract(f).tokens);
    for (const secret of ["mock_secret_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIA5EZUTDHMR45HQYKA", "AKIAIOSFODNN7EXAMPLE"]) assert.ok(!text.includes(secret), `${f}: ${secret}`);
  }
  assert.ok(readdirSync(join(root, "test/fixtures/tokens/plans")).length >= 2);
});

test("bounded work: thousands of keys and CI roles with scoped policies among many named resources", () => {
  const n = 2000;
  const rcs: unknown[] = [];
  const rc = (type: string, name: string, after: Record<string, unknown>) =>
    rcs.push({ address: `${type}.${name}`, mode: "managed", type, name, provider_name: "registry.terraform.io/hashicorp/aws", change: { actions: ["create"], before: null, after, after_unknown: {}, before_sensitive: false, after_sensitive: {} } });
  const trust = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity" }] });
  for (let i = 0; i < n; i++) {
    rc("aws_iam_user", `u${i}`, { name: `ci-${i}` });
    rc("aws_iam_access_key", `k${i}`, { user: `ci-${i}`, status: "Active" });
    rc("aws_iam_user_policy", `p${i}`, { user: `ci-${i}`, policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::bucket-${i}/*` }] }) });
    rc("aws_iam_role", `r${i}`, { name: `gha-${i}`, assume_role_policy: trust });
    rc("aws_iam_role_policy", `rp${i}`, { role: `gha-${i}`, policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "ec2:*", Resource: `arn:aws:ec2:*:1:volume/*a*b*c*${i}` }] }) });
    for (let j = 0; j < 4; j++) rc("aws_ebs_volume", `v${i}_${j}`, { arn: `arn:aws:ec2:eu-west-1:1:volume/vol-${i}-${j}`, tags: { Environment: j % 2 ? "production" : "staging" } });
  }
  const file = join(dir, "many.json");
  writeFileSync(file, JSON.stringify({ format_version: "1.2", terraform_version: "1.9.0", resource_changes: rcs, configuration: { root_module: {} } }));
  const loaded = loadInputs([file], { readers: READERS, directoryReaders: DIRECTORY_READERS, tfDirs: [], workspace: null, lifecycle: null });
  applyEnvironments(new EnvironmentMap(defaultEnvironments()), loaded.sources, loaded.resources);
  // CPU time of this process, not wall time: a busy CI machine must not fail a bound on work.
  // Each role's pattern is compared only with the names that can match it (token-reach.ts):
  // 0.3-0.7 s on a loaded 2-core machine, where comparing every pattern with every volume took 4.5-5.5 s.
  const started = process.cpuUsage();
  const tokens = extractTokens(loaded);
  const used = process.cpuUsage(started);
  const ms = Math.round((used.user + used.system) / 1000);
  assert.equal(tokens.length, 2 * n);
  assert.ok(ms < 1500, `${ms} ms`);
  assert.deepEqual(tokens.find((t) => t.address === "aws_iam_access_key.k7")?.environments, [], "a bucket that is not in the plan: no environment known");
});
