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

# ---------------------------------------------------------------- credentials of other origins

access_key := t.token("aws", "deploy-bot access key", {
	"credential": "access-key",
	"origin": "plan",
	"address": "aws_iam_access_key.deploy_bot",
	"holder": {"kind": "ci", "name": "deploy-bot"},
	"operations": ["ecs:UpdateService"],
	"resources": ["arn:aws:ecs:eu-west-1:111111111111:service/prod/api"],
	"expires": false,
	"ttl_seconds": null,
	"storage": {"kind": "unknown", "location": null, "in_repository": false},
})

msgs_of(tk) := concat("\n", [f.msg | some f in tokens.deny with input as t.input_of([], [tk])])

test_ci_access_key_instead_of_oidc if {
	contains(msgs_of(access_key), "long-lived aws key held by ci \"deploy-bot\": use OIDC federation instead")
}

test_human_access_key_is_not_a_ci_key if {
	not contains(msgs_of(object.union(access_key, {"holder": {"kind": "human", "name": "alice"}})), "OIDC")
}

test_static_aws_keys_in_ci_secrets if {
	tk := t.token("aws", "AWS_ACCESS_KEY_ID", {"credential": "ci-secret", "origin": "workflow", "holder": {"kind": "ci", "name": "deploy/deploy"}, "details": {"static_cloud_credentials": true}})
	contains(msgs_of(tk), "use OIDC federation")
}

test_oidc_session_is_not_a_static_key if {
	tk := t.token("aws", "deploy role", {"credential": "oidc-role", "origin": "plan", "holder": {"kind": "ci", "name": "repo:acme/app:environment:production"}, "details": {"any_subject": false, "subjects": ["repo:acme/app:environment:production"]}})
	msgs_of(tk) == ""
}

test_configured_ci_key_for_a_cloud if {
	tk := object.union(scoped_token, {"provider": "aws", "expires": false, "ttl_seconds": null, "storage": {"kind": "ci-secret", "location": "AWS_KEY", "in_repository": false}})
	contains(msgs_of(tk), "use OIDC federation")
}

vault := t.token("vault", "deployer", {
	"credential": "vault-token",
	"origin": "plan",
	"address": "vault_token.deployer",
	"operations": ["read"],
	"resources": ["secret/data/app/*"],
	"details": {"root": false, "policies": ["app-read"]},
})

test_vault_root_token if {
	contains(msgs_of(object.union(vault, {"operations": ["*"], "resources": ["*"], "details": {"root": true, "policies": ["root"]}})), "has the root policy")
}

test_vault_token_without_ttl_is_one_finding if {
	tk := object.union(vault, {"expires": false, "ttl_seconds": null})
	msgs := [f.msg | some f in tokens.deny with input as t.input_of([], [tk])]
	msgs == [`vault token "deployer" has no TTL: it never expires`]
}

test_scoped_vault_token_passes if {
	msgs_of(vault) == ""
}

sa_key := t.token("gcp", "ci-deployer@app.iam.gserviceaccount.com key", {
	"credential": "service-account-key",
	"origin": "plan",
	"address": "google_service_account_key.ci",
	"operations": ["roles/run.developer"],
	"resources": ["projects/app"],
	"expires_at": "2026-12-01T00:00:00Z",
	"details": {"roles": ["roles/run.developer"]},
})

test_service_account_key_with_editor if {
	tk := object.union(sa_key, {"operations": ["*", "roles/editor"], "details": {"roles": ["roles/editor", "roles/run.developer"]}})
	contains(msgs_of(tk), "belongs to a service account with roles/editor")
}

test_service_account_key_with_predefined_roles_passes if {
	not contains(msgs_of(sa_key), "service account with")
}

provider := t.token("aws", "provider aws", {
	"credential": "provider-config",
	"origin": "provider",
	"address": "provider.aws",
	"holder": {"kind": "unknown", "name": null},
	"environments": ["production"],
	"operations": [],
	"resources": [],
	"unknown": ["operations", "resources", "expires"],
	"details": {"static_credentials": [], "account_pinned": true, "allowed_account_ids": ["111111111111"]},
})

test_pinned_provider_without_static_credentials_passes if {
	msgs_of(provider) == ""
}

