# METADATA
# title: Credential helpers of the policy-check library
package policy_check.lib.tokens

import rego.v1

max_lifetime_days := 90

# Operations that destroy data, as providers name them (patterns are matched both ways).
destructive_operations := {
	"ec2:DeleteVolume", "ec2:DeleteSnapshot", "ec2:TerminateInstances", "rds:DeleteDBInstance",
	"rds:DeleteDBCluster", "rds:DeleteDBSnapshot", "rds:DeleteDBClusterSnapshot", "dynamodb:DeleteTable",
	"dynamodb:DeleteBackup", "s3:DeleteBucket", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutLifecycleConfiguration",
	"backup:DeleteRecoveryPoint", "backup:DeleteBackupVault", "backup:DeleteBackupPlan", "backup:UpdateRecoveryPointLifecycle",
	"elasticfilesystem:DeleteFileSystem", "kms:ScheduleKeyDeletion", "kms:DisableKey", "iam:DeleteRole",
	"volumeDelete", "volumeInstanceBackupDelete", "serviceDelete", "projectDelete", "environmentDelete", "databaseDelete",
	"compute.disks.delete", "compute.snapshots.delete", "cloudsql.instances.delete", "cloudsql.backupRuns.delete",
	"storage.buckets.delete", "storage.objects.delete",
	"Microsoft.Compute/disks/delete", "Microsoft.Sql/servers/databases/delete", "Microsoft.RecoveryServices/vaults/delete",
	"#zone:edit", "#dns_records:edit", "delete_repo", "administration:write",
}

destructive_words := `(?i)(delete|destroy|terminate|remove|purge|drop|wipe|erase|truncate)`

# an operation pattern that allows everything, or everything of a service
wildcard_operation(op) if op in {"*", "*:*", "all", "admin", "owner"}

wildcard_operation(op) if endswith(op, ":*")

wildcard_operation(op) if endswith(op, ".*")

wildcard_resource(res) if res in {"*", "*:*", "all", "arn:aws:*:*:*:*"}

# the operation (a name or a pattern) allows a destructive operation
destructive(op) if wildcard_operation(op)

destructive(op) if regex.match(destructive_words, op)

destructive(op) if {
	contains(op, "*")
	some d in destructive_operations
	glob.match(lower(op), [], lower(d))
}

destructive_ops(t) := {op | some op in t.operations; destructive(op)}

unscoped_environments(t) if "*" in t.environments

unscoped_environments(t) if count(t.environments) > 1

automated(t) if t.holder.kind in {"agent", "ci", "service"}

# lifetime in days, when known
lifetime_days(t) := t.ttl_seconds / 86400 if t.ttl_seconds != null

lifetime_days(t) := (time.parse_rfc3339_ns(t.expires_at) - time.now_ns()) / (86400 * 1000000000) if {
	t.ttl_seconds == null
	t.expires_at != null
}

long_lived(t) if not t.expires

long_lived(t) if lifetime_days(t) > max_lifetime_days

production_env(e) if lower(e) in {"production", "prod", "prd", "*"}

staging_env(e) if lower(e) in {"staging", "stage", "stg", "preprod", "pre-production", "*"}

label(t) := sprintf("%s token %q", [t.provider, t.name])

finding(t, msg) := {"msg": msg, "resource": object.get(t, "address", t.name), "resource_id": t.id}

undecided(t, msg) := object.union(finding(t, msg), {"undecided": true})

# the credential kind (docs/token-config.md); token files give "config"
credential(t) := object.get(t, "credential", "config")

# fields the input could not tell
unknown_field(t, field) if field in object.get(t, "unknown", [])

# GITHUB_TOKEN scopes are judged by PC-TOK-012, not as operations of a cloud provider
scope_checked(t) if credential(t) != "github-token"

unpinned_aws_provider(t) if {
	credential(t) == "provider-config"
	t.provider == "aws"
	object.get(t, ["details", "account_pinned"], true) == false
}

# a key that works until someone deletes it, for a cloud with OIDC federation
static_cloud_key(t) if credential(t) in {"access-key", "iam-user"}

static_cloud_key(t) if {
	credential(t) == "service-account-key"
	not t.expires
}

static_cloud_key(t) if {
	credential(t) == "ci-secret"
	object.get(t, ["details", "static_cloud_credentials"], false) == true
}

static_cloud_key(t) if {
	credential(t) == "config"
	t.provider in {"aws", "gcp", "azure"}
	not t.expires
	t.storage.kind in {"ci-secret", "env-var", "file", "repo-file"}
}
