// Provider credentials as configured: static keys in provider blocks (Terraform plan
// configuration, CDKTF provider blocks, Pulumi provider resources and stack configuration), AWS
// providers without allowed_account_ids, assume_role targets and session durations.

import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { join, resolve } from "node:path";
import { loadInputs } from "../../src/load/load-inputs.js";
import { DIRECTORY_READERS, READERS } from "../../src/load/readers.js";
import { extractTokens } from "../../src/load/tokens/extract.js";
import { applyEnvironments, EnvironmentMap } from "../../src/model/environments.js";
import { defaultEnvironments } from "../../src/config/default-environments.js";
import type { Token } from "../../src/model/types.js";
import { corpus } from "./terraform-test-helpers.js";

const root = resolve(fileURLToPath(new URL("../../", import.meta.url)));
const fx = (name: string) => join(root, "test/fixtures/tokens", name);

function providerTokens(path: string, mapEnvironments = true): { tokens: Token[]; raw: unknown } {
  const loaded = loadInputs([path], { readers: READERS, directoryReaders: DIRECTORY_READERS, tfDirs: [], workspace: null, lifecycle: null });
  if (mapEnvironments) applyEnvironments(new EnvironmentMap(defaultEnvironments()), loaded.sources, loaded.resources);
  return { tokens: extractTokens(loaded).filter((t) => t.credential === "provider-config"), raw: loaded.raws[0] };
}

function named(tokens: Token[], name: string): Token {
  const t = tokens.find((x) => x.name === name);
  assert.ok(t, `no ${name}; have ${tokens.map((x) => x.name).join(", ")}`);
  return t;
}

test("plan: static keys written in the aws provider block, no allowed_account_ids", () => {
  const { tokens } = providerTokens(fx("plans/minted-tokens.plan.json"));
  const aws = named(tokens, "provider aws");
  assert.equal(aws.origin, "provider");
  assert.equal(aws.address, "provider.aws");
  assert.equal(aws.value_present, true);
  assert.deepEqual(aws.storage, { kind: "repo-file", location: "provider.aws in the Terraform configuration", in_repository: true });
  assert.deepEqual(aws.environments, ["*"], "not pinned to an account: it reaches any");
  assert.equal(aws.expires, false, "IAM user keys never expire");
  assert.deepEqual(aws.unknown, ["operations", "resources"]);
  assert.deepEqual(aws.details?.["static_credentials"], ["access_key", "secret_key"]);
  assert.equal(aws.details?.["allowed_account_ids"], null);
  assert.equal(aws.details?.["account_pinned"], false);
});

test("plan: a pinned provider assuming a role for 15 minutes", () => {
  const { tokens } = providerTokens(fx("plans/minted-tokens.plan.json"));
  const prod = named(tokens, "provider aws.prod");
  assert.equal(prod.address, "provider.aws.prod");
  assert.deepEqual(prod.environments, ["production"], "the account's resources are production");
  assert.equal(prod.ttl_seconds, 900);
  assert.equal(prod.expires, true);
  assert.equal(prod.value_present, false);
  assert.deepEqual(prod.details?.["allowed_account_ids"], ["111122223333"]);
  assert.deepEqual(prod.details?.["assume_role"], {
    kind: "assume_role",
    role_arn: "arn:aws:iam::111122223333:role/terraform",
    duration_seconds: 900,
    session_name: null,
    external_id: false,
  });
});

test("plan: a token passed through a variable (its value is in the plan file); providers without credentials give none", () => {
  const { tokens } = providerTokens(fx("plans/minted-tokens.plan.json"));
  const cf = named(tokens, "provider cloudflare");
  assert.equal(cf.provider, "cloudflare");
  assert.deepEqual(cf.storage, { kind: "unknown", location: "var.cloudflare_api_token", in_repository: false });
  assert.equal(cf.value_present, false);
  assert.equal(cf.details?.["value_in_plan"], true);
  assert.ok(cf.unknown?.includes("expires"));
  assert.equal(cf.expires, true, "an unknown lifetime is not reported as never expiring");
  assert.ok(!tokens.some((t) => t.name === "provider vault" || t.name === "provider google"), "no credentials configured: no token");
  assert.ok(!JSON.stringify(tokens).includes("cf-token-from-tfvars"));
});

