package policy_check.destructive_changes_test

import data.policy_check.destructive_changes
import data.policy_check.lib.testing as t
import rego.v1

test_delete_of_database_needs_approval if {
	db := t.resource("aws_db_instance", "aws_db_instance.orders", "delete", {"identifier": "orders"})
	findings := destructive_changes.deny with input as t.input_of([db], [])
	some f in findings
	f.needs_approval
	f.resource == "aws_db_instance.orders"
	contains(f.msg, "will be deleted")
}

test_replacement_of_volume_is_destructive if {
	v := t.resource("aws_ebs_volume", "aws_ebs_volume.data", "replace", {"size": 100})
	findings := destructive_changes.deny with input as t.input_of([v], [])
	some f in findings
	contains(f.msg, "will be replaced")
}

test_update_of_database_is_not_destructive if {
	db := t.resource("aws_db_instance", "aws_db_instance.orders", "update", {"identifier": "orders"})
	count(destructive_changes.deny) == 0 with input as t.input_of([db], [])
}

test_delete_of_stateless_resource_passes if {
	sg := t.resource("aws_security_group", "aws_security_group.web", "delete", {})
	count(destructive_changes.deny) == 0 with input as t.input_of([sg], [])
}

test_backup_vault_deletion_needs_approval if {
	v := t.resource("aws_backup_vault", "aws_backup_vault.main", "delete", {"name": "main"})
	findings := destructive_changes.deny with input as t.input_of([v], [])
	count(findings) == 1
	some f in findings
	contains(f.msg, "recovery points")
}

test_kms_key_deletion_needs_approval if {
	k := t.resource("aws_kms_key", "aws_kms_key.backups", "delete", {"is_enabled": true})
	findings := destructive_changes.deny with input as t.input_of([k], [])
	some f in findings
	f.needs_approval
}

test_kms_key_disabled_needs_approval if {
	k := object.union(t.resource("aws_kms_key", "aws_kms_key.backups", "update", {"is_enabled": false}), {"before": {"is_enabled": true}})
	findings := destructive_changes.deny with input as t.input_of([k], [])
	some f in findings
	contains(f.msg, "disabled")
}

test_data_sources_are_ignored if {
	d := object.union(t.resource("aws_db_instance", "data.aws_db_instance.x", "delete", {}), {"mode": "data"})
	count(destructive_changes.deny) == 0 with input as t.input_of([d], [])
}

# --- found by the fixture matrix ---

test_forget_is_not_destructive if {
	# Terraform `removed { lifecycle { destroy = false } }`: removed from state, left in place
	v := object.union(t.resource("aws_ebs_volume", "aws_ebs_volume.data", "delete", {"size": 100}), {"action": "forget", "actions": ["forget"], "destroys": false})
	count(destructive_changes.deny) == 0 with input as t.input_of([v], [])
}

test_retained_pulumi_delete_is_not_destructive if {
	v := object.union(t.resource("aws_ebs_volume", "aws_ebs_volume.data", "delete", {"size": 100}), {"tool": "pulumi", "protection": {"prevent_destroy": null, "deletion_protection": null, "protect": false, "retain_on_delete": true, "source": "pulumi"}})
	count(destructive_changes.deny) == 0 with input as t.input_of([v], [])
}

test_kms_key_without_is_enabled_before_is_not_disabled if {
	k := t.resource("aws_kms_key", "aws_kms_key.backups", "update", {"description": "backups"})
	count(destructive_changes.deny) == 0 with input as t.input_of([k], [])
}
