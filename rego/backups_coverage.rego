# METADATA
# title: Backups missing, stale or too short
# description: |
#   Production data needs a backup that exists, runs at least daily, is kept long enough to
#   notice a mistake (7 days or more), and allows point-in-time recovery where the service
#   offers it. Resources mapped to another environment (staging, development) are left alone;
#   resources mapped to no environment are checked as production.
package policy_check.backups_coverage

import data.policy_check.lib.aws
import data.policy_check.lib.resources as lib
import rego.v1

min_retention_days := 7

# types AWS Backup can protect, selected by ARN or by tag
aws_backup_targets := {"aws_db_instance", "aws_rds_cluster", "aws_dynamodb_table", "aws_ebs_volume", "aws_efs_file_system", "aws_s3_bucket", "aws_docdb_cluster", "aws_neptune_cluster", "aws_fsx_lustre_file_system", "aws_fsx_windows_file_system", "aws_fsx_ontap_file_system", "aws_fsx_openzfs_file_system"}

aws_selections contains s if {
	some s in input.resources
	s.type == "aws_backup_selection"
	lib.live(s)
}

# METADATA
# title: Production data not covered by any backup
# description: A production database, volume, file system, table or bucket that no AWS Backup selection includes, and that has no backup of its own (RDS automated backups, DynamoDB point-in-time recovery, EFS automatic backups, S3 replication), has no managed backup.
# custom:
#   id: PC-BKP-010
#   severity: high
#   remediation: Include the resource in an aws_backup_selection (by ARN in resources, or by a tag the selection matches), or turn on the service's own backups.
#   inputs: [terraform, pulumi, cdktf]
#   resource_types: [aws_db_instance, aws_rds_cluster, aws_docdb_cluster, aws_neptune_cluster, aws_dynamodb_table, aws_ebs_volume, aws_efs_file_system, aws_s3_bucket, aws_fsx_lustre_file_system, aws_fsx_windows_file_system, aws_fsx_ontap_file_system, aws_fsx_openzfs_file_system]
deny contains f if {
	count(aws_selections) > 0
	some r in input.resources
	r.type in aws_backup_targets
	lib.live(r)
	lib.production(r)
	not covered(r)
	not native_backups(r)
	not coverage_unknown(r)
	f := lib.finding(r, sprintf("%s holds production data but no backup selection covers it", [lib.label(r)]))
}

# METADATA
# title: Production data not covered by any backup
# description: The plan defines no AWS Backup selection and the resource has no backup of its own.
# custom:
#   id: PC-BKP-010
#   severity: high
#   remediation: Include the resource in an aws_backup_selection (by ARN in resources, or by a tag the selection matches), or turn on the service's own backups. If backups are managed in another stack, add an exception naming it.
deny contains f if {
	count(aws_selections) == 0
	some r in input.resources
	r.type in aws_backup_targets
	lib.live(r)
	lib.production(r)
	not native_backups(r)
	f := lib.finding(r, sprintf("%s holds production data and the plan defines no AWS Backup selection", [lib.label(r)]))
}

# METADATA
# title: Production data not covered by any backup
# description: A backup selection lists resources only known after apply that are not in this input, so whether it covers the resource cannot be decided.
# custom:
#   id: PC-BKP-010
#   severity: high
#   remediation: Check the selection once applied, or select by tag.
deny contains f if {
	count(aws_selections) > 0
	some r in input.resources
	r.type in aws_backup_targets
	lib.live(r)
	lib.production(r)
	not covered(r)
	not native_backups(r)
	coverage_unknown(r)
	f := lib.undecided(r, sprintf("%s: a backup selection lists resources only known after apply; whether it covers this one cannot be decided", [lib.label(r)]))
}

# RDS, DocumentDB and Neptune automated backups (retention is checked by PC-BKP-011/013)
native_backups(r) if {
	r.type in {"aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster"}
	days := lib.get(r.after, "backup_retention_period", 1)
	is_number(days)
	days > 0
}

# DynamoDB continuous backups
native_backups(r) if {
	r.type == "aws_dynamodb_table"
	pitr_on(r)
}

# EFS automatic backups (the AWS Backup default plan)
efs_backup_policies contains p if {
	some p in input.resources
	p.type == "aws_efs_backup_policy"
	lib.live(p)
}

native_backups(r) if {
	r.type == "aws_efs_file_system"
	some p in efs_backup_policies
	some b in lib.blocks(p.after, "backup_policy")
	upper(lib.get(b, "status", "")) == "ENABLED"
	efs_policy_for(p, r)
}

# an S3 bucket replicated to another bucket has a second copy
native_backups(r) if {
	r.type == "aws_s3_bucket"
	aws.bucket_replicated(r)
}

efs_policy_for(p, r) if lib.refers_to(p, r)

efs_policy_for(p, r) if {
	id := lib.get(r.after, "id", "")
	id != ""
	not lib.unknown_value(id)
	lib.get(p.after, "file_system_id", "") == id
}