test("corpus: literal keys in a plan's provider block (redacted in raw, present in the token)", () => {
  const { tokens, raw } = providerTokens(join(corpus, "tf-plan/infracost__infracost__cmd__infracost__testdata__breakdown_with_policy_data_upload_plan_json__plan.json"));
  const aws = named(tokens, "provider aws");
  assert.equal(aws.value_present, true);
  assert.equal(aws.storage.in_repository, true);
  assert.equal(aws.expires, false);
  assert.ok(!JSON.stringify({ tokens, raw }).includes("mock_secret_key"));
});

test("corpus: allowed_account_ids and an assume_role target (snyk fixture)", () => {
  const { tokens } = providerTokens(join(corpus, "tf-plan/snyk__cli__test__fixtures__iac__terraform-plan__tf-plan-create.json"));
  const aws = named(tokens, "provider aws");
  assert.deepEqual(aws.details?.["allowed_account_ids"], ["719261439472"]);
  assert.equal(aws.details?.["account_pinned"], true);
  assert.equal((aws.details?.["assume_role"] as { role_arn: string }).role_arn, "arn:aws:iam::719261439472:role/ci");
  assert.equal(aws.ttl_seconds, 3600, "the default session is one hour");
  assert.notDeepEqual(aws.environments, ["*"]);
});

test("corpus: a CDKTF provider block with a literal access key id (the secret key empty)", () => {
  const { tokens } = providerTokens(join(corpus, "cdktf/AymanZahran__multi-cloud-k8s-boilerplate__cdktf.out__stacks__prod__cdk.tf.json"));
  const aws = named(tokens, "provider aws");
  assert.deepEqual(aws.details?.["static_credentials"], ["access_key"]);
  assert.equal(aws.value_present, false, "an access key id is not the secret");
  assert.equal(aws.storage.kind, "file");
  assert.deepEqual(aws.environments, ["*"]);
  assert.ok(!tokens.some((t) => t.name === "provider azurerm"), "an empty client_secret is no credential");
});

test("corpus: an ambient-credentials provider has an unknown lifetime, not 'never expires'", () => {
  const { tokens } = providerTokens(join(corpus, "tf-plan/hashicorp__terraform-json__testdata__basic__plan.json"));
  assert.ok(tokens.length >= 2);
  for (const t of tokens) {
    assert.equal(t.expires, true);
    assert.ok(t.unknown?.includes("expires"));
    assert.deepEqual(t.environments, ["*"]);
  }
});

test("Pulumi: default provider from plain-text stack configuration, a pinned explicit provider, an encrypted secret", () => {
  const { tokens, raw } = providerTokens(fx("plans/pulumi-preview.json"));
  const def = named(tokens, "provider aws::default_6_59_0");
  assert.equal(def.value_present, true);
  assert.deepEqual(def.storage, { kind: "repo-file", location: "Pulumi.staging.yaml", in_repository: true });
  assert.deepEqual(def.environments, ["*"]);
  const prod = named(tokens, "provider aws::prod");
  assert.deepEqual(prod.details?.["allowed_account_ids"], ["111122223333"]);
  assert.equal(prod.ttl_seconds, 1800);
  assert.equal(prod.value_present, false);
  const cf = named(tokens, "provider cloudflare (stack configuration)");
  assert.equal(cf.value_present, false);
  assert.deepEqual(cf.storage, { kind: "file", location: "Pulumi.staging.yaml (encrypted)", in_repository: false });
  assert.ok(!tokens.some((t) => t.name.startsWith("provider aws (stack")), "the default provider stands for the aws configuration");
  assert.ok(!JSON.stringify({ tokens, raw }).includes("wJalrXUtnFEMI"));
});

test("environments of a pinned provider come from the mapping; before it, from nothing", () => {
  const { tokens } = providerTokens(fx("plans/minted-tokens.plan.json"), false);
  assert.deepEqual(named(tokens, "provider aws.prod").environments, []);
  assert.deepEqual(named(tokens, "provider aws").environments, ["*"]);
});
