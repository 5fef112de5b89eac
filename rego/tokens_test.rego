package policy_check.tokens_test

import data.policy_check.lib.testing as t
import data.policy_check.tokens
import rego.v1

incident_token := t.token("railway", "RAILWAY_TOKEN", {
	"holder": {"kind": "agent", "name": "coding-agent"},
	"environments": ["*"],
	"operations": ["*"],
	"resources": ["*"],
	"expires": false,
	"ttl_seconds": null,
	"storage": {"kind": "repo-file", "location": "services/billing/.env", "in_repository": true},
})

scoped_token := t.token("railway", "RAILWAY_STAGING_DEPLOY", {
	"holder": {"kind": "ci", "name": "deploy-staging"},
	"environments": ["staging"],
	"operations": ["deploymentTrigger", "serviceInstanceRedeploy"],
	"resources": ["project/app/environment/staging"],
	"expires": true,
	"ttl_seconds": 3600,
})

ids(findings) := {id | some f in findings; id := f.msg}

test_incident_token_fails_every_rule if {
	findings := tokens.deny with input as t.input_of([], [incident_token])
	msgs := concat("\n", [f.msg | some f in findings])
	contains(msgs, "allows every operation")
	contains(msgs, "applies to every resource")
	contains(msgs, "reaches every environment")
	contains(msgs, "allows destructive operations")
	contains(msgs, "never expires")
	contains(msgs, "repository file")
}

test_scoped_token_passes if {
	count(tokens.deny) == 0 with input as t.input_of([], [scoped_token])
}

test_destructive_operation_by_name if {
	tk := object.union(scoped_token, {"operations": ["volumeDelete"]})
	some f in tokens.deny with input as t.input_of([], [tk])
	contains(f.msg, "volumeDelete")
}

test_destructive_pattern if {
	tk := object.union(scoped_token, {"provider": "aws", "operations": ["ec2:Delete*"]})
	some f in tokens.deny with input as t.input_of([], [tk])
	contains(f.msg, "destructive")
}

test_destructive_operations_held_by_human_are_not_flagged_as_automation if {
	tk := object.union(scoped_token, {"holder": {"kind": "human", "name": "alice"}, "operations": ["volumeDelete"]})
	count([f | some f in tokens.deny; contains(f.msg, "destructive")]) == 0 with input as t.input_of([], [tk])
}

test_lifetime_over_90_days if {
	tk := object.union(scoped_token, {"ttl_seconds": 200 * 86400})
	some f in tokens.deny with input as t.input_of([], [tk])
	contains(f.msg, "lives 200 days")
}

test_shared_production_and_staging if {
	tk := object.union(scoped_token, {"environments": ["production", "staging"]})
	some f in tokens.deny with input as t.input_of([], [tk])
	contains(f.msg, "shared between production and staging")
}
