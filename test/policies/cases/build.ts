// Builders of hardened resources for the matrix cases: each returns a resource that no shipped
// policy finds anything wrong with on its own (given its companions), so that a case changes
// one thing and expects exactly the policies about that thing.

import { one, ref, type Obj, type ResourceSpec } from "../spec.js";

export const PROD = "production";
export const STAGING = "staging";

/** Account of the dedicated backup account used by off-site copies. */
export const BACKUP_ACCOUNT = "222222222222";
export const DR_REGION = "eu-central-1";
export const AZURE_SUB = "00000000-0000-0000-0000-000000000001";

type Opts = Partial<Pick<ResourceSpec, "action" | "protect" | "before" | "provider" | "retainOnDelete">> & { env?: string | null };

function spec(type: string, name: string, attrs: Obj, over: Obj, o: Opts, tagKey: "tags" | "labels" | null = "tags"): ResourceSpec {
  const env = o.env === undefined ? PROD : o.env;
  const withTags: Obj = tagKey && env ? { ...attrs, [tagKey]: { environment: env } } : { ...attrs };
  const r: ResourceSpec = { type, name, attrs: { ...withTags, ...over } };
  for (const [k, v] of Object.entries(over)) if (v === undefined) delete r.attrs[k];
  if (o.action) r.action = o.action;
  if (o.protect !== undefined) r.protect = o.protect;
  if (o.before) r.before = o.before;
  if (o.provider) r.provider = o.provider;
  if (o.retainOnDelete !== undefined) r.retainOnDelete = o.retainOnDelete;
  return r;
}

/** Drops attributes (a builder override of `undefined` removes the key). */
export const unset = undefined as unknown as null;

// ---------------------------------------------------------------------------------------- AWS

export function dbInstance(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec(
    "aws_db_instance",
    name,
    {
      identifier: name,
      engine: "postgres",
      engine_version: "16.4",
      instance_class: "db.t3.micro",
      allocated_storage: 20,
      username: "app",
      manage_master_user_password: true,
      storage_encrypted: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: `${name}-final`,
      delete_automated_backups: false,
      backup_retention_period: 14,
    },
    over,
    { protect: true, ...o },
  );
}

/** Cross-region replication of a DB instance's automated backups (in the DR region). */
export function dbBackupReplication(name: string, db: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec("aws_db_instance_automated_backups_replication", name, { source_db_instance_arn: ref(`${db}.arn`), retention_period: 14 }, over, { provider: "dr", ...o }, null);
}

export function rdsCluster(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec(
    "aws_rds_cluster",
    name,
    {
      cluster_identifier: name,
      engine: "aurora-postgresql",
      master_username: "app",
      manage_master_user_password: true,
      storage_encrypted: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: `${name}-final`,
      delete_automated_backups: false,
      backup_retention_period: 14,
    },
    over,
    { protect: true, ...o },
  );
}

export function docdbCluster(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec(
    "aws_docdb_cluster",
    name,
    {
      cluster_identifier: name,
      engine: "docdb",
      master_username: "app",
      storage_encrypted: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: `${name}-final`,
      backup_retention_period: 14,
    },
    over,
    { protect: true, ...o },
  );
}

export function neptuneCluster(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec(
    "aws_neptune_cluster",
    name,
    {
      cluster_identifier: name,
      engine: "neptune",
      storage_encrypted: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: `${name}-final`,
      backup_retention_period: 14,
    },
    over,
    { protect: true, ...o },
  );
}

export function dynamoTable(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec(
    "aws_dynamodb_table",
    name,
    {
      name,
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "id",
      attribute: [{ name: "id", type: "S" }],
      deletion_protection_enabled: true,
      point_in_time_recovery: one({ enabled: true }),
    },
    over,
    { protect: true, ...o },
  );
}

export function ebsVolume(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec("aws_ebs_volume", name, { availability_zone: "eu-west-1a", size: 100, type: "gp3", encrypted: true }, over, { protect: true, ...o });
}

