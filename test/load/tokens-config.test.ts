// The token configuration YAML: the documented format (docs/token-config.md and its JSON Schema),
// detection from content, normalization into model tokens, secrets written in the file (dropped,
// value_present), and hostile or wrong input refused in one line per problem.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join, resolve } from "node:path";
import { newAjv } from "../../src/config/ajv.js";
import { InputError } from "../../src/load/input-error.js";
import { loadInputs } from "../../src/load/load-inputs.js";
import { parseInputText } from "../../src/load/parse-document.js";
import { DIRECTORY_READERS, READERS } from "../../src/load/readers.js";
import { TOKEN_CONFIG_SCHEMA } from "../../src/load/tokens/config-schema.js";
import { isTokenConfig, readTokenConfig, readTokenConfigFile, tokenConfigReader } from "../../src/load/tokens/config-reader.js";
import { parseDuration } from "../../src/load/tokens/duration.js";
import { inRepository } from "../../src/load/tokens/repo-location.js";
import { checkStructure } from "../../src/load/tokens/structure-check.js";
import { loadYAMLText } from "../../src/load/tokens/yaml-text.js";
import { SENSITIVE_VALUE, type Token } from "../../src/model/types.js";

const root = resolve(fileURLToPath(new URL("../../", import.meta.url)));
const fixtures = join(root, "test/fixtures/tokens");
const fx = (name: string) => join(fixtures, name);

function load(...paths: string[]) {
  return loadInputs(paths, { readers: READERS, directoryReaders: DIRECTORY_READERS, tfDirs: [], workspace: null, lifecycle: null });
}

function tokenNamed(tokens: Token[], name: string): Token {
  const t = tokens.find((x) => x.name === name);
  assert.ok(t, `no token ${name}`);
  return t;
}

/** The one-line problems of an InputError ("file: problem" per line). */
function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof InputError, `expected an InputError, got ${(e as Error).stack}`);
    const lines = e.message.split("\n");
    for (const l of lines) assert.ok(l.startsWith(`${e.file}: `), `line without the file: ${l}`);
    return lines.map((l) => l.slice(e.file.length + 2));
  }
  assert.fail("expected an error");
}

test("docs/token-config.schema.json is the schema the reader validates with", () => {
  const onDisk = JSON.parse(readFileSync(join(root, "docs/token-config.schema.json"), "utf8"));
  assert.deepEqual(onDisk, JSON.parse(JSON.stringify(TOKEN_CONFIG_SCHEMA)));
});

test("every good fixture is valid against the published schema (ajv, as editors would check it)", () => {
  const schema = JSON.parse(readFileSync(join(root, "docs/token-config.schema.json"), "utf8"));
  const validate = newAjv({ allErrors: true, strict: true }, ["date", "date-time"]).compile(schema);
  for (const f of ["incident.yaml", "scoped.yaml", "team.yaml", "value-present.yaml"]) {
    const data = loadYAMLText(readFileSync(fx(f), "utf8"), f);
    assert.ok(validate(data), `${f}: ${JSON.stringify(validate.errors)}`);
  }
});

test("detection: kind marker, or tokens that look like ours; never other YAML", () => {
  assert.ok(isTokenConfig({ kind: "policy-check/tokens", version: 1, tokens: [] }));
  assert.ok(isTokenConfig({ kind: "policy-check/token" }), "a near miss of the kind is claimed, to be told what is wrong");
  assert.ok(isTokenConfig({ tokens: [{ name: "x", holder: { kind: "ci" }, operations: ["*"] }] }));
  assert.ok(!isTokenConfig({ tokens: ["a", "b"] }));
  assert.ok(!isTokenConfig({ kind: "Deployment", tokens: [] }));
  assert.ok(!isTokenConfig({ on: "push", jobs: {} }));
  assert.ok(!isTokenConfig(["kind", "policy-check/tokens"]));
  // the file name does not matter: a token file named plan.json is still a token file
  const doc = parseInputText(readFileSync(fx("json-tokens.json"), "utf8"), "plan.json");
  assert.ok(tokenConfigReader.detect(doc));
});

