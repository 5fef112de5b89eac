# METADATA
# title: Backups co-located with the data
# description: |
#   A backup that lives where its data lives dies with it: in the same account, the same
#   region, the same vault without a lock, or on the very machine it backs up. These policies
#   look for backups that have no copy somewhere an accident (or an over-privileged token) that
#   destroys the source cannot reach.
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
#   inputs: [terraform, pulumi, cdktf]
#   resource_types: [aws_backup_plan]
deny contains f if {
	some r in input.resources
	r.type == "aws_backup_plan"
	lib.live(r)
	some rule in lib.blocks(r.after, "rule")
	count(lib.blocks(rule, "copy_action")) == 0
	f := lib.finding(r, sprintf("%s rule %q keeps recovery points only in vault %q: no copy_action to another region or account", [lib.label(r), lib.get(rule, "rule_name", "?"), lib.get(rule, "target_vault_name", "?")]))
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
	lib.live(r)
	some rule in lib.blocks(r.after, "rule")
	copies := lib.blocks(rule, "copy_action")
	count(copies) > 0
	every c in copies {
		dests := aws.copy_destinations(r, rule, c)
		count(dests) > 0
		every d in dests {
			not aws.elsewhere(r, d)
		}
	}
	f := lib.finding(r, sprintf("%s rule %q copies recovery points only within %s / account %s", [lib.label(r), lib.get(rule, "rule_name", "?"), r.region, r.account]))
}

# METADATA
# title: AWS Backup copy destination not known before apply
# description: The copy_action destination is only known after apply and the plan does not contain the vault it names, so where the copies go cannot be checked.
# custom:
#   id: PC-BKP-001
#   severity: critical
#   remediation: Check where the copies go once applied, or name the destination vault's ARN in the configuration.
deny contains f if {
	some r in input.resources
	r.type == "aws_backup_plan"
	lib.live(r)
	some rule in lib.blocks(r.after, "rule")
	copies := lib.blocks(rule, "copy_action")
	some c in copies
	count(aws.copy_destinations(r, rule, c)) == 0
	not offsite_copy(r, rule, copies)
	f := lib.undecided(r, sprintf("%s rule %q: the copy destination is only known after apply", [lib.label(r), lib.get(rule, "rule_name", "?")]))
}

offsite_copy(r, rule, copies) if {
	some c in copies
	some d in aws.copy_destinations(r, rule, c)
	aws.elsewhere(r, d)
}

# METADATA
# title: Production backup vault without a vault lock
# description: A backup vault in the production account without a vault lock can be emptied by anyone (or anything) holding delete permissions there.
# custom:
#   id: PC-BKP-002
#   severity: critical
#   remediation: Add an aws_backup_vault_lock_configuration (compliance mode, min_retention_days >= 7), or keep the copies in a separate backup account.
#   inputs: [terraform, pulumi, cdktf]
#   resource_types: [aws_backup_vault]
deny contains f if {
	some r in input.resources
	r.type == "aws_backup_vault"
	lib.live(r)
	lib.production(r)
	not vault_locked(r)
	f := lib.finding(r, sprintf("%s holds production backups in the production account without a vault lock", [lib.label(r)]))
}

# (sets of one resource type are computed once per evaluation; per-resource helpers iterate
# them rather than every resource, which would make a 10,000-resource plan quadratic)
vault_locks contains l if {
	some l in input.resources
	l.type == "aws_backup_vault_lock_configuration"
	lib.live(l)
}

vault_locked(v) if {
	some l in vault_locks
	locks(l, v)
}

# the lock names the vault, or references it (the name is an expression in CDKTF)
locks(l, v) if {
	name := lib.get(v.after, "name", "")
	name != ""
	not lib.unknown_value(name)
	lib.get(l.after, "backup_vault_name", "") == name
}

locks(l, v) if lib.refers_to(l, v)

