# METADATA
# title: Unscoped credentials
# description: |
#   API tokens are scoped by operation, environment and resource, short-lived, and never broad.
#   A token that can call every operation of a provider, in every environment, is one mistake
#   (or one curious agent) away from deleting production.
package policy_check.tokens

import data.policy_check.lib.tokens as tok
import rego.v1

# METADATA
# title: Token allows every operation or every resource
# description: Wildcard operations give the token everything the provider can do, now and in the future.
# custom:
#   id: PC-TOK-001
#   severity: critical
#   remediation: Issue a token limited to the operations and resources the workload uses (read-only where possible).
#   inputs: [terraform, pulumi, cdktf, tokens]
#   resource_types: ["*"]
deny contains f if {
	some t in input.tokens
	tok.scope_checked(t)
	wild := [op | some op in t.operations; tok.wildcard_operation(op)]
	count(wild) > 0
	f := tok.finding(t, sprintf("%s allows every operation (%s)", [tok.label(t), concat(", ", wild)]))
}

# METADATA
# title: Token allows every operation or every resource
# description: A token over every resource reaches resources created later, in every environment of the account.
# custom:
#   id: PC-TOK-001
#   severity: critical
#   remediation: List the resources (ARNs, zones, projects) the workload uses instead of "*".
deny contains f if {
	some t in input.tokens
	tok.scope_checked(t)
	some res in t.resources
	tok.wildcard_resource(res)
	f := tok.finding(t, sprintf("%s applies to every resource (%s)", [tok.label(t), res]))
}

# METADATA
# title: Token reaches more than one environment
# description: A token that reaches several environments lets work in one (staging) touch another (production).
# custom:
#   id: PC-TOK-002
#   severity: critical
#   remediation: Use one token per environment, each scoped to that environment's project, account or workspace.
#   inputs: [terraform, pulumi, cdktf, tokens]
#   resource_types: ["*"]
deny contains f if {
	some t in input.tokens
	tok.unscoped_environments(t)
	# a provider block's reach is its ambient credentials' (account pinning is PC-TOK-011)
	not tok.credential(t) == "provider-config"
	f := tok.finding(t, sprintf("%s reaches %s", [tok.label(t), envs_text(t)]))
}

envs_text(t) := "every environment" if "*" in t.environments

envs_text(t) := sprintf("environments %s", [concat(", ", sort(t.environments))]) if not "*" in t.environments

# METADATA
# title: Automated holder can run destructive operations
# description: An agent, CI job or service holding a token that can delete volumes, databases or backups can do so without a human.
# custom:
#   id: PC-TOK-003
#   severity: critical
#   remediation: Remove destructive operations from tokens held by automation; route deletions through a reviewed, human-approved change.
#   inputs: [terraform, pulumi, cdktf, tokens]
#   resource_types: ["*"]
deny contains f if {
	some t in input.tokens
	tok.scope_checked(t)
	tok.automated(t)
	ops := tok.destructive_ops(t)
	count(ops) > 0
	f := tok.finding(t, sprintf("%s is held by %s %q and allows destructive operations (%s)", [tok.label(t), t.holder.kind, object.get(t.holder, "name", "?"), concat(", ", sort(ops))]))
}

# METADATA
# title: Automated holder can run destructive operations
# description: The operations of a token minted in the plan are only known after apply (its policy is computed), so whether automation can destroy data cannot be decided yet.
# custom:
#   id: PC-TOK-003
#   severity: critical
#   remediation: Write the token's policy as a literal document (or an aws_iam_policy_document data source) so that it can be reviewed before apply.
deny contains f if {
	some t in input.tokens
	t.origin == "plan"
	tok.automated(t)
	tok.unknown_field(t, "operations")
	count(tok.destructive_ops(t)) == 0
	f := tok.undecided(t, sprintf("%s is held by %s %q: its operations are only known after apply", [tok.label(t), t.holder.kind, object.get(t.holder, "name", "?")]))
}

