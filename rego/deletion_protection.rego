# METADATA
# title: Deletion protection
# description: |
#   Stateful resources carry deletion protection so that one mistaken command, pipeline or agent
#   cannot delete them: the provider's own protection flag, no forced destruction of non-empty
#   buckets and vaults, a final snapshot, Terraform's prevent_destroy, Pulumi's protect, Azure's
#   CanNotDelete lock.
package policy_check.deletion_protection

import data.policy_check.lib.resources as lib
import rego.v1

# type -> attribute that turns the provider's deletion protection on
protection_attribute := {
	"aws_db_instance": "deletion_protection",
	"aws_rds_cluster": "deletion_protection",
	"aws_rds_global_cluster": "deletion_protection",
	"aws_docdb_cluster": "deletion_protection",
	"aws_neptune_cluster": "deletion_protection",
	"aws_dynamodb_table": "deletion_protection_enabled",
	"aws_lb": "enable_deletion_protection",
	"aws_alb": "enable_deletion_protection",
	"aws_qldb_ledger": "deletion_protection",
	"google_sql_database_instance": "deletion_protection",
	"google_compute_instance": "deletion_protection",
	"google_bigtable_instance": "deletion_protection",
	"google_spanner_database": "deletion_protection",
	"google_alloydb_cluster": "deletion_protection",
	"google_bigquery_table": "deletion_protection",
}

# types whose provider turns deletion protection on when the attribute is not set
protected_by_default := {"google_sql_database_instance", "google_bigtable_instance", "google_spanner_database", "google_bigquery_table", "aws_qldb_ledger"}

# (filters on r.type right after `some r in input.resources` use the engine's index by type)
protected_types := object.keys(protection_attribute)

final_snapshot_types := {"aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster", "aws_redshift_cluster"}

force_destroy_types := {"aws_s3_bucket", "aws_backup_vault", "google_storage_bucket", "aws_ecr_repository"}

# volumes and file systems whose only guard in Terraform is lifecycle.prevent_destroy
lifecycle_guarded_types := {"aws_ebs_volume", "aws_efs_file_system", "google_compute_disk", "azurerm_managed_disk", "digitalocean_volume", "hcloud_volume"}

# Azure lock levels that stop a deletion (ReadOnly also refuses deletes)
deleting_lock_levels := {"CanNotDelete", "ReadOnly"}

# outside production the finding matters less; unmapped resources count as production
severity(r) := "medium" if {
	r.environment != null
	not lib.production(r)
} else := "high"

with_severity(f, r) := object.union(f, {"severity": severity(r)})

# METADATA
# title: Deletion protection is off
# description: The resource's own deletion protection flag is off, so a single API call deletes it and its data.
# custom:
#   id: PC-DP-001
#   severity: high
#   remediation: Set the protection attribute to true (deletion_protection, deletion_protection_enabled or enable_deletion_protection).
#   inputs: [terraform, pulumi, cdktf]
#   resource_types: [aws_db_instance, aws_rds_cluster, aws_rds_global_cluster, aws_docdb_cluster, aws_neptune_cluster, aws_dynamodb_table, aws_lb, aws_alb, aws_qldb_ledger, google_sql_database_instance, google_compute_instance, google_bigtable_instance, google_spanner_database, google_alloydb_cluster, google_bigquery_table]
deny contains f if {
	some r in input.resources
	r.type in protected_types
	lib.live(r)
	attr := protection_attribute[r.type]
	not lib.unknown(r, [attr])
	not protected(r, attr)
	f := with_severity(lib.finding(r, sprintf("%s has %s off", [lib.label(r), attr])), r)
}

# METADATA
# title: Deletion protection is off
# description: Whether the resource's deletion protection is on is only known after apply.
# custom:
#   id: PC-DP-001
#   severity: high
#   remediation: Set the protection attribute to a literal true.
deny contains f if {
	some r in input.resources
	r.type in protected_types
	lib.live(r)
	attr := protection_attribute[r.type]
	lib.unknown(r, [attr])
	f := with_severity(lib.undecided(r, sprintf("%s: whether %s is on is only known after apply", [lib.label(r), attr])), r)
}

