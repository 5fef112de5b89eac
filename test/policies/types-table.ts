// What the renderers need to know about each resource type used by the matrix: its Pulumi type
// token, its @cdktf/provider-aws module, the provider it belongs to, and how the provider
// computes its id and ARN for objects that already exist.

import { AZURE_SUB } from "./cases/build.js";
import type { Obj } from "./spec.js";

export interface TypeInfo {
  /** Pulumi type token (pulumi-aws 6/7, pulumi-gcp, pulumi-azure, pulumi-hcloud, ...) */
  pulumi: string;
  /** @cdktf/provider-aws module under lib/ (AWS types only) */
  cdktf?: string;
  /** its class when not the module name in PascalCase (jsii renames clashing names) */
  cdktfClass?: string;
  /** provider short name */
  provider: string;
}

const T: Record<string, TypeInfo> = {
  aws_backup_plan: { pulumi: "aws:backup/plan:Plan", cdktf: "backup-plan", provider: "aws" },
  aws_backup_vault: { pulumi: "aws:backup/vault:Vault", cdktf: "backup-vault", provider: "aws" },
  aws_backup_vault_lock_configuration: { pulumi: "aws:backup/vaultLockConfiguration:VaultLockConfiguration", cdktf: "backup-vault-lock-configuration", provider: "aws" },
  aws_backup_selection: { pulumi: "aws:backup/selection:Selection", cdktf: "backup-selection", provider: "aws" },
  aws_db_instance: { pulumi: "aws:rds/instance:Instance", cdktf: "db-instance", provider: "aws" },
  aws_db_instance_automated_backups_replication: {
    pulumi: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
    cdktf: "db-instance-automated-backups-replication",
    provider: "aws",
  },
  aws_rds_cluster: { pulumi: "aws:rds/cluster:Cluster", cdktf: "rds-cluster", provider: "aws" },
  aws_docdb_cluster: { pulumi: "aws:docdb/cluster:Cluster", cdktf: "docdb-cluster", provider: "aws" },
  aws_neptune_cluster: { pulumi: "aws:neptune/cluster:Cluster", cdktf: "neptune-cluster", provider: "aws" },
  aws_dynamodb_table: { pulumi: "aws:dynamodb/table:Table", cdktf: "dynamodb-table", provider: "aws" },
  aws_ebs_volume: { pulumi: "aws:ebs/volume:Volume", cdktf: "ebs-volume", provider: "aws" },
  aws_efs_file_system: { pulumi: "aws:efs/fileSystem:FileSystem", cdktf: "efs-file-system", provider: "aws" },
  aws_efs_backup_policy: { pulumi: "aws:efs/backupPolicy:BackupPolicy", cdktf: "efs-backup-policy", provider: "aws" },
  aws_s3_bucket: { pulumi: "aws:s3/bucket:Bucket", cdktf: "s3-bucket", provider: "aws" },
  aws_s3_bucket_replication_configuration: { pulumi: "aws:s3/bucketReplicationConfig:BucketReplicationConfig", cdktf: "s3-bucket-replication-configuration", cdktfClass: "S3BucketReplicationConfigurationA", provider: "aws" },
  aws_dlm_lifecycle_policy: { pulumi: "aws:dlm/lifecyclePolicy:LifecyclePolicy", cdktf: "dlm-lifecycle-policy", provider: "aws" },
  aws_lb: { pulumi: "aws:lb/loadBalancer:LoadBalancer", cdktf: "lb", provider: "aws" },
  aws_kms_key: { pulumi: "aws:kms/key:Key", cdktf: "kms-key", provider: "aws" },
  aws_security_group: { pulumi: "aws:ec2/securityGroup:SecurityGroup", cdktf: "security-group", provider: "aws" },
  aws_lightsail_instance: { pulumi: "aws:lightsail/instance:Instance", cdktf: "lightsail-instance", provider: "aws" },
  aws_iam_user: { pulumi: "aws:iam/user:User", cdktf: "iam-user", provider: "aws" },
  aws_iam_access_key: { pulumi: "aws:iam/accessKey:AccessKey", cdktf: "iam-access-key", provider: "aws" },
  aws_iam_user_policy: { pulumi: "aws:iam/userPolicy:UserPolicy", cdktf: "iam-user-policy", provider: "aws" },
  aws_iam_role: { pulumi: "aws:iam/role:Role", cdktf: "iam-role", provider: "aws" },
  aws_iam_role_policy: { pulumi: "aws:iam/rolePolicy:RolePolicy", cdktf: "iam-role-policy", provider: "aws" },
  google_service_account: { pulumi: "gcp:serviceaccount/account:Account", provider: "google" },
  google_service_account_key: { pulumi: "gcp:serviceaccount/key:Key", provider: "google" },
  google_project_iam_member: { pulumi: "gcp:projects/iAMMember:IAMMember", provider: "google" },
  vault_token: { pulumi: "vault:index/token:Token", provider: "vault" },
  vault_policy: { pulumi: "vault:index/policy:Policy", provider: "vault" },
  google_sql_database_instance: { pulumi: "gcp:sql/databaseInstance:DatabaseInstance", provider: "google" },
  google_storage_bucket: { pulumi: "gcp:storage/bucket:Bucket", provider: "google" },
  azurerm_resource_group: { pulumi: "azure:core/resourceGroup:ResourceGroup", provider: "azurerm" },
  azurerm_management_lock: { pulumi: "azure:management/lock:Lock", provider: "azurerm" },
  azurerm_recovery_services_vault: { pulumi: "azure:recoveryservices/vault:Vault", provider: "azurerm" },
  azurerm_data_protection_backup_vault: { pulumi: "azure:dataprotection/backupVault:BackupVault", provider: "azurerm" },
  azurerm_managed_disk: { pulumi: "azure:compute/managedDisk:ManagedDisk", provider: "azurerm" },
  azurerm_key_vault_key: { pulumi: "azure:keyvault/key:Key", provider: "azurerm" },
  hcloud_server: { pulumi: "hcloud:index/server:Server", provider: "hcloud" },
  digitalocean_droplet: { pulumi: "digitalocean:index/droplet:Droplet", provider: "digitalocean" },
  linode_instance: { pulumi: "linode:index/instance:Instance", provider: "linode" },
};