# METADATA
# title: Token never expires or lives longer than 90 days
# description: Long-lived tokens get copied, forgotten and found; short-lived ones expire before they leak far.
# custom:
#   id: PC-TOK-004
#   severity: critical
#   remediation: Use short-lived credentials (OIDC federation, STS sessions, Vault leases) or set an expiry of 90 days or less and rotate.
#   inputs: [terraform, pulumi, cdktf, tokens]
#   resource_types: ["*"]
deny contains f if {
	some t in input.tokens
	not t.expires
	# Vault tokens without a TTL are PC-TOK-008
	not tok.credential(t) == "vault-token"
	f := tok.finding(t, sprintf("%s never expires", [tok.label(t)]))
}

# METADATA
# title: Token never expires or lives longer than 90 days
# description: Long-lived tokens get copied, forgotten and found; short-lived ones expire before they leak far.
# custom:
#   id: PC-TOK-004
#   severity: critical
#   remediation: Use short-lived credentials (OIDC federation, STS sessions, Vault leases) or set an expiry of 90 days or less and rotate.
deny contains f if {
	some t in input.tokens
	t.expires
	days := tok.lifetime_days(t)
	days > tok.max_lifetime_days
	f := tok.finding(t, sprintf("%s lives %d days (more than %d)", [tok.label(t), round(days), tok.max_lifetime_days]))
}

# METADATA
# title: Token stored in a repository file
# description: A token in a file in the repository is readable by everyone and everything with the repository, including agents working on unrelated tasks.
# custom:
#   id: PC-TOK-005
#   severity: critical
#   remediation: Remove the file from the repository (and its history), revoke the token, and load it from a secret manager or CI secret at run time.
#   inputs: [terraform, tokens]
#   resource_types: ["*"]
deny contains f if {
	some t in input.tokens
	t.storage.in_repository
	f := tok.finding(t, sprintf("%s is stored in a repository file (%s)", [tok.label(t), object.get(t.storage, "location", "?")]))
}

# METADATA
# title: Token shared between production and staging
# description: The same credential used for production and staging makes every staging task a production risk.
# custom:
#   id: PC-TOK-006
#   severity: critical
#   remediation: Issue separate tokens for production and staging; staging tokens must not reach production.
#   inputs: [terraform, pulumi, cdktf, tokens]
#   resource_types: ["*"]
deny contains f if {
	some t in input.tokens
	not tok.credential(t) == "provider-config"
	some p in t.environments
	tok.production_env(p)
	some s in t.environments
	tok.staging_env(s)
	p != s
	f := tok.finding(t, sprintf("%s is shared between %s and %s", [tok.label(t), p, s]))
}

# METADATA
# title: Automation holds long-lived cloud keys instead of federated credentials
# description: |
#   CI jobs and agents can get short-lived cloud credentials per run through OIDC federation
#   (GitHub Actions, GitLab, Terraform Cloud). A static IAM access key or service-account key
#   they hold instead works from anywhere, forever, for whoever copies it.
# custom:
#   id: PC-TOK-007
#   severity: high
#   remediation: Replace the key with OIDC federation (an IAM role trusting the CI provider's OIDC issuer, or GCP workload identity federation), then delete the key.
#   inputs: [terraform, pulumi, cdktf, tokens]
#   resource_types: [aws_iam_access_key, aws_iam_user, google_service_account_key]
deny contains f if {
	some t in input.tokens
	tok.static_cloud_key(t)
	tok.automated(t)
	f := tok.finding(t, sprintf("%s is a long-lived %s key held by %s %q: use OIDC federation instead", [tok.label(t), t.provider, t.holder.kind, object.get(t.holder, "name", "?")]))
}

