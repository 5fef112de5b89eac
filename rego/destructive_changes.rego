# METADATA
# title: Destructive changes
# description: |
#   A plan that deletes or replaces something holding data is never auto-completed: it must be
#   approved by a human before merge. These findings carry `needs_approval`, which the GitHub
#   Action's approval gate reads.
# custom:
#   needs_approval: true
package policy_check.destructive_changes

import data.policy_check.lib.resources as lib
import rego.v1

# METADATA
# title: Stateful resource deleted or replaced
# description: |
#   The change destroys a resource that holds data (a database, volume, bucket, file system,
#   table...). A replacement destroys the old object before or after creating the new one:
#   its data does not move.
# custom:
#   id: PC-DEL-001
#   severity: critical
#   needs_approval: true
#   remediation: |
#     If the deletion is intended, have a human approve the pull request after checking that a
#     recent, restorable backup exists outside the resource. If it is not intended, find what
#     forces the replacement (the plan's replace_paths / Pulumi replaceReasons) and keep the
#     attribute unchanged, or add lifecycle { prevent_destroy = true } / protect: true.
#   inputs: [terraform, pulumi]
#   resource_types: [aws_db_instance, aws_rds_cluster, aws_dynamodb_table, aws_ebs_volume, aws_efs_file_system, aws_s3_bucket, aws_docdb_cluster, aws_neptune_cluster, aws_elasticache_replication_group, aws_redshift_cluster, aws_opensearch_domain, google_sql_database_instance, google_storage_bucket, google_compute_disk, azurerm_managed_disk, azurerm_mssql_database, azurerm_storage_account, digitalocean_volume, hcloud_volume]
deny contains f if {
	some r in input.resources
	r.destroys == true
	lib.stateful(r)
	destroyed(r)
	not r.type in lib.backup_types
	f := lib.approval(r, sprintf("%s %s", [lib.label(r), destroy_phrase(r)]))
}

# METADATA
# title: Backups deleted
# description: |
#   The change deletes a backup vault, a backup plan, a snapshot or a backup policy. Deleting
#   the place backups live removes the way back from every other mistake.
# custom:
#   id: PC-DEL-002
#   severity: critical
#   needs_approval: true
#   remediation: |
#     Keep backup vaults and their recovery points; retire a vault only after its recovery
#     points have expired under a vault lock, with a human approval.
#   inputs: [terraform, pulumi]
#   resource_types: [aws_backup_vault, aws_backup_plan, aws_backup_selection, aws_backup_vault_lock_configuration, aws_dlm_lifecycle_policy, aws_ebs_snapshot, aws_db_snapshot, aws_db_cluster_snapshot, aws_db_instance_automated_backups_replication, azurerm_recovery_services_vault, azurerm_data_protection_backup_vault, azurerm_backup_policy_vm, google_compute_snapshot, google_compute_resource_policy]
deny contains f if {
	some r in input.resources
	r.type in lib.backup_types
	lib.managed(r)
	destroyed(r)
	f := lib.approval(r, sprintf("%s will be %s: its recovery points or backup schedule go with it", [lib.label(r), action_word(r)]))
}

# METADATA
# title: Encryption key scheduled for deletion
# description: |
#   Deleting a KMS key (or disabling it) makes every backup and volume encrypted with it
#   unreadable once the waiting period ends.
# custom:
#   id: PC-DEL-003
#   severity: critical
#   needs_approval: true
#   remediation: Keep the key, and let a human approve any key deletion after checking what it encrypts.
#   inputs: [terraform, pulumi]
#   resource_types: [aws_kms_key, aws_kms_replica_key, google_kms_crypto_key, azurerm_key_vault_key, azurerm_key_vault]
deny contains f if {
	some r in input.resources
	r.type in {"aws_kms_key", "aws_kms_replica_key", "google_kms_crypto_key", "azurerm_key_vault_key", "azurerm_key_vault"}
	lib.managed(r)
	destroyed(r)
	f := lib.approval(r, sprintf("%s will be %s: data encrypted with it becomes unrecoverable after the deletion window", [lib.label(r), action_word(r)]))
}

# METADATA
# title: Encryption key disabled
# description: Disabling a KMS key makes every backup and volume encrypted with it unreadable while it stays disabled.
# custom:
#   id: PC-DEL-003
#   severity: critical
#   needs_approval: true
#   remediation: Keep the key enabled, or have a human approve after checking what it encrypts.
deny contains f if {
	some r in input.resources
	r.type in {"aws_kms_key", "aws_kms_replica_key"}
	lib.managed(r)
	lib.live(r)
	r.before != null
	lib.get(r.after, "is_enabled", true) == false
	lib.get(r.before, "is_enabled", true) != false
	f := lib.approval(r, sprintf("%s will be disabled: data encrypted with it cannot be read while it is", [lib.label(r)]))
}

# the change destroys the object (a removal from management that keeps it, such as Terraform
# `removed { lifecycle { destroy = false } }` or Pulumi retainOnDelete, destroys nothing)
destroyed(r) if {
	r.destroys
	r.protection.retain_on_delete != true
}

destroy_phrase(r) := "will be replaced (the current object and its data are destroyed)" if r.replacement

destroy_phrase(r) := "will be deleted" if not r.replacement

action_word(r) := "replaced" if r.replacement

action_word(r) := "deleted" if not r.replacement
