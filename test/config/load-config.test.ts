// .policy-check.yml: discovery upward from the current directory, reading with defaults,
// validation against the JSON Schema with every problem on its own line with its path, unknown
// keys with a did-you-mean, and exceptions that need an owner and a reason.

import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CONFIG_NAMES, defaultConfig, findConfig, loadConfig } from "../../src/config/load-config.js";
import { CONFIG_SCHEMA } from "../../src/config/schema.js";
import { didYouMean, editDistance } from "../../src/config/did-you-mean.js";
import { InputError } from "../../src/load/input-error.js";
import { describeError } from "../../src/cli/fail.js";
import { resolveConfig } from "../../src/cli/check-command.js";
import { STARTER_CONFIG } from "../../src/cli/init-command.js";
import { root, tempDir } from "../report/helpers.js";

const tmp = tempDir("pc-config-");
after(() => tmp.remove());

let n = 0;
/** Writes a configuration in its own directory and returns its path. */
function configFile(text: string, name = ".policy-check.yml"): string {
  return tmp.write(`c${++n}/${name}`, text);
}

/** The problems loadConfig reports, one per line (the file prefix removed). */
function problems(text: string): string[] {
  const file = configFile(text);
  try {
    loadConfig(file);
  } catch (e) {
    assert.ok(e instanceof InputError, `expected an InputError, got ${(e as Error)?.stack}`);
    assert.equal(e.file, file);
    return e.problem.split("\n");
  }
  assert.fail("expected the configuration to be refused");
}

describe("discovery", () => {
  test("found in the current directory or any parent; the nearest wins", () => {
    const top = tmp.write("disc/.policy-check.yml", "fail_on: low\n");
    const deep = join(tmp.dir, "disc/a/b/c");
    mkdirSync(deep, { recursive: true });
    assert.equal(findConfig(deep), top);
    assert.equal(findConfig(join(tmp.dir, "disc")), top);
    const nearer = tmp.write("disc/a/.policy-check.yml", "fail_on: medium\n");
    assert.equal(findConfig(deep), nearer);
    assert.equal(findConfig(join(tmp.dir, "disc/a")), nearer);
    assert.equal(findConfig(join(tmp.dir, "disc")), top);
  });

  test("the .yaml spelling is found too; .yml is preferred in the same directory", () => {
    assert.deepEqual(CONFIG_NAMES, [".policy-check.yml", ".policy-check.yaml"]);
    const yaml = tmp.write("spell/.policy-check.yaml", "fail_on: low\n");
    assert.equal(findConfig(join(tmp.dir, "spell")), yaml);
    const yml = tmp.write("spell/.policy-check.yml", "fail_on: low\n");
    assert.equal(findConfig(join(tmp.dir, "spell")), yml);
  });

  test("relative start directories are resolved; none found gives null", () => {
    const dir = join(tmp.dir, "none/x");
    mkdirSync(dir, { recursive: true });
    // the temp directory has no configuration above it (the system temp dir and /)
    assert.equal(findConfig(dir), null);
    assert.equal(findConfig(resolve(dir, "..", "x")), null);
  });

  test("resolveConfig: --config wins over discovery; discovery starts at the given directory; defaults otherwise", () => {
    const found = tmp.write("rc/.policy-check.yml", "fail_on: low\n");
    const other = tmp.write("rc-other.yml", "fail_on: critical\n");
    mkdirSync(join(tmp.dir, "rc/sub"), { recursive: true });
    const base = { policy: [], namespace: [], shipped: true };
    assert.equal(resolveConfig(base, join(tmp.dir, "rc/sub")).file, found);
    assert.equal(resolveConfig(base, join(tmp.dir, "rc/sub")).failOn, "low");
    const explicit = resolveConfig({ ...base, config: other }, join(tmp.dir, "rc/sub"));
    assert.equal(explicit.file, other);
    assert.equal(explicit.failOn, "critical");
    mkdirSync(join(tmp.dir, "rc-none"), { recursive: true });
    assert.deepEqual(resolveConfig(base, join(tmp.dir, "rc-none")), defaultConfig());
  });

  test("resolveConfig: command-line options override the file", () => {
    const file = tmp.write("rc2/.policy-check.yml", "fail_on: low\npolicies:\n  paths: [mine/]\n  namespaces: [acme]\n");
    const c = resolveConfig({ policy: ["extra.rego"], namespace: ["main"], shipped: false, regoVersion: "v0", failOn: "critical" }, join(tmp.dir, "rc2"));
    assert.equal(c.file, file);
    assert.equal(c.failOn, "critical");
    assert.deepEqual(c.policies.paths, [join(tmp.dir, "rc2/mine"), join(tmp.dir, "rc2/extra.rego")]);
    assert.deepEqual(c.policies.namespaces, ["main"]);
    assert.equal(c.policies.shipped, false);
    assert.equal(c.policies.regoVersion, "v0");
    assert.throws(() => resolveConfig({ policy: [], namespace: [], shipped: true, failOn: "severe" }, join(tmp.dir, "rc2")), /--fail-on must be one of critical, high, medium, low, info, none, got severe/);
  });
});