test("the incident token: every field normalized", () => {
  const loaded = load(fx("incident.yaml"));
  assert.equal(loaded.sources.length, 1);
  assert.equal(loaded.sources[0]!.kind, "token-config");
  assert.equal(loaded.sources[0]!.tool, "tokens");
  assert.equal(loaded.tokens.length, 1);
  const t = loaded.tokens[0]!;
  assert.deepEqual(t, {
    id: "s1:RAILWAY_TOKEN",
    name: "RAILWAY_TOKEN",
    provider: "railway",
    holder: { kind: "agent", name: "coding-agent" },
    environments: ["*"],
    operations: ["*"],
    resources: ["*"],
    expires_at: null,
    ttl_seconds: null,
    expires: false,
    storage: { kind: "repo-file", location: "services/billing/.env", in_repository: true },
    conditions: [],
    origin: "config",
    source: "s1",
    address: `tokens["RAILWAY_TOKEN"]`,
    credential: "config",
    value_present: false,
    unknown: [],
    details: {},
  });
});

test("the team file: aliases, durations, dates, storage guesses, conditions", () => {
  const { tokens } = load(fx("team.yaml"));
  assert.equal(tokens.length, 4);
  const aws = tokenNamed(tokens, "terraform-apply-prod");
  assert.equal(aws.ttl_seconds, 3600);
  assert.equal(aws.expires, true);
  assert.equal(aws.storage.kind, "oidc");
  assert.deepEqual(aws.conditions, [{ StringEquals: { "aws:ResourceTag/Environment": "production" } }]);
  const cf = tokenNamed(tokens, "CLOUDFLARE_API_TOKEN");
  assert.equal(cf.expires_at, "2025-09-30T00:00:00Z");
  assert.equal(cf.ttl_seconds, null);
  assert.deepEqual(cf.environments, ["production", "staging"]);
  const vault = tokenNamed(tokens, "VAULT_TOKEN");
  assert.equal(vault.expires_at, "2025-06-30T16:00:00Z", "offsets are converted to UTC");
  assert.equal(vault.ttl_seconds, 8 * 3600);
  assert.equal(vault.storage.in_repository, false, "~/.vault-token is outside the repository");
  const hcloud = tokenNamed(tokens, "HCLOUD_TOKEN");
  assert.equal(hcloud.provider, "hcloud", "hetzner is spelled hcloud");
  assert.equal(hcloud.ttl_seconds, 90 * 86400);
  assert.deepEqual(hcloud.resources, ["*"], "no resources listed: every resource");
  assert.equal(hcloud.storage.in_repository, true, "an env file at a relative path is in the repository");
});

test("JSON token files, scalar lists, ISO durations and provider aliases", () => {
  const { tokens } = load(fx("json-tokens.json"));
  const t = tokens[0]!;
  assert.equal(t.provider, "digitalocean");
  assert.deepEqual(t.environments, ["production"]);
  assert.equal(t.ttl_seconds, 12 * 3600);
  assert.equal(t.storage.in_repository, false, "an env-var location that is a variable name is not a file");
});

test("holder shorthand: `holder: ci` is {kind: ci}", () => {
  const r = readTokenConfig(
    { path: "mem.yaml", syntax: "json", data: { kind: "policy-check/tokens", version: 1, tokens: [{ name: "a", provider: "aws", holder: "ci", environments: "staging", operations: "read" }] } },
    { sourceId: "s3" },
  );
  assert.deepEqual(r.tokens[0]!.holder, { kind: "ci", name: null });
  assert.equal(r.tokens[0]!.id, "s3:a");
});

test("secrets written in the file: value_present, storage in the file, value never in the model or raw", () => {
  const text = readFileSync(fx("value-present.yaml"), "utf8");
  const secrets = ["Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zCLOUDFLARE", "ghp_EXAMPLEexampleEXAMPLEexample012345"];
  for (const s of secrets) assert.ok(text.includes(s), "the fixture holds the secret");
  const loaded = load(fx("value-present.yaml"));
  const out = JSON.stringify({ tokens: loaded.tokens, raw: loaded.raws, sources: loaded.sources });
  for (const s of secrets) assert.ok(!out.includes(s), `secret leaked: ${s}`);
  const cf = tokenNamed(loaded.tokens, "CLOUDFLARE_API_TOKEN");
  assert.equal(cf.value_present, true);
  assert.deepEqual(cf.storage, { kind: "repo-file", location: fx("value-present.yaml"), in_repository: true });
  assert.deepEqual(cf.details, { value_keys: ["value"], declared_storage: { kind: "ci-secret", location: "github:acme/edge/CLOUDFLARE_API_TOKEN", in_repository: false } });
  const bot = tokenNamed(loaded.tokens, "deploy-bot");
  assert.equal(bot.value_present, true);
  assert.deepEqual(bot.details?.["value_keys"], ["token"]);
  const ro = tokenNamed(loaded.tokens, "read-only");
  assert.equal(ro.value_present, false);
  assert.equal(ro.storage.kind, "secret-manager");
  const raw = loaded.raws[0] as { tokens: Record<string, unknown>[] };
  assert.equal(raw.tokens[0]!["value"], SENSITIVE_VALUE);
  assert.equal(raw.tokens[1]!["token"], SENSITIVE_VALUE);
  assert.equal(raw.tokens[0]!["name"], "CLOUDFLARE_API_TOKEN", "the rest of the raw document is kept");
});

