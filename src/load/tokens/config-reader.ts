// The token configuration file (`kind: policy-check/tokens`, docs/token-config.md): loaded with
// js-yaml's core schema (no custom tags, aliases bounded), validated against
// docs/token-config.schema.json (every problem one line with its path, did-you-mean for
// misspelled keys and values) and normalized into model Tokens, one per entry. A secret written
// in an entry is never read into the model: the token says `value_present: true` and the raw
// document keeps "(sensitive)" in its place.

import { SENSITIVE_VALUE, type HolderKind, type StorageKind, type Token } from "../../model/types.js";
import { readText } from "../policy-files.js";
import { makeSource } from "../terraform/resource-builder.js";
import { isRecord, own, PathWriter } from "../terraform/paths.js";
import type { InputReader, RawDocument, ReadContext, ReadResult } from "../types.js";
import { SECRET_VALUE_KEYS, TOKEN_CONFIG_VERSION } from "./config-schema.js";
import { validateTokenConfig } from "./config-validate.js";
import { parseDuration } from "./duration.js";
import { canonicalProvider } from "./provider-names.js";
import { inRepository } from "./repo-location.js";
import { checkStructure } from "./structure-check.js";
import { makeToken, TokenIds } from "./token-builder.js";
import { loadYAMLText } from "./yaml-text.js";

/** Whether a parsed document is a token file: `kind: policy-check/tokens` (or a near miss of it). */
export function isTokenConfig(data: unknown): boolean {
  if (!isRecord(data)) return false;
  const kind = own(data, "kind");
  if (typeof kind === "string") return /^\s*policy-check\/tokens?\s*$/i.test(kind);
  // no kind: a list of tokens that look like ours still comes here, to be told what is missing
  const tokens = own(data, "tokens");
  return (
    kind === undefined &&
    Array.isArray(tokens) &&
    tokens.length > 0 &&
    isRecord(tokens[0]) &&
    own(tokens[0], "holder") !== undefined &&
    own(tokens[0], "operations") !== undefined
  );
}

export const tokenConfigReader: InputReader = {
  kind: "token-config",
  label: "token configuration YAML (kind: policy-check/tokens)",
  detect: (doc) => isTokenConfig(doc.data),
  read: (doc, ctx) => readTokenConfig(doc, ctx),
};

/** Reads a token file from disk on its own (safe YAML loading, then readTokenConfig). */
export function readTokenConfigFile(path: string, ctx: Pick<ReadContext, "sourceId">): ReadResult {
  const data = loadYAMLText(readText(path), path);
  return readTokenConfig({ path, data, syntax: "yaml" }, ctx);
}

/**
 * YAML files are read again with js-yaml's core schema: the generic loader turns tags it does not
 * know (`!!js/function`, `!!python/object`) into plain strings, but in a token file they are
 * refused. Documents that are not files (tests) keep their parsed data.
 */
function safeData(doc: RawDocument): unknown {
  if (doc.syntax !== "yaml") return doc.data;
  let text: string;
  try {
    text = readText(doc.path);
  } catch {
    return doc.data;
  }
  return loadYAMLText(text, doc.path);
}

export function readTokenConfig(doc: RawDocument, ctx: Pick<ReadContext, "sourceId">): ReadResult {
  const file = doc.path;
  const data = safeData(doc);
  // the document may come from any YAML loader: bound aliases and depth before walking it
  checkStructure(data, file);
  validateTokenConfig(data, file);
  const entries = own(data, "tokens") as unknown[];
  const ids = new TokenIds();
  // the secrets written in the file are dropped: the raw document gets "(sensitive)" in their place
  const raw = new PathWriter(data);
  const tokens = entries.map((e, i) => {
    const written = SECRET_VALUE_KEYS.filter((k) => {
      const v = own(e, k);
      return v !== undefined && v !== null && v !== "";
    });
    for (const k of SECRET_VALUE_KEYS) if (own(e, k) !== undefined) raw.set(["tokens", i, k], SENSITIVE_VALUE);
    return normalizeEntry(e as Record<string, unknown>, i, ctx.sourceId, ids, file, written);
  });
  const source = makeSource({
    id: ctx.sourceId,
    path: file,
    kind: "token-config",
    tool: "tokens",
    format_version: String(TOKEN_CONFIG_VERSION),
    notes: [],
  });
  return { sources: [source], resources: [], tokens, raw: raw.value };
}

function list(v: unknown): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => String(x).trim());
}

/** ISO 8601 in UTC (`2025-06-30T00:00:00Z`); a date alone is midnight UTC that day. */
export function normalizeInstant(v: string): string {
  const s = v.trim();
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s);
  if (Number.isNaN(d.getTime())) throw new Error(`not a date: ${s}`);
  return d.toISOString().replace(/\.000Z$/, "Z");
}

function normalizeEntry(e: Record<string, unknown>, index: number, sourceId: string, ids: TokenIds, file: string, written: readonly string[]): Token {
  const name = String(own(e, "name"));
  const holderRaw = own(e, "holder");
  const holder = typeof holderRaw === "string" ? { kind: holderRaw } : (holderRaw as Record<string, unknown>);
  const holderName = own(holder, "name");
  const storage = own(e, "storage");
  const storageKind = (own(storage, "kind") as StorageKind | undefined) ?? "unknown";
  const locationRaw = own(storage, "location");
  const location = typeof locationRaw === "string" && locationRaw.trim() !== "" ? locationRaw.trim() : null;
  const override = own(storage, "in_repository");
  const expiresAt = own(e, "expires_at");
  const ttl = own(e, "ttl");
  const conditions = own(e, "conditions");
  const resources = list(own(e, "resources"));
  const valuePresent = written.length > 0;
  const inRepo = typeof override === "boolean" ? override : inRepository(storageKind, location);
  return makeToken({
    id: ids.next(`${sourceId}:${name}`),
    name,
    provider: canonicalProvider(String(own(e, "provider"))),
    credential: "config",
    holder: { kind: own(holder, "kind") as HolderKind, name: typeof holderName === "string" && holderName !== "" ? holderName : null },
    environments: list(own(e, "environments")),
    operations: list(own(e, "operations")),
    // no resources listed: the token is not limited to any
    resources: resources.length > 0 ? resources : ["*"],
    expires_at: typeof expiresAt === "string" ? normalizeInstant(expiresAt) : null,
    ttl_seconds: ttl === undefined ? null : parseDuration(ttl),
    // a value written in this file puts the secret in this file, whatever storage it is meant to have
    storage: valuePresent ? { kind: "repo-file", location: file, in_repository: true } : { kind: storageKind, location, in_repository: inRepo },
    conditions: conditions === undefined ? [] : ((Array.isArray(conditions) ? conditions : [conditions]) as Record<string, unknown>[]),
    origin: "config",
    source: sourceId,
    address: `tokens[${JSON.stringify(name)}]`,
    value_present: valuePresent,
    details: valuePresent ? { value_keys: [...written], declared_storage: { kind: storageKind, location, in_repository: inRepo } } : {},
  });
}