# METADATA
# title: Vault token with the root policy or without a TTL
# description: A Vault token with the root policy can do everything in Vault, including reading every secret and revoking every lease; one without a TTL (or periodic without a maximum) lives until someone revokes it.
# custom:
#   id: PC-TOK-008
#   severity: critical
#   remediation: Issue Vault tokens from a role with the narrowest policies the workload needs and an explicit_max_ttl; never mint root tokens in Terraform.
#   inputs: [terraform, pulumi]
#   resource_types: [vault_token]
deny contains f if {
	some t in input.tokens
	tok.credential(t) == "vault-token"
	object.get(t, ["details", "root"], false) == true
	f := tok.finding(t, sprintf("%s has the root policy", [tok.label(t)]))
}

# METADATA
# title: Vault token with the root policy or without a TTL
# description: A Vault token without a TTL, or periodic without a maximum, lives until someone revokes it.
# custom:
#   id: PC-TOK-008
#   severity: critical
#   remediation: Set explicit_max_ttl (or a ttl without period) on the token.
deny contains f if {
	some t in input.tokens
	tok.credential(t) == "vault-token"
	not t.expires
	f := tok.finding(t, sprintf("%s has no TTL: it never expires", [tok.label(t)]))
}

# METADATA
# title: Service-account key with a basic owner or editor role
# description: A GCP service-account key whose account is owner or editor can delete every resource of the project (databases, disks, buckets, backups), and user-managed keys never expire.
# custom:
#   id: PC-TOK-009
#   severity: critical
#   remediation: Grant the service account predefined roles for what it does (roles/run.developer, roles/storage.objectViewer, ...) and prefer workload identity federation to keys.
#   inputs: [terraform, pulumi]
#   resource_types: [google_service_account_key]
deny contains f if {
	some t in input.tokens
	tok.credential(t) == "service-account-key"
	basic := [r | some r in object.get(t, ["details", "roles"], []); r in {"roles/owner", "roles/editor"}]
	count(basic) > 0
	f := tok.finding(t, sprintf("%s belongs to a service account with %s", [tok.label(t), concat(" and ", sort(basic))]))
}

# METADATA
# title: Provider configured with static credentials
# description: A provider block given access keys, tokens or passwords runs with a long-lived secret that must sit somewhere (variables, files, CI settings) instead of with credentials assumed per run.
# custom:
#   id: PC-TOK-010
#   severity: high
#   remediation: Remove the credential arguments from the provider block; let the provider read short-lived credentials from the environment (OIDC in CI, assume_role, SSO profiles locally).
#   inputs: [terraform, pulumi, cdktf]
#   resource_types: ["*"]
deny contains f if {
	some t in input.tokens
	tok.credential(t) == "provider-config"
	args := object.get(t, ["details", "static_credentials"], [])
	count(args) > 0
	f := object.union(
		tok.finding(t, sprintf("%s is configured with static credentials (%s)%s", [tok.label(t), concat(", ", sort(args)), written_text(t)])),
		{"severity": written_severity(t)},
	)
}

written_text(t) := " written in the configuration" if t.value_present == true

written_text(t) := "" if not t.value_present == true

written_severity(t) := "critical" if t.value_present == true

written_severity(t) := "high" if not t.value_present == true

# METADATA
# title: AWS provider not pinned to an account
# description: |
#   Without allowed_account_ids (or an assume_role into a named account), a run uses whatever
#   account its ambient credentials open: a staging plan run with production credentials in the
#   environment changes production.
# custom:
#   id: PC-TOK-011
#   severity: high
#   remediation: Set allowed_account_ids = ["<account id>"] in every aws provider block (or assume a role by its ARN in that account).
#   inputs: [terraform, pulumi, cdktf]
#   resource_types: ["*"]
deny contains f if {
	some t in input.tokens
	tok.unpinned_aws_provider(t)
	f := tok.finding(t, sprintf("%s is not pinned to an account (no allowed_account_ids): it reaches whatever account its credentials open", [tok.label(t)]))
}

