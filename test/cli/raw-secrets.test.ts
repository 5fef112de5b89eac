// input.raw carries no secret: a policy that echoes every string of the raw document into its
// findings never gets a provider credential, a sensitive variable or a value Terraform marked
// sensitive into any report (json, markdown, sarif, text, junit, github), nor with --raw.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "pc-raw-secrets-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const S = (what: string) => `SECRET-${what}-d41d8cd98f00`;
const LEAK = /SECRET-[a-z-]+-d41d8cd98f00/g;

function write(name: string, data: unknown): string {
  const f = join(dir, name);
  writeFileSync(f, typeof data === "string" ? data : JSON.stringify(data, null, 1));
  return f;
}

const plan = {
  format_version: "1.2",
  terraform_version: "1.9.5",
  variables: {
    // provider credentials passed as variables, not declared sensitive
    aws_secret_key: { value: S("aws-secret-key") },
    aws_access_key: { value: S("aws-access-key") },
    hcloud_token: { value: S("hcloud-token") },
    // declared sensitive in configuration.root_module.variables
    db_password: { value: S("db-password") },
    // named innocently, but given to the provider's secret_key / a module's sensitive input / a sensitive argument
    creds: { value: S("creds-via-provider") },
    blob: { value: S("module-sensitive-input") },
    pw: { value: S("resource-argument") },
    // a secret-named field inside an object and a list
    database: { value: { username: "admin", password: S("nested-password") } },
    users: { value: [{ name: "ops", api_key: S("list-api-key") }] },
    region: { value: "eu-west-1" },
  },
  planned_values: {
    root_module: {
      resources: [
        {
          address: "aws_db_instance.db",
          mode: "managed",
          type: "aws_db_instance",
          name: "db",
          values: { identifier: "orders", password: S("planned-password"), odd_attr: S("planned-marked") },
          sensitive_values: { password: true, odd_attr: true },
        },
      ],
    },
    outputs: { conn: { sensitive: true, value: S("output-planned") } },
  },
  resource_changes: [
    {
      address: "aws_db_instance.db",
      mode: "managed",
      type: "aws_db_instance",
      name: "db",
      provider_name: "registry.terraform.io/hashicorp/aws",
      change: {
        actions: ["delete", "create"],
        before: { identifier: "orders", password: S("before-password"), odd_attr: S("before-marked"), tags: { Environment: "production" } },
        after: { identifier: "orders", password: S("after-password"), odd_attr: S("after-marked"), tags: { Environment: "production" } },
        after_unknown: {},
        before_sensitive: { password: true, odd_attr: true },
        after_sensitive: { password: true, odd_attr: true },
      },
    },
  ],
  resource_drift: [
    {
      address: "aws_db_instance.db",
      mode: "managed",
      type: "aws_db_instance",
      name: "db",
      change: { actions: ["update"], before: { odd_attr: S("drift-before") }, after: { odd_attr: S("drift-after") }, before_sensitive: { odd_attr: true }, after_sensitive: true },
    },
  ],
  deferred_changes: [
    {
      reason: "provider_config_unknown",
      resource_change: {
        address: "aws_ssm_parameter.p",
        mode: "managed",
        type: "aws_ssm_parameter",
        name: "p",
        change: { actions: ["create"], before: null, after: { name: "p", value: S("deferred-ssm"), weird: S("deferred-marked") }, after_unknown: {}, before_sensitive: false, after_sensitive: { value: true, weird: true } },
      },
    },
  ],
  output_changes: { conn: { actions: ["create"], before: null, after: S("output-change"), after_unknown: false, before_sensitive: false, after_sensitive: true } },
  prior_state: {
    format_version: "1.0",
    terraform_version: "1.9.5",
    values: {
      root_module: {
        resources: [
          {
            address: "aws_db_instance.db",
            mode: "managed",
            type: "aws_db_instance",
            name: "db",
            values: { identifier: "orders", password: S("prior-password"), odd_attr: S("prior-marked") },
            sensitive_values: { password: true, odd_attr: true },
          },
        ],
      },
    },
  },
  configuration: {
    provider_config: {
      aws: {
        name: "aws",
        full_name: "registry.terraform.io/hashicorp/aws",
        expressions: { region: { references: ["var.region"] }, access_key: { constant_value: S("provider-constant") }, secret_key: { references: ["var.creds"] } },
      },
    },
    root_module: {
      variables: {
        db_password: { sensitive: true, default: S("default-sensitive") },
        aws_secret_key: { default: S("default-named") },
        creds: {},
        settings: { default: { token: S("default-nested-token"), size: "small" } },
        region: { default: "eu-west-1" },
      },
      resources: [
        {
          address: "aws_db_instance.db",
          mode: "managed",
          type: "aws_db_instance",
          name: "db",
          provider_config_key: "aws",
          expressions: { password: { references: ["var.db_password"] }, odd_attr: { references: ["var.pw"] }, identifier: { constant_value: "orders" } },
          schema_version: 2,
        },
      ],
      module_calls: {
        app: {
          source: "./app",
          expressions: { blob: { references: ["var.blob"] }, name: { constant_value: "app" } },
          module: { variables: { blob: { sensitive: true }, name: {} } },
        },
      },
    },
  },
};

