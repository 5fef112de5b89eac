# METADATA
# title: Backups missing, stale or too short
# description: |
#   Production data needs a backup that exists, runs at least daily, is kept long enough to
#   notice a mistake (7 days or more), and allows point-in-time recovery where the service
#   offers it.
package policy_check.backups_coverage

import data.policy_check.lib.resources as lib
import rego.v1

min_retention_days := 7

# types AWS Backup can protect, selected by ARN or by tag
aws_backup_targets := {"aws_db_instance", "aws_rds_cluster", "aws_dynamodb_table", "aws_ebs_volume", "aws_efs_file_system", "aws_s3_bucket", "aws_docdb_cluster", "aws_neptune_cluster", "aws_fsx_lustre_file_system", "aws_fsx_windows_file_system"}

aws_selections contains s if {
	some s in input.resources
	s.type == "aws_backup_selection"
	not s.destroys
}

# METADATA
# title: Production data not covered by any backup selection
# description: A production database, volume, file system, table or bucket that no AWS Backup selection includes has no managed backup.
# custom:
#   id: PC-BKP-010
#   severity: high
#   remediation: Include the resource in an aws_backup_selection (by ARN in resources, or by a tag the selection matches).
deny contains f if {
	some r in input.resources
	r.type in aws_backup_targets
	not r.destroys
	lib.production(r)
	count(aws_selections) > 0
	not covered(r)
	not coverage_unknown(r)
	f := lib.finding(r, sprintf("%s holds production data but no backup selection covers it", [lib.label(r)]))
}

deny contains f if {
	some r in input.resources
	r.type in aws_backup_targets
	not r.destroys
	lib.production(r)
	count(aws_selections) == 0
	not native_backups(r)
	f := lib.finding(r, sprintf("%s holds production data and the plan defines no AWS Backup selection", [lib.label(r)]))
}

# RDS/Aurora with automated backups count as backed up for this rule (retention is checked below)
native_backups(r) if {
	r.type in {"aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster"}
	object.get(r.after, "backup_retention_period", 0) > 0
}

covered(r) if {
	some s in aws_selections
	arn := object.get(r.after, "arn", "")
	arn != ""
	arn in object.get(s.after, "resources", [])
}

covered(r) if {
	some s in aws_selections
	"*" in object.get(s.after, "resources", [])
}

covered(r) if {
	some s in aws_selections
	some t in object.get(s.after, "selection_tag", [])
	upper(object.get(t, "type", "STRINGEQUALS")) == "STRINGEQUALS"
	r.tags[t.key] == t.value
}

# the resource's ARN is only known after apply and some selection lists ARNs
coverage_unknown(r) if {
	lib.unknown(r, ["arn"])
	some s in aws_selections
	lib.unknown(s, ["resources"])
}

# METADATA
# title: Backups kept less than 7 days
# description: A mistake noticed on day 8 cannot be undone when recovery points expire sooner.
# custom:
#   id: PC-BKP-011
#   severity: high
#   remediation: Keep recovery points at least 7 days (lifecycle.delete_after >= 7; backup_retention_period >= 7).
deny contains f if {
	some r in input.resources
	r.type == "aws_backup_plan"
	not r.destroys
	some rule in object.get(r.after, "rule", [])
	some lc in object.get(rule, "lifecycle", [])
	days := object.get(lc, "delete_after", 0)
	days > 0
	days < min_retention_days
	f := lib.finding(r, sprintf("%s rule %q deletes recovery points after %d days", [lib.label(r), object.get(rule, "rule_name", "?"), days]))
}

deny contains f if {
	some r in input.resources
	r.type in {"aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster"}
	not r.destroys
	days := object.get(r.after, "backup_retention_period", 1)
	days > 0
	days < min_retention_days
	f := lib.finding(r, sprintf("%s keeps automated backups %d day(s)", [lib.label(r), days]))
}

# METADATA
# title: Backups run less often than daily
# description: A schedule that runs weekly or monthly loses up to that much data.
# custom:
#   id: PC-BKP-012
#   severity: high
#   remediation: Schedule backups at least daily, e.g. cron(0 5 * * ? *).
deny contains f if {
	some r in input.resources
	r.type == "aws_backup_plan"
	not r.destroys
	some rule in object.get(r.after, "rule", [])
	sched := object.get(rule, "schedule", "")
	less_than_daily(sched)
	f := lib.finding(r, sprintf("%s rule %q runs less often than daily (%s)", [lib.label(r), object.get(rule, "rule_name", "?"), sched]))
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

cron_fields(sched) := split(trim_space(trim_suffix(trim_prefix(sched, "cron("), ")")), " ") if startswith(sched, "cron(")

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
deny contains f if {
	some r in input.resources
	r.type in {"aws_db_instance", "aws_rds_cluster"}
	not r.destroys
	object.get(r.after, "backup_retention_period", 1) == 0
	f := lib.finding(r, sprintf("%s has automated backups and point-in-time recovery off (backup_retention_period = 0)", [lib.label(r)]))
}

deny contains f if {
	some r in input.resources
	r.type == "aws_dynamodb_table"
	not r.destroys
	not pitr_on(r)
	not lib.unknown(r, ["point_in_time_recovery"])
	f := lib.finding(r, sprintf("%s has point-in-time recovery off", [lib.label(r)]))
}

pitr_on(r) if {
	some p in object.get(r.after, "point_in_time_recovery", [])
	p.enabled == true
}