export function typeInfo(type: string): TypeInfo {
  const t = T[type];
  if (!t) throw new Error(`matrix: no type info for ${type} (add it to test/policies/types-table.ts)`);
  return t;
}

export const PROVIDER_SOURCES: Record<string, string> = {
  aws: "registry.terraform.io/hashicorp/aws",
  google: "registry.terraform.io/hashicorp/google",
  azurerm: "registry.terraform.io/hashicorp/azurerm",
  hcloud: "registry.terraform.io/hetznercloud/hcloud",
  digitalocean: "registry.terraform.io/digitalocean/digitalocean",
  linode: "registry.terraform.io/linode/linode",
  vault: "registry.terraform.io/hashicorp/vault",
};

/** Attributes the provider computes (unknown while an object is created or replaced). */
export function computedAttributes(type: string): string[] {
  const p = typeInfo(type).provider;
  if (p === "aws") return type === "aws_backup_vault_lock_configuration" || type === "aws_backup_selection" || type === "aws_efs_backup_policy" ? ["id"] : ["id", "arn"];
  if (p === "google") return ["id", "self_link"];
  return ["id"];
}

function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h.toString(16).padStart(8, "0");
}

const AZURE_NS: Record<string, string> = {
  azurerm_managed_disk: "Microsoft.Compute/disks",
  azurerm_recovery_services_vault: "Microsoft.RecoveryServices/vaults",
  azurerm_data_protection_backup_vault: "Microsoft.DataProtection/backupVaults",
  azurerm_management_lock: "Microsoft.Authorization/locks",
};