# selected by its ARN (known), or by a reference to it (the ARN is only known after apply)
covered(r) if {
	some s in aws_selections
	arn := lib.get(r.after, "arn", "")
	arn != ""
	not lib.unknown_value(arn)
	arn in lib.get(s.after, "resources", [])
}

covered(r) if {
	some s in aws_selections
	lib.refers_to(s, r)
}

covered(r) if {
	some s in aws_selections
	"*" in lib.get(s.after, "resources", [])
}

covered(r) if {
	some s in aws_selections
	some t in lib.blocks(s.after, "selection_tag")
	upper(lib.get(t, "type", "STRINGEQUALS")) == "STRINGEQUALS"
	r.tags[t.key] == t.value
}

# a selection lists values only known after apply that come from outside this input
coverage_unknown(r) if {
	some s in aws_selections
	lib.unknown_under(s, ["resources"])
	not selects_something_here(s)
}

backup_targets contains t if {
	some t in input.resources
	t.type in aws_backup_targets
}

selects_something_here(s) if {
	some t in backup_targets
	lib.refers_to(s, t)
}

# METADATA
# title: Backups kept less than 7 days
# description: A mistake noticed on day 8 cannot be undone when recovery points (or their off-site copies) expire sooner.
# custom:
#   id: PC-BKP-011
#   severity: high
#   remediation: Keep recovery points and their copies at least 7 days (lifecycle.delete_after >= 7; backup_retention_period >= 7; DLM retain_rule of 7 days or more).
#   inputs: [terraform, pulumi, cdktf]
#   resource_types: [aws_backup_plan, aws_db_instance, aws_rds_cluster, aws_docdb_cluster, aws_neptune_cluster, aws_dlm_lifecycle_policy]
deny contains f if {
	some r in input.resources
	r.type == "aws_backup_plan"
	lib.live(r)
	lib.maybe_production(r)
	some rule in lib.blocks(r.after, "rule")
	some pair in retentions(rule)
	where := pair[0]
	l := pair[1]
	days := lib.get(l, "delete_after", 0)
	is_number(days)
	days > 0
	days < min_retention_days
	f := lib.finding(r, sprintf("%s rule %q deletes %s after %d days", [lib.label(r), lib.get(rule, "rule_name", "?"), where, days]))
}

# the lifecycle of the recovery points, and of each copy
retentions(rule) := array.concat(
	[["recovery points", l] | some l in lib.blocks(rule, "lifecycle")],
	[[sprintf("the copies to %s", [lib.get(c, "destination_vault_arn", "?")]), l] |
		some c in lib.blocks(rule, "copy_action")
		some l in lib.blocks(c, "lifecycle")
	],
)

# METADATA
# title: Backups kept less than 7 days
# description: Automated database backups kept fewer than 7 days.
# custom:
#   id: PC-BKP-011
#   severity: high
#   remediation: Set backup_retention_period to 7 or more.
deny contains f if {
	some r in input.resources
	r.type in {"aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster"}
	lib.live(r)
	lib.maybe_production(r)
	days := lib.get(r.after, "backup_retention_period", 1)
	is_number(days)
	days > 0
	days < min_retention_days
	f := lib.finding(r, sprintf("%s keeps automated backups %d day(s)", [lib.label(r), days]))
}

# METADATA
# title: Backups kept less than 7 days
# description: A Data Lifecycle Manager schedule that keeps its snapshots fewer than 7 days.
# custom:
#   id: PC-BKP-011
#   severity: high
#   remediation: Keep DLM snapshots at least 7 days (retain_rule interval, or count x the schedule interval).
deny contains f if {
	some r in input.resources
	r.type == "aws_dlm_lifecycle_policy"
	lib.live(r)
	lib.maybe_production(r)
	some details in lib.blocks(r.after, "policy_details")
	some sched in lib.blocks(details, "schedule")
	hours := dlm_retention_hours(sched)
	hours < min_retention_days * 24
	f := lib.finding(r, sprintf("%s schedule %q keeps snapshots %s", [lib.label(r), lib.get(sched, "name", "?"), duration(hours)]))
}

unit_hours := {"HOURS": 1, "DAYS": 24, "WEEKS": 168, "MONTHS": 720, "YEARS": 8760}

duration(hours) := sprintf("%d day(s)", [round(hours / 24)]) if hours >= 24

duration(hours) := sprintf("%d hour(s)", [hours]) if hours < 24

# retain_rule by age
dlm_retention_hours(sched) := n * unit_hours[upper(lib.get(rr, "interval_unit", ""))] if {
	some rr in lib.blocks(sched, "retain_rule")
	n := lib.get(rr, "interval", 0)
	is_number(n)
	n > 0
}

# retain_rule by count, times the schedule's interval
dlm_retention_hours(sched) := n * period if {
	some rr in lib.blocks(sched, "retain_rule")
	n := lib.get(rr, "count", 0)
	is_number(n)
	n > 0
	lib.get(rr, "interval", 0) == 0
	some cr in lib.blocks(sched, "create_rule")
	period := lib.get(cr, "interval", 0) * unit_hours[upper(lib.get(cr, "interval_unit", "HOURS"))]
	period > 0
}

