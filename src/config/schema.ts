// JSON Schema of .policy-check.yml (draft-07). docs/config.schema.json is generated from it
// (npm run docs:schemas) and a test keeps the two equal.

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

const stringList = { type: "array", items: { type: "string", minLength: 1 } } as const;

export const CONFIG_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://policy-check.dev/schemas/config.schema.json",
  title: "policy-check configuration (.policy-check.yml)",
  type: "object",
  additionalProperties: false,
  properties: {
    version: { const: 1, description: "Configuration format version." },
    fail_on: {
      enum: [...SEVERITIES, "none"],
      description: "Lowest severity that fails the run (exit code 1). 'none' fails only on destructive changes that need a human approval.",
    },
    policies: {
      type: "object",
      additionalProperties: false,
      properties: {
        paths: { ...stringList, description: "Directories or files with your own Rego policies." },
        namespaces: { ...stringList, description: "Package prefixes whose deny/violation/warn rules are checked." },
        shipped: { type: "boolean", description: "Include the shipped policy library (default true)." },
        rego_version: { enum: ["v0", "v1"], description: "Syntax of your policies (the shipped ones are v1)." },
        enable: { ...stringList, description: "Only these policy ids run (default: all)." },
        disable: { ...stringList, description: "Policy ids that never run." },
        severity: {
          type: "object",
          description: "Severity overrides by policy id.",
          additionalProperties: { enum: [...SEVERITIES] },
        },
      },
    },
    environments: {
      type: "object",
      description: "How resources and sources map to environments (production, staging, backup, ...).",
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        properties: {
          workspaces: { ...stringList, description: "Terraform workspaces / CDKTF stacks (globs)." },
          stacks: { ...stringList, description: "Pulumi stacks (globs)." },
          accounts: { ...stringList, description: "Cloud account or project ids." },
          tags: {
            type: "object",
            description: "Tag key -> accepted values.",
            additionalProperties: { anyOf: [{ type: "string" }, stringList] },
          },
          paths: { ...stringList, description: "Input file path globs." },
        },
      },
    },
    exceptions: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["policy", "resource", "reason", "owner"],
        properties: {
          policy: { type: "string", minLength: 1, description: "Policy id (or '*')." },
          resource: { type: "string", minLength: 1, description: "Resource address glob (* and ?)." },
          reason: { type: "string", minLength: 1 },
          owner: { type: "string", minLength: 1 },
          expires: { type: "string", format: "date", description: "YYYY-MM-DD; after it the exception stops applying." },
        },
      },
    },
    limits: {
      type: "object",
      additionalProperties: false,
      properties: {
        timeout_ms: { type: "integer", minimum: 1 },
        max_steps: { type: "integer", minimum: 1000 },
      },
    },
  },
} as const;