protected(r, attr) if lib.get(r.after, attr, null) == true

protected(r, attr) if {
	r.type in protected_by_default
	lib.get(r.after, attr, null) == null
}

# METADATA
# title: No final snapshot on deletion
# description: skip_final_snapshot = true means deleting the database keeps nothing.
# custom:
#   id: PC-DP-002
#   severity: high
#   remediation: Set skip_final_snapshot = false and a final_snapshot_identifier.
#   inputs: [terraform, pulumi, cdktf]
#   resource_types: [aws_db_instance, aws_rds_cluster, aws_docdb_cluster, aws_neptune_cluster, aws_redshift_cluster]
deny contains f if {
	some r in input.resources
	r.type in final_snapshot_types
	lib.live(r)
	lib.get(r.after, "skip_final_snapshot", false) == true
	f := with_severity(lib.finding(r, sprintf("%s skips the final snapshot when deleted", [lib.label(r)])), r)
}

# METADATA
# title: Forced destruction of non-empty storage
# description: force_destroy = true lets Terraform delete a bucket or backup vault together with every object or recovery point in it.
# custom:
#   id: PC-DP-003
#   severity: high
#   remediation: Remove force_destroy (or set it to false) so that a non-empty bucket or vault cannot be deleted.
#   inputs: [terraform, pulumi, cdktf]
#   resource_types: [aws_s3_bucket, aws_backup_vault, google_storage_bucket, aws_ecr_repository]
deny contains f if {
	some r in input.resources
	r.type in force_destroy_types
	lib.live(r)
	lib.get(r.after, "force_destroy", false) == true
	f := with_severity(lib.finding(r, sprintf("%s has force_destroy = true: deleting it deletes everything in it", [lib.label(r)])), r)
}

# METADATA
# title: Volume or file system without prevent_destroy
# description: Volumes and file systems have no provider-side deletion protection; in Terraform only lifecycle { prevent_destroy = true } stops a plan from destroying them.
# custom:
#   id: PC-DP-004
#   severity: high
#   remediation: Add lifecycle { prevent_destroy = true } to the resource (CDKTF - lifecycle preventDestroy true).
#   inputs: [terraform, cdktf]
#   resource_types: [aws_ebs_volume, aws_efs_file_system, google_compute_disk, azurerm_managed_disk, digitalocean_volume, hcloud_volume]
deny contains f if {
	some r in input.resources
	r.type in lifecycle_guarded_types
	lib.live(r)
	r.tool in {"terraform", "cdktf"}
	r.protection.prevent_destroy == false
	f := with_severity(lib.finding(r, sprintf("%s has no lifecycle.prevent_destroy", [lib.label(r)])), r)
}

# METADATA
# title: Volume or file system without prevent_destroy
# description: The plan JSON does not carry lifecycle blocks; without the Terraform sources, whether prevent_destroy is set cannot be checked.
# custom:
#   id: PC-DP-004
#   severity: high
#   remediation: Pass the Terraform sources with --tf-dir so that lifecycle blocks can be read.
deny contains f if {
	some r in input.resources
	r.type in lifecycle_guarded_types
	lib.live(r)
	r.tool in {"terraform", "cdktf"}
	r.protection.prevent_destroy == null
	f := with_severity(lib.undecided(r, sprintf("%s: prevent_destroy could not be checked (plan JSON does not carry lifecycle; pass --tf-dir with the Terraform sources)", [lib.label(r)])), r)
}

# METADATA
# title: Pulumi stateful resource not protected
# description: Without protect (or retainOnDelete), `pulumi destroy` or a code change that drops the resource deletes it and its data.
# custom:
#   id: PC-DP-005
#   severity: high
#   remediation: Pass { protect - true } in the resource options (and retainOnDelete for resources that must outlive the stack).
#   inputs: [pulumi]
#   resource_types: [aws_db_instance, aws_rds_cluster, aws_docdb_cluster, aws_neptune_cluster, aws_dynamodb_table, aws_ebs_volume, aws_efs_file_system, aws_s3_bucket, aws_backup_vault, google_sql_database_instance, google_storage_bucket, azurerm_managed_disk, azurerm_recovery_services_vault, azurerm_data_protection_backup_vault]
deny contains f if {
	some r in input.resources
	r.tool == "pulumi"
	lib.live(r)
	lib.stateful(r)
	r.protection.protect != true
	r.protection.retain_on_delete != true
	f := with_severity(lib.finding(r, sprintf("%s is not protected (protect is off)", [lib.label(r)])), r)
}