test("bad input: unknown keys and values, with did-you-mean, one line each with its path", () => {
  const lines = problems(() => load(fx("bad/unknown-key.yaml")));
  assert.deepEqual(lines, [
    'unknown key "enviroments" in tokens[0] "RAILWAY_TOKEN" (did you mean "environments"?)',
    'tokens[0] "RAILWAY_TOKEN".holder.kind: "agnet" is not one of agent, ci, human, service (did you mean "agent"?)',
    'unknown key "locaton" in tokens[0] "RAILWAY_TOKEN".storage (did you mean "location"?)',
  ]);
  const typo = problems(() => load(fx("bad/provider-typo.yaml")));
  assert.deepEqual(typo, [
    'tokens[0] "CF".ttl: must be a number of seconds or a duration like 1h, 90d, 1h30m or PT1H, found "3 fortnights"',
    'tokens[0] "CF".provider: unknown provider "cloudflair" (did you mean "cloudflare"?)',
  ]);
});

test("bad input: wrong types, an impossible date, an empty list, a missing name", () => {
  assert.deepEqual(problems(() => load(fx("bad/wrong-types.yaml"))), [
    "tokens[0].name: must be a string, found 42",
    'tokens[0].operations: must be a string or a non-empty list of strings (use "*" for every operation), found a mapping',
    "tokens[0].expires_at: must be an ISO 8601 date or date-time, e.g. 2025-06-30 or 2025-06-30T12:00:00Z, found \"2025-02-30\"",
    "tokens[0].ttl: must be a number of seconds or a duration like 1h, 90d, 1h30m or PT1H, found true",
    'tokens[1]: missing required key "name"',
    'tokens[1].environments: must be a string or a non-empty list of strings (use "*" for every environment), found a list',
  ]);
});

test("bad input: no kind marker, a future version, a list instead of a mapping", () => {
  assert.deepEqual(problems(() => load(fx("bad/no-kind.yaml"))), [
    'missing "kind: policy-check/tokens" at the top level (it marks the file as a token configuration)',
    'missing "version: 1" at the top level',
  ]);
  assert.deepEqual(problems(() => load(fx("bad/future-version.yaml"))), ["token file version 7 is not supported; this policy-check reads version 1"]);
  assert.deepEqual(
    problems(() => readTokenConfig({ path: "x.yaml", syntax: "json", data: ["kind"] }, { sourceId: "s1" })),
    ["a token file must be a mapping with kind, version and tokens, found a list"],
  );
});

test("bad input: a !!js/function tag is refused by the safe loader (through the CLI path and on its own)", () => {
  const [line] = problems(() => load(fx("bad/js-function.yaml")));
  assert.match(line!, /^not valid YAML at line 5 column \d+: unknown tag !<tag:yaml.org,2002:js\/function>$/);
  assert.throws(() => readTokenConfigFile(fx("bad/js-function.yaml"), { sourceId: "s1" }), /unknown tag/);
  for (const tag of ["!!js/undefined ''", "!!js/regexp /x/", "!!python/object:os.system ls", "!<tag:yaml.org,2002:js/function> 'x'"])
    assert.throws(() => loadYAMLText(`a: ${tag}\n`, "t.yaml"), /unknown tag/, tag);
});

