// Pulumi type tokens (`aws:rds/instance:Instance`) to Terraform-style resource types
// (`aws_db_instance`), so that one Rego policy reads every tool.
//
// The general rule follows how the Terraform bridge names resources: `<pkg>:<module>/<file>:<Type>`
// -> `<prefix>_<module>_<snake Type>`, with the provider's Terraform prefix (aws, google, azurerm),
// `index` meaning no module, and no part repeated (`random:index/randomPassword:RandomPassword`
// -> `random_password`, `gcp:serviceaccount/account:Account` -> `google_service_account`).
// Per-provider module prefixes and a table of exceptions cover the resources whose Terraform
// name differs (`aws:ec2/instance:Instance` -> `aws_instance`, `aws:rds/instance:Instance` ->
// `aws_db_instance`). Natively generated providers (azure-native, aws-native, kubernetes) map
// through their own tables; anything else gets a name built the same way that cannot be mistaken
// for a Terraform type it is not, and keeps its token in `native_type`.

import { snakeCase } from "./property-names.js";

export interface TypeMapping {
  /** Terraform-style type */
  type: string;
  /** provider short name as the model uses it: aws, google, azurerm, kubernetes, ... */
  provider: string;
}

interface Token {
  pkg: string;
  /** module without the file part or API version: `rds`, `core`, `storage`; "" for index */
  module: string;
  /** module as written (with `/file` or `/v1`) */
  fullModule: string;
  name: string;
}

export function parseTypeToken(token: string): Token | null {
  const first = token.indexOf(":");
  const last = token.lastIndexOf(":");
  if (first <= 0 || last === token.length - 1) return null;
  const pkg = token.slice(0, first);
  const name = token.slice(last + 1);
  const fullModule = last > first ? token.slice(first + 1, last) : "";
  const mod = fullModule.split("/")[0]!;
  return { pkg, module: mod === "index" ? "" : mod, fullModule, name };
}

/** Joins prefix, module prefix and snake name without repeating a part. */
function joinName(prefix: string, modulePrefix: string, snake: string): string {
  let name = snake;
  if (modulePrefix !== "") {
    if (modulePrefix === name || modulePrefix.endsWith(`_${name}`)) name = modulePrefix;
    else if (!name.startsWith(`${modulePrefix}_`)) name = `${modulePrefix}_${name}`;
  }
  if (name === prefix || name.startsWith(`${prefix}_`)) return name;
  return `${prefix}_${name}`;
}

function ident(s: string): string {
  return snakeCase(s).replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
}

function table(entries: Record<string, string>): Readonly<Record<string, string>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, string>, entries));
}

function lookup(t: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(t, key) ? t[key] : undefined;
}

// ---- AWS (pulumi-aws, bridged) ----

const AWS_MODULES = table({
  ec2transitgateway: "ec2_transit_gateway",
  ec2clientvpn: "ec2_client_vpn",
  apigateway: "api_gateway",
  cfg: "config",
  amp: "prometheus",
  elasticloadbalancing: "elb",
  elasticloadbalancingv2: "lb",
  applicationloadbalancing: "alb",
  directoryservice: "directory_service",
  servicediscovery: "service_discovery",
  elasticbeanstalk: "elastic_beanstalk",
  cloudhsmv2: "cloudhsm_v2",
});

/** EC2 resources whose Terraform name keeps `ec2_` (most drop it: aws_instance, aws_vpc, aws_eip). */
const AWS_EC2_KEEP: ReadonlySet<string> = new Set([
  "fleet", "host", "capacity_reservation", "tag", "traffic_mirror_filter", "traffic_mirror_filter_rule",
  "traffic_mirror_session", "traffic_mirror_target", "managed_prefix_list", "managed_prefix_list_entry",
  "carrier_gateway", "availability_zone_group", "serial_console_access", "subnet_cidr_reservation",
  "local_gateway_route", "local_gateway_route_table_vpc_association", "network_insights_path",
  "network_insights_analysis", "instance_metadata_defaults", "image_block_public_access", "instance_state",
  "default_credit_specification",
]);

