// Property names: Pulumi writes Terraform-bridged attributes in lowerCamelCase
// (`deletionProtection`, `skipFinalSnapshot`); the model uses Terraform's snake_case so that one
// Rego policy reads every tool. Only lowerCamel identifiers are converted: keys that start with
// an upper-case letter or hold other characters (`Name`, `kubernetes.io/role`, `aws:cloudformation:stack-name`)
// are data, and so are the keys of user maps (tags, labels, annotations, environment variables...).

/** `deletionProtection` -> `deletion_protection`, `ipv6CidrBlock` -> `ipv6_cidr_block`, `sourceDBInstance` -> `source_db_instance`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

const LOWER_CAMEL = /^[a-z][A-Za-z0-9]*$/;

const MAX_MEMO = 50_000;
const names = new Map<string, string>();

/** The model's name for a property key (unchanged when it is not a lowerCamel identifier). */
export function propertyName(key: string): string {
  let name = names.get(key);
  if (name === undefined) {
    name = LOWER_CAMEL.test(key) && /[A-Z]/.test(key) ? snakeCase(key) : key;
    if (names.size < MAX_MEMO && key.length <= 100) names.set(key, name);
  }
  return name;
}

/**
 * Properties (snake_case) whose value is a user map: their keys are kept as written. Only the
 * keys directly under the map are kept; the values are converted as usual.
 */
const MAP_VALUED: ReadonlySet<string> = new Set([
  "tags",
  "tags_all",
  "labels",
  "effective_labels",
  "pulumi_labels",
  "terraform_labels",
  "user_labels",
  "resource_labels",
  "node_labels",
  "match_labels",
  "node_selector",
  "annotations",
  "data",
  "string_data",
  "binary_data",
  "variables",
  "environment_variables",
  "app_settings",
  "parameters",
  "keepers",
  "triggers",
  "dimensions",
  "request_parameters",
  "request_templates",
  "response_parameters",
  "response_templates",
]);

export function isMapValued(snakeName: string): boolean {
  return MAP_VALUED.has(snakeName);
}

/** Pulumi-internal keys (`__defaults`, `__meta`, `__inputs`, `__internal`, ...): `resource.IsInternalPropertyKey`. */
export function isInternalKey(key: string): boolean {
  return key.startsWith("__");
}

/** The top-level property a detailedDiff path (`tags.Name`, `rules[0].copyActions`) starts with. */
export function topLevelProperty(diffPath: string): string {
  const m = /^[^.[]+/.exec(diffPath);
  return m ? m[0] : diffPath;
}