test("bad input: __proto__ and constructor keys are data (no pollution) and unknown keys", () => {
  const before = Object.getOwnPropertyNames(Object.prototype).join();
  const lines = problems(() => load(fx("bad/proto-keys.yaml")));
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /^unknown key "__proto__" at the top level/);
  assert.match(lines[1]!, /^unknown key "constructor" in tokens\[0\] "x"/);
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  assert.equal(Object.getOwnPropertyNames(Object.prototype).join(), before);
  const data = loadYAMLText(readFileSync(fx("bad/proto-keys.yaml"), "utf8"), "p.yaml") as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(data), Object.prototype);
  assert.ok(Object.prototype.hasOwnProperty.call(data, "__proto__"), "kept as an own key");
});

test("bad input: an anchor bomb is refused, whichever loader reads it", () => {
  const [line] = problems(() => load(fx("bad/anchor-bomb.yaml")));
  assert.match(line!, /alias|resource exhaustion/i);
  // js-yaml has no alias limit: the structure check refuses the expansion
  const started = Date.now();
  assert.throws(() => readTokenConfigFile(fx("bad/anchor-bomb.yaml"), { sourceId: "s1" }), /YAML aliases expand this document beyond 1,000,000 extra nodes/);
  assert.ok(Date.now() - started < 2000, "refused quickly, without expanding it");
});

test("bad input: a cyclic structure and 100,000-deep nesting are refused without a stack overflow", () => {
  const cyclic: Record<string, unknown> = { kind: "policy-check/tokens", version: 1 };
  cyclic["tokens"] = [cyclic];
  assert.throws(() => checkStructure(cyclic, "c.yaml"), /cycle/);
  const deep = "tokens:\n" + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
  assert.throws(() => loadYAMLText(deep, "deep.yaml"), (e: unknown) => e instanceof InputError && /deep|nest/i.test(e.message));
  let nested: unknown = "x";
  for (let i = 0; i < 100_000; i++) nested = [nested];
  assert.throws(() => readTokenConfig({ path: "deep.json", syntax: "json", data: { kind: "policy-check/tokens", version: 1, tokens: nested } }, { sourceId: "s1" }), /nested deeper than 1000 levels/);
});

test("bad input: empty and non-YAML files", () => {
  assert.throws(() => loadYAMLText("  \n", "e.yaml"), /empty file/);
  assert.throws(() => loadYAMLText("a: [1, 2\n", "b.yaml"), /not valid YAML at line \d+ column \d+/);
  assert.throws(() => loadYAMLText("a: 1\na: 2\n", "dup.yaml"), /duplicat/);
});

test("durations: seconds, units, ISO 8601; no exponential regex on hostile text", () => {
  assert.equal(parseDuration(3600), 3600);
  assert.equal(parseDuration("3600"), 3600);
  assert.equal(parseDuration("1h30m"), 5400);
  assert.equal(parseDuration("90d"), 90 * 86400);
  assert.equal(parseDuration("768h"), 768 * 3600);
  assert.equal(parseDuration("15 minutes"), 900);
  assert.equal(parseDuration("PT1H"), 3600);
  assert.equal(parseDuration("P90D"), 90 * 86400);
  assert.equal(parseDuration("P1Y"), 365 * 86400);
  assert.equal(parseDuration("soon"), null);
  assert.equal(parseDuration("P"), null);
  assert.equal(parseDuration(-5), null);
  const started = Date.now();
  assert.equal(parseDuration("1".repeat(50) + "x"), null);
  assert.equal(new RegExp(String((TOKEN_CONFIG_SCHEMA.definitions.token.properties.ttl.anyOf[1] as { pattern: string }).pattern)).test("1 ".repeat(5000) + "x"), false);
  assert.ok(Date.now() - started < 1000);
});

test("repository locations: relative paths are in the repository, others are not", () => {
  assert.equal(inRepository("repo-file", null), true);
  assert.equal(inRepository("file", "infra/.env"), true);
  assert.equal(inRepository("file", "./secrets.json"), true);
  assert.equal(inRepository("file", "~/.aws/credentials"), false);
  assert.equal(inRepository("file", "/etc/token"), false);
  assert.equal(inRepository("file", "../outside/.env"), false);
  assert.equal(inRepository("file", "C:\\Users\\me\\token"), false);
  assert.equal(inRepository("env-var", "RAILWAY_TOKEN"), false);
  assert.equal(inRepository("env-var", "deploy/.env"), true);
  assert.equal(inRepository("secret-manager", "vault:kv/app"), false);
});
