// The credentials a provider block runs with, as tokens: static keys or tokens written in the
// configuration (a secret in a repository file) or passed through variables, and for AWS the
// account pinning (`allowed_account_ids`: without it, a staging run can reach the production
// account), the role it assumes and for how long. Every AWS provider configuration becomes a
// token; other providers only when they are given static credentials.

import type { StorageKind, Token } from "../../model/types.js";
import { parseArn } from "../terraform/resource-facts.js";
import { isSecretName } from "../terraform/sensitive.js";
import { parseDuration } from "./duration.js";
import { canonicalProvider } from "./provider-names.js";
import type { ArgValue, ProviderBlock } from "./provider-blocks.js";
import { isPlaceholder } from "./resource-values.js";
import { makeToken, type TokenIds } from "./token-builder.js";
import type { Reach } from "./token-reach.js";

/** Arguments holding secrets, per provider; others are found by name (isSecretName). */
const SECRET_ARGS: Readonly<Record<string, readonly string[]>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, readonly string[]>, {
    aws: ["secret_key", "token"],
    google: ["credentials", "access_token"],
    azurerm: ["client_secret", "client_certificate", "client_certificate_password"],
    azuread: ["client_secret", "client_certificate", "client_certificate_password"],
    cloudflare: ["api_token", "api_key", "api_user_service_key"],
    vault: ["token"],
    github: ["token"],
    gitlab: ["token"],
    hcloud: ["token"],
    digitalocean: ["token", "spaces_secret_key"],
    linode: ["token"],
    kubernetes: ["token", "password", "client_key"],
    datadog: ["api_key", "app_key"],
    railway: ["token"],
    tfe: ["token"],
    vercel: ["api_token"],
    netlify: ["token"],
    heroku: ["api_key"],
    mongodbatlas: ["private_key"],
    snowflake: ["password", "private_key"],
    okta: ["api_token", "private_key"],
    auth0: ["client_secret", "api_token"],
    fly: ["fly_api_token"],
    scaleway: ["secret_key"],
    ovh: ["application_secret", "consumer_key"],
    oci: ["private_key", "private_key_password"],
    alicloud: ["secret_key", "security_token"],
  }),
);

/** Arguments that identify a static credential without being secret (an AWS access key id). */
const ID_ARGS: Readonly<Record<string, readonly string[]>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, readonly string[]>, { aws: ["access_key"], alicloud: ["access_key"], scaleway: ["access_key"] }),
);

/** Argument names the generic secret rule must not count (non-secret settings named like secrets). */
const NOT_SECRET = new Set(["skip_credentials_validation", "token_name", "use_oidc", "oidc_token_file_path", "client_id", "api_url", "token_url"]);

const PROVIDER_NAMES: Readonly<Record<string, string>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, string>, { tfe: "terraform-cloud", mongodbatlas: "mongodb-atlas" }),
);

function present(v: ArgValue): boolean {
  if (v.kind === "absent") return false;
  if (v.kind === "literal") return !(v.value === "" || v.value === false || (Array.isArray(v.value) && v.value.length === 0));
  return true;
}

function literalStrings(v: ArgValue): string[] | null {
  if (v.kind !== "literal") return null;
  const list = Array.isArray(v.value) ? v.value : [v.value];
  return list.map((x) => (typeof x === "number" || typeof x === "bigint" ? String(x) : x)).filter((x): x is string => typeof x === "string" && x !== "");
}

interface Credentials {
  /** arguments with static credentials (secret or identifying) */
  staticArgs: string[];
  /** static credential arguments written as literals */
  literalArgs: string[];
  /** secret arguments written as literals */
  literalSecrets: string[];
  /** variables feeding credential arguments */
  variables: string[];
  /** whether any secret literal is a real value (not redacted by the reader) */
  realValue: boolean;
}

function credentialsOf(b: ProviderBlock, argNames: readonly string[]): Credentials {
  const provider = b.provider;
  const secrets = new Set([...(SECRET_ARGS[provider] ?? [])]);
  for (const n of argNames) if (isSecretName(n) && !NOT_SECRET.has(n) && !(ID_ARGS[provider] ?? []).includes(n)) secrets.add(n);
  const out: Credentials = { staticArgs: [], literalArgs: [], literalSecrets: [], variables: [], realValue: false };
  for (const name of [...(ID_ARGS[provider] ?? []), ...secrets]) {
    const v = b.arg(name);
    if (!present(v)) continue;
    out.staticArgs.push(name);
    if (v.kind === "variable") out.variables.push(...v.names);
    if (v.kind === "literal") out.literalArgs.push(name);
    if (v.kind === "literal" && secrets.has(name)) {
      out.literalSecrets.push(name);
      if (!isPlaceholder(v.value) || v.value === "(sensitive)") out.realValue = true;
    }
  }
  return out;
}

export interface ProviderContext {
  reach: Reach;
  ids: TokenIds;
}

