package policy_check.environments_test

import data.policy_check.environments
import data.policy_check.lib.testing as t
import rego.v1

staging_input(resources, toks) := object.union(t.input_of(resources, toks), {"sources": [t.source("s1", "staging")]})

test_staging_plan_changing_production if {
	v := t.resource("aws_ebs_volume", "aws_ebs_volume.data", "delete", {"size": 10})
	some f in environments.deny with input as staging_input([v], [])
	contains(f.msg, "changed (delete) by a staging plan")
}

test_production_plan_changing_production_passes if {
	v := t.resource("aws_ebs_volume", "aws_ebs_volume.data", "delete", {"size": 10})
	count(environments.deny) == 0 with input as t.input_of([v], [])
}

test_staging_plan_reading_production_passes if {
	v := t.resource("aws_ebs_volume", "aws_ebs_volume.data", "no-op", {"size": 10})
	count(environments.deny) == 0 with input as staging_input([v], [])
}

plan_with_copy(dest) := t.resource("aws_backup_plan", "aws_backup_plan.main", "create", {"rule": [{"rule_name": "daily", "copy_action": [{"destination_vault_arn": dest}]}]})

test_backup_copies_in_same_account if {
	p := plan_with_copy("arn:aws:backup:eu-central-1:111111111111:backup-vault:copy")
	some f in environments.deny with input as t.input_of([p], [])
	contains(f.msg, "only within the production account")
}

test_backup_copies_to_backup_account_pass if {
	p := plan_with_copy("arn:aws:backup:eu-central-1:222222222222:backup-vault:copy")
	count(environments.deny) == 0 with input as t.input_of([p], [])
}

test_staging_token_reaching_production if {
	tk := t.token("aws", "deploy-staging", {"environments": ["staging", "production"]})
	some f in environments.deny with input as t.input_of([], [tk])
	contains(f.msg, "can reach production")
}

test_staging_token_scoped_passes if {
	tk := t.token("aws", "deploy-staging", {"environments": ["staging"]})
	count(environments.deny) == 0 with input as t.input_of([], [tk])
}

# --- found by the fixture matrix ---

test_production_copies_to_new_vault_in_same_account if {
	vault := object.union(t.resource("aws_backup_vault", "aws_backup_vault.dr", "create", {"name": "dr"}), {"region": "eu-central-1"})
	p := object.union(
		t.resource("aws_backup_plan", "aws_backup_plan.main", "create", {"rule": [{"rule_name": "daily", "target_vault_name": "main", "copy_action": [{"destination_vault_arn": "(known after apply)"}]}]}),
		{"depends_on": ["aws_backup_vault.dr"], "unknown": [["rule", 0, "copy_action", 0, "destination_vault_arn"]]},
	)
	some f in environments.deny with input as t.input_of([p, vault], [])
	contains(f.msg, "only within the production account 111111111111")
}

test_production_copies_in_pulumi_shape if {
	p := t.resource("aws_backup_plan", "aws_backup_plan.main", "create", {"rules": [{"rule_name": "daily", "copy_actions": [{"destination_vault_arn": "arn:aws:backup:eu-central-1:111111111111:backup-vault:dr"}]}]})
	some f in environments.deny with input as t.input_of([p], [])
	contains(f.msg, "only within the production account")
}
