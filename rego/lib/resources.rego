# METADATA
# title: Resource helpers of the policy-check library
# description: |
#   Shared vocabulary for the shipped policies, working on the normalized model
#   (input.resources, input.tokens, input.sources). Import it with
#   `import data.policy_check.lib.resources as r`.
package policy_check.lib.resources

import rego.v1

# Types that hold data: destroying one destroys data.
stateful_types := {
	# AWS
	"aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance", "aws_rds_global_cluster",
	"aws_docdb_cluster", "aws_docdb_cluster_instance", "aws_neptune_cluster", "aws_neptune_cluster_instance",
	"aws_dynamodb_table", "aws_dynamodb_global_table", "aws_ebs_volume", "aws_efs_file_system",
	"aws_fsx_lustre_file_system", "aws_fsx_windows_file_system", "aws_fsx_ontap_file_system", "aws_fsx_openzfs_file_system",
	"aws_s3_bucket", "aws_elasticache_cluster", "aws_elasticache_replication_group", "aws_redshift_cluster",
	"aws_opensearch_domain", "aws_elasticsearch_domain", "aws_kinesis_stream", "aws_timestream_table",
	"aws_backup_vault", "aws_ebs_snapshot", "aws_db_snapshot", "aws_db_cluster_snapshot", "aws_memorydb_cluster",
	"aws_lightsail_disk", "aws_lightsail_database", "aws_glacier_vault", "aws_qldb_ledger",
	# Google Cloud
	"google_sql_database_instance", "google_sql_database", "google_storage_bucket", "google_compute_disk",
	"google_compute_region_disk", "google_bigquery_dataset", "google_bigquery_table", "google_spanner_instance",
	"google_spanner_database", "google_bigtable_instance", "google_bigtable_table", "google_filestore_instance",
	"google_redis_instance", "google_alloydb_cluster", "google_firestore_database",
	# Azure
	"azurerm_mssql_database", "azurerm_mssql_server", "azurerm_postgresql_flexible_server", "azurerm_postgresql_server",
	"azurerm_mysql_flexible_server", "azurerm_mysql_server", "azurerm_cosmosdb_account", "azurerm_storage_account",
	"azurerm_managed_disk", "azurerm_recovery_services_vault", "azurerm_data_protection_backup_vault",
	"azurerm_redis_cache", "azurerm_sql_database",
	# Others
	"digitalocean_volume", "digitalocean_database_cluster", "hcloud_volume", "linode_volume",
	"railway_volume", "render_postgres", "fly_volume", "cloudflare_d1_database", "cloudflare_r2_bucket",
	"kubernetes_persistent_volume", "kubernetes_persistent_volume_claim",
}

# Backup containers: deleting one deletes every recovery point in it.
backup_types := {
	"aws_backup_vault", "aws_backup_plan", "aws_backup_selection", "aws_backup_vault_lock_configuration",
	"aws_dlm_lifecycle_policy", "aws_ebs_snapshot", "aws_db_snapshot", "aws_db_cluster_snapshot",
	"aws_db_instance_automated_backups_replication", "aws_backup_logically_air_gapped_vault",
	"azurerm_recovery_services_vault", "azurerm_data_protection_backup_vault", "azurerm_backup_policy_vm",
	"google_backup_dr_backup_vault", "google_compute_snapshot", "google_compute_resource_policy",
}

managed(r) if r.mode == "managed"

stateful(r) if {
	managed(r)
	r.type in stateful_types
}

# services that carry their own volume (Railway, Render, Fly): the volume goes with them
stateful(r) if {
	managed(r)
	r.type in {"railway_service", "render_web_service", "render_private_service", "fly_machine"}
	object.get(attrs(r), "volume", null) != null
}

# The object exists after the change: created, updated, unchanged, imported, or the new object of
# a replacement. Not a deletion, not a resource removed from management (Terraform `removed`
# with destroy = false, Pulumi retainOnDelete), not a data source.
live(r) if {
	r.mode == "managed"
	r.after != null
	not r.action in {"delete", "forget", "read"}
}

# The value of an attribute, with `fallback` when it is absent or null (plan JSON writes unset
# optional attributes as null, CDKTF and Pulumi leave them out).
get(obj, key, fallback) := v if {
	v := object.get(obj, key, null)
	v != null
} else := fallback

# The nested blocks of an attribute as a list. Terraform JSON writes blocks as lists; CDKTF
# synth and Pulumi write a block limited to one item (MaxItems 1) as an object, and Pulumi
# pluralizes list blocks (`rule` -> `rules`) where its reader does not map the name back.
blocks(obj, name) := as_list(v) if {
	v := get(obj, name, null)
	v != null
} else := as_list(get(obj, sprintf("%ss", [name]), []))

# (else branches: the first that applies decides, the others are not tried)
as_list(v) := v if {
	is_array(v)
} else := [v] if {
	is_object(v)
} else := []

# The value at a path, or a value under it, is only known after apply.
unknown_under(r, path) if {
	some p in r.unknown
	count(p) >= count(path)
	array.slice(p, 0, count(path)) == path
}

# A value only known after apply, as the readers write it.
unknown_value(v) if v == "(known after apply)"

# `x` references `r` (an expression of x names r, or x depends on it), in the same input.
# Terraform lists references by configuration address: every count/for_each instance of the
# referenced block matches (`aws_ebs_volume.data` for `aws_ebs_volume.data[0]`).
refers_to(x, r) if {
	x.source == r.source
	r.address in x.depends_on
}

refers_to(x, r) if {
	x.source == r.source
	contains(r.address, "[")
	config_address(r.address) in x.depends_on
}

# an address without its instance keys: module.db["eu"].aws_db_instance.main[0] -> module.db.aws_db_instance.main
config_address(address) := regex.replace(address, `\[("([^"\\]|\\.)*"|[^\]]*)\]`, "")

# Values after the change, or before it for deletions.
attrs(r) := r.after if r.after != null

attrs(r) := r.before if r.after == null

# The value at a path is only known after apply.
unknown(r, path) if path in r.unknown

# An attribute that is known and true / known and false / not known yet.
is_true(r, key) if attrs(r)[key] == true

is_false(r, key) if {
	not unknown(r, [key])
	attrs(r)[key] != true
}

# The environment a resource belongs to; "" when unmapped.
env(r) := r.environment if {
	r.environment != null
} else := ""

production(r) if {
	is_string(r.environment)
	lower(r.environment) in {"production", "prod", "prd"}
}

# production, or not mapped to any environment (so that an unmapped setup is still checked)
maybe_production(r) if {
	r.environment == null
} else := production(r)

staging(r) if lower(env(r)) in {"staging", "stage", "stg", "preprod", "pre-production"}

# Source of a resource or token.
source(x) := s if {
	some s in input.sources
	s.id == x.source
}

# A finding about a resource, in the shape the checker reads.
finding(r, msg) := {"msg": msg, "resource": r.address, "resource_id": r.id}

# A finding that cannot be decided before apply.
undecided(r, msg) := {"msg": msg, "resource": r.address, "resource_id": r.id, "undecided": true}

# A finding that needs a human approval before merge.
approval(r, msg) := {"msg": msg, "resource": r.address, "resource_id": r.id, "needs_approval": true}

# Human-readable type and name for messages.
label(r) := r.address if {
	r.tool in {"terraform", "cdktf"}
	contains(r.address, r.type)
} else := sprintf("%s %s", [r.type, r.address])
