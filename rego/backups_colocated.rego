# METADATA
# title: Backups co-located with the data
# description: |
#   A backup that lives where its data lives dies with it: in the same account, the same
#   region, the same vault without a lock, or on the very same volume. These policies look for
#   backups that have no copy somewhere an accident (or an over-privileged token) that destroys
#   the source cannot reach.
package policy_check.backups_colocated

import data.policy_check.lib.aws
import data.policy_check.lib.resources as lib
import rego.v1

# METADATA
# title: AWS Backup plan without an off-site copy
# description: A backup plan rule with no copy_action keeps every recovery point in one vault, in one region and account.
# custom:
#   id: PC-BKP-001
#   severity: critical
#   remediation: Add a copy_action to each rule, to a vault in another region and preferably another account (a dedicated backup account).
deny contains f if {
	some r in input.resources
	r.type == "aws_backup_plan"
	not r.destroys
	some rule in object.get(r.after, "rule", [])
	count(object.get(rule, "copy_action", [])) == 0
	not lib.unknown(r, ["rule"])
	f := lib.finding(r, sprintf("%s rule %q keeps recovery points only in vault %q: no copy_action to another region or account", [lib.label(r), object.get(rule, "rule_name", "?"), object.get(rule, "target_vault_name", "?")]))
}

# METADATA
# title: AWS Backup copy stays in the same region and account
# description: A copy_action whose destination vault is in the region and account of the plan does not survive a regional or account-level loss.
# custom:
#   id: PC-BKP-001
#   severity: critical
#   remediation: Point copy_action.destination_vault_arn at a vault in another region or another account.
deny contains f if {
	some r in input.resources
	r.type == "aws_backup_plan"
	not r.destroys
	some rule in object.get(r.after, "rule", [])
	copies := object.get(rule, "copy_action", [])
	count(copies) > 0
	every c in copies {
		dest := object.get(c, "destination_vault_arn", "")
		aws.arn_region(dest) == r.region
		aws.arn_account(dest) == r.account
	}
	f := lib.finding(r, sprintf("%s rule %q copies recovery points only within %s / account %s", [lib.label(r), object.get(rule, "rule_name", "?"), r.region, r.account]))
}

# METADATA
# title: Production backup vault without a vault lock
# description: A backup vault in the production account without a vault lock can be emptied by anyone (or anything) holding delete permissions there.
# custom:
#   id: PC-BKP-002
#   severity: critical
#   remediation: Add an aws_backup_vault_lock_configuration (compliance mode, min_retention_days >= 7), or keep the copies in a separate backup account.
deny contains f if {
	some r in input.resources
	r.type == "aws_backup_vault"
	not r.destroys
	lib.production(r)
	name := object.get(r.after, "name", "")
	not vault_locked(name)
	f := lib.finding(r, sprintf("%s holds production backups in the production account without a vault lock", [lib.label(r)]))
}

vault_locked(name) if {
	some l in input.resources
	l.type == "aws_backup_vault_lock_configuration"
	not l.destroys
	object.get(l.after, "backup_vault_name", "") == name
}

# METADATA
# title: RDS automated backups deleted with the database
# description: With delete_automated_backups = true (the provider's default), deleting the instance deletes its automated backups too.
# custom:
#   id: PC-BKP-003
#   severity: critical
#   remediation: Set delete_automated_backups = false and replicate automated backups to another region (aws_db_instance_automated_backups_replication).
deny contains f if {
	some r in input.resources
	r.type == "aws_db_instance"
	not r.destroys
	object.get(r.after, "delete_automated_backups", true) != false
	not lib.unknown(r, ["delete_automated_backups"])
	f := lib.finding(r, sprintf("%s deletes its automated backups when the instance is deleted (delete_automated_backups is not false)", [lib.label(r)]))
}

# METADATA
# title: Production database without cross-region backup replication
# description: Automated backups of a production RDS instance stay in its region unless they are replicated.
# custom:
#   id: PC-BKP-003
#   severity: critical
#   remediation: Add aws_db_instance_automated_backups_replication for the instance, in another region.
deny contains f if {
	some r in input.resources
	r.type in {"aws_db_instance"}
	not r.destroys
	lib.production(r)
	not backup_replication_for(r)
	not backup_replication_unknown
	f := lib.finding(r, sprintf("%s is a production database whose automated backups are not replicated to another region", [lib.label(r)]))
}

backup_replication_for(r) if {
	some x in input.resources
	x.type == "aws_db_instance_automated_backups_replication"
	not x.destroys
	x.after.source_db_instance_arn == r.after.arn
}

backup_replication_unknown if {
	some x in input.resources
	x.type == "aws_db_instance_automated_backups_replication"
	lib.unknown(x, ["source_db_instance_arn"])
}

