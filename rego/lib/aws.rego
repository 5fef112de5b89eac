# METADATA
# title: AWS helpers of the policy-check library
package policy_check.lib.aws

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
