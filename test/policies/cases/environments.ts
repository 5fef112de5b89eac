// Cases of policy_check.environments (PC-ENV-001..003).

import { one, type Case, type TokenSpec } from "../spec.js";
import { BACKUP_ACCOUNT, DR_REGION, PROD, STAGING, backupPlan, backupRule, ebsVolume, securityGroup } from "./build.js";

function token(name: string, over: Partial<TokenSpec> = {}): TokenSpec {
  return {
    name,
    provider: "aws",
    holder: { kind: "ci", name: "deploy-staging" },
    environments: [STAGING],
    operations: ["ecs:UpdateService", "ecs:DescribeServices"],
    resources: ["arn:aws:ecs:eu-west-1:222222222222:service/staging/*"],
    ttl: "1h",
    storage: { kind: "oidc", location: "github:acme/app/environments/staging" },
    ...over,
  };
}

export const environmentsCases: Case[] = [
  // ------------------------------------------------------------------------------ PC-ENV-001
  {
    id: "env-001-staging-workspace-changes-production",
    title: "a plan from the staging workspace changes a resource tagged production",
    rules: ["PC-ENV-001"],
    workspace: STAGING,
    resources: [securityGroup("api", { description: "api (changed)" }, { action: "update", before: securityGroup("api").attrs })],
    expect: ["PC-ENV-001"],
    skip: { cdktf: "covered by the case creating the resource (a synth has no updates)" },
  },
  {
    id: "env-001-staging-stack-creates-production",
    title: "the staging stack creates a resource tagged production",
    rules: ["PC-ENV-001"],
    workspace: STAGING,
    resources: [securityGroup("api")],
    expect: ["PC-ENV-001"],
  },
  {
    id: "env-001-staging-deletes-production-volume",
    title: "the incident: a staging change deletes the production volume",
    rules: ["PC-ENV-001", "PC-DEL-001"],
    workspace: STAGING,
    resources: [ebsVolume("orders_data", {}, { action: "delete", protect: false })],
    expect: ["PC-DEL-001", "PC-ENV-001"],
  },
  {
    id: "env-001-production-workspace",
    title: "the production workspace changes production resources",
    rules: ["PC-ENV-001"],
    workspace: PROD,
    resources: [securityGroup("api")],
    expect: [],
  },
  {
    id: "env-001-staging-changes-staging",
    title: "the staging workspace changes staging resources",
    rules: ["PC-ENV-001"],
    workspace: STAGING,
    resources: [securityGroup("api", {}, { env: STAGING })],
    expect: [],
  },
  {
    id: "env-001-staging-reads-production",
    title: "an unchanged production resource in a staging plan is not a change",
    rules: ["PC-ENV-001"],
    workspace: STAGING,
    resources: [securityGroup("api", {}, { action: "no-op" })],
    expect: [],
    skip: { cdktf: "a synth has no unchanged resources" },
  },

  // ------------------------------------------------------------------------------ PC-ENV-002
  {
    id: "env-002-copy-within-production-account",
    title: "production backups copied to another region of the production account only",
    rules: ["PC-ENV-002", "PC-BKP-001"],
    resources: [backupPlan("main", [backupRule({ copy_action: [{ destination_vault_arn: `arn:aws:backup:${DR_REGION}:111111111111:backup-vault:dr`, lifecycle: one({ delete_after: 35 }) }] })])],
    expect: ["PC-ENV-002"],
  },
  {
    id: "env-002-copy-to-backup-account",
    title: "production backups copied to the backup account",
    rules: ["PC-ENV-002"],
    resources: [backupPlan("main", [backupRule({ copy_action: [{ destination_vault_arn: `arn:aws:backup:${DR_REGION}:${BACKUP_ACCOUNT}:backup-vault:offsite`, lifecycle: one({ delete_after: 35 }) }] })])],
    expect: [],
  },
  {
    id: "env-002-staging-copy-within-account",
    title: "staging backups may stay in the staging account",
    rules: ["PC-ENV-002"],
    resources: [
      backupPlan("main", [backupRule({ copy_action: [{ destination_vault_arn: `arn:aws:backup:${DR_REGION}:111111111111:backup-vault:dr`, lifecycle: one({ delete_after: 35 }) }] })], {}, { env: STAGING }),
    ],
    expect: [],
  },

  // ------------------------------------------------------------------------------ PC-ENV-003
  {
    id: "env-003-staging-token-reaches-production",
    title: "the staging deploy credential can also reach production",
    rules: ["PC-ENV-003"],
    tokens: [token("STAGING_DEPLOY", { environments: [STAGING, PROD] })],
    expect: ["PC-ENV-003", "PC-TOK-002", "PC-TOK-006"],
  },
  {
    id: "env-003-staging-holder-reaches-everything",
    title: "a credential held by the staging deploy job reaches every environment",
    rules: ["PC-ENV-003"],
    tokens: [token("DEPLOY", { environments: ["*"] })],
    expect: ["PC-ENV-003", "PC-TOK-002"],
  },
  {
    id: "env-003-staging-token-scoped",
    title: "the staging deploy credential reaches staging only",
    rules: ["PC-ENV-003"],
    tokens: [token("STAGING_DEPLOY")],
    expect: [],
  },
  {
    id: "env-003-production-token",
    title: "the production deploy credential reaches production",
    rules: ["PC-ENV-003"],
    tokens: [token("PRODUCTION_DEPLOY", { holder: { kind: "ci", name: "deploy-production" }, environments: [PROD] })],
    expect: [],
  },
];