# METADATA
# title: DLM snapshot policy without cross-region copy
# description: EBS snapshots made by a Data Lifecycle Manager policy stay in the volume's region unless a cross_region_copy_rule copies them.
# custom:
#   id: PC-BKP-004
#   severity: critical
#   remediation: Add a cross_region_copy_rule (with retention) to each schedule, or cross-account sharing to a backup account.
deny contains f if {
	some r in input.resources
	r.type == "aws_dlm_lifecycle_policy"
	not r.destroys
	some details in object.get(r.after, "policy_details", [])
	some sched in object.get(details, "schedule", [])
	count(object.get(sched, "cross_region_copy_rule", [])) == 0
	count(object.get(sched, "share_rule", [])) == 0
	f := lib.finding(r, sprintf("%s schedule %q keeps snapshots only in the source region", [lib.label(r), object.get(sched, "name", "?")]))
}

# METADATA
# title: Backup bucket without replication elsewhere
# description: A bucket that stores backups is itself a single copy unless it replicates to another region or account.
# custom:
#   id: PC-BKP-005
#   severity: critical
#   remediation: Add an aws_s3_bucket_replication_configuration to a bucket in another region or account (with object lock on the destination).
deny contains f if {
	some r in input.resources
	r.type == "aws_s3_bucket"
	not r.destroys
	backup_bucket(r)
	name := object.get(r.after, "bucket", "")
	not bucket_replicated(name)
	count(object.get(r.after, "replication_configuration", [])) == 0
	f := lib.finding(r, sprintf("%s stores backups but does not replicate to another region or account", [lib.label(r)]))
}

backup_bucket(r) if regex.match(`(?i)backup|snapshot|dump`, object.get(r.after, "bucket", ""))

backup_bucket(r) if {
	some k, v in r.tags
	regex.match(`(?i)^(purpose|role|type|usage|data[-_]?class(ification)?)$`, k)
	regex.match(`(?i)backup`, v)
}

bucket_replicated(name) if {
	some x in input.resources
	x.type == "aws_s3_bucket_replication_configuration"
	not x.destroys
	object.get(x.after, "bucket", "") == name
}

# METADATA
# title: Cloud SQL backups pinned to the instance's region
# description: Cloud SQL backups stored in the instance's own region are lost with a regional outage or region-wide mistake.
# custom:
#   id: PC-BKP-006
#   severity: critical
#   remediation: Set settings.backup_configuration.location to another region or a multi-region.
deny contains f if {
	some r in input.resources
	r.type == "google_sql_database_instance"
	not r.destroys
	region := object.get(r.after, "region", "")
	region != ""
	some s in object.get(r.after, "settings", [])
	some bc in object.get(s, "backup_configuration", [])
	lower(object.get(bc, "location", "")) == lower(region)
	f := lib.finding(r, sprintf("%s stores its backups in its own region %s", [lib.label(r), region]))
}

# METADATA
# title: Recovery Services vault with locally redundant storage
# description: A vault with LocallyRedundant storage keeps every copy in one datacenter region.
# custom:
#   id: PC-BKP-007
#   severity: critical
#   remediation: Use storage_mode_type = "GeoRedundant" (with cross_region_restore_enabled) for production vaults.
deny contains f if {
	some r in input.resources
	r.type in {"azurerm_recovery_services_vault", "azurerm_data_protection_backup_vault"}
	not r.destroys
	mode := object.get(r.after, "storage_mode_type", object.get(r.after, "redundancy", object.get(r.after, "datastore_type", "")))
	lower(mode) in {"locallyredundant", "zoneredundant"}
	f := lib.finding(r, sprintf("%s keeps backups in %s storage (one region)", [lib.label(r), mode]))
}

# Volume-level backups: the provider keeps them with the volume itself.
volume_backup_types := {"railway_volume_backup", "railway_volume_backup_schedule", "render_disk_snapshot", "fly_volume_snapshot"}

# METADATA
# title: Backups stored on the volume they back up
# description: |
#   Some providers keep volume backups as part of the volume (its instance state). Deleting the
#   volume deletes them too: the backups of a production volume must also exist somewhere else.
# custom:
#   id: PC-BKP-008
#   severity: critical
#   remediation: Export backups off the volume (object storage in another account or provider, on a schedule), and keep the volume-level backups only as a convenience.
deny contains f if {
	some v in input.resources
	lib.stateful(v)
	not v.destroys
	volume_level_backups(v)
	not offsite_backup(v)
	f := lib.finding(v, sprintf("%s keeps its backups on the volume itself: they are deleted with it and there is no copy elsewhere", [lib.label(v)]))
}

# the volume's own backup schedules
volume_level_backups(v) if count(object.get(v.after, "backup_schedules", [])) > 0

# a backup resource of a volume-level kind pointing at the volume
volume_level_backups(v) if {
	some b in input.resources
	b.type in volume_backup_types
	not b.destroys
	object.get(b.after, "volume_id", "") == object.get(v.after, "id", "-")
}

# an export of the volume's data somewhere else
offsite_backup(v) if {
	some b in input.resources
	b.mode == "managed"
	not b.destroys
	object.get(b.after, "source_volume_id", "") == object.get(v.after, "id", "-")
	object.get(b.after, "destination", "") != ""
}