/** The values of computed attributes for an object that already exists. */
export function computedValues(type: string, name: string, attrs: Obj, region: string, account: string): Obj {
  const p = typeInfo(type).provider;
  const h = hash(`${type}.${name}`);
  if (p === "aws") {
    const r = typeof attrs["region"] === "string" ? (attrs["region"] as string) : region;
    const arns: Record<string, [string, string]> = {
      aws_db_instance: ["rds", `db:${attrs["identifier"] ?? name}`],
      aws_rds_cluster: ["rds", `cluster:${attrs["cluster_identifier"] ?? name}`],
      aws_docdb_cluster: ["rds", `cluster:${attrs["cluster_identifier"] ?? name}`],
      aws_neptune_cluster: ["rds", `cluster:${attrs["cluster_identifier"] ?? name}`],
      aws_dynamodb_table: ["dynamodb", `table/${attrs["name"] ?? name}`],
      aws_ebs_volume: ["ec2", `volume/vol-0${h}${h.slice(0, 8)}`],
      aws_efs_file_system: ["elasticfilesystem", `file-system/fs-0${h}`],
      aws_backup_vault: ["backup", `backup-vault:${attrs["name"] ?? name}`],
      aws_backup_plan: ["backup", `backup-plan:${h}-0000-4000-8000-${h}0000`],
      aws_dlm_lifecycle_policy: ["dlm", `policy/policy-0${h}${h.slice(0, 8)}`],
      aws_kms_key: ["kms", `key/${h}-0000-4000-8000-${h}0000`],
      aws_lb: ["elasticloadbalancing", `loadbalancer/app/${attrs["name"] ?? name}/${h}${h}`],
      aws_security_group: ["ec2", `security-group/sg-0${h}${h.slice(0, 8)}`],
      aws_lightsail_instance: ["lightsail", `Instance/${h}-0000-4000-8000-${h}0000`],
      aws_db_instance_automated_backups_replication: ["rds", `auto-backup:ab-${h}`],
      aws_s3_bucket_replication_configuration: ["s3", `${h}`],
    };
    if (type === "aws_s3_bucket") return { id: attrs["bucket"] as string, arn: `arn:aws:s3:::${attrs["bucket"]}` };
    const [svc, res] = arns[type] ?? [type.split("_")[1]!, `${name}`];
    const arn = `arn:aws:${svc}:${r}:${account}:${res}`;
    const id =
      type === "aws_db_instance"
        ? `db-${h.toUpperCase()}`
        : type === "aws_backup_vault" || type === "aws_dynamodb_table" || type === "aws_lb"
          ? ((attrs["name"] as string) ?? name)
          : res.slice(res.lastIndexOf("/") + 1).replace(/^[a-z-]+:/, "");
    return computedAttributes(type).includes("arn") ? { id, arn } : { id };
  }
  if (p === "azurerm") {
    const rg = (attrs["resource_group_name"] as string) ?? "rg";
    if (type === "azurerm_resource_group") return { id: `/subscriptions/${AZURE_SUB}/resourceGroups/${attrs["name"]}` };
    if (type === "azurerm_key_vault_key") return { id: `https://kv-data.vault.azure.net/keys/${attrs["name"]}/${h}${h}` };
    if (type === "azurerm_management_lock") return { id: `${attrs["scope"]}/providers/Microsoft.Authorization/locks/${attrs["name"]}` };
    return { id: `/subscriptions/${AZURE_SUB}/resourceGroups/${rg}/providers/${AZURE_NS[type] ?? "Microsoft.Resources/resources"}/${attrs["name"] ?? name}` };
  }
  if (p === "google") {
    const project = "acme-prod";
    return { id: `projects/${project}/instances/${attrs["name"] ?? name}`, self_link: `https://www.googleapis.com/sql/v1beta4/projects/${project}/instances/${attrs["name"] ?? name}` };
  }
  return { id: String(parseInt(h, 16) % 100000000) };
}
