// Sensitive values never appear in any report: a plan with a sensitive attribute (in resource
// changes, planned values, prior state, a sensitive variable and a provider block), a token file
// holding a secret, and a policy that tries to echo the whole input into its findings.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPORTERS } from "../../src/report/index.js";
import type { CheckResult } from "../../src/report/types.js";
import { defaultConfig } from "../../src/config/load-config.js";
import { runCli } from "../cli/helpers.js";
import { check, tempDir } from "./helpers.js";

const SECRET = "hunter2-SECRET";
const tmp = tempDir("pc-sensitive-");
after(() => tmp.remove());

const db = (password: string) => ({ identifier: "orders", password, deletion_protection: false, skip_final_snapshot: true, tags: { Environment: "production" } });
const RES = { address: "aws_db_instance.orders", mode: "managed", type: "aws_db_instance", name: "orders", provider_name: "registry.terraform.io/hashicorp/aws" };

const plan = {
  format_version: "1.2",
  terraform_version: "1.9.0",
  variables: { db_password: { value: SECRET }, region: { value: "us-east-1" } },
  planned_values: { root_module: { resources: [{ ...RES, values: db(SECRET), sensitive_values: { password: true } }] } },
  resource_changes: [
    {
      ...RES,
      change: { actions: ["delete", "create"], before: db(SECRET), after: db(SECRET), after_unknown: {}, before_sensitive: { password: true }, after_sensitive: { password: true }, replace_paths: [["identifier"]] },
    },
  ],
  prior_state: { format_version: "1.0", values: { root_module: { resources: [{ ...RES, values: db(SECRET), sensitive_values: { password: true } }] } } },
  configuration: {
    provider_config: { aws: { name: "aws", full_name: "registry.terraform.io/hashicorp/aws", expressions: { region: { constant_value: "us-east-1" }, access_key: { constant_value: "AKIAIOSFODNN7EXAMPLE" }, secret_key: { constant_value: SECRET } } } },
    root_module: {
      variables: { db_password: { sensitive: true }, region: { default: "us-east-1" } },
      resources: [{ address: "aws_db_instance.orders", mode: "managed", type: "aws_db_instance", name: "orders", provider_config_key: "aws", expressions: { password: { references: ["var.db_password"] } } }],
    },
  },
};

const TOKENS = `kind: policy-check/tokens
version: 1
tokens:
  - name: ORDERS_DB
    provider: aws
    holder: { kind: agent, name: coding-agent }
    environments: [production]
    operations: ["rds:*"]
    resources: ["*"]
    value: ${SECRET}
    storage: { kind: repo-file, location: .env }
`;

// a policy that puts everything it can see into its findings: messages, details, the raw input
const ECHO = `package policy_check.echo

# METADATA
# title: Echo
# custom:
#   id: ECHO-1
#   severity: high
deny contains {"msg": json.marshal(input), "resource": "aws_db_instance.orders", "everything": input, "remediation": json.marshal(input.raw)} if true

# METADATA
# custom:
#   id: ECHO-2
deny contains msg if {
  some r in input.resources
  msg := sprintf("%v %v %v", [r.before, r.after, r.sensitive])
}

# METADATA
# custom:
#   id: ECHO-3
warn contains sprintf("%v", [t]) if some t in input.tokens
`;

let files: { plan: string; tokens: string; policy: string };
let result: CheckResult;
before(async () => {
  files = { plan: tmp.write("plan.json", plan), tokens: tmp.write("tokens.yaml", TOKENS), policy: tmp.write("policy/echo.rego", ECHO) };
  const cfg = defaultConfig();
  cfg.policies.paths = [join(tmp.dir, "policy")];
  result = await check({ inputs: [files.plan, files.tokens], config: cfg });
});

test("the fixture really holds the secret in every place a plan can", () => {
  const text = readFileSync(files.plan, "utf8");
  assert.ok((text.match(new RegExp(SECRET, "g")) ?? []).length >= 6);
  assert.ok(readFileSync(files.tokens, "utf8").includes(SECRET));
});

test("the echoing policy ran and the shipped policies found the deletion", () => {
  const ids = new Set(result.decision.findings.map((f) => f.policy));
  for (const id of ["ECHO-1", "ECHO-2", "ECHO-3", "PC-DEL-001"]) assert.ok(ids.has(id), `${id} in ${[...ids].join(", ")}`);
  const echo = result.decision.findings.find((f) => f.policy === "ECHO-1")!;
  assert.ok(echo.message.length > 1000, "the whole input was echoed");
  assert.ok(echo.message.includes("(sensitive)"), "redacted values are marked");
});

for (const format of ["text", "json", "sarif", "junit", "markdown", "github"]) {
  test(`${format}: the secret appears nowhere`, () => {
    const out = REPORTERS.get(format)!.render(result, { color: false });
    assert.ok(out.length > 0);
    assert.ok(!out.includes(SECRET), `${format} report leaks the secret`);
    assert.ok(!out.includes("hunter2"), `${format} report leaks part of the secret`);
  });
}

test("end to end: the CLI's reports on stdout and in files hold no secret", () => {
  const outs = ["json", "sarif", "junit", "markdown", "github"].map((f) => `${f}=${join(tmp.dir, `out/report.${f}`)}`);
  const run = runCli(["-p", join(tmp.dir, "policy"), ...outs.flatMap((o) => ["-o", o]), files.plan, files.tokens]);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /ECHO-1/);
  assert.ok(!run.stdout.includes(SECRET) && !run.stderr.includes(SECRET));
  for (const o of outs) {
    const file = o.slice(o.indexOf("=") + 1);
    assert.ok(existsSync(file), file);
    assert.ok(!readFileSync(file, "utf8").includes(SECRET), file);
  }
});
