# METADATA
# title: Builders for policy unit tests
# description: Minimal normalized resources and tokens, so tests state only what matters.
package policy_check.lib.testing

import rego.v1

# a managed resource with the given type, address, action and attributes after the change
resource(type, address, action, after) := {
	"id": concat(":", ["s1", address]),
	"address": address,
	"type": type,
	"native_type": type,
	"name": address,
	"provider": split(type, "_")[0],
	"module": null,
	"mode": "managed",
	"tool": "terraform",
	"source": "s1",
	"actions": [action],
	"action": action,
	"replacement": action == "replace",
	"destroys": action in {"delete", "replace"},
	"before": before_of(action, after),
	"after": after_of(action, after),
	"unknown": [],
	"sensitive": [],
	"protection": {"prevent_destroy": null, "deletion_protection": null, "protect": null, "retain_on_delete": null, "source": null},
	"tags": object.get(after, "tags", {}),
	"region": "eu-west-1",
	"account": "111111111111",
	"environment": "production",
	"drifted": false,
	"depends_on": [],
}

before_of(action, after) := null if action == "create"

before_of(action, after) := after if action != "create"

after_of(action, after) := null if action == "delete"

after_of(action, after) := after if action != "delete"

# a credential
token(provider, name, fields) := object.union(
	{
		"id": concat(":", ["t", name]),
		"name": name,
		"provider": provider,
		"holder": {"kind": "service", "name": "app"},
		"environments": ["production"],
		"operations": ["read"],
		"resources": ["projects/app"],
		"expires_at": null,
		"ttl_seconds": 3600,
		"expires": true,
		"storage": {"kind": "secret-manager", "location": null, "in_repository": false},
		"conditions": [],
		"origin": "config",
		"source": "s1",
		"address": null,
	},
	fields,
)

source(id, environment) := {"id": id, "path": "plan.json", "kind": "terraform-plan", "tool": "terraform", "tool_version": "1.9.5", "format_version": "1.2", "workspace": environment, "project": null, "environment": environment, "notes": []}

# an input document from resources and tokens
input_of(resources, tokens) := {"model_version": "1", "sources": [source("s1", "production")], "resources": resources, "tokens": tokens, "environments": ["production", "staging"], "raw": {}}