# METADATA
# title: Workflow token without a permissions block, or write-all
# description: |
#   A job without a permissions: block gets the repository's default GITHUB_TOKEN permissions (write
#   access to everything in repositories created before February 2023 and wherever an
#   organization kept that default); write-all grants it explicitly. Any step, action or
#   dependency of the job can then push code, change releases and approve its own work.
# custom:
#   id: PC-TOK-012
#   severity: high
#   remediation: "Add `permissions: {}` at the top of the workflow and grant each job only the scopes it uses (contents: read, id-token: write, pull-requests: write, ...)."
#   inputs: [workflow]
#   resource_types: ["*"]
deny contains f if {
	some t in input.tokens
	tok.credential(t) == "github-token"
	"*" in t.operations
	f := tok.finding(t, sprintf("%s of %s %s", [tok.label(t), object.get(t.holder, "name", "?"), github_scope_text(t)]))
}

github_scope_text(t) := "has no permissions: block: the repository's default (possibly write-all) applies" if {
	object.get(t, ["details", "permissions_source"], "default") == "default"
}

github_scope_text(t) := sprintf("is granted write-all (in the %s's permissions: block)", [t.details.permissions_source]) if {
	object.get(t, ["details", "permissions_source"], "default") != "default"
}

# METADATA
# title: Untrusted pull request code runs with the job's credentials
# description: |
#   A workflow triggered by pull_request_target (or workflow_run) runs with the base repository's
#   token and secrets; checking out the pull request's head and running it hands them to whoever
#   opened the pull request, fork included.
# custom:
#   id: PC-TOK-013
#   severity: critical
#   remediation: Use the pull_request trigger for untrusted code (read-only token, no secrets); move steps that need secrets to a workflow_run workflow that only reads artifacts, never executes them (docs/github-action.md has the pattern).
#   inputs: [workflow]
#   resource_types: ["*"]
deny contains f if {
	some t in input.tokens
	tok.credential(t) == "github-token"
	object.get(t, ["details", "untrusted_checkout"], false) == true
	secrets := object.get(t, ["details", "secrets"], [])
	f := tok.finding(t, sprintf("%s checks out the pull request's head on %s and runs it with its token%s", [object.get(t.holder, "name", "?"), concat("/", [x | some x in t.details.triggers; x in {"pull_request_target", "workflow_run"}]), secrets_text(secrets)]))
}

secrets_text(secrets) := "" if count(secrets) == 0

secrets_text(secrets) := sprintf(" and secrets (%s)", [concat(", ", sort(secrets))]) if count(secrets) > 0

# METADATA
# title: OIDC role trusts any repository or branch
# description: A role whose trust policy accepts any subject of a CI provider's OIDC issuer can be assumed by any repository on that provider (or any branch and pull request of yours), not only your deploy job.
# custom:
#   id: PC-TOK-014
#   severity: critical
#   remediation: Add a condition on the token's sub claim naming your repository and its protected environment or branch (repo:acme/app:environment:production), with StringEquals rather than a wildcard.
#   inputs: [terraform, pulumi, cdktf]
#   resource_types: [aws_iam_role]
deny contains f if {
	some t in input.tokens
	tok.credential(t) == "oidc-role"
	object.get(t, ["details", "any_subject"], false) == true
	f := tok.finding(t, sprintf("%s can be assumed by any subject of %s (%s)", [tok.label(t), object.get(t, ["details", "oidc_provider"], "its OIDC provider"), subjects_text(t)]))
}

# METADATA
# title: OIDC role trusts any repository or branch
# description: The role's trust policy is only known after apply, so who can assume it cannot be decided yet.
# custom:
#   id: PC-TOK-014
#   severity: critical
#   remediation: Write the trust policy as a literal document (or an aws_iam_policy_document data source) so that it can be reviewed before apply.
deny contains f if {
	some t in input.tokens
	tok.credential(t) == "oidc-role"
	t.details.any_subject == null
	f := tok.undecided(t, sprintf("%s: who can assume it is only known after apply", [tok.label(t)]))
}

subjects_text(t) := "no sub condition" if count(object.get(t, ["details", "subjects"], [])) == 0

subjects_text(t) := sprintf("sub %s", [concat(", ", t.details.subjects)]) if count(object.get(t, ["details", "subjects"], [])) > 0
