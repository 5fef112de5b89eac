package policy_check.backups_test

import data.policy_check.backups_colocated as colo
import data.policy_check.backups_coverage as cov
import data.policy_check.lib.resources as lib
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

test_machine_level_backups_only if {
	v := t.resource("hcloud_server", "hcloud_server.db", "create", {"name": "db", "backups": true})
	some f in colo.deny with input as t.input_of([v], [])
	contains(f.msg, "with the machine itself")
}

test_machine_level_backups_with_offsite_label_pass if {
	v := t.resource("hcloud_server", "hcloud_server.db", "create", {"name": "db", "backups": true, "labels": {"backup-offsite": "s3"}})
	count(colo.deny) == 0 with input as t.input_of([object.union(v, {"tags": {"backup-offsite": "s3"}})], [])
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

# --- shapes of the three tools, unknowns and references (found by the fixture matrix) ---

# a resource the given resources reference (depends_on, as the readers fill it)
referencing(r, targets) := object.union(r, {"depends_on": [x.address | some x in targets]})

unknown_at(r, paths) := object.union(r, {"unknown": paths})

test_blocks_reads_lists_objects_and_plural_names if {
	lib.blocks({"rule": [{"a": 1}]}, "rule") == [{"a": 1}]
	lib.blocks({"rule": {"a": 1}}, "rule") == [{"a": 1}]
	lib.blocks({"rules": [{"a": 1}]}, "rule") == [{"a": 1}]
	lib.blocks({"rule": null}, "rule") == []
	lib.blocks({}, "rule") == []
}

test_get_treats_null_as_absent if {
	lib.get({"x": null}, "x", 7) == 7
	lib.get({"x": false}, "x", 7) == false
	lib.get({}, "x", 7) == 7
}

test_copy_to_new_vault_in_same_region_fails if {
	vault := t.resource("aws_backup_vault", "aws_backup_vault.second", "create", {"name": "second", "arn": "(known after apply)"})
	p := referencing(plan([{"rule_name": "daily", "target_vault_name": "main", "copy_action": [{"destination_vault_arn": "(known after apply)"}]}]), [vault])
	some f in colo.deny with input as t.input_of([unknown_at(p, [["rule", 0, "copy_action", 0, "destination_vault_arn"]]), vault], [])
	contains(f.msg, "only within eu-west-1")
}

test_copy_to_new_vault_in_other_region_passes if {
	vault := object.union(t.resource("aws_backup_vault", "aws_backup_vault.dr", "create", {"name": "dr"}), {"region": "eu-central-1", "environment": "backup"})
	p := referencing(plan([{"rule_name": "daily", "target_vault_name": "main", "copy_action": [{"destination_vault_arn": "(known after apply)"}]}]), [vault])
	count([f | some f in colo.deny; f.resource == p.address]) == 0 with input as t.input_of([p, vault], [])
}

test_copy_destination_from_outside_is_undecided if {
	p := plan([{"rule_name": "daily", "target_vault_name": "main", "copy_action": [{"destination_vault_arn": "(known after apply)"}]}])
	findings := colo.deny with input as t.input_of([unknown_at(p, [["rule", 0, "copy_action", 0, "destination_vault_arn"]])], [])
	count(findings) == 1
	some f in findings
	f.undecided
}

test_lock_referencing_vault_passes if {
	v := t.resource("aws_backup_vault", "aws_backup_vault.main", "create", {"name": "main"})
	l := referencing(t.resource("aws_backup_vault_lock_configuration", "aws_backup_vault_lock_configuration.main", "create", {"backup_vault_name": "(known after apply)"}), [v])
	count(colo.deny) == 0 with input as t.input_of([v, l], [])
}

test_replication_of_another_database_does_not_count if {
	orders := t.resource("aws_db_instance", "aws_db_instance.orders", "create", {"arn": "(known after apply)", "delete_automated_backups": false})
	billing := t.resource("aws_db_instance", "aws_db_instance.billing", "create", {"arn": "(known after apply)", "delete_automated_backups": false})
	rep := referencing(t.resource("aws_db_instance_automated_backups_replication", "aws_db_instance_automated_backups_replication.billing", "create", {"source_db_instance_arn": "(known after apply)"}), [billing])
	findings := colo.deny with input as t.input_of([unknown_at(orders, [["arn"]]), unknown_at(billing, [["arn"]]), unknown_at(rep, [["source_db_instance_arn"]])], [])
	some f in findings
	f.resource == "aws_db_instance.orders"
	not billing_reported(findings)
}

billing_reported(findings) if {
	some f in findings
	f.resource == "aws_db_instance.billing"
}

test_aurora_deleting_automated_backups if {
	c := t.resource("aws_rds_cluster", "aws_rds_cluster.orders", "create", {"delete_automated_backups": true})
	some f in colo.deny with input as t.input_of([c], [])
	contains(f.msg, "deletes its automated backups")
}

test_dlm_share_rule_is_not_a_copy if {
	p := t.resource("aws_dlm_lifecycle_policy", "aws_dlm_lifecycle_policy.snapshots", "create", {"policy_details": {"schedule": [{"name": "daily", "share_rule": {"target_accounts": ["222222222222"]}}]}})
	some f in colo.deny with input as t.input_of([p], [])
	contains(f.msg, "source region")
}

test_dlm_copy_by_target_region_passes if {
	p := t.resource("aws_dlm_lifecycle_policy", "aws_dlm_lifecycle_policy.snapshots", "create", {"policy_details": [{"schedule": [{"name": "daily", "cross_region_copy_rule": [{"target": "", "target_region": "us-west-2"}]}]}]})
	count(colo.deny) == 0 with input as t.input_of([p], [])
}

test_dlm_copy_to_own_region_fails if {
	p := t.resource("aws_dlm_lifecycle_policy", "aws_dlm_lifecycle_policy.snapshots", "create", {"policy_details": [{"schedule": [{"name": "daily", "cross_region_copy_rule": [{"target": "eu-west-1"}]}]}]})
	some f in colo.deny with input as t.input_of([p], [])
	contains(f.msg, "source region")
}

test_backup_bucket_replication_by_reference_passes if {
	b := t.resource("aws_s3_bucket", "aws_s3_bucket.db_backups", "create", {"bucket": "acme-db-backups"})
	x := referencing(t.resource("aws_s3_bucket_replication_configuration", "aws_s3_bucket_replication_configuration.db_backups", "create", {"bucket": "(known after apply)", "rule": [{"status": "Enabled"}]}), [b])
	count(colo.deny) == 0 with input as t.input_of([b, unknown_at(x, [["bucket"]])], [])
}

test_selection_referencing_volume_covers_it if {
	v := unknown_at(t.resource("aws_ebs_volume", "aws_ebs_volume.data", "create", {"arn": "(known after apply)"}), [["arn"]])
	s := referencing(t.resource("aws_backup_selection", "aws_backup_selection.data", "create", {"resources": ["(known after apply)"]}), [v])
	count(cov.deny) == 0 with input as t.input_of([v, unknown_at(s, [["resources", 0]])], [])
}

test_selection_of_unknown_resources_from_outside_is_undecided if {
	v := t.resource("aws_ebs_volume", "aws_ebs_volume.data", "create", {"arn": "arn:aws:ec2:eu-west-1:111111111111:volume/vol-1"})
	s := t.resource("aws_backup_selection", "aws_backup_selection.data", "create", {"resources": ["(known after apply)"]})
	findings := cov.deny with input as t.input_of([v, unknown_at(s, [["resources", 0]])], [])
	count(findings) == 1
	some f in findings
	f.undecided
}

test_efs_backup_policy_backs_up_file_system if {
	fs := t.resource("aws_efs_file_system", "aws_efs_file_system.shared", "create", {"id": "(known after apply)"})
	p := referencing(t.resource("aws_efs_backup_policy", "aws_efs_backup_policy.shared", "create", {"backup_policy": {"status": "ENABLED"}}), [fs])
	count(cov.deny) == 0 with input as t.input_of([fs, p], [])
}

test_dynamodb_pitr_object_shape_passes if {
	tb := t.resource("aws_dynamodb_table", "aws_dynamodb_table.events", "create", {"name": "events", "point_in_time_recovery": {"enabled": true}})
	count(cov.deny) == 0 with input as t.input_of([tb], [])
}

test_copy_retention_too_short if {
	p := plan([{"rule_name": "daily", "schedule": "cron(0 5 * * ? *)", "lifecycle": [{"delete_after": 35}], "copy_action": [{"destination_vault_arn": "arn:aws:backup:eu-central-1:222222222222:backup-vault:dr", "lifecycle": [{"delete_after": 3}]}]}])
	some f in cov.deny with input as t.input_of([p], [])
	contains(f.msg, "the copies to arn:aws:backup:eu-central-1:222222222222:backup-vault:dr after 3 days")
}

test_dlm_short_retention if {
	p := t.resource("aws_dlm_lifecycle_policy", "aws_dlm_lifecycle_policy.snapshots", "create", {"policy_details": [{"schedule": [{"name": "daily", "create_rule": [{"interval": 24, "interval_unit": "HOURS"}], "retain_rule": [{"count": 3}]}]}]})
	some f in cov.deny with input as t.input_of([p], [])
	contains(f.msg, "keeps snapshots 3 day(s)")
}

test_dlm_twice_daily_fourteen_snapshots_is_a_week if {
	p := t.resource("aws_dlm_lifecycle_policy", "aws_dlm_lifecycle_policy.snapshots", "create", {"policy_details": [{"schedule": [{"name": "twice-daily", "create_rule": [{"interval": 12, "interval_unit": "HOURS", "cron_expression": ""}], "retain_rule": [{"count": 14, "interval": 0, "interval_unit": ""}]}]}]})
	count(cov.deny) == 0 with input as t.input_of([p], [])
}

test_dlm_weekly_schedule if {
	p := t.resource("aws_dlm_lifecycle_policy", "aws_dlm_lifecycle_policy.snapshots", "create", {"policy_details": [{"schedule": [{"name": "weekly", "create_rule": [{"cron_expression": "cron(0 3 ? * SUN *)"}], "retain_rule": [{"interval": 4, "interval_unit": "WEEKS"}]}]}]})
	some f in cov.deny with input as t.input_of([p], [])
	contains(f.msg, "less often than daily")
}

test_staging_retention_is_not_checked if {
	db := object.union(t.resource("aws_db_instance", "aws_db_instance.orders", "create", {"backup_retention_period": 1}), {"environment": "staging"})
	count(cov.deny) == 0 with input as t.input_of([db], [])
}

test_forgotten_resources_are_not_checked if {
	v := object.union(t.resource("aws_ebs_volume", "aws_ebs_volume.data", "delete", {"size": 10}), {"action": "forget", "actions": ["forget"], "destroys": false})
	count(cov.deny) == 0 with input as t.input_of([v], [])
}

test_config_address_drops_instance_keys if {
	lib.config_address(`module.db["eu"].aws_db_instance.main[0]`) == "module.db.aws_db_instance.main"
	lib.config_address(`aws_ebs_volume.data["a]b"]`) == "aws_ebs_volume.data"
	lib.config_address("aws_ebs_volume.data") == "aws_ebs_volume.data"
}

test_selection_referencing_counted_volume_covers_it if {
	v := unknown_at(t.resource("aws_ebs_volume", "aws_ebs_volume.data[0]", "create", {"arn": "(known after apply)"}), [["arn"]])
	s := object.union(t.resource("aws_backup_selection", "aws_backup_selection.data", "create", {"resources": ["(known after apply)"]}), {"depends_on": ["aws_ebs_volume.data"], "unknown": [["resources", 0]]})
	count(cov.deny) == 0 with input as t.input_of([v, s], [])
}
