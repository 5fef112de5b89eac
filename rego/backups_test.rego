package policy_check.backups_test

import data.policy_check.backups_colocated as colo
import data.policy_check.backups_coverage as cov
import data.policy_check.lib.testing as t
import rego.v1

plan(rules) := t.resource("aws_backup_plan", "aws_backup_plan.main", "create", {"name": "main", "rule": rules})

test_backup_plan_without_copy if {
	p := plan([{"rule_name": "daily", "target_vault_name": "main", "schedule": "cron(0 5 * * ? *)", "lifecycle": [{"delete_after": 14}]}])
	some f in colo.deny with input as t.input_of([p], [])
	contains(f.msg, "no copy_action")
}

test_backup_copy_in_same_region_and_account if {
	p := plan([{"rule_name": "daily", "copy_action": [{"destination_vault_arn": "arn:aws:backup:eu-west-1:111111111111:backup-vault:other"}]}])
	some f in colo.deny with input as t.input_of([p], [])
	contains(f.msg, "only within eu-west-1")
}

test_backup_copy_to_other_region_passes_colocation if {
	p := plan([{"rule_name": "daily", "copy_action": [{"destination_vault_arn": "arn:aws:backup:eu-central-1:222222222222:backup-vault:dr"}]}])
	count(colo.deny) == 0 with input as t.input_of([p], [])
}

test_production_vault_without_lock if {
	v := t.resource("aws_backup_vault", "aws_backup_vault.main", "create", {"name": "main"})
	some f in colo.deny with input as t.input_of([v], [])
	contains(f.msg, "without a vault lock")
}

test_production_vault_with_lock_passes if {
	v := t.resource("aws_backup_vault", "aws_backup_vault.main", "create", {"name": "main"})
	l := t.resource("aws_backup_vault_lock_configuration", "aws_backup_vault_lock_configuration.main", "create", {"backup_vault_name": "main", "min_retention_days": 7})
	count(colo.deny) == 0 with input as t.input_of([v, l], [])
}

test_rds_delete_automated_backups_default if {
	db := t.resource("aws_db_instance", "aws_db_instance.orders", "create", {"arn": "arn:aws:rds:eu-west-1:111111111111:db:orders", "backup_retention_period": 14})
	msgs := concat("\n", [f.msg | some f in colo.deny with input as t.input_of([db], [])])
	contains(msgs, "deletes its automated backups")
	contains(msgs, "not replicated to another region")
}

test_rds_with_replication_passes if {
	db := t.resource("aws_db_instance", "aws_db_instance.orders", "create", {"arn": "arn:aws:rds:eu-west-1:111111111111:db:orders", "delete_automated_backups": false})
	rep := object.union(t.resource("aws_db_instance_automated_backups_replication", "aws_db_instance_automated_backups_replication.orders", "create", {"source_db_instance_arn": "arn:aws:rds:eu-west-1:111111111111:db:orders"}), {"region": "eu-central-1"})
	count(colo.deny) == 0 with input as t.input_of([db, rep], [])
}

test_dlm_without_cross_region_copy if {
	p := t.resource("aws_dlm_lifecycle_policy", "aws_dlm_lifecycle_policy.snapshots", "create", {"policy_details": [{"schedule": [{"name": "daily", "cross_region_copy_rule": []}]}]})
	some f in colo.deny with input as t.input_of([p], [])
	contains(f.msg, "source region")
}

test_backup_bucket_without_replication if {
	b := t.resource("aws_s3_bucket", "aws_s3_bucket.db_backups", "create", {"bucket": "acme-db-backups"})
	some f in colo.deny with input as t.input_of([b], [])
	contains(f.msg, "does not replicate")
}

test_cloud_sql_backups_in_own_region if {
	s := t.resource("google_sql_database_instance", "google_sql_database_instance.main", "create", {"region": "europe-west1", "settings": [{"backup_configuration": [{"enabled": true, "location": "europe-west1"}]}]})
	some f in colo.deny with input as t.input_of([s], [])
	contains(f.msg, "own region")
}

test_recovery_vault_lrs if {
	v := t.resource("azurerm_recovery_services_vault", "azurerm_recovery_services_vault.main", "create", {"storage_mode_type": "LocallyRedundant"})
	some f in colo.deny with input as t.input_of([v], [])
	contains(f.msg, "LocallyRedundant")
}

test_volume_level_backups_only if {
	v := t.resource("railway_volume", "railway_volume.pgdata", "create", {"id": "vol-1", "backup_schedules": ["DAILY"]})
	some f in colo.deny with input as t.input_of([v], [])
	contains(f.msg, "on the volume itself")
}

test_short_retention if {
	p := plan([{"rule_name": "daily", "schedule": "cron(0 5 * * ? *)", "lifecycle": [{"delete_after": 3}], "copy_action": [{"destination_vault_arn": "arn:aws:backup:eu-central-1:222222222222:backup-vault:dr"}]}])
	some f in cov.deny with input as t.input_of([p], [])
	contains(f.msg, "after 3 days")
}

test_weekly_schedule if {
	p := plan([{"rule_name": "weekly", "schedule": "cron(0 5 ? * SUN *)", "lifecycle": [{"delete_after": 30}]}])
	some f in cov.deny with input as t.input_of([p], [])
	contains(f.msg, "less often than daily")
}

test_daily_schedule_passes if {
	p := plan([{"rule_name": "daily", "schedule": "cron(0 5 * * ? *)", "lifecycle": [{"delete_after": 30}]}])
	count([f | some f in cov.deny; contains(f.msg, "less often")]) == 0 with input as t.input_of([p], [])
}

test_pitr_off if {
	db := t.resource("aws_db_instance", "aws_db_instance.orders", "create", {"backup_retention_period": 0})
	some f in cov.deny with input as t.input_of([db], [])
	contains(f.msg, "point-in-time recovery off")
}

test_dynamodb_pitr_off if {
	tb := t.resource("aws_dynamodb_table", "aws_dynamodb_table.events", "create", {"name": "events", "point_in_time_recovery": [{"enabled": false}]})
	some f in cov.deny with input as t.input_of([tb], [])
	contains(f.msg, "point-in-time recovery off")
}

test_production_volume_not_covered if {
	v := t.resource("aws_ebs_volume", "aws_ebs_volume.data", "create", {"arn": "arn:aws:ec2:eu-west-1:111111111111:volume/vol-1"})
	s := t.resource("aws_backup_selection", "aws_backup_selection.db", "create", {"resources": ["arn:aws:rds:eu-west-1:111111111111:db:orders"], "selection_tag": []})
	some f in cov.deny with input as t.input_of([v, s], [])
	contains(f.msg, "no backup selection covers it")
}

test_production_volume_covered_by_tag if {
	v := t.resource("aws_ebs_volume", "aws_ebs_volume.data", "create", {"arn": "arn:aws:ec2:eu-west-1:111111111111:volume/vol-1", "tags": {"backup": "daily"}})
	s := t.resource("aws_backup_selection", "aws_backup_selection.tagged", "create", {"resources": [], "selection_tag": [{"type": "STRINGEQUALS", "key": "backup", "value": "daily"}]})
	count([f | some f in cov.deny; contains(f.msg, "covers")]) == 0 with input as t.input_of([v, s], [])
}
