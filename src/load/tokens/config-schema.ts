// JSON Schema (draft-07) of the token configuration file. docs/token-config.schema.json is this
// object as JSON (a test keeps them equal); docs/token-config.md explains every field.

import { DURATION_PATTERN } from "./duration.js";

export const TOKEN_CONFIG_KIND = "policy-check/tokens";
export const TOKEN_CONFIG_VERSION = 1;

export const HOLDER_KINDS = ["agent", "ci", "human", "service"] as const;

/**
 * Keys under which a token entry may hold the secret itself. The format has no place for it:
 * when one is present the token is reported with `value_present: true` (a secret in a file) and
 * the value is dropped before anything else sees it. Any value is accepted, so that no error
 * message ever quotes it.
 */
export const SECRET_VALUE_KEYS = [
  "value",
  "secret",
  "token",
  "api_key",
  "api_token",
  "access_key",
  "secret_key",
  "secret_access_key",
  "password",
  "private_key",
  "client_secret",
  "credentials",
] as const;
export const STORAGE_KINDS = ["secret-manager", "ci-secret", "env-var", "file", "repo-file", "oidc"] as const;

const patternList = (what: string) => ({
  description: `${what}: one string or a list; "*" and other wildcards allowed`,
  anyOf: [
    { type: "string", minLength: 1, maxLength: 1000 },
    { type: "array", minItems: 1, maxItems: 10000, items: { type: "string", minLength: 1, maxLength: 1000 } },
  ],
});

export const TOKEN_CONFIG_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://policy-check.dev/schemas/token-config.schema.json",
  title: "policy-check token configuration",
  description:
    "The credentials each workload, CI job, agent or person holds, with their reach (environments, operations, resources), lifetime and storage.",
  type: "object",
  additionalProperties: false,
  required: ["kind", "version", "tokens"],
  properties: {
    $schema: { description: "This schema's URL, for editors.", type: "string" },
    kind: { description: "Marks the file as a token configuration.", const: TOKEN_CONFIG_KIND },
    version: { description: "Format version of the file.", enum: [TOKEN_CONFIG_VERSION, String(TOKEN_CONFIG_VERSION)] },
    description: { description: "What the file covers, for people.", type: "string" },
    tokens: { description: "One entry per credential.", type: "array", maxItems: 100000, items: { $ref: "#/definitions/token" } },
  },
  definitions: {
    token: {
      type: "object",
      additionalProperties: false,
      required: ["name", "provider", "holder", "environments", "operations"],
      properties: {
        name: { description: "The credential's name (the secret or variable name, or the token's label at the provider).", type: "string", minLength: 1, maxLength: 300 },
        description: { type: "string", maxLength: 10000 },
        provider: {
          description: "Who issued it: aws, gcp, azure, cloudflare, github, railway, vault, hcloud, digitalocean, render, fly, vercel, ...",
          type: "string",
          pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]*$",
          maxLength: 64,
        },
        holder: {
          description: 'Who holds it: a kind (agent, ci, human, service), or {kind, name}.',
          if: { type: "string" },
          then: { enum: [...HOLDER_KINDS] },
          else: { $ref: "#/definitions/holder" },
        },
        environments: patternList("Environments the token can reach"),
        operations: patternList('Operations it allows, as the provider names them ("*", "volume*", "s3:Delete*")'),
        resources: patternList("Resources it applies to (default: every resource)"),
        expires_at: {
          description: "When it expires: an ISO 8601 date or date-time.",
          anyOf: [
            { type: "string", format: "date-time" },
            { type: "string", format: "date" },
          ],
        },
        ttl: {
          description: 'Its lifetime: seconds, or a duration like "1h", "90d", "1h30m", "PT1H".',
          anyOf: [
            { type: "integer", minimum: 1 },
            { type: "string", pattern: DURATION_PATTERN, maxLength: 100 },
          ],
        },
        storage: { $ref: "#/definitions/storage" },
        conditions: {
          description: "Conditions restricting its use (IP ranges, IAM conditions, ...), as the provider states them.",
          anyOf: [
            { type: "object" },
            { type: "array", maxItems: 1000, items: { type: "object" } },
          ],
        },
        ...Object.fromEntries(
          SECRET_VALUE_KEYS.map((k) => [
            k,
            { description: "The secret itself: never write it here. When present, the token is reported with value_present: true and the value is dropped unread." },
          ]),
        ),
      },
    },
    holder: {
      type: "object",
      additionalProperties: false,
      required: ["kind"],
      properties: {
        kind: { description: "agent, ci, human or service.", enum: [...HOLDER_KINDS] },
        name: { description: "Which agent, CI job, person or service.", type: "string", maxLength: 300 },
      },
    },
    storage: {
      type: "object",
      additionalProperties: false,
      required: ["kind"],
      properties: {
        kind: { description: "Where the token is kept.", enum: [...STORAGE_KINDS] },
        location: { description: 'The file path, secret name or secret-manager path, e.g. "infra/.env".', type: "string", maxLength: 4096 },
        in_repository: { description: "Overrides the guess of whether the location is a file in the repository.", type: "boolean" },
      },
    },
  },
} as const;