# METADATA
# title: Backups run less often than daily
# description: A schedule that runs weekly or monthly loses up to that much data.
# custom:
#   id: PC-BKP-012
#   severity: high
#   remediation: Schedule backups at least daily, e.g. cron(0 5 * * ? *).
#   inputs: [terraform, pulumi, cdktf]
#   resource_types: [aws_backup_plan, aws_dlm_lifecycle_policy]
deny contains f if {
	some r in input.resources
	r.type == "aws_backup_plan"
	lib.live(r)
	lib.maybe_production(r)
	some rule in lib.blocks(r.after, "rule")
	sched := lib.get(rule, "schedule", "")
	less_than_daily(sched)
	f := lib.finding(r, sprintf("%s rule %q runs less often than daily (%s)", [lib.label(r), lib.get(rule, "rule_name", "?"), sched]))
}

# METADATA
# title: Backups run less often than daily
# description: A Data Lifecycle Manager schedule that snapshots less often than daily.
# custom:
#   id: PC-BKP-012
#   severity: high
#   remediation: Snapshot at least daily (create_rule interval 24 HOURS or less, or a daily cron_expression).
deny contains f if {
	some r in input.resources
	r.type == "aws_dlm_lifecycle_policy"
	lib.live(r)
	lib.maybe_production(r)
	some details in lib.blocks(r.after, "policy_details")
	some sched in lib.blocks(details, "schedule")
	some cr in lib.blocks(sched, "create_rule")
	dlm_less_than_daily(cr)
	f := lib.finding(r, sprintf("%s schedule %q snapshots less often than daily", [lib.label(r), lib.get(sched, "name", "?")]))
}

dlm_less_than_daily(cr) if less_than_daily(lib.get(cr, "cron_expression", ""))

dlm_less_than_daily(cr) if {
	n := lib.get(cr, "interval", 0)
	is_number(n)
	n * unit_hours[upper(lib.get(cr, "interval_unit", "HOURS"))] > 24
}

# cron(min hour day-of-month month day-of-week year): a fixed day of month or week is less than daily
less_than_daily(sched) if {
	parts := cron_fields(sched)
	count(parts) == 6
	not parts[2] in {"*", "?"}
}

less_than_daily(sched) if {
	parts := cron_fields(sched)
	count(parts) == 6
	not parts[4] in {"*", "?"}
	not every_day_of_week(parts[4])
}

less_than_daily(sched) if {
	m := regex.find_all_string_submatch_n(`^rate\((\d+)\s+(day|days|hour|hours|minute|minutes)\)$`, sched, 1)
	n := to_number(m[0][1])
	unit := m[0][2]
	rate_hours(n, unit) > 24
}

cron_fields(sched) := split(trim_space(trim_suffix(trim_prefix(sched, "cron("), ")")), " ") if {
	is_string(sched)
	startswith(sched, "cron(")
}

every_day_of_week(f) if upper(f) in {"1-7", "SUN-SAT", "MON-SUN"}

rate_hours(n, unit) := n * 24 if startswith(unit, "day")

rate_hours(n, unit) := n if startswith(unit, "hour")

rate_hours(n, unit) := n / 60 if startswith(unit, "minute")

# METADATA
# title: Point-in-time recovery off
# description: Without point-in-time recovery, the newest restorable state is the last snapshot.
# custom:
#   id: PC-BKP-013
#   severity: high
#   remediation: RDS - set backup_retention_period >= 7. DynamoDB - enable point_in_time_recovery.
#   inputs: [terraform, pulumi, cdktf]
#   resource_types: [aws_db_instance, aws_rds_cluster, aws_dynamodb_table]
deny contains f if {
	some r in input.resources
	r.type in {"aws_db_instance", "aws_rds_cluster"}
	lib.live(r)
	lib.maybe_production(r)
	lib.get(r.after, "backup_retention_period", 1) == 0
	f := lib.finding(r, sprintf("%s has automated backups and point-in-time recovery off (backup_retention_period = 0)", [lib.label(r)]))
}

# METADATA
# title: Point-in-time recovery off
# description: A DynamoDB table without point-in-time recovery can only be restored from on-demand backups.
# custom:
#   id: PC-BKP-013
#   severity: high
#   remediation: Add point_in_time_recovery { enabled = true } to the table.
deny contains f if {
	some r in input.resources
	r.type == "aws_dynamodb_table"
	lib.live(r)
	lib.maybe_production(r)
	not pitr_on(r)
	not lib.unknown_under(r, ["point_in_time_recovery"])
	f := lib.finding(r, sprintf("%s has point-in-time recovery off", [lib.label(r)]))
}

pitr_on(r) if {
	some p in lib.blocks(r.after, "point_in_time_recovery")
	lib.get(p, "enabled", false) == true
}