/** `<module>:<Type>` -> Terraform type, where the rule does not give it. */
const AWS_EXCEPTIONS = table({
  "rds:Instance": "aws_db_instance",
  "rds:Snapshot": "aws_db_snapshot",
  "rds:SnapshotCopy": "aws_db_snapshot_copy",
  "rds:ClusterSnapshot": "aws_db_cluster_snapshot",
  "rds:SubnetGroup": "aws_db_subnet_group",
  "rds:ParameterGroup": "aws_db_parameter_group",
  "rds:OptionGroup": "aws_db_option_group",
  "rds:Proxy": "aws_db_proxy",
  "rds:ProxyDefaultTargetGroup": "aws_db_proxy_default_target_group",
  "rds:ProxyEndpoint": "aws_db_proxy_endpoint",
  "rds:ProxyTarget": "aws_db_proxy_target",
  "rds:EventSubscription": "aws_db_event_subscription",
  "rds:InstanceAutomatedBackupsReplication": "aws_db_instance_automated_backups_replication",
  "rds:RoleAssociation": "aws_db_instance_role_association",
  "rds:SecurityGroup": "aws_db_security_group",
  "lb:LoadBalancer": "aws_lb",
  "alb:LoadBalancer": "aws_alb",
  "elb:LoadBalancer": "aws_elb",
  "elasticloadbalancing:LoadBalancer": "aws_elb",
  "elasticloadbalancingv2:LoadBalancer": "aws_lb",
  "applicationloadbalancing:LoadBalancer": "aws_alb",
  "s3:BucketObjectv2": "aws_s3_object",
  "s3:BucketReplicationConfig": "aws_s3_bucket_replication_configuration",
  "iam:OpenIdConnectProvider": "aws_iam_openid_connect_provider",
  "cloudtrail:Trail": "aws_cloudtrail",
  "codepipeline:Pipeline": "aws_codepipeline",
  "cfg:Rule": "aws_config_config_rule",
  "cfg:Recorder": "aws_config_configuration_recorder",
  "cfg:RecorderStatus": "aws_config_configuration_recorder_status",
});

function awsType(t: Token): string {
  const exception = lookup(AWS_EXCEPTIONS, `${t.module}:${t.name}`);
  if (exception) return exception;
  // the S3 "V2" resources (BucketV2, BucketVersioningV2, ...) are Terraform's aws_s3_bucket_*
  const name = t.module === "s3" ? t.name.replace(/V2$|v2$/, "") : t.name;
  const snake = snakeCase(name);
  if (t.module === "ec2") return AWS_EC2_KEEP.has(snake) ? `aws_ec2_${snake}` : joinName("aws", "", snake);
  return joinName("aws", lookup(AWS_MODULES, t.module) ?? ident(t.module), snake);
}

// ---- Google Cloud (pulumi-gcp, bridged) ----

const GCP_MODULES = table({
  projects: "project",
  organizations: "organization",
  serviceaccount: "service_account",
  cloudrun: "cloud_run",
  cloudrunv2: "cloud_run_v2",
  cloudfunctionsv2: "cloudfunctions2",
  appengine: "app_engine",
  cloudscheduler: "cloud_scheduler",
  cloudtasks: "cloud_tasks",
  servicenetworking: "service_networking",
  backupdisasterrecovery: "backup_dr",
  cloudidentity: "cloud_identity",
  identityplatform: "identity_platform",
  accesscontextmanager: "access_context_manager",
  binaryauthorization: "binary_authorization",
  gkehub: "gke_hub",
  networkconnectivity: "network_connectivity",
  networkservices: "network_services",
  securitycenter: "scc",
  vertex: "vertex_ai",
  datacatalog: "data_catalog",
  datafusion: "data_fusion",
  cloudasset: "cloud_asset",
  osconfig: "os_config",
  oslogin: "os_login",
  essentialcontacts: "essential_contacts",
});

const GCP_EXCEPTIONS = table({
  "organizations:Project": "google_project",
  "organizations:Folder": "google_folder",
});

function gcpType(t: Token): string {
  return lookup(GCP_EXCEPTIONS, `${t.module}:${t.name}`) ?? joinName("google", lookup(GCP_MODULES, t.module) ?? ident(t.module), snakeCase(t.name));
}

// ---- Azure classic (pulumi-azure, bridged): most modules are dropped (azurerm_managed_disk) ----

const AZURE_MODULES = table({
  storage: "storage", mssql: "mssql", sql: "sql", postgresql: "postgresql", mysql: "mysql", mariadb: "mariadb",
  cosmosdb: "cosmosdb", redis: "redis", management: "management", monitoring: "monitor", keyvault: "key_vault",
  recoveryservices: "recovery_services", dataprotection: "data_protection", backup: "backup", servicebus: "servicebus",
  eventhub: "eventhub", cdn: "cdn", dns: "dns", privatedns: "private_dns", apimanagement: "api_management",
  batch: "batch", datafactory: "data_factory", synapse: "synapse", kusto: "kusto", loganalytics: "log_analytics",
  signalr: "signalr", search: "search", iot: "iothub", netapp: "netapp", hdinsight: "hdinsight", cognitive: "cognitive",
  frontdoor: "frontdoor", automation: "automation", eventgrid: "eventgrid", notificationhub: "notification_hub",
  databricks: "databricks", containerapp: "container_app", appinsights: "application_insights", bot: "bot", lb: "lb",
});

const AZURE_EXCEPTIONS = table({
  "lb:LoadBalancer": "azurerm_lb",
  "containerservice:Registry": "azurerm_container_registry",
  "containerservice:Group": "azurerm_container_group",
  "appservice:Plan": "azurerm_app_service_plan",
  "operationalinsights:AnalyticsWorkspace": "azurerm_log_analytics_workspace",
});

function azureType(t: Token): string {
  return lookup(AZURE_EXCEPTIONS, `${t.module}:${t.name}`) ?? joinName("azurerm", lookup(AZURE_MODULES, t.module) ?? "", snakeCase(t.name));
}

