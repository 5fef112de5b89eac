// Vault tokens minted in a plan (`vault_token`): their policies (the `root` policy allows
// everything; other policies are read from `vault_policy` resources of the same input, whose HCL
// says which capabilities each path gets), and their lifetime: `explicit_max_ttl`, else `ttl`
// (renewable up to the mount's maximum), while a periodic token (`period` without a maximum)
// can be renewed forever and a token with neither never expires.

import type { Resource, Token } from "../../../model/types.js";
import { parseDuration } from "../duration.js";
import { holderKindFromNames } from "../holder-guess.js";
import { attr, isLive, knownString, knownStrings, stringMap } from "../resource-values.js";
import { makeToken } from "../token-builder.js";
import { tokenId, type ExtractContext } from "./context.js";

const MAX_POLICY_TEXT = 256 * 1024;

export interface VaultRule {
  path: string;
  capabilities: string[];
}

/** `path "secret/*" { capabilities = ["read", "list"] }` rules of a Vault policy (HCL or JSON). */
export function parseVaultPolicy(text: string): VaultRule[] {
  if (text.length > MAX_POLICY_TEXT) return [];
  const rules: VaultRule[] = [];
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      const doc = JSON.parse(trimmed) as { path?: Record<string, { capabilities?: unknown }> };
      const paths = doc && typeof doc === "object" ? doc.path : undefined;
      if (paths && typeof paths === "object")
        for (const p of Object.keys(paths)) {
          const caps = (paths as Record<string, { capabilities?: unknown }>)[p]?.capabilities;
          rules.push({ path: p, capabilities: Array.isArray(caps) ? caps.filter((c): c is string => typeof c === "string") : [] });
        }
    } catch {
      // not JSON: no rules
    }
    return rules;
  }
  const re = /path\s+"((?:[^"\\]|\\.)*)"\s*\{([^{}]*)\}/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && rules.length < 10000) {
    const caps = /capabilities\s*=\s*\[([^\]]*)\]/.exec(m[2]!);
    const list = caps ? [...caps[1]!.matchAll(/"([^"]*)"/g)].map((c) => c[1]!) : [];
    rules.push({ path: m[1]!, capabilities: list });
  }
  return rules;
}

function policyRules(ctx: ExtractContext): Map<string, VaultRule[] | null> {
  const out = new Map<string, VaultRule[] | null>();
  for (const p of [...ctx.src.ofType("vault_policy"), ...ctx.src.ofType("vault_policy_document")]) {
    const name = knownString(attr(p, "name"));
    if (name === null) continue;
    const text = knownString(attr(p, "policy") ?? attr(p, "hcl"));
    out.set(name, text === null ? null : parseVaultPolicy(text));
  }
  return out;
}

function tokenOf(ctx: ExtractContext, r: Resource, rules: Map<string, VaultRule[] | null>): Token {
  const unknown = new Set<string>();
  const policies = knownStrings(attr(r, "policies"));
  if (policies === null) unknown.add("operations").add("resources");
  const operations = new Set<string>();
  const resources = new Set<string>();
  const denied = new Set<string>();
  const unresolved: string[] = [];
  const root = (policies ?? []).includes("root");
  if (root) {
    operations.add("*");
    resources.add("*");
  }
  for (const p of policies ?? []) {
    if (p === "root" || p === "default") continue;
    const rs = rules.get(p);
    if (!rs) {
      unresolved.push(p);
      continue;
    }
    for (const rule of rs) {
      if (rule.capabilities.includes("deny")) {
        denied.add(rule.path);
        continue;
      }
      resources.add(rule.path);
      for (const c of rule.capabilities) operations.add(c);
    }
  }
  if (unresolved.length > 0) unknown.add("operations").add("resources");

  const explicitMax = parseDuration(attr(r, "explicit_max_ttl"));
  const ttl = parseDuration(attr(r, "ttl"));
  const period = parseDuration(attr(r, "period"));
  let lifetime: number | null = null;
  let expires: boolean;
  if (explicitMax !== null && explicitMax > 0) {
    lifetime = explicitMax;
    expires = true;
  } else if (period !== null && period > 0) {
    // a periodic token lives as long as it is renewed
    expires = false;
  } else if (ttl !== null && ttl > 0) {
    lifetime = ttl;
    expires = true;
  } else expires = false;

  const display = knownString(attr(r, "display_name"));
  const role = knownString(attr(r, "role_name"));
  const meta = stringMap(attr(r, "metadata"));
  return makeToken({
    id: tokenId(ctx, r),
    name: display ?? role ?? r.name,
    provider: "vault",
    credential: "vault-token",
    holder: { kind: holderKindFromNames([display, role, meta["purpose"], r.name]), name: display ?? role },
    environments: ctx.reach.reach({ sourceId: r.source, provider: "vault", account: null, wide: root || resources.has("*"), patterns: [...resources], own: [r] }),
    operations: [...operations],
    resources: [...resources],
    expires_at: null,
    ttl_seconds: lifetime,
    expires,
    storage: { kind: "unknown", location: null, in_repository: false },
    conditions: [],
    origin: "plan",
    source: r.source,
    address: r.address,
    unknown: [...unknown],
    details: {
      policies: policies ?? [],
      unresolved_policies: unresolved,
      denied_paths: [...denied],
      root,
      ttl_seconds: ttl,
      explicit_max_ttl_seconds: explicitMax,
      period_seconds: period,
      renewable: attr(r, "renewable") !== false,
      orphan: attr(r, "no_parent") === true,
      num_uses: typeof attr(r, "num_uses") === "number" ? attr(r, "num_uses") : null,
      // the client token is written to the Terraform state
      secret_in_state: true,
    },
  });
}

export function vaultTokens(ctx: ExtractContext): Token[] {
  const rules = policyRules(ctx);
  return ctx.src.ofType("vault_token").filter(isLive).map((r) => tokenOf(ctx, r, rules));
}