# METADATA
# title: RDS automated backups deleted with the database
# description: With delete_automated_backups = true (the provider's default), deleting the instance or Aurora cluster deletes its automated backups too.
# custom:
#   id: PC-BKP-003
#   severity: critical
#   remediation: Set delete_automated_backups = false and replicate automated backups to another region (aws_db_instance_automated_backups_replication).
#   inputs: [terraform, pulumi, cdktf]
#   resource_types: [aws_db_instance, aws_rds_cluster]
deny contains f if {
	some r in input.resources
	r.type in {"aws_db_instance", "aws_rds_cluster"}
	lib.live(r)
	lib.get(r.after, "delete_automated_backups", true) != false
	not lib.unknown(r, ["delete_automated_backups"])
	f := lib.finding(r, sprintf("%s deletes its automated backups when it is deleted (delete_automated_backups is not false)", [lib.label(r)]))
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
	r.type == "aws_db_instance"
	lib.live(r)
	lib.production(r)
	not backup_replication_for(r)
	not unresolved_replication
	f := lib.finding(r, sprintf("%s is a production database whose automated backups are not replicated to another region", [lib.label(r)]))
}

replications contains x if {
	some x in input.resources
	x.type == "aws_db_instance_automated_backups_replication"
	lib.live(x)
}

# the replication names the instance's ARN (both known)...
backup_replication_for(r) if {
	some x in replications
	not lib.unknown(x, ["source_db_instance_arn"])
	not lib.unknown(r, ["arn"])
	arn := lib.get(r.after, "arn", "")
	arn != ""
	lib.get(x.after, "source_db_instance_arn", "") == arn
}

# ... or references the instance (its ARN is only known after apply)
backup_replication_for(r) if {
	some x in replications
	lib.refers_to(x, r)
}

# a replication whose source is only known after apply and is nothing in this input: it may be any database
unresolved_replication if {
	some x in replications
	lib.unknown(x, ["source_db_instance_arn"])
	not refers_to_a_database(x)
}

db_instances contains d if {
	some d in input.resources
	d.type == "aws_db_instance"
}

refers_to_a_database(x) if {
	some d in db_instances
	lib.refers_to(x, d)
}

# METADATA
# title: DLM snapshot policy without cross-region copy
# description: EBS snapshots made by a Data Lifecycle Manager policy stay in the volume's region unless a cross_region_copy_rule copies them to another region. Sharing snapshots with another account is not a copy - shared snapshots are deleted with the source account's.
# custom:
#   id: PC-BKP-004
#   severity: critical
#   remediation: Add a cross_region_copy_rule (with a retain_rule) to each schedule, targeting another region; for another account, copy the shared snapshots there with a DLM event-based policy in that account.
#   inputs: [terraform, pulumi, cdktf]
#   resource_types: [aws_dlm_lifecycle_policy]
deny contains f if {
	some r in input.resources
	r.type == "aws_dlm_lifecycle_policy"
	lib.live(r)
	some details in lib.blocks(r.after, "policy_details")
	some sched in lib.blocks(details, "schedule")
	not copied_to_other_region(r, sched)
	f := lib.finding(r, sprintf("%s schedule %q keeps snapshots only in the source region", [lib.label(r), lib.get(sched, "name", "?")]))
}

copied_to_other_region(r, sched) if {
	some c in lib.blocks(sched, "cross_region_copy_rule")
	some key in ["target", "target_region"]
	target := lib.get(c, key, "")
	target != ""
	not same_region(r, target)
}

same_region(r, target) if {
	is_string(r.region)
	lower(target) == lower(r.region)
}

# METADATA
# title: Backup bucket without replication elsewhere
# description: A bucket that stores backups is itself a single copy unless it replicates to another region or account.
# custom:
#   id: PC-BKP-005
#   severity: critical
#   remediation: Add an aws_s3_bucket_replication_configuration to a bucket in another region or account (with object lock on the destination).
#   inputs: [terraform, pulumi, cdktf]
#   resource_types: [aws_s3_bucket]
deny contains f if {
	some r in input.resources
	r.type == "aws_s3_bucket"
	lib.live(r)
	backup_bucket(r)
	not aws.bucket_replicated(r)
	f := lib.finding(r, sprintf("%s stores backups but does not replicate to another region or account", [lib.label(r)]))
}

backup_bucket(r) if regex.match(`(?i)backup|snapshot|dump`, lib.get(r.after, "bucket", ""))

backup_bucket(r) if {
	some k, v in r.tags
	regex.match(`(?i)^(purpose|role|type|usage|data[-_]?class(ification)?)$`, k)
	regex.match(`(?i)backup`, v)
}