// ---- Natively generated providers: tables for the common (mostly stateful) types ----

const AZURE_NATIVE = table({
  "storage:StorageAccount": "azurerm_storage_account",
  "storage:BlobContainer": "azurerm_storage_container",
  "resources:ResourceGroup": "azurerm_resource_group",
  "sql:Server": "azurerm_mssql_server",
  "sql:Database": "azurerm_mssql_database",
  "compute:Disk": "azurerm_managed_disk",
  "compute:Snapshot": "azurerm_snapshot",
  "compute:VirtualMachine": "azurerm_virtual_machine",
  "dbforpostgresql:FlexibleServer": "azurerm_postgresql_flexible_server",
  "dbforpostgresql:Server": "azurerm_postgresql_server",
  "dbformysql:FlexibleServer": "azurerm_mysql_flexible_server",
  "dbformysql:Server": "azurerm_mysql_server",
  "documentdb:DatabaseAccount": "azurerm_cosmosdb_account",
  "cache:Redis": "azurerm_redis_cache",
  "recoveryservices:Vault": "azurerm_recovery_services_vault",
  "dataprotection:BackupVault": "azurerm_data_protection_backup_vault",
  "authorization:ManagementLockAtResourceGroupLevel": "azurerm_management_lock",
  "authorization:ManagementLockAtResourceLevel": "azurerm_management_lock",
  "authorization:ManagementLockAtSubscriptionLevel": "azurerm_management_lock",
  "authorization:ManagementLockByScope": "azurerm_management_lock",
  "authorization:RoleAssignment": "azurerm_role_assignment",
  "keyvault:Vault": "azurerm_key_vault",
  "keyvault:Secret": "azurerm_key_vault_secret",
  "keyvault:Key": "azurerm_key_vault_key",
  "network:VirtualNetwork": "azurerm_virtual_network",
  "network:Subnet": "azurerm_subnet",
  "network:NetworkSecurityGroup": "azurerm_network_security_group",
  "containerservice:ManagedCluster": "azurerm_kubernetes_cluster",
  "containerregistry:Registry": "azurerm_container_registry",
});

const AWS_NATIVE = table({
  "rds:DbInstance": "aws_db_instance",
  "rds:DbCluster": "aws_rds_cluster",
  "s3:Bucket": "aws_s3_bucket",
  "dynamodb:Table": "aws_dynamodb_table",
  "dynamodb:GlobalTable": "aws_dynamodb_global_table",
  "ec2:Volume": "aws_ebs_volume",
  "ec2:Instance": "aws_instance",
  "efs:FileSystem": "aws_efs_file_system",
  "backup:BackupVault": "aws_backup_vault",
  "backup:BackupPlan": "aws_backup_plan",
  "backup:BackupSelection": "aws_backup_selection",
  "kms:Key": "aws_kms_key",
  "iam:Role": "aws_iam_role",
  "lambda:Function": "aws_lambda_function",
  "ecr:Repository": "aws_ecr_repository",
  "redshift:Cluster": "aws_redshift_cluster",
  "opensearchservice:Domain": "aws_opensearch_domain",
  "kinesis:Stream": "aws_kinesis_stream",
  "neptune:DbCluster": "aws_neptune_cluster",
  "docdb:DbCluster": "aws_docdb_cluster",
  "wafv2:WebAcl": "aws_wafv2_web_acl",
});

/** Provider short names by Pulumi package (others are the package name). */
const PROVIDERS = table({
  gcp: "google",
  "google-native": "google",
  azure: "azurerm",
  "azure-native": "azurerm",
  "aws-native": "aws",
});

export function providerOfPackage(pkg: string): string {
  return lookup(PROVIDERS, pkg) ?? pkg;
}

/** Terraform-style type and provider of a Pulumi type token. */
export function terraformType(token: string): TypeMapping {
  const t = parseTypeToken(token);
  if (!t) return { type: ident(token) || "unknown", provider: "unknown" };
  const provider = providerOfPackage(t.pkg);
  return { type: mapToken(t), provider };
}

function mapToken(t: Token): string {
  switch (t.pkg) {
    case "aws":
      return awsType(t);
    case "gcp":
      return gcpType(t);
    case "azure":
      return azureType(t);
    case "azure-native":
      return lookup(AZURE_NATIVE, `${t.module}:${t.name}`) ?? joinName("azure_native", ident(t.module), snakeCase(t.name));
    case "aws-native":
      return lookup(AWS_NATIVE, `${t.module}:${t.name}`) ?? joinName("aws_native", ident(t.module), snakeCase(t.name));
    case "kubernetes":
      // kubernetes:core/v1:PersistentVolumeClaim -> kubernetes_persistent_volume_claim; helm.sh/v3:Release -> helm_release
      return t.module.startsWith("helm.sh") ? joinName("helm", "", snakeCase(t.name)) : joinName("kubernetes", "", snakeCase(t.name));
    case "pulumi":
      return joinName("pulumi", "", snakeCase(t.name));
    default:
      return joinName(ident(t.pkg), ident(t.module), snakeCase(t.name));
  }
}