/** The token for one provider block, or null when it says nothing about credentials. */
export function providerToken(ctx: ProviderContext, b: ProviderBlock): Token | null {
  const creds = credentialsOf(b, b.argNames);
  const isAws = b.provider === "aws";
  if (!isAws && creds.staticArgs.length === 0) return null;

  const unknown = new Set<string>(["operations", "resources"]);
  const details: Record<string, unknown> = {
    provider_key: b.key,
    tool: b.tool,
    static_credentials: creds.staticArgs,
    secret_arguments_written: creds.literalSecrets,
    credential_variables: [...new Set(creds.variables)],
  };
  // a secret written in the configuration: Terraform sources are repository files; a CDKTF synth
  // holds what the program wrote into it (maybe read from the environment at synth time)
  const written = creds.literalArgs.length > 0 && b.tool !== "pulumi";
  let storage: { kind: StorageKind; location: string | null; in_repository: boolean } = { kind: "unknown", location: null, in_repository: false };
  // Pulumi stack settings: plain-text values sit in the file; `--secret` ones are encrypted in it
  const config = b.configFile !== undefined ? b : b.stackConfig;
  const configCreds = config ? (config === b ? creds : credentialsOf(config, config.argNames)) : null;
  const plaintextInConfig = configCreds !== null && configCreds.literalSecrets.length > 0 && configCreds.realValue;
  if (config?.configFile !== undefined && configCreds !== null && configCreds.literalSecrets.length > 0) {
    storage = plaintextInConfig
      ? { kind: "repo-file", location: config.configFile, in_repository: true }
      : { kind: "file", location: `${config.configFile} (encrypted)`, in_repository: false };
  } else if (written && b.tool === "terraform") storage = { kind: "repo-file", location: `${b.address} in the Terraform configuration`, in_repository: true };
  else if (written && b.tool === "cdktf") storage = { kind: "file", location: b.file, in_repository: false };
  else if (creds.variables.length > 0) {
    storage = { kind: "unknown", location: creds.variables.map((v) => `var.${v}`).join(", "), in_repository: false };
    details["value_in_plan"] = creds.variables.some((v) => {
      const value = b.variable(v);
      return value !== undefined && value !== null && value !== "";
    });
  }

  let environments: string[];
  let expires = true;
  let ttl: number | null = null;
  if (isAws) {
    const allowed = b.arg("allowed_account_ids");
    const allowedIds = literalStrings(allowed);
    const forbidden = literalStrings(b.arg("forbidden_account_ids"));
    const assume = b.hasBlock("assume_role") ? "assume_role" : b.hasBlock("assume_role_with_web_identity") ? "assume_role_with_web_identity" : null;
    const roleArnValue = assume ? b.arg(`${assume}.role_arn`) : { kind: "absent" as const };
    const roleArn = literalStrings(roleArnValue)?.[0] ?? null;
    const roleAccount = roleArn ? (parseArn(roleArn)?.account ?? null) : null;
    const profile = literalStrings(b.arg("profile"))?.[0] ?? null;
    details["allowed_account_ids"] = allowed.kind === "absent" ? null : (allowedIds ?? "(from variables)");
    details["forbidden_account_ids"] = forbidden;
    details["profile"] = profile;
    const pinned = allowedIds && allowedIds.length > 0 ? allowedIds : roleAccount ? [roleAccount] : null;
    details["account_pinned"] = pinned !== null;
    if (assume) {
      const duration =
        parseDuration(literalOf(b.arg(`${assume}.duration`))) ?? parseDuration(literalOf(b.arg(`${assume}.duration_seconds`))) ?? 3600;
      details["assume_role"] = {
        kind: assume,
        role_arn: roleArn ?? (roleArnValue.kind === "variable" ? `var.${roleArnValue.names.join(", var.")}` : null),
        duration_seconds: duration,
        session_name: literalStrings(b.arg(`${assume}.session_name`))?.[0] ?? null,
        external_id: present(b.arg(`${assume}.external_id`)),
      };
      ttl = duration;
      if (storage.kind === "unknown" && assume === "assume_role_with_web_identity") storage = { kind: "oidc", location: roleArn, in_repository: false };
    } else {
      details["assume_role"] = null;
      if (creds.staticArgs.length > 0) {
        // a session token makes them temporary credentials of unknown lifetime; keys alone never expire
        if (creds.staticArgs.includes("token")) unknown.add("expires");
        else expires = false;
      } else unknown.add("expires");
    }
    if (pinned) {
      const envs = new Set<string>();
      for (const a of pinned) for (const e of ctx.reach.ofAccount(a)) envs.add(e);
      const se = ctx.reach.ofSource(b.sourceId);
      if (envs.size === 0 && se !== null) envs.add(se);
      environments = [...envs].sort();
    } else {
      // not pinned to an account: the run reaches whatever account its credentials open
      environments = ["*"];
    }
    if (!pinned && profile !== null && storage.kind === "unknown" && storage.location === null) storage = { kind: "unknown", location: `profile ${profile}`, in_repository: false };
  } else {
    environments = ctx.reach.reach({ sourceId: b.sourceId, provider: b.provider, account: null, wide: false, patterns: [], own: [] });
    unknown.add("expires");
  }
  if (unknown.has("expires")) expires = true;

  return makeToken({
    id: ctx.ids.next(`${b.sourceId}:${b.address}`),
    name: `provider ${b.key}`,
    provider: canonicalProvider(PROVIDER_NAMES[b.provider] ?? b.provider),
    credential: "provider-config",
    holder: { kind: "unknown", name: null },
    environments,
    operations: [],
    resources: [],
    expires_at: null,
    ttl_seconds: ttl,
    expires,
    storage,
    conditions: [],
    origin: "provider",
    source: b.sourceId,
    address: b.address,
    value_present: b.tool === "pulumi" ? plaintextInConfig : creds.literalSecrets.length > 0 && creds.realValue,
    unknown: [...unknown],
    details,
  });
}

function literalOf(v: ArgValue): unknown {
  return v.kind === "literal" ? v.value : undefined;
}