# METADATA
# title: Cloud SQL backups pinned to the instance's region
# description: Cloud SQL backups stored in the instance's own region are lost with a regional outage or region-wide mistake.
# custom:
#   id: PC-BKP-006
#   severity: critical
#   remediation: Set settings.backup_configuration.location to another region or a multi-region.
#   inputs: [terraform, pulumi]
#   resource_types: [google_sql_database_instance]
deny contains f if {
	some r in input.resources
	r.type == "google_sql_database_instance"
	lib.live(r)
	region := lib.get(r.after, "region", "")
	is_string(region)
	region != ""
	some s in lib.blocks(r.after, "settings")
	some bc in lib.blocks(s, "backup_configuration")
	lower(lib.get(bc, "location", "")) == lower(region)
	f := lib.finding(r, sprintf("%s stores its backups in its own region %s", [lib.label(r), region]))
}

# METADATA
# title: Azure backup vault with locally redundant storage
# description: A Recovery Services or Data Protection backup vault with LocallyRedundant (or ZoneRedundant) storage keeps every copy in one region.
# custom:
#   id: PC-BKP-007
#   severity: critical
#   remediation: Use storage_mode_type = "GeoRedundant" (Recovery Services, with cross_region_restore_enabled) or redundancy = "GeoRedundant" (Data Protection) for production vaults.
#   inputs: [terraform, pulumi]
#   resource_types: [azurerm_recovery_services_vault, azurerm_data_protection_backup_vault]
deny contains f if {
	some r in input.resources
	r.type in {"azurerm_recovery_services_vault", "azurerm_data_protection_backup_vault"}
	lib.live(r)
	mode := redundancy(r)
	lower(mode) in {"locallyredundant", "zoneredundant"}
	f := lib.finding(r, sprintf("%s keeps backups in %s storage (one region)", [lib.label(r), mode]))
}

redundancy(r) := lib.get(r.after, "storage_mode_type", "GeoRedundant") if r.type == "azurerm_recovery_services_vault"

redundancy(r) := lib.get(r.after, "redundancy", "") if r.type == "azurerm_data_protection_backup_vault"

# METADATA
# title: Backups kept with the machine they back up
# description: |
#   Some providers keep a machine's backups as part of the machine - Hetzner Cloud server
#   backups, DigitalOcean Droplet backups, Linode Backup Service, Lightsail automatic snapshots:
#   deleting the server deletes them too. The data needs a copy somewhere else as well.
# custom:
#   id: PC-BKP-008
#   severity: critical
#   remediation: Export the data off the machine on a schedule (object storage in another account or provider) and declare it with a backup-offsite tag or label naming where the copies go; keep the provider backups as a convenience.
#   inputs: [terraform, pulumi, cdktf]
#   resource_types: [hcloud_server, digitalocean_droplet, linode_instance, aws_lightsail_instance]
deny contains f if {
	some r in input.resources
	r.type in machine_backup_types
	lib.live(r)
	backups_on_machine(r)
	not offsite_declared(r)
	f := lib.finding(r, sprintf("%s keeps its backups with the machine itself: they are deleted with it and there is no copy elsewhere", [lib.label(r)]))
}

machine_backup_types := {"hcloud_server", "digitalocean_droplet", "linode_instance", "aws_lightsail_instance"}

backups_on_machine(r) if {
	r.type in {"hcloud_server", "digitalocean_droplet"}
	lib.get(r.after, "backups", false) == true
}

backups_on_machine(r) if {
	r.type == "linode_instance"
	lib.get(r.after, "backups_enabled", false) == true
}

backups_on_machine(r) if {
	r.type == "aws_lightsail_instance"
	some a in lib.blocks(r.after, "add_on")
	lib.get(a, "type", "") == "AutoSnapshot"
	lib.get(a, "status", "Enabled") == "Enabled"
}

offsite_key := `(?i)^(backup[-_.]?offsite|offsite[-_.]?backups?)$`

# a tag or label (maps: AWS, Hetzner) naming where the off-site copies go
offsite_declared(r) if {
	some k, v in r.tags
	regex.match(offsite_key, k)
	v != ""
}

# a tag of a provider whose tags are plain strings (DigitalOcean, Linode): backup-offsite:<where>
offsite_declared(r) if {
	tags := lib.get(r.after, "tags", [])
	is_array(tags)
	some t in tags
	is_string(t)
	parts := split(t, ":")
	regex.match(offsite_key, parts[0])
	count(parts) > 1
}