const cdktf = {
  "//": { metadata: { version: "0.21.0", stackName: "prod", backend: "local" } },
  terraform: { required_providers: { aws: { source: "aws" } } },
  provider: { aws: [{ region: "us-east-1", access_key: S("cdktf-provider-access"), secret_key: "${var.creds}" }] },
  variable: {
    db_password: { type: "string", sensitive: true, default: S("cdktf-sensitive") },
    api_token: { type: "string", default: S("cdktf-named") },
    creds: { type: "string", default: S("cdktf-fed-to-provider") },
    settings: { default: { password: S("cdktf-nested"), tier: "small" } },
    plain: { default: "visible-default" },
  },
  resource: { aws_db_instance: { db: { identifier: "orders", password: S("cdktf-literal-password"), tags: { Environment: "production" } } } },
};

// every string anywhere in input.raw becomes a finding
const ECHO = `package policy_check.echo

deny contains msg if {
  walk(input.raw, [path, value])
  is_string(value)
  msg := sprintf("%v = %v", [path, value])
}

deny contains msg if {
  msg := json.marshal(input.raw)
}
`;
const CONFTEST = `package main

deny contains msg if {
  walk(input, [path, value])
  is_string(value)
  msg := sprintf("%v = %v", [path, value])
}
`;

const FORMATS = ["json", "markdown", "sarif", "text", "junit", "github"];

function checkNoLeak(input: string, args: string[], visible: string[]): void {
  const outputs = FORMATS.map((f) => join(dir, `report-${f}`));
  const run = runCli([...args, "-f", "json", ...FORMATS.flatMap((f, i) => ["-o", `${f}=${outputs[i]}`]), input]);
  assert.equal(run.code, 1, run.stderr);
  assert.deepEqual(run.stdout.match(LEAK), null, "json on stdout");
  assert.deepEqual(run.stderr.match(LEAK), null, "stderr");
  for (const [i, f] of FORMATS.entries()) assert.deepEqual(readFileSync(outputs[i]!, "utf8").match(LEAK), null, f);
  // the policy did see the raw document: its non-secret strings are in the findings
  const messages = (JSON.parse(run.stdout) as { findings: { message: string }[] }).findings.map((x) => x.message).join("\n");
  for (const v of visible) assert.ok(messages.includes(v), `${v} not echoed`);
  assert.ok(messages.includes("(sensitive)"));
}

test("a Terraform plan's input.raw: no credential variable, sensitive variable or marked value reaches a report", () => {
  const f = write("plan.json", plan);
  const policy = write("echo.rego", ECHO);
  // the plan text itself holds every secret (the test would prove nothing otherwise)
  assert.equal(new Set(readFileSync(f, "utf8").match(LEAK)).size, 27);
  checkNoLeak(f, ["--no-shipped", "-p", policy], ["eu-west-1", "admin", "ops", "small", "orders", "app"]);
  // the shipped policies too
  checkNoLeak(f, ["-p", policy], ["eu-west-1"]);
});

test("--raw (conftest style): the raw plan given as input is redacted the same way", () => {
  const f = write("plan-raw.json", plan);
  const policy = write("conftest.rego", CONFTEST);
  checkNoLeak(f, ["--raw", "--no-shipped", "--namespace", "main", "-p", policy], ["eu-west-1", "admin"]);
});

test("a CDKTF synth's input.raw: provider credentials and secret variable defaults are redacted", () => {
  const f = write("cdk.tf.json", cdktf);
  const policy = write("echo-cdktf.rego", ECHO);
  assert.equal(new Set(readFileSync(f, "utf8").match(LEAK)).size, 6);
  checkNoLeak(f, ["--no-shipped", "-p", policy], ["visible-default", "small", "us-east-1"]);
});
