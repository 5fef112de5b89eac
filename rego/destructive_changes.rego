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
deny contains f if {
	some r in input.resources
	lib.stateful(r)
	r.destroys
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
deny contains f if {
	some r in input.resources
	lib.managed(r)
	r.destroys
	r.type in lib.backup_types
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
#   remediation: Keep the key; disable rotation changes instead, and let a human approve any key deletion.
deny contains f if {
	some r in input.resources
	lib.managed(r)
	r.type in {"aws_kms_key", "aws_kms_replica_key", "google_kms_crypto_key", "azurerm_key_vault_key", "azurerm_key_vault"}
	r.destroys
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
	lib.managed(r)
	r.type in {"aws_kms_key", "aws_kms_replica_key"}
	not r.destroys
	r.after.is_enabled == false
	r.before.is_enabled != false
	f := lib.approval(r, sprintf("%s will be disabled: data encrypted with it cannot be read while it is", [lib.label(r)]))
}

destroy_phrase(r) := "will be replaced (the current object and its data are destroyed)" if r.replacement

destroy_phrase(r) := "will be deleted" if not r.replacement

action_word(r) := "replaced" if r.replacement

action_word(r) := "deleted" if not r.replacement
