# METADATA
# title: Environments not separated
# description: |
#   Production, staging and backup environments are separated: a staging change must not touch
#   production resources, production backups must not live only in the production account, and
#   a staging credential must not reach production.
package policy_check.environments

import data.policy_check.lib.aws
import data.policy_check.lib.resources as lib
import data.policy_check.lib.tokens as tok
import rego.v1

# METADATA
# title: Staging change touches production resources
# description: A plan from a staging workspace or stack changes resources mapped to production (by tag or account).
# custom:
#   id: PC-ENV-001
#   severity: high
#   remediation: Run production changes from the production workspace or stack; fix the provider configuration or account mapping that lets staging reach production.
#   inputs: [terraform, pulumi, cdktf]
#   resource_types: ["*"]
deny contains f if {
	some r in input.resources
	r.source in non_production_sources
	r.action in {"create", "update", "delete", "replace", "forget", "import"}
	lib.managed(r)
	lib.production(r)
	s := lib.source(r)
	f := lib.finding(r, sprintf("%s is a production resource, changed (%s) by a %s plan (%s)", [lib.label(r), r.action, s.environment, s.path]))
}

# inputs from a workspace or stack mapped to an environment other than production
non_production_sources contains s.id if {
	some s in input.sources
	s.environment != null
	not lower(s.environment) in {"production", "prod", "prd"}
}

# METADATA
# title: Production backups only in the production account
# description: Backups of production copied only within the production account are lost with that account (compromise, closure, or a broad token).
# custom:
#   id: PC-ENV-002
#   severity: high
#   remediation: Copy production recovery points to a vault in a separate backup account (copy_action.destination_vault_arn in another account).
#   inputs: [terraform, pulumi, cdktf]
#   resource_types: [aws_backup_plan]
deny contains f if {
	some r in input.resources
	r.type == "aws_backup_plan"
	lib.live(r)
	lib.production(r)
	r.account != null
	some rule in lib.blocks(r.after, "rule")
	copies := lib.blocks(rule, "copy_action")
	count(copies) > 0
	every c in copies {
		dests := aws.copy_destinations(r, rule, c)
		count(dests) > 0
		every d in dests {
			d.account == r.account
		}
	}
	f := lib.finding(r, sprintf("%s rule %q copies production backups only within the production account %s", [lib.label(r), lib.get(rule, "rule_name", "?"), r.account]))
}

# METADATA
# title: Staging credential reaches production
# description: A token meant for staging (by its holder, name or source) that can also reach production.
# custom:
#   id: PC-ENV-003
#   severity: high
#   remediation: Scope the staging token to staging only (its project, account or workspace), and use a separate production token held by the production pipeline.
#   inputs: [tokens]
#   resource_types: []
deny contains f if {
	some t in input.tokens
	for_staging(t)
	some e in t.environments
	tok.production_env(e)
	f := tok.finding(t, sprintf("%s is used for staging but can reach %s", [tok.label(t), reach(e)]))
}

for_staging(t) if regex.match(`(?i)(^|[^a-z])(stag(e|ing)|stg|preprod)([^a-z]|$)`, sprintf("%s %s", [t.name, object.get(t.holder, "name", "")]))

for_staging(t) if {
	s := lib.source(t)
	s.environment != null
	lower(s.environment) in {"staging", "stage", "stg", "preprod"}
}

reach(e) := "every environment" if e == "*"

reach(e) := e if e != "*"