export function efsFileSystem(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec("aws_efs_file_system", name, { creation_token: name, encrypted: true, performance_mode: "generalPurpose" }, over, { protect: true, ...o });
}

export function s3Bucket(name: string, bucket: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec("aws_s3_bucket", name, { bucket, force_destroy: false }, over, { protect: true, ...o });
}

/** Replication of a bucket to a bucket in the backup account (another region). */
export function s3Replication(name: string, bucket: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec(
    "aws_s3_bucket_replication_configuration",
    name,
    {
      bucket: ref(`${bucket}.id`),
      role: "arn:aws:iam::111111111111:role/s3-replication",
      rule: [
        {
          id: "everything",
          status: "Enabled",
          filter: one({ prefix: "" }),
          delete_marker_replication: one({ status: "Disabled" }),
          destination: one({ bucket: "arn:aws:s3:::acme-backups-replica-eu-central-1", account: BACKUP_ACCOUNT, storage_class: "STANDARD" }),
        },
      ],
    },
    over,
    o,
    null,
  );
}

export function backupVault(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec("aws_backup_vault", name, { name, force_destroy: false }, over, { protect: true, ...o });
}

export function vaultLock(name: string, vault: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec(
    "aws_backup_vault_lock_configuration",
    name,
    { backup_vault_name: ref(`${vault}.name`), min_retention_days: 7, max_retention_days: 365, changeable_for_days: 3 },
    over,
    o,
    null,
  );
}

export const OFFSITE_VAULT_ARN = `arn:aws:backup:${DR_REGION}:${BACKUP_ACCOUNT}:backup-vault:offsite`;

export function backupRule(over: Obj = {}): Obj {
  const rule: Obj = {
    rule_name: "daily",
    target_vault_name: "main",
    schedule: "cron(0 5 * * ? *)",
    lifecycle: one({ delete_after: 35 }),
    copy_action: [{ destination_vault_arn: OFFSITE_VAULT_ARN, lifecycle: one({ delete_after: 35 }) }],
  };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete rule[k];
    else rule[k] = v;
  }
  return rule;
}

export function backupPlan(name: string, rules: Obj[] = [backupRule()], over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec("aws_backup_plan", name, { name, rule: rules }, over, o);
}

export function backupSelection(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec(
    "aws_backup_selection",
    name,
    {
      name,
      plan_id: "4d6c3b5e-0000-4000-8000-000000000001",
      iam_role_arn: "arn:aws:iam::111111111111:role/aws-backup",
      selection_tag: [{ type: "STRINGEQUALS", key: "backup", value: "daily" }],
    },
    over,
    o,
    null,
  );
}

export function dlmPolicy(name: string, schedules: Obj[] = [dlmSchedule()], over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec(
    "aws_dlm_lifecycle_policy",
    name,
    {
      description: `${name} snapshots`,
      execution_role_arn: "arn:aws:iam::111111111111:role/dlm-lifecycle",
      state: "ENABLED",
      policy_details: one({ resource_types: ["VOLUME"], target_tags: { backup: "daily" }, schedule: schedules }),
    },
    over,
    o,
  );
}

export function dlmSchedule(over: Obj = {}): Obj {
  const s: Obj = {
    name: "daily",
    copy_tags: true,
    create_rule: one({ interval: 24, interval_unit: "HOURS", times: ["03:00"] }),
    retain_rule: one({ count: 14 }),
    cross_region_copy_rule: [{ target: DR_REGION, encrypted: true, copy_tags: true, retain_rule: one({ interval: 30, interval_unit: "DAYS" }) }],
  };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete s[k];
    else s[k] = v;
  }
  return s;
}

export function loadBalancer(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec(
    "aws_lb",
    name,
    { name, load_balancer_type: "application", internal: false, enable_deletion_protection: true, subnets: ["subnet-0a1b2c3d", "subnet-4e5f6a7b"] },
    over,
    o,
  );
}

export function kmsKey(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec("aws_kms_key", name, { description: `${name} key`, deletion_window_in_days: 30, enable_key_rotation: true, is_enabled: true }, over, o);
}

