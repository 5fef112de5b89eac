// Synthetic Terraform plans (terraform show -json shape) of N resources with realistic
// attributes, for benchmarks. Deterministic: the same N gives the same plan.

const TYPES = [
  "aws_db_instance",
  "aws_ebs_volume",
  "aws_s3_bucket",
  "aws_instance",
  "aws_security_group",
  "aws_iam_role",
  "aws_backup_plan",
  "aws_dynamodb_table",
  "aws_lambda_function",
  "aws_route53_record",
];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function syntheticPlan(n: number): Record<string, unknown> {
  const r = rng(n);
  const changes: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const type = TYPES[i % TYPES.length]!;
    const name = `res_${i}`;
    const moduleAddr = i % 7 === 0 ? `module.m${i % 13}` : undefined;
    const pick = r();
    const actions = pick < 0.02 ? ["delete"] : pick < 0.04 ? ["delete", "create"] : pick < 0.3 ? ["update"] : pick < 0.5 ? ["create"] : ["no-op"];
    const after = {
      id: `id-${i}`,
      arn: `arn:aws:service:eu-west-1:123456789012:${type}/${name}`,
      tags: { Name: name, env: i % 3 === 0 ? "production" : "staging", team: `team-${i % 17}` },
      deletion_protection: r() < 0.5,
      skip_final_snapshot: r() < 0.3,
      backup_retention_period: Math.floor(r() * 30),
      storage_encrypted: r() < 0.8,
      allocated_storage: 20 + Math.floor(r() * 500),
      availability_zone: "eu-west-1a",
      instance_class: "db.t3.medium",
      force_destroy: r() < 0.1,
      lifecycle_rule: [{ id: "rule", enabled: true, expiration: [{ days: 30 }] }],
    };
    changes.push({
      address: moduleAddr ? `${moduleAddr}.${type}.${name}` : `${type}.${name}`,
      ...(moduleAddr ? { module_address: moduleAddr } : {}),
      mode: "managed",
      type,
      name,
      provider_name: "registry.terraform.io/hashicorp/aws",
      change: {
        actions,
        before: actions[0] === "create" ? null : after,
        after: actions[0] === "delete" && actions.length === 1 ? null : after,
        after_unknown: { id: actions[0] === "create" },
        before_sensitive: {},
        after_sensitive: { tags: {} },
      },
    });
  }
  return {
    format_version: "1.2",
    terraform_version: "1.9.5",
    planned_values: { root_module: {} },
    resource_changes: changes,
    configuration: { provider_config: { aws: { name: "aws", expressions: { region: { constant_value: "eu-west-1" } } } } },
  };
}