# METADATA
# title: Azure resource without a CanNotDelete lock
# description: Azure stateful resources should sit under a CanNotDelete (or ReadOnly) management lock, on the resource or its resource group.
# custom:
#   id: PC-DP-006
#   severity: high
#   remediation: Add an azurerm_management_lock with lock_level = "CanNotDelete" scoped to the resource or its resource group.
#   inputs: [terraform, pulumi]
#   resource_types: [azurerm_managed_disk, azurerm_recovery_services_vault, azurerm_data_protection_backup_vault, azurerm_mssql_database, azurerm_mssql_server, azurerm_postgresql_flexible_server, azurerm_postgresql_server, azurerm_mysql_flexible_server, azurerm_mysql_server, azurerm_cosmosdb_account, azurerm_storage_account, azurerm_redis_cache, azurerm_sql_database]
deny contains f if {
	some r in input.resources
	r.type in azure_stateful_types
	lib.live(r)
	not azure_locked(r)
	not azure_lock_unknown
	f := with_severity(lib.finding(r, sprintf("%s has no CanNotDelete lock", [lib.label(r)])), r)
}

# METADATA
# title: Azure resource without a CanNotDelete lock
# description: A management lock exists whose scope is only known after apply and is nothing in this input.
# custom:
#   id: PC-DP-006
#   severity: high
#   remediation: Scope the lock with a literal id, or to a resource group the same configuration manages.
deny contains f if {
	some r in input.resources
	r.type in azure_stateful_types
	lib.live(r)
	not azure_locked(r)
	azure_lock_unknown
	f := with_severity(lib.undecided(r, sprintf("%s: a CanNotDelete lock exists but its scope is only known after apply", [lib.label(r)])), r)
}

azure_stateful_types := {t | some t in lib.stateful_types; startswith(t, "azurerm_")}

azure_locks contains l if {
	some l in input.resources
	l.type == "azurerm_management_lock"
	lib.live(l)
	lib.get(l.after, "lock_level", "") in deleting_lock_levels
}

# a lock whose scope is not known and resolves to nothing in this input
azure_lock_unknown if {
	some l in azure_locks
	lib.unknown(l, ["scope"])
	not lock_target_here(l)
}

lock_target_here(l) if {
	some x in input.resources
	lib.refers_to(l, x)
}

# the scope (known) is the resource or a parent of it
azure_locked(r) if {
	some l in azure_locks
	not lib.unknown(l, ["scope"])
	scope := lower(l.after.scope)
	id := lower(lib.get(r.after, "id", ""))
	id != ""
	startswith(id, scope)
}

# the scope (known) is the resource's resource group
azure_locked(r) if {
	some l in azure_locks
	not lib.unknown(l, ["scope"])
	rg := lib.get(r.after, "resource_group_name", "")
	rg != ""
	endswith(lower(l.after.scope), sprintf("/resourcegroups/%s", [lower(rg)]))
}

# the lock references the resource itself (scope = the resource's id, known after apply)
azure_locked(r) if {
	some l in azure_locks
	lib.refers_to(l, r)
}

# the lock references a resource group of the input that holds the resource
resource_groups contains g if {
	some g in input.resources
	g.type == "azurerm_resource_group"
}

azure_locked(r) if {
	some l in azure_locks
	some g in resource_groups
	lib.refers_to(l, g)
	in_group(r, g)
}

in_group(r, g) if lib.refers_to(r, g)

in_group(r, g) if {
	name := lib.get(g.after, "name", "")
	name != ""
	not lib.unknown_value(name)
	lower(lib.get(r.after, "resource_group_name", "")) == lower(name)
}