export function securityGroup(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec("aws_security_group", name, { name, description: "app", vpc_id: "vpc-0a1b2c3d" }, over, o);
}

export function lightsailInstance(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec(
    "aws_lightsail_instance",
    name,
    { name, availability_zone: "eu-west-1a", blueprint_id: "ubuntu_22_04", bundle_id: "small_3_0", add_on: one({ type: "AutoSnapshot", snapshot_time: "06:00", status: "Enabled" }) },
    over,
    o,
  );
}

// ------------------------------------------------------------------------------- Google Cloud

export function cloudSql(name: string, over: Obj = {}, o: Opts = {}, backup: Obj = {}): ResourceSpec {
  return spec(
    "google_sql_database_instance",
    name,
    {
      name,
      region: "europe-west1",
      database_version: "POSTGRES_16",
      deletion_protection: true,
      settings: one({
        tier: "db-custom-2-7680",
        user_labels: { environment: o.env === undefined ? PROD : (o.env ?? "none") },
        backup_configuration: one({ enabled: true, point_in_time_recovery_enabled: true, location: "eu", ...backup }),
      }),
    },
    over,
    { protect: true, ...o },
    null,
  );
}

export function gcsBucket(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec("google_storage_bucket", name, { name: `acme-${name}`, location: "EU", force_destroy: false, uniform_bucket_level_access: true }, over, { protect: true, ...o }, "labels");
}

// -------------------------------------------------------------------------------------- Azure

export const AZURE_RG = "rg-data";
export const azureRgId = (rg = AZURE_RG) => `/subscriptions/${AZURE_SUB}/resourceGroups/${rg}`;

export function azureLock(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec("azurerm_management_lock", name, { name, scope: azureRgId(), lock_level: "CanNotDelete", notes: "data must not be deleted" }, over, o, null);
}

export function azureResourceGroup(name: string, rg = AZURE_RG, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec("azurerm_resource_group", name, { name: rg, location: "westeurope" }, over, o);
}

export function recoveryVault(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec(
    "azurerm_recovery_services_vault",
    name,
    { name, location: "westeurope", resource_group_name: AZURE_RG, sku: "Standard", storage_mode_type: "GeoRedundant", cross_region_restore_enabled: true, soft_delete_enabled: true },
    over,
    { protect: true, ...o },
  );
}

export function dataProtectionVault(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec(
    "azurerm_data_protection_backup_vault",
    name,
    { name, location: "westeurope", resource_group_name: AZURE_RG, datastore_type: "VaultStore", redundancy: "GeoRedundant", soft_delete: "On" },
    over,
    { protect: true, ...o },
  );
}

export function managedDisk(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec(
    "azurerm_managed_disk",
    name,
    { name, location: "westeurope", resource_group_name: AZURE_RG, storage_account_type: "Premium_LRS", create_option: "Empty", disk_size_gb: 128 },
    over,
    { protect: true, ...o },
  );
}

export function keyVaultKey(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec(
    "azurerm_key_vault_key",
    name,
    { name, key_vault_id: `${azureRgId()}/providers/Microsoft.KeyVault/vaults/kv-data`, key_type: "RSA", key_size: 2048, key_opts: ["wrapKey", "unwrapKey"] },
    over,
    o,
  );
}

// ---------------------------------------------------------------- providers with VM backups

export function hcloudServer(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec("hcloud_server", name, { name, server_type: "cx22", image: "ubuntu-24.04", location: "fsn1", backups: true }, over, o, "labels");
}

export function droplet(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec("digitalocean_droplet", name, { name, image: "ubuntu-24-04-x64", region: "fra1", size: "s-2vcpu-4gb", backups: true, tags: ["app"] }, over, { ...o, env: null });
}

export function linodeInstance(name: string, over: Obj = {}, o: Opts = {}): ResourceSpec {
  return spec("linode_instance", name, { label: name, region: "eu-central", type: "g6-standard-2", image: "linode/ubuntu24.04", backups_enabled: true, tags: ["app"] }, over, { ...o, env: null });
}
