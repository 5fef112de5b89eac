// Cloudflare API tokens minted in a plan (`cloudflare_api_token`, and `cloudflare_account_token`
// of provider v5): their permission groups (by name when a permission-groups data source in the
// same input maps the ids, else by id), the resources they cover (`com.cloudflare.api.account.zone.*`
// = every zone: "*"), expiry (`expires_on`) and IP conditions. Provider v4 writes `policy` blocks
// with id lists; v5 `policies` with `{id, name}` objects and resources as a map or JSON text.

import type { Resource, Token } from "../../../model/types.js";
import { isRecord, own, type Rec } from "../../terraform/paths.js";
import { holderKindFromName } from "../holder-guess.js";
import { attr, attrOf, blocks, isLive, knownString } from "../resource-values.js";
import { makeToken } from "../token-builder.js";
import { tokenId, type ExtractContext } from "./context.js";

const TYPES = ["cloudflare_api_token", "cloudflare_account_token"];

/** Resource keys that cover every account, zone or user resource. */
const GLOBAL = /^com\.cloudflare\.api\.(?:account(?:\.zone)?|user)\.\*$|^\*$/;

/** Permission group id -> name, from the permission-groups data sources of the source. */
function permissionGroupNames(ctx: ExtractContext): Map<string, string> {
  const names = new Map<string, string>();
  for (const d of ctx.src.ofType("cloudflare_api_token_permission_groups")) {
    for (const section of ["zone", "account", "user", "r2", "permissions"]) {
      const m = attr(d, section);
      if (!isRecord(m)) continue;
      for (const name of Object.keys(m)) {
        const id = knownString(m[name]);
        if (id !== null) names.set(id, name);
      }
    }
  }
  for (const d of ctx.src.ofType("cloudflare_api_token_permission_groups_list")) {
    for (const g of blocks(attr(d, "result"))) {
      const id = knownString(own(g, "id"));
      const name = knownString(own(g, "name"));
      if (id !== null && name !== null) names.set(id, name);
    }
  }
  return names;
}

interface Scope {
  resources: string[];
  native: string[];
  unknown: boolean;
}

/** Resource keys of one policy: a map, or JSON text of one; nested account maps flattened. */
function scopeOf(v: unknown): Scope {
  const out: Scope = { resources: [], native: [], unknown: false };
  let map: unknown = v;
  if (typeof v === "string") {
    if (knownString(v) === null || v.length > 65536) {
      out.unknown = true;
      return out;
    }
    try {
      map = JSON.parse(v);
    } catch {
      out.unknown = true;
      return out;
    }
  }
  if (!isRecord(map)) {
    out.unknown = map !== undefined && map !== null;
    return out;
  }
  for (const key of Object.keys(map).slice(0, 1000)) {
    const value = map[key];
    let nested: unknown = null;
    if (typeof value === "string" && value.trim().startsWith("{")) {
      try {
        nested = JSON.parse(value);
      } catch {
        nested = null;
      }
    } else if (isRecord(value)) nested = value;
    if (isRecord(nested)) {
      for (const inner of Object.keys(nested).slice(0, 1000)) {
        out.native.push(`${key} > ${inner}`);
        // every zone of one account: the account
        out.resources.push(GLOBAL.test(inner) ? key : inner);
      }
    } else {
      out.native.push(key);
      out.resources.push(GLOBAL.test(key) ? "*" : key);
    }
  }
  return out;
}

/** Permission group names of one policy (v4: id strings; v5: `{id, name}` objects); null when unknown. */
function groupLabels(v: unknown, names: Map<string, string>): string[] | null {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return null;
  const out: string[] = [];
  for (const g of v) {
    const id = knownString(isRecord(g) ? own(g, "id") : g);
    const name = isRecord(g) ? knownString(own(g, "name")) : null;
    const label = name ?? (id !== null ? (names.get(id) ?? id) : null);
    if (label !== null) out.push(label);
  }
  return out;
}

function tokenOf(ctx: ExtractContext, r: Resource, groupNames: Map<string, string>): Token | null {
  const status = knownString(attr(r, "status"));
  if (status === "disabled" || status === "expired") return null;
  const name = knownString(attr(r, "name")) ?? r.name;
  const operations: string[] = [];
  const denied: string[] = [];
  const resources: string[] = [];
  const native: string[] = [];
  const unknown = new Set<string>();
  const policies = blocks(attrOf(r, "policies", "policy"));
  if (policies.length === 0 && attrOf(r, "policies", "policy") !== undefined) unknown.add("operations").add("resources");
  for (const p of policies) {
    const effect = knownString(own(p, "effect")) ?? "allow";
    const labels = groupLabels(own(p, "permission_groups"), groupNames);
    if (labels === null) unknown.add("operations");
    const opNames = labels ?? [];
    const scope = scopeOf(own(p, "resources"));
    if (scope.unknown) unknown.add("resources");
    if (effect.toLowerCase() === "deny") {
      denied.push(...opNames);
      continue;
    }
    operations.push(...opNames);
    resources.push(...scope.resources);
    native.push(...scope.native);
  }
  const conditions: Rec[] = [];
  for (const c of blocks(attr(r, "condition"))) {
    const ip = blocks(own(c, "request_ip"))[0];
    if (ip) conditions.push({ request_ip: ip });
  }
  const expiresOn = knownString(attr(r, "expires_on"));
  const expiresAt = expiresOn !== null && !Number.isNaN(Date.parse(expiresOn)) ? new Date(expiresOn).toISOString().replace(/\.000Z$/, "Z") : null;
  if (expiresOn === null && attr(r, "expires_on") !== undefined && attr(r, "expires_on") !== null) unknown.add("expires");
  const wide = resources.includes("*");
  const zones = resources.filter((x) => x.startsWith("com.cloudflare.api.account.zone.")).map((x) => x.slice("com.cloudflare.api.account.zone.".length));
  return makeToken({
    id: tokenId(ctx, r),
    name,
    provider: "cloudflare",
    credential: "api-token",
    holder: { kind: holderKindFromName(name), name },
    environments: ctx.reach.reach({ sourceId: r.source, provider: "cloudflare", account: null, wide, patterns: zones, own: [r] }),
    operations,
    resources,
    expires_at: expiresAt,
    ttl_seconds: null,
    // unknown expiry: not reported as "never expires"
    expires: expiresAt !== null || unknown.has("expires"),
    storage: { kind: "unknown", location: null, in_repository: false },
    conditions,
    origin: "plan",
    source: r.source,
    address: r.address,
    unknown: [...unknown],
    details: {
      resources_native: native,
      denied_operations: denied,
      account_id: knownString(attr(r, "account_id")),
      // the token's value is written to the Terraform state
      secret_in_state: true,
    },
  });
}

export function cloudflareTokens(ctx: ExtractContext): Token[] {
  const names = permissionGroupNames(ctx);
  const out: Token[] = [];
  for (const type of TYPES) {
    for (const r of ctx.src.ofType(type)) {
      if (!isLive(r)) continue;
      const t = tokenOf(ctx, r, names);
      if (t) out.push(t);
    }
  }
  return out;
}
