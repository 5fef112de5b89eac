// The normalized model: what every input (Terraform plan or state, Pulumi preview or stack,
// CDKTF synth, token configuration, GitHub workflow) is turned into, and what policies see as
// `input`. docs/model.md explains it; docs/model.schema.json is its JSON Schema.
//
// Conventions:
// - Keys are snake_case. Resource types are Terraform-style (`aws_db_instance`) whatever the
//   tool; the tool's own type is kept in `native_type`.
// - Paths into before/after values are arrays of keys (strings and array indexes), e.g.
//   ["tags", "Name"] or ["ebs_block_device", 0, "volume_id"].
// - A value that is not known before apply is never absent or false: its path is listed in
//   `unknown` and the value in `after` is the string "(known after apply)".
// - Sensitive values are replaced by "(sensitive)" in before/after, and their paths listed in
//   `sensitive`; no report ever shows them.

export const MODEL_VERSION = "1";

export const UNKNOWN_VALUE = "(known after apply)";
export const SENSITIVE_VALUE = "(sensitive)";

export type Tool = "terraform" | "pulumi" | "cdktf" | "tokens" | "github-actions";

export type SourceKind =
  | "terraform-plan"
  | "terraform-state"
  | "pulumi-preview"
  | "pulumi-stack"
  | "cdktf-synth"
  | "token-config"
  | "github-workflow";

/** One input file (or one CDKTF stack). */
export interface Source {
  /** stable id used by resources and tokens: "s1", "s2", ... in the order given */
  id: string;
  /** the path as the user gave it (CDKTF stacks: path of the stack's cdk.tf.json) */
  path: string;
  kind: SourceKind;
  tool: Tool;
  /** tool version when the file says (terraform_version, Pulumi version) */
  tool_version: string | null;
  /** format version of the file (Terraform format_version, Pulumi deployment version) */
  format_version: string | null;
  /** Terraform workspace (from config or TF_WORKSPACE) or Pulumi stack name, CDKTF stack name */
  workspace: string | null;
  /** Pulumi project / CDKTF app name */
  project: string | null;
  /** environment this source deploys to, from the environment mapping */
  environment: string | null;
  /** notes the loader wants in the report, e.g. "prevent_destroy unknown: plan JSON does not carry lifecycle" */
  notes: string[];
}

/** What a change does to a resource, summarized from the tool's actions. */
export type Action = "create" | "update" | "delete" | "replace" | "read" | "no-op" | "import" | "forget";

export interface Protection {
  /** Terraform lifecycle.prevent_destroy; null when it could not be known (plan JSON only) */
  prevent_destroy: boolean | null;
  /** the resource's own deletion protection attribute, when the type has one */
  deletion_protection: boolean | null;
  /** Pulumi `protect` */
  protect: boolean | null;
  /** Pulumi `retainOnDelete` / Terraform `lifecycle.destroy = false` (removed from state, not destroyed) */
  retain_on_delete: boolean | null;
  /** where prevent_destroy was read from: "hcl", "cdktf", "pulumi", or null if unknown */
  source: "hcl" | "cdktf" | "pulumi" | null;
}

export type Path = (string | number)[];

export interface Resource {
  /** unique within one run: `<source id>:<address>` */
  id: string;
  /** Terraform address (`module.db["eu"].aws_db_instance.main[0]`) or Pulumi URN */
  address: string;
  /** Terraform-style type (`aws_db_instance`), also for Pulumi resources */
  type: string;
  /** the tool's own type (`aws:rds/instance:Instance`) */
  native_type: string;
  /** resource name (last part of the address) */
  name: string;
  /** provider short name: aws, google, azurerm, cloudflare, github, vault, kubernetes, ... */
  provider: string;
  /** module address (`module.db["eu"]`), or null at the root */
  module: string | null;
  mode: "managed" | "data";
  tool: Tool;
  /** source id */
  source: string;
  /** the tool's actions, normalized to create/update/delete/read/no-op (and import/forget) */
  actions: Action[];
  /** one summarizing action: a replacement is "replace" */
  action: Action;
  replacement: boolean;
  /** the change destroys the current object (delete, or replace) */
  destroys: boolean;
  /** values before and after the change (null when the object does not exist then) */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** paths in `after` whose values are only known after apply */
  unknown: Path[];
  /** paths in before/after whose values are sensitive (replaced by "(sensitive)") */
  sensitive: Path[];
  protection: Protection;
  /** tags/labels of the resource (after, else before) */
  tags: Record<string, string>;
  region: string | null;
  account: string | null;
  /** environment from the mapping (tags, account, workspace/stack), or null */
  environment: string | null;
  /** Terraform drift: the resource changed outside Terraform since the last apply */
  drifted: boolean;
  /** addresses of resources this one depends on, when the input says */
  depends_on: string[];
}

