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
# description: Wildcard operations or resources give the token everything the provider can do, now and in the future.
# custom:
#   id: PC-TOK-001
#   severity: critical
#   remediation: Issue a token limited to the operations and resources the workload uses (read-only where possible).
deny contains f if {
	some t in input.tokens
	wild := [op | some op in t.operations; tok.wildcard_operation(op)]
	count(wild) > 0
	f := tok.finding(t, sprintf("%s allows every operation (%s)", [tok.label(t), concat(", ", wild)]))
}

deny contains f if {
	some t in input.tokens
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
deny contains f if {
	some t in input.tokens
	tok.unscoped_environments(t)
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
deny contains f if {
	some t in input.tokens
	tok.automated(t)
	ops := tok.destructive_ops(t)
	count(ops) > 0
	f := tok.finding(t, sprintf("%s is held by %s %q and allows destructive operations (%s)", [tok.label(t), t.holder.kind, object.get(t.holder, "name", "?"), concat(", ", sort(ops))]))
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
	not t.expires
	f := tok.finding(t, sprintf("%s never expires", [tok.label(t)]))
}

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
deny contains f if {
	some t in input.tokens
	some p in t.environments
	tok.production_env(p)
	some s in t.environments
	tok.staging_env(s)
	p != s
	f := tok.finding(t, sprintf("%s is shared between %s and %s", [tok.label(t), p, s]))
}
