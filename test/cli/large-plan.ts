// Writes a large, realistic Terraform plan (`terraform show -json` shape) straight to a file, a
// resource at a time, so that the test process never holds it: resource_changes with before
// and after values, planned_values, prior_state and the configuration, for a mix of stateful
// and stateless AWS resources in modules, some deleted or replaced. Deterministic.

import { closeSync, openSync, statSync, writeSync } from "node:fs";

const TYPES = ["aws_db_instance", "aws_ebs_volume", "aws_s3_bucket", "aws_instance", "aws_security_group", "aws_iam_role", "aws_dynamodb_table", "aws_lambda_function"];

function values(type: string, name: string, i: number): Record<string, unknown> {
  const env = i % 3 === 0 ? "production" : i % 3 === 1 ? "staging" : "development";
  return {
    id: `${type.slice(4, 8)}-${i.toString(16).padStart(8, "0")}`,
    arn: `arn:aws:${type.slice(4).split("_")[0]}:eu-west-1:123456789012:${type}/${name}`,
    tags: { Name: name, Environment: env, team: `team-${i % 17}`, cost_center: `cc-${i % 101}` },
    tags_all: { Name: name, Environment: env, team: `team-${i % 17}`, cost_center: `cc-${i % 101}`, managed_by: "terraform" },
    deletion_protection: i % 2 === 0,
    skip_final_snapshot: i % 5 === 0,
    backup_retention_period: i % 30,
    storage_encrypted: i % 4 !== 0,
    allocated_storage: 20 + (i % 500),
    availability_zone: "eu-west-1a",
    instance_class: "db.t3.medium",
    description: `Resource ${name} of the orders service, managed by the platform team (ticket OPS-${i % 9973}).`,
    ingress: [
      { from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["10.0.0.0/8"], description: "https from the VPC" },
      { from_port: 5432, to_port: 5432, protocol: "tcp", cidr_blocks: ["10.1.0.0/16"], description: "postgres from the app subnets" },
    ],
    lifecycle_rule: [{ id: "expire", enabled: true, expiration: [{ days: 30 }], noncurrent_version_expiration: [{ days: 7 }] }],
    timeouts: null,
  };
}

/** Writes the plan; returns its size in bytes. `targetBytes` is approximate (within one resource). */
export function writeLargePlan(file: string, targetBytes: number): { bytes: number; resources: number } {
  const fd = openSync(file, "w");
  let bytes = 0;
  const out = (s: string) => {
    bytes += writeSync(fd, s);
  };
  // each resource appears in resource_changes, planned_values and prior_state: size the count first
  const sample = JSON.stringify(values("aws_db_instance", "res_0", 0)).length;
  const n = Math.max(1, Math.floor(targetBytes / (sample * 4 + 900)));
  const addr = (i: number) => {
    const type = TYPES[i % TYPES.length]!;
    const name = `res_${i}`;
    const module = i % 7 === 0 ? `module.m${i % 13}` : null;
    return { type, name, module, address: module ? `${module}.${type}.${name}` : `${type}.${name}` };
  };
  const actionsOf = (i: number) => (i % 97 === 0 ? ["delete"] : i % 89 === 0 ? ["delete", "create"] : i % 5 === 0 ? ["update"] : i % 11 === 0 ? ["create"] : ["no-op"]);
  try {
    out('{"format_version":"1.2","terraform_version":"1.9.5","variables":{"region":{"value":"eu-west-1"}},"resource_changes":[');
    for (let i = 0; i < n; i++) {
      const a = addr(i);
      const actions = actionsOf(i);
      const v = values(a.type, a.name, i);
      const after = actions[0] === "delete" && actions.length === 1 ? null : { ...v, allocated_storage: (v["allocated_storage"] as number) + (actions[0] === "update" ? 10 : 0) };
      const before = actions[0] === "create" ? null : v;
      out(
        (i > 0 ? "," : "") +
          JSON.stringify({
            address: a.address,
            ...(a.module ? { module_address: a.module } : {}),
            mode: "managed",
            type: a.type,
            name: a.name,
            provider_name: "registry.terraform.io/hashicorp/aws",
            change: { actions, before, after, after_unknown: { id: actions[0] === "create" }, before_sensitive: {}, after_sensitive: { tags: {}, tags_all: {} } },
          }),
      );
    }
    out('],"planned_values":{"root_module":{"resources":[');
    for (let i = 0, k = 0; i < n; i++) {
      const a = addr(i);
      const actions = actionsOf(i);
      if (actions[0] === "delete" && actions.length === 1) continue;
      out((k++ > 0 ? "," : "") + JSON.stringify({ address: a.address, mode: "managed", type: a.type, name: a.name, provider_name: "registry.terraform.io/hashicorp/aws", schema_version: 0, values: values(a.type, a.name, i), sensitive_values: { tags: {}, tags_all: {} } }));
    }
    out(']}},"prior_state":{"format_version":"1.0","terraform_version":"1.9.5","values":{"root_module":{"resources":[');
    for (let i = 0, k = 0; i < n; i++) {
      const a = addr(i);
      if (actionsOf(i)[0] === "create") continue;
      out((k++ > 0 ? "," : "") + JSON.stringify({ address: a.address, mode: "managed", type: a.type, name: a.name, provider_name: "registry.terraform.io/hashicorp/aws", schema_version: 0, values: values(a.type, a.name, i), sensitive_values: { tags: {}, tags_all: {} } }));
    }
    out(']}}},"configuration":{"provider_config":{"aws":{"name":"aws","full_name":"registry.terraform.io/hashicorp/aws","expressions":{"region":{"references":["var.region"]}}}},"root_module":{"variables":{"region":{"default":"eu-west-1"}},"resources":[');
    for (let i = 0; i < Math.min(n, 500); i++) {
      const a = addr(i);
      out((i > 0 ? "," : "") + JSON.stringify({ address: `${a.type}.${a.name}`, mode: "managed", type: a.type, name: a.name, provider_config_key: "aws", expressions: { tags: { constant_value: { Name: a.name } }, allocated_storage: { constant_value: 20 } }, schema_version: 0 }));
    }
    out("]}}}\n");
  } finally {
    closeSync(fd);
  }
  return { bytes: statSync(file).size, resources: n };
}
