# METADATA
# title: AWS helpers of the policy-check library
package policy_check.lib.aws

import data.policy_check.lib.resources as r
import rego.v1

# Parts of an ARN: arn:partition:service:region:account:resource
arn_parts(arn) := {"partition": p[1], "service": p[2], "region": p[3], "account": p[4], "resource": concat(":", array.slice(p, 5, count(p)))} if {
	is_string(arn)
	p := split(arn, ":")
	count(p) >= 6
	p[0] == "arn"
}

arn_region(arn) := arn_parts(arn).region

arn_account(arn) := arn_parts(arn).account

# Where the copies of an AWS Backup plan rule's copy_action go: a set of
# {"region", "account"} locations. From the destination ARN when it is known; when it is only
# known after apply (a vault the same change creates), from the vaults the plan references,
# other than the rule's own target vault. Empty when nothing says.
copy_destinations(plan, rule, c) := {{"region": arn_region(arn), "account": arn_account(arn)}} if {
	arn := r.get(c, "destination_vault_arn", "")
	arn_parts(arn)
}

backup_vaults contains v if {
	some v in input.resources
	v.type in {"aws_backup_vault", "aws_backup_logically_air_gapped_vault"}
}

copy_destinations(plan, rule, c) := {{"region": v.region, "account": v.account} |
	some v in backup_vaults
	r.refers_to(plan, v)
	r.get(v.after, "name", "") != r.get(rule, "target_vault_name", "")
} if {
	arn := r.get(c, "destination_vault_arn", "")
	not arn_parts(arn)
}

# A location differs from the plan's own in region or account (both sides known).
elsewhere(plan, d) if {
	d.region != null
	plan.region != null
	d.region != plan.region
}

elsewhere(plan, d) if {
	d.account != null
	plan.account != null
	d.account != plan.account
}

# An S3 bucket replicates to another bucket: an aws_s3_bucket_replication_configuration names it
# (or references it), or the bucket's own (legacy) replication_configuration block.
# (computed once per evaluation: per-bucket checks iterate this set, not every resource)
replication_configs contains x if {
	some x in input.resources
	x.type == "aws_s3_bucket_replication_configuration"
	r.live(x)
	count(r.blocks(x.after, "rule")) > 0
}

bucket_replicated(b) if {
	some x in replication_configs
	replicates(x, b)
}

bucket_replicated(b) if {
	some rc in r.blocks(b.after, "replication_configuration")
	count(r.blocks(rc, "rules")) + count(r.blocks(rc, "rule")) > 0
}

replicates(x, b) if {
	name := r.get(b.after, "bucket", "")
	name != ""
	not r.unknown_value(name)
	r.get(x.after, "bucket", "") == name
}

replicates(x, b) if r.refers_to(x, b)
