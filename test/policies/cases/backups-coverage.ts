// Cases of policy_check.backups_coverage (PC-BKP-010..013).

import { one, ref, type Case } from "../spec.js";
import {
  DR_REGION,
  STAGING,
  backupPlan,
  backupRule,
  backupSelection,
  dbBackupReplication,
  dbInstance,
  dlmPolicy,
  dlmSchedule,
  dynamoTable,
  ebsVolume,
  efsFileSystem,
  rdsCluster,
  unset,
} from "./build.js";

const DR = { dr: { region: DR_REGION } };
const TAGGED = { tags: { environment: "production", backup: "daily" } };

export const backupsCoverageCases: Case[] = [
  // ------------------------------------------------------------------------------ PC-BKP-010
  {
    id: "bkp-010-volume-no-selection",
    title: "a production volume, and the plan defines no AWS Backup selection",
    rules: ["PC-BKP-010"],
    resources: [ebsVolume("data")],
    expect: ["PC-BKP-010"],
  },
  {
    id: "bkp-010-volume-selected-by-tag",
    title: "the volume carries the tag a backup selection matches",
    rules: ["PC-BKP-010", "PC-DP-004", "PC-DP-005"],
    resources: [ebsVolume("data", TAGGED), backupSelection("daily")],
    expect: [],
  },
  {
    id: "bkp-010-volume-not-matched-by-tag",
    title: "a backup selection exists but matches another tag value",
    rules: ["PC-BKP-010"],
    resources: [ebsVolume("data", { tags: { environment: "production", backup: "weekly-only" } }), backupSelection("daily")],
    expect: ["PC-BKP-010"],
  },
  {
    id: "bkp-010-volume-selected-by-reference",
    title: "the selection lists the new volume's ARN (known after apply)",
    rules: ["PC-BKP-010"],
    resources: [ebsVolume("data"), backupSelection("daily", { selection_tag: [], resources: [ref("data.arn")] })],
    expect: [],
  },
  {
    id: "bkp-010-other-volume-selected-by-reference",
    title: "the selection lists another new volume's ARN, not this one's",
    rules: ["PC-BKP-010"],
    resources: [ebsVolume("data"), ebsVolume("scratch", TAGGED), backupSelection("daily", { selection_tag: [], resources: [ref("scratch.arn")] })],
    expect: ["PC-BKP-010"],
  },
  {
    id: "bkp-010-existing-volume-selected-by-arn",
    title: "an existing volume listed by its ARN",
    rules: ["PC-BKP-010"],
    resources: [ebsVolume("data", {}, { action: "no-op" }), backupSelection("daily", { selection_tag: [], resources: [ref("data.arn")] }, { action: "no-op" })],
    expect: [],
  },
  {
    id: "bkp-010-selection-of-everything",
    title: "a selection of every resource (resources = [\"*\"])",
    rules: ["PC-BKP-010"],
    resources: [efsFileSystem("shared"), backupSelection("everything", { selection_tag: [], resources: ["*"] })],
    expect: [],
  },
  {
    id: "bkp-010-file-system-no-backup",
    title: "a production file system with neither a selection nor an EFS backup policy",
    rules: ["PC-BKP-010"],
    resources: [efsFileSystem("shared")],
    expect: ["PC-BKP-010"],
  },
  {
    id: "bkp-010-file-system-backup-policy",
    title: "EFS automatic backups (aws_efs_backup_policy ENABLED) back the file system up",
    rules: ["PC-BKP-010"],
    resources: [
      efsFileSystem("shared"),
      { type: "aws_efs_backup_policy", name: "shared_backup", attrs: { file_system_id: ref("shared.id"), backup_policy: one({ status: "ENABLED" }) } },
    ],
    expect: [],
  },
  {
    id: "bkp-010-file-system-backup-policy-disabled",
    title: "an EFS backup policy that is DISABLED backs nothing up",
    rules: ["PC-BKP-010"],
    resources: [
      efsFileSystem("shared"),
      { type: "aws_efs_backup_policy", name: "shared_backup", attrs: { file_system_id: ref("shared.id"), backup_policy: one({ status: "DISABLED" }) } },
    ],
    expect: ["PC-BKP-010"],
  },
  {
    id: "bkp-010-table-with-pitr",
    title: "a production table with point-in-time recovery is backed up by DynamoDB itself",
    rules: ["PC-BKP-010", "PC-BKP-013", "PC-DP-001"],
    resources: [dynamoTable("orders")],
    expect: [],
  },
  {
    id: "bkp-010-staging-volume",
    title: "a staging volume needs no backup selection",
    rules: ["PC-BKP-010"],
    resources: [ebsVolume("data", {}, { env: STAGING })],
    expect: [],
  },

  // ------------------------------------------------------------------------------ PC-BKP-011
  {
    id: "bkp-011-plan-keeps-3-days",
    title: "a backup plan deletes recovery points after 3 days",
    rules: ["PC-BKP-011"],
    resources: [backupPlan("main", [backupRule({ lifecycle: one({ delete_after: 3 }) })])],
    expect: ["PC-BKP-011"],
  },
  {
    id: "bkp-011-copies-kept-3-days",
    title: "the off-site copies expire after 3 days",
    rules: ["PC-BKP-011"],
    resources: [backupPlan("main", [backupRule({ copy_action: [{ destination_vault_arn: "arn:aws:backup:eu-central-1:222222222222:backup-vault:offsite", lifecycle: one({ delete_after: 3 }) }] })])],
    expect: ["PC-BKP-011"],
  },
  {
    id: "bkp-011-db-keeps-3-days",
    title: "automated backups of a database kept 3 days",
    rules: ["PC-BKP-011", "PC-BKP-013"],
    providers: DR,
    resources: [dbInstance("orders", { backup_retention_period: 3 }), dbBackupReplication("orders_backups", "orders")],
    expect: ["PC-BKP-011"],
  },
  {
    id: "bkp-011-aurora-default-retention",
    title: "an Aurora cluster without backup_retention_period keeps 1 day (the default)",
    rules: ["PC-BKP-011"],
    resources: [rdsCluster("orders", { backup_retention_period: unset })],
    expect: ["PC-BKP-011"],
    skip: { terraform: "a plan shows the provider's default (1) only after apply: covered by the case with the value set" },
  },
  {
    id: "bkp-011-dlm-keeps-3-snapshots",
    title: "a daily DLM schedule that keeps 3 snapshots keeps 3 days",
    rules: ["PC-BKP-011"],
    resources: [dlmPolicy("snapshots", [dlmSchedule({ retain_rule: one({ count: 3 }) })])],
    expect: ["PC-BKP-011"],
  },
  {
    id: "bkp-011-dlm-keeps-3-days",
    title: "a DLM schedule that keeps snapshots 3 days",
    rules: ["PC-BKP-011"],
    resources: [dlmPolicy("snapshots", [dlmSchedule({ retain_rule: one({ interval: 3, interval_unit: "DAYS" }) })])],
    expect: ["PC-BKP-011"],
  },
  {
    id: "bkp-011-dlm-keeps-two-weeks",
    title: "a DLM schedule that keeps snapshots 2 weeks",
    rules: ["PC-BKP-011"],
    resources: [dlmPolicy("snapshots", [dlmSchedule({ retain_rule: one({ interval: 2, interval_unit: "WEEKS" }) })])],
    expect: [],
  },

  // ------------------------------------------------------------------------------ PC-BKP-012
  {
    id: "bkp-012-weekly-backup",
    title: "a backup plan rule that runs once a week",
    rules: ["PC-BKP-012"],
    resources: [backupPlan("main", [backupRule({ schedule: "cron(0 5 ? * SUN *)" })])],
    expect: ["PC-BKP-012"],
  },
  {
    id: "bkp-012-monthly-backup",
    title: "a backup plan rule that runs on the first of the month",
    rules: ["PC-BKP-012"],
    resources: [backupPlan("main", [backupRule({ schedule: "cron(0 5 1 * ? *)" })])],
    expect: ["PC-BKP-012"],
  },
  {
    id: "bkp-012-twice-daily",
    title: "a backup plan rule that runs every 12 hours",
    rules: ["PC-BKP-012"],
    resources: [backupPlan("main", [backupRule({ schedule: "cron(0 */12 * * ? *)" })])],
    expect: [],
  },
  {
    id: "bkp-012-dlm-weekly",
    title: "a DLM schedule that snapshots once a week",
    rules: ["PC-BKP-012"],
    resources: [dlmPolicy("snapshots", [dlmSchedule({ create_rule: one({ cron_expression: "cron(0 3 ? * SUN *)" }), retain_rule: one({ interval: 4, interval_unit: "WEEKS" }) })])],
    expect: ["PC-BKP-012"],
  },

  // ------------------------------------------------------------------------------ PC-BKP-013
  {
    id: "bkp-013-db-without-backups",
    title: "backup_retention_period = 0: no automated backups, no point-in-time recovery",
    rules: ["PC-BKP-013", "PC-BKP-010", "PC-BKP-011"],
    providers: DR,
    resources: [dbInstance("orders", { backup_retention_period: 0 }), dbBackupReplication("orders_backups", "orders")],
    expect: ["PC-BKP-010", "PC-BKP-013"],
  },
  {
    id: "bkp-013-table-pitr-disabled",
    title: "a production table with point-in-time recovery disabled",
    rules: ["PC-BKP-013", "PC-BKP-010"],
    resources: [dynamoTable("orders", { point_in_time_recovery: one({ enabled: false }) })],
    expect: ["PC-BKP-010", "PC-BKP-013"],
  },
  {
    id: "bkp-013-table-pitr-absent",
    title: "a table without a point_in_time_recovery block",
    rules: ["PC-BKP-013"],
    resources: [dynamoTable("orders", { point_in_time_recovery: unset }, { env: null })],
    expect: ["PC-BKP-013"],
  },
  {
    id: "bkp-013-staging-table-without-pitr",
    title: "a table tagged as staging may go without point-in-time recovery",
    rules: ["PC-BKP-013"],
    resources: [dynamoTable("orders", { point_in_time_recovery: one({ enabled: false }) }, { env: STAGING })],
    expect: [],
  },
  {
    id: "bkp-011-staging-db-short-retention",
    title: "a staging database may keep its automated backups 1 day",
    rules: ["PC-BKP-011"],
    resources: [dbInstance("orders", { backup_retention_period: 1 }, { env: STAGING })],
    expect: [],
  },
];
