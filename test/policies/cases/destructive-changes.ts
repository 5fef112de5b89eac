// Cases of policy_check.destructive_changes (PC-DEL-001..003). A CDKTF synth carries desired
// configuration, not plan actions: these cases are Terraform plans and Pulumi previews.

import type { Case } from "../spec.js";
import {
  DR_REGION,
  azureLock,
  backupPlan,
  backupVault,
  cloudSql,
  dbBackupReplication,
  dbInstance,
  dynamoTable,
  ebsVolume,
  keyVaultKey,
  kmsKey,
  recoveryVault,
  securityGroup,
  vaultLock,
} from "./build.js";

const DR = { dr: { region: DR_REGION } };
const UNPROTECTED = { protect: false } as const;

export const destructiveChangesCases: Case[] = [
  // ------------------------------------------------------------------------------ PC-DEL-001
  {
    id: "del-001-volume-deleted",
    title: "a production volume is deleted",
    rules: ["PC-DEL-001"],
    resources: [ebsVolume("data", {}, { action: "delete", ...UNPROTECTED })],
    expect: ["PC-DEL-001"],
  },
  {
    id: "del-001-table-deleted",
    title: "a DynamoDB table is deleted",
    rules: ["PC-DEL-001"],
    resources: [dynamoTable("orders", { deletion_protection_enabled: false }, { action: "delete", ...UNPROTECTED })],
    expect: ["PC-DEL-001"],
  },
  {
    id: "del-001-database-replaced",
    title: "a change to the engine forces a replacement of the database",
    rules: ["PC-DEL-001"],
    providers: DR,
    resources: [
      dbInstance("orders", { engine_version: "17.2" }, { action: "replace", ...UNPROTECTED, before: dbInstance("orders").attrs }),
      dbBackupReplication("orders_backups", "orders", {}, { action: "update" }),
    ],
    expect: ["PC-DEL-001", "PC-DP-005@pulumi"],
  },
  {
    id: "del-001-cloud-sql-replaced",
    title: "a Cloud SQL instance is replaced",
    rules: ["PC-DEL-001"],
    resources: [cloudSql("orders", { database_version: "POSTGRES_17" }, { action: "replace", ...UNPROTECTED, before: cloudSql("orders").attrs })],
    expect: ["PC-DEL-001", "PC-DP-005@pulumi"],
  },
  {
    id: "del-001-database-updated-in-place",
    title: "an in-place update of the database destroys nothing",
    rules: ["PC-DEL-001", "PC-DEL-002", "PC-DEL-003"],
    providers: DR,
    resources: [
      dbInstance("orders", { instance_class: "db.t3.small" }, { action: "update", before: dbInstance("orders").attrs }),
      dbBackupReplication("orders_backups", "orders", {}, { action: "no-op" }),
    ],
    expect: [],
  },
  {
    id: "del-001-security-group-deleted",
    title: "deleting something that holds no data needs no approval",
    rules: ["PC-DEL-001", "PC-DEL-002", "PC-DEL-003"],
    resources: [securityGroup("legacy", {}, { action: "delete" })],
    expect: [],
  },
  {
    id: "del-001-volume-forgotten",
    title: "a volume removed from management but kept (Terraform removed { destroy = false }, Pulumi retainOnDelete)",
    rules: ["PC-DEL-001"],
    resources: [ebsVolume("data", {}, { action: "forget", ...UNPROTECTED })],
    expect: [],
  },

  // ------------------------------------------------------------------------------ PC-DEL-002
  {
    id: "del-002-vault-deleted",
    title: "a backup vault is deleted with its recovery points",
    rules: ["PC-DEL-002", "PC-DEL-001"],
    resources: [backupVault("main", {}, { action: "delete", ...UNPROTECTED })],
    expect: ["PC-DEL-002"],
  },
  {
    id: "del-002-plan-replaced",
    title: "a backup plan is replaced",
    rules: ["PC-DEL-002"],
    resources: [backupPlan("main", undefined, { name: "main-v2" }, { action: "replace", before: backupPlan("main").attrs })],
    expect: ["PC-DEL-002"],
  },
  {
    id: "del-002-recovery-vault-deleted",
    title: "an Azure Recovery Services vault is deleted",
    rules: ["PC-DEL-002"],
    resources: [recoveryVault("backups", {}, { action: "delete", ...UNPROTECTED }), azureLock("rg_lock", {}, { action: "delete" })],
    expect: ["PC-DEL-002"],
  },
  {
    id: "del-002-vault-updated",
    title: "a tag change on a locked vault",
    rules: ["PC-DEL-002"],
    resources: [backupVault("main", { tags: { environment: "production", team: "data" } }, { action: "update", before: backupVault("main").attrs }), vaultLock("main_lock", "main", {}, { action: "no-op" })],
    expect: [],
  },

  // ------------------------------------------------------------------------------ PC-DEL-003
  {
    id: "del-003-kms-key-deleted",
    title: "a KMS key is scheduled for deletion",
    rules: ["PC-DEL-003"],
    resources: [kmsKey("backups", {}, { action: "delete" })],
    expect: ["PC-DEL-003"],
  },
  {
    id: "del-003-kms-key-disabled",
    title: "a KMS key is disabled",
    rules: ["PC-DEL-003"],
    resources: [kmsKey("backups", { is_enabled: false }, { action: "update", before: kmsKey("backups").attrs })],
    expect: ["PC-DEL-003"],
  },
  {
    id: "del-003-kms-key-updated",
    title: "a KMS key's description changes",
    rules: ["PC-DEL-003"],
    resources: [kmsKey("backups", { description: "backup encryption" }, { action: "update", before: kmsKey("backups").attrs })],
    expect: [],
  },
  {
    id: "del-003-key-vault-key-deleted",
    title: "an Azure Key Vault key is deleted",
    rules: ["PC-DEL-003"],
    resources: [keyVaultKey("backups", {}, { action: "delete" })],
    expect: ["PC-DEL-003"],
  },
];