test_unpinned_provider_is_its_own_rule_not_a_multi_environment_token if {
	tk := object.union(provider, {"environments": ["*"], "details": {"static_credentials": [], "account_pinned": false, "allowed_account_ids": null}})
	fs := tokens.deny with input as t.input_of([], [tk])
	count(fs) == 1
	some f in fs
	contains(f.msg, "not pinned to an account")
}

test_provider_static_credentials_through_variables_are_high if {
	tk := object.union(provider, {"details": {"static_credentials": ["access_key", "secret_key"], "account_pinned": true}})
	some f in tokens.deny with input as t.input_of([], [tk])
	f.msg == `aws token "provider aws" is configured with static credentials (access_key, secret_key)`
	f.severity == "high"
}

test_provider_static_credentials_written_are_critical if {
	tk := object.union(provider, {"value_present": true, "details": {"static_credentials": ["access_key", "secret_key"], "account_pinned": true}})
	some f in tokens.deny with input as t.input_of([], [tk])
	endswith(f.msg, "written in the configuration")
	f.severity == "critical"
}

github_token(perms_source, operations) := t.token("github", "GITHUB_TOKEN", {
	"credential": "github-token",
	"origin": "workflow",
	"holder": {"kind": "ci", "name": "deploy/deploy"},
	"environments": [],
	"operations": operations,
	"resources": ["${{ github.repository }}"],
	"details": {"permissions_source": perms_source, "triggers": ["push"], "untrusted_checkout": false, "secrets": []},
})

test_github_token_default_permissions_is_one_finding if {
	fs := tokens.deny with input as t.input_of([], [github_token("default", ["*"])])
	[f.msg | some f in fs] == [`github token "GITHUB_TOKEN" of deploy/deploy has no permissions: block: the repository's default (possibly write-all) applies`]
}

test_github_token_write_all if {
	contains(msgs_of(github_token("job", ["*"])), "is granted write-all (in the job's permissions: block)")
}

test_github_token_scoped_passes if {
	msgs_of(github_token("workflow", ["contents:read", "id-token:write"])) == ""
}

test_untrusted_checkout if {
	tk := object.union(github_token("job", ["contents:read"]), {"details": {"permissions_source": "job", "triggers": ["pull_request_target"], "untrusted_checkout": true, "secrets": ["NPM_TOKEN"]}})
	msgs_of(tk) == "deploy/deploy checks out the pull request's head on pull_request_target and runs it with its token and secrets (NPM_TOKEN)"
}

oidc_role(any_subject, subjects) := t.token("aws", "deploy", {
	"credential": "oidc-role",
	"origin": "plan",
	"address": "aws_iam_role.deploy",
	"holder": {"kind": "ci", "name": "token.actions.githubusercontent.com"},
	"operations": ["ecs:UpdateService"],
	"resources": ["arn:aws:ecs:eu-west-1:111111111111:service/prod/api"],
	"details": {"any_subject": any_subject, "subjects": subjects, "oidc_provider": "token.actions.githubusercontent.com"},
})

test_oidc_role_for_any_subject if {
	contains(msgs_of(oidc_role(true, ["repo:*"])), "can be assumed by any subject of token.actions.githubusercontent.com (sub repo:*)")
}

test_oidc_role_without_sub_condition if {
	contains(msgs_of(oidc_role(true, [])), "(no sub condition)")
}

test_oidc_role_with_one_subject_passes if {
	msgs_of(oidc_role(false, ["repo:acme/app:environment:production"])) == ""
}

test_oidc_role_with_trust_known_after_apply_is_undecided if {
	some f in tokens.deny with input as t.input_of([], [oidc_role(null, [])])
	f.undecided
	contains(f.msg, "only known after apply")
}

test_operations_known_after_apply_are_undecided_for_automation if {
	tk := object.union(access_key, {"operations": [], "resources": [], "unknown": ["operations", "resources"]})
	some f in tokens.deny with input as t.input_of([], [tk])
	f.undecided
	contains(f.msg, "its operations are only known after apply")
}

test_operations_unknown_of_configured_tokens_are_not_reported_as_undecided if {
	tk := object.union(scoped_token, {"operations": [], "unknown": ["operations"]})
	count([f | some f in tokens.deny with input as t.input_of([], [tk]); f.undecided]) == 0
}