export type HolderKind = "agent" | "ci" | "human" | "service" | "unknown";

export type StorageKind = "secret-manager" | "ci-secret" | "env-var" | "file" | "repo-file" | "oidc" | "unknown";

/** A credential some workload, CI job, agent or person holds. */
export interface Token {
  /** unique within one run */
  id: string;
  name: string;
  /** aws, gcp, azure, cloudflare, github, railway, vault, hcloud, digitalocean, ... */
  provider: string;
  holder: { kind: HolderKind; name: string | null };
  /** environments the token can reach; ["*"] when unrestricted */
  environments: string[];
  /** operations it allows, as the provider names them; may contain wildcards ("*", "s3:Delete*") */
  operations: string[];
  /** resources it applies to; may contain wildcards; ["*"] when unrestricted */
  resources: string[];
  /** ISO 8601 expiry, or null when it never expires or is not known */
  expires_at: string | null;
  /** maximum lifetime in seconds (TTL, session duration), or null when unbounded/unknown */
  ttl_seconds: number | null;
  /** whether any expiry or TTL is set at all */
  expires: boolean;
  storage: { kind: StorageKind; location: string | null; in_repository: boolean };
  /** conditions restricting use (e.g. IAM conditions on environment), as given */
  conditions: Record<string, unknown>[];
  /** where the token description came from */
  origin: "config" | "plan" | "provider" | "workflow";
  /** source id */
  source: string;
  /** resource address that mints the token (plans), or the provider block / workflow job */
  address: string | null;
  /**
   * What kind of credential this is: "config" (token YAML entry), "access-key" (aws_iam_access_key),
   * "iam-user" (an IAM user for CI/agents whose keys are made outside the plan), "oidc-role" (a role
   * CI assumes through OIDC), "role" (a role named or tagged for CI or an agent), "api-token" (cloudflare_api_token), "vault-token", "service-account-key"
   * (google_service_account_key), "provider-config" (the credentials a provider block runs with),
   * "github-token" (a workflow job's GITHUB_TOKEN), "ci-secret" (a secret a workflow job reads).
   * docs/token-config.md lists them with their `details`.
   */
  credential?: string;
  /**
   * The secret value itself was written in the input (a token YAML entry, a provider block, a
   * workflow file). It was dropped: it is never read into the model or printed.
   */
  value_present?: boolean;
  /**
   * Token fields that could not be known from the input (e.g. "operations" of a role whose policy
   * is only known after apply, "expires" of ambient provider credentials). A listed field holds a
   * neutral placeholder (an empty list; `expires: true` with no expires_at or ttl_seconds), never
   * a value a policy would take for a fact; policies should report it as undecided.
   */
  unknown?: string[];
  /** facts specific to where the token came from (provider block, workflow job, IAM policies); see docs/token-config.md */
  details?: Record<string, unknown>;
}

/** The document policies receive as `input`. */
export interface PolicyInput {
  model_version: string;
  sources: Source[];
  resources: Resource[];
  tokens: Token[];
  /** environment names known from the configuration's mapping */
  environments: string[];
  /**
   * The raw input documents: the document itself when one file is checked (so conftest-style
   * policies reading input.resource_changes keep working), an array of them otherwise.
   */
  raw: unknown;
}
