package policy_check.deletion_protection_test

import data.policy_check.deletion_protection as dp
import data.policy_check.lib.testing as t
import rego.v1

protected_db := t.resource("aws_db_instance", "aws_db_instance.orders", "create", {"deletion_protection": true, "skip_final_snapshot": false})

test_database_without_deletion_protection if {
	db := t.resource("aws_db_instance", "aws_db_instance.orders", "create", {"deletion_protection": false})
	findings := dp.deny with input as t.input_of([db], [])
	some f in findings
	contains(f.msg, "deletion_protection off")
	f.severity == "high"
}

test_protected_database_passes if {
	count(dp.deny) == 0 with input as t.input_of([protected_db], [])
}

test_missing_attribute_counts_as_off if {
	tbl := t.resource("aws_dynamodb_table", "aws_dynamodb_table.events", "create", {"name": "events"})
	some f in dp.deny with input as t.input_of([tbl], [])
	contains(f.msg, "deletion_protection_enabled off")
}

test_unknown_protection_is_undecided if {
	db := object.union(t.resource("aws_db_instance", "aws_db_instance.orders", "create", {"deletion_protection": "(known after apply)"}), {"unknown": [["deletion_protection"]]})
	findings := dp.deny with input as t.input_of([db], [])
	count(findings) == 1
	some f in findings
	f.undecided
}

test_staging_finding_is_medium if {
	db := object.union(t.resource("aws_db_instance", "aws_db_instance.orders", "create", {"deletion_protection": false}), {"environment": "staging"})
	some f in dp.deny with input as t.input_of([db], [])
	f.severity == "medium"
}

test_google_sql_defaults_to_protected if {
	sql := t.resource("google_sql_database_instance", "google_sql_database_instance.main", "create", {"name": "main", "region": "europe-west1"})
	count(dp.deny) == 0 with input as t.input_of([sql], [])
}

test_skip_final_snapshot if {
	db := t.resource("aws_db_instance", "aws_db_instance.orders", "create", {"deletion_protection": true, "skip_final_snapshot": true})
	some f in dp.deny with input as t.input_of([db], [])
	contains(f.msg, "final snapshot")
}

test_force_destroy_bucket if {
	b := t.resource("aws_s3_bucket", "aws_s3_bucket.backups", "update", {"bucket": "backups", "force_destroy": true})
	some f in dp.deny with input as t.input_of([b], [])
	contains(f.msg, "force_destroy")
}

test_volume_without_prevent_destroy_when_known if {
	v := object.union(t.resource("aws_ebs_volume", "aws_ebs_volume.data", "create", {"size": 10}), {"protection": {"prevent_destroy": false, "deletion_protection": null, "protect": null, "retain_on_delete": null, "source": "hcl"}})
	some f in dp.deny with input as t.input_of([v], [])
	contains(f.msg, "prevent_destroy")
	not f.undecided
}

test_volume_prevent_destroy_unknown_is_undecided if {
	v := t.resource("aws_ebs_volume", "aws_ebs_volume.data", "create", {"size": 10})
	some f in dp.deny with input as t.input_of([v], [])
	f.undecided
	contains(f.msg, "--tf-dir")
}

test_volume_with_prevent_destroy_passes if {
	v := object.union(t.resource("aws_ebs_volume", "aws_ebs_volume.data", "create", {"size": 10}), {"protection": {"prevent_destroy": true, "deletion_protection": null, "protect": null, "retain_on_delete": null, "source": "hcl"}})
	count(dp.deny) == 0 with input as t.input_of([v], [])
}

test_pulumi_unprotected_database if {
	db := object.union(t.resource("aws_db_instance", "urn:pulumi:prod::app::aws:rds/instance:Instance::orders", "create", {"deletion_protection": true}), {"tool": "pulumi", "protection": {"prevent_destroy": null, "deletion_protection": true, "protect": false, "retain_on_delete": null, "source": "pulumi"}})
	some f in dp.deny with input as t.input_of([db], [])
	contains(f.msg, "not protected")
}

test_azure_database_without_lock if {
	db := t.resource("azurerm_mssql_database", "azurerm_mssql_database.main", "create", {"id": "/subscriptions/1/resourceGroups/rg/providers/Microsoft.Sql/servers/s/databases/main", "resource_group_name": "rg"})
	some f in dp.deny with input as t.input_of([db], [])
	contains(f.msg, "CanNotDelete")
}