describe("reading", () => {
  test("an empty file, or one with only comments, is the default configuration", () => {
    for (const text of ["", "# nothing here\n", "---\n"]) {
      const file = configFile(text);
      assert.deepEqual(loadConfig(file), { ...defaultConfig(), file });
    }
  });

  test("defaults: fail_on high, shipped v1 policies under policy_check, built-in environments, 30 s", () => {
    const d = defaultConfig();
    assert.equal(d.failOn, "high");
    assert.equal(d.policies.shipped, true);
    assert.equal(d.policies.regoVersion, "v1");
    assert.deepEqual(d.policies.namespaces, ["policy_check"]);
    assert.equal(d.policies.enable, null);
    assert.deepEqual(Object.keys(d.environments).sort(), ["backup", "development", "production", "staging"]);
    assert.deepEqual(d.limits, { timeoutMs: 30_000, maxSteps: 50_000_000 });
    assert.deepEqual(d.exceptions, []);
  });

  test("every key is read; paths are relative to the configuration file; tags become lists", () => {
    const file = configFile(`version: 1
fail_on: medium
policies:
  paths: [policy/, ../shared.rego]
  namespaces: [policy_check, acme]
  shipped: false
  rego_version: v0
  enable: [PC-DEL-001, ACME-1]
  disable: [PC-BKP-012]
  severity: { PC-DP-004: medium }
environments:
  production: { workspaces: [prod, prod-*], accounts: ["111122223333"], tags: { Environment: production } }
  staging:
    workspaces: [staging]
    stacks: [acme/orders/staging]
    tags: { env: [stg, staging] }
    paths: ["infra/staging/**"]
exceptions:
  - policy: PC-DEL-001
    resource: module.legacy["eu"].aws_ebs_volume.scratch[*]
    reason: scratch volume, recreated nightly
    owner: "@acme/platform"
    expires: 2027-03-31
  - policy: "*"
    resource: aws_s3_bucket.tmp
    reason: temporary
    owner: alice
limits:
  timeout_ms: 5000
  max_steps: 2000000
`);
    const dir = resolve(file, "..");
    const c = loadConfig(file);
    assert.equal(c.file, file);
    assert.equal(c.failOn, "medium");
    assert.deepEqual(c.policies, {
      paths: [join(dir, "policy"), resolve(dir, "../shared.rego")],
      namespaces: ["policy_check", "acme"],
      shipped: false,
      regoVersion: "v0",
      enable: ["PC-DEL-001", "ACME-1"],
      disable: ["PC-BKP-012"],
      severity: { "PC-DP-004": "medium" },
    });
    assert.deepEqual(c.environments, {
      production: { workspaces: ["prod", "prod-*"], stacks: [], accounts: ["111122223333"], tags: { Environment: ["production"] }, paths: [] },
      staging: { workspaces: ["staging"], stacks: ["acme/orders/staging"], accounts: [], tags: { env: ["stg", "staging"] }, paths: ["infra/staging/**"] },
    });
    assert.deepEqual(c.exceptions, [
      { policy: "PC-DEL-001", resource: 'module.legacy["eu"].aws_ebs_volume.scratch[*]', reason: "scratch volume, recreated nightly", owner: "@acme/platform", expires: "2027-03-31" },
      { policy: "*", resource: "aws_s3_bucket.tmp", reason: "temporary", owner: "alice", expires: null },
    ]);
    assert.deepEqual(c.limits, { timeoutMs: 5000, maxSteps: 2_000_000 });
  });

  test("an unquoted YAML date stays the calendar date as written (no time zone shift)", () => {
    const c = loadConfig(configFile("exceptions:\n  - { policy: A, resource: b, reason: r, owner: o, expires: 2027-01-31 }\n"));
    assert.equal(c.exceptions[0]!.expires, "2027-01-31");
  });

  test("an environments section replaces the built-in conventions; an empty one means none", () => {
    assert.deepEqual(Object.keys(loadConfig(configFile("environments:\n  prod: { workspaces: [p] }\n")).environments), ["prod"]);
    assert.deepEqual(loadConfig(configFile("environments: {}\n")).environments, {});
  });

  test("the README's example configuration and the init starter are valid", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const block = /```yaml\n(version: 1\n[\s\S]*?)```/.exec(readme);
    assert.ok(block, "README has a yaml example starting with version: 1");
    const c = loadConfig(configFile(block[1]!));
    assert.equal(c.failOn, "high");
    assert.equal(c.exceptions[0]!.owner, "@acme/platform");
    assert.equal(loadConfig(configFile(STARTER_CONFIG)).failOn, "high");
  });

  test("docs/config.md's exception example is valid", () => {
    const doc = readFileSync(join(root, "docs/config.md"), "utf8");
    const block = /```yaml\n(exceptions:\n[\s\S]*?)```/.exec(doc);
    assert.ok(block);
    assert.equal(loadConfig(configFile(block[1]!)).exceptions.length, 1);
  });
});

describe("problems", () => {
  test("an exception without owner or reason is invalid, with the path of each missing key", () => {
    assert.deepEqual(problems("exceptions:\n  - policy: PC-DEL-001\n    resource: aws_ebs_volume.x\n"), [
      "exceptions.0: missing required key 'reason'",
      "exceptions.0: missing required key 'owner'",
    ]);
    assert.deepEqual(problems("exceptions:\n  - { policy: A, resource: b, reason: r, owner: o }\n  - { policy: A, resource: b, owner: o }\n"), ["exceptions.1: missing required key 'reason'"]);
    assert.deepEqual(problems("exceptions:\n  - { policy: A, resource: b, reason: r }\n"), ["exceptions.0: missing required key 'owner'"]);
  });

  test("an empty owner or reason is as good as none", () => {
    const p = problems('exceptions:\n  - { policy: A, resource: b, reason: "", owner: "" }\n');
    assert.equal(p.length, 2);
    assert.match(p[0]!, /^exceptions\.0\.reason: /);
    assert.match(p[1]!, /^exceptions\.0\.owner: /);
  });

  test("an exception needs a policy and a resource too", () => {
    assert.deepEqual(problems("exceptions:\n  - { reason: r, owner: o }\n"), ["exceptions.0: missing required key 'policy'", "exceptions.0: missing required key 'resource'"]);
  });

  test("expires must be a real YYYY-MM-DD date", () => {
    for (const bad of ["2027-13-01", "2027-02-30", "31/01/2027", "tomorrow", "2027-1-5"]) {
      assert.deepEqual(problems(`exceptions:\n  - { policy: A, resource: b, reason: r, owner: o, expires: "${bad}" }\n`), ["exceptions.0.expires: must be a date (YYYY-MM-DD)"], bad);
    }
  });

  test("unknown keys are named with where they are and the closest known key", () => {
    assert.deepEqual(problems("polices:\n  paths: []\n"), ["unknown key 'polices' at the top level (did you mean 'policies'?)"]);
    assert.deepEqual(problems("failon: high\n"), ["unknown key 'failon' at the top level (did you mean 'fail_on'?)"]);
    assert.deepEqual(problems("policies:\n  disabel: [X]\n"), ["unknown key 'disabel' at policies (did you mean 'disable'?)"]);
    assert.deepEqual(problems("exceptions:\n  - { policy: A, resource: b, reason: r, owner: o, expiry: 2027-01-01 }\n"), ["unknown key 'expiry' at exceptions.0 (did you mean 'expires'?)"]);
    assert.deepEqual(problems("environments:\n  production: { workspace: [prod] }\n"), ["unknown key 'workspace' at environments.production (did you mean 'workspaces'?)"]);
    assert.deepEqual(problems("limits:\n  timeout: 5\n"), ["unknown key 'timeout' at limits (did you mean 'timeout_ms'?)"]);
    assert.deepEqual(problems("limits:\n  steps: 5000\n"), ["unknown key 'steps' at limits (did you mean 'max_steps'?)"]);
  });

  test("an unknown key far from every known one lists the allowed keys instead", () => {
    const [p] = problems("limits:\n  zzzzzzzzzzzz: 1\n");
    assert.equal(p, "unknown key 'zzzzzzzzzzzz' at limits (allowed: timeout_ms, max_steps)");
  });

  test("wrong values: enums list the allowed values, types and bounds are explained with the path", () => {
    assert.deepEqual(problems("fail_on: severe\n"), ['fail_on: must be one of "critical", "high", "medium", "low", "info", "none"']);
    assert.deepEqual(problems("version: 2\n"), ["version: must be 1"]);
    assert.deepEqual(problems("policies:\n  severity: { PC-DP-004: urgent }\n"), ['policies.severity.PC-DP-004: must be one of "critical", "high", "medium", "low", "info"']);
    assert.deepEqual(problems("policies:\n  rego_version: v2\n"), ['policies.rego_version: must be one of "v0", "v1"']);
    assert.deepEqual(problems("policies:\n  paths: policy/\n"), ["policies.paths: must be array"]);
    assert.deepEqual(problems("policies:\n  shipped: maybe\n"), ["policies.shipped: must be boolean"]);
    assert.deepEqual(problems("limits:\n  timeout_ms: 0\n"), ["limits.timeout_ms: must be >= 1"]);
    assert.deepEqual(problems("limits:\n  max_steps: 1500.5\n"), ["limits.max_steps: must be integer"]);
    assert.deepEqual(problems("exceptions: {}\n"), ["exceptions: must be array"]);
    assert.deepEqual(problems("- a\n- b\n"), ["the top level: must be object"]);
  });

  test("every problem of a file is reported, each on its own line", () => {
    const p = problems(`version: 1
fail_on: hihg
polices: {}
policies:
  disabel: [X]
exceptions:
  - policy: PC-DEL-001
    resource: aws_ebs_volume.x
    expires: 2027-13-01
limits:
  timeout_ms: 0
`);
    assert.deepEqual(p, [
      "unknown key 'polices' at the top level (did you mean 'policies'?)",
      'fail_on: must be one of "critical", "high", "medium", "low", "info", "none"',
      "unknown key 'disabel' at policies (did you mean 'disable'?)",
      "exceptions.0: missing required key 'reason'",
      "exceptions.0: missing required key 'owner'",
      "exceptions.0.expires: must be a date (YYYY-MM-DD)",
      "limits.timeout_ms: must be >= 1",
    ]);
  });

  test("the CLI prints every problem line prefixed with the file", () => {
    const file = configFile("fail_on: x\nexceptions:\n  - { policy: A, resource: b }\n");
    let err: unknown;
    try {
      loadConfig(file);
    } catch (e) {
      err = e;
    }
    const lines = describeError(err).split("\n");
    assert.equal(lines.length, 3);
    for (const l of lines) assert.ok(l.startsWith(`${file}: `), l);
  });

  test("YAML syntax errors and duplicate keys name the line", () => {
    const [syntax, ...more] = problems("fail_on: high\npolicies: [unclosed\n");
    assert.equal(more.length, 0);
    assert.match(syntax!, /^not valid YAML at line [1-9]\d* column [1-9]\d*: /);
    const [dup] = problems("fail_on: high\nfail_on: low\n");
    assert.match(dup!, /^not valid YAML at line 2 column 1: .*(duplicate|unique)/i);
    const [nested] = problems("policies:\n  paths: a: b\n");
    assert.match(nested!, /^not valid YAML at line 2 column \d+: /);
  });

  test("a missing configuration file is one clear problem", () => {
    assert.throws(() => loadConfig(join(tmp.dir, "does-not-exist.yml")), (e: unknown) => e instanceof InputError && /does-not-exist\.yml/.test(describeError(e)) && !describeError(e).includes("\n"));
  });

  test("YAML alias bombs are refused, not expanded", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 9; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`);
    const p = problems(lines.join("\n") + "\n");
    assert.equal(p.length, 1);
    assert.match(p[0]!, /YAML could not be read|alias/i);
  });
});

describe("schema", () => {
  test("the schema in docs/ is the one the loader validates with", () => {
    assert.deepEqual(JSON.parse(readFileSync(join(root, "docs/config.schema.json"), "utf8")), JSON.parse(JSON.stringify(CONFIG_SCHEMA)));
  });

  test("every top-level and policies key is documented in docs/config.md", () => {
    const doc = readFileSync(join(root, "docs/config.md"), "utf8");
    for (const k of Object.keys(CONFIG_SCHEMA.properties)) assert.ok(doc.includes(`\`${k}`), k);
    for (const k of Object.keys(CONFIG_SCHEMA.properties.policies.properties)) assert.ok(doc.includes(`policies.${k}`), `policies.${k}`);
    for (const k of Object.keys(CONFIG_SCHEMA.properties.limits.properties)) assert.ok(doc.includes(`limits.${k}`), `limits.${k}`);
  });
});

describe("did you mean", () => {
  test("edit distance", () => {
    assert.equal(editDistance("", ""), 0);
    assert.equal(editDistance("abc", ""), 3);
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(editDistance("polices", "policies"), 1);
  });

  test("the closest candidate within reach, case-insensitively; nothing when all are far", () => {
    assert.equal(didYouMean("Policies", ["version", "policies"]), "policies");
    assert.equal(didYouMean("fail-on", ["fail_on", "version"]), "fail_on");
    assert.equal(didYouMean("exeptions", ["exceptions", "environments"]), "exceptions");
    assert.equal(didYouMean("timeout", ["timeout_ms", "max_steps"]), "timeout_ms");
    assert.equal(didYouMean("xyz", ["policies", "exceptions"]), null);
    assert.equal(didYouMean("path", ["paths", "stacks"]), "paths");
    assert.equal(didYouMean("ids", ["policy_ids", "resource_ids"]), null, "too short to guess from a part");
    assert.equal(didYouMean("account", ["accounts_a", "accounts_b"]), null, "ambiguous");
    assert.equal(didYouMean("anything", []), null);
  });
});