test_azure_database_with_group_lock_passes if {
	db := t.resource("azurerm_mssql_database", "azurerm_mssql_database.main", "create", {"id": "/subscriptions/1/resourceGroups/rg/providers/Microsoft.Sql/servers/s/databases/main", "resource_group_name": "rg"})
	lock := t.resource("azurerm_management_lock", "azurerm_management_lock.rg", "create", {"lock_level": "CanNotDelete", "scope": "/subscriptions/1/resourceGroups/rg"})
	count(dp.deny) == 0 with input as t.input_of([db, lock], [])
}

test_deleted_resources_are_left_to_destructive_policy if {
	db := t.resource("aws_db_instance", "aws_db_instance.orders", "delete", {"deletion_protection": false})
	count(dp.deny) == 0 with input as t.input_of([db], [])
}

# --- found by the fixture matrix ---

test_null_attribute_counts_as_off if {
	db := t.resource("aws_db_instance", "aws_db_instance.orders", "create", {"deletion_protection": null, "skip_final_snapshot": false})
	some f in dp.deny with input as t.input_of([db], [])
	contains(f.msg, "deletion_protection off")
}

test_undecided_protection_carries_the_policy_id if {
	# every rule body has its own METADATA: the undecided finding is PC-DP-001 too, not an anonymous rule
	db := object.union(t.resource("aws_db_instance", "aws_db_instance.orders", "create", {"deletion_protection": "(known after apply)", "skip_final_snapshot": false}), {"unknown": [["deletion_protection"]]})
	some f in dp.deny with input as t.input_of([db], [])
	f.undecided
}

test_retain_on_delete_protects_pulumi_resources if {
	v := object.union(t.resource("aws_ebs_volume", "aws_ebs_volume.data", "create", {"size": 10}), {"tool": "pulumi", "protection": {"prevent_destroy": null, "deletion_protection": null, "protect": false, "retain_on_delete": true, "source": "pulumi"}})
	count(dp.deny) == 0 with input as t.input_of([v], [])
}

test_read_only_lock_also_prevents_deletion if {
	disk := t.resource("azurerm_managed_disk", "azurerm_managed_disk.data", "create", {"resource_group_name": "rg-data"})
	lock := t.resource("azurerm_management_lock", "azurerm_management_lock.rg", "create", {"scope": "/subscriptions/0000/resourceGroups/rg-data", "lock_level": "ReadOnly"})
	count(lock_findings) == 0 with input as t.input_of([disk, lock], [])
}

lock_findings contains f if {
	some f in dp.deny
	contains(f.msg, "lock")
}

test_lock_on_new_resource_group_of_the_input if {
	rg := t.resource("azurerm_resource_group", "azurerm_resource_group.data", "create", {"name": "rg-data", "id": "(known after apply)"})
	disk := t.resource("azurerm_managed_disk", "azurerm_managed_disk.data", "create", {"resource_group_name": "rg-data"})
	lock := object.union(t.resource("azurerm_management_lock", "azurerm_management_lock.rg", "create", {"scope": "(known after apply)", "lock_level": "CanNotDelete"}), {"unknown": [["scope"]], "depends_on": ["azurerm_resource_group.data"]})
	count(lock_findings) == 0 with input as t.input_of([rg, disk, lock], [])
}

test_lock_of_unknown_scope_from_outside_is_undecided if {
	disk := t.resource("azurerm_managed_disk", "azurerm_managed_disk.data", "create", {"resource_group_name": "rg-data"})
	lock := object.union(t.resource("azurerm_management_lock", "azurerm_management_lock.rg", "create", {"scope": "(known after apply)", "lock_level": "CanNotDelete"}), {"unknown": [["scope"]]})
	findings := lock_findings with input as t.input_of([disk, lock], [])
	count(findings) == 1
	some f in findings
	f.undecided
}

test_removed_from_management_is_not_checked if {
	v := object.union(t.resource("aws_ebs_volume", "aws_ebs_volume.data", "delete", {"size": 10}), {"action": "forget", "actions": ["forget"], "destroys": false})
	count(dp.deny) == 0 with input as t.input_of([v], [])
}
