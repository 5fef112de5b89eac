// A case as Terraform would show it: the plan JSON of `terraform show -json plan.out`
// (format 1.2: resource_changes with actions, before/after, after_unknown, the sensitivity
// masks, planned_values, prior_state, configuration with provider_config and expressions) and,
// when the case says whether resources are protected, the Terraform sources (main.tf) with
// their lifecycle blocks for --tf-dir.

import { typeInfo, PROVIDER_SOURCES, computedAttributes } from "../types-table.js";
import { AZURE_SUB } from "../cases/build.js";
import { EXAMPLE_ACCESS_KEY, EXAMPLE_SECRET_KEY, isObj, isOne, isRef, isUnknown, providersOf, type Case, type Obj, type ResourceSpec, type Val } from "../spec.js";
import { computedOf, exists, keepsIdentity, refAddresses, regionAccount, resolveValue } from "./resolve.js";

export interface TerraformRendering {
  plan: Record<string, unknown>;
  /** main.tf for --tf-dir, or null when the case gives the plan alone */
  hcl: string | null;
  workspace: string | null;
}

interface Shaped {
  /** the value as plan JSON shows it (unknowns omitted from objects, null in lists) */
  value: unknown;
  /** after_unknown mask: true where unknown */
  unknown: unknown;
  /** nothing inside is unknown */
  known: boolean;
}

/** A spec value in Terraform JSON shape, with its unknown mask. */
function shape(c: Case, v: Val): Shaped {
  if (isRef(v) || isUnknown(v)) {
    const r = isRef(v) ? resolveValue(c, v) : { known: false as const };
    if (r.known) return shapePlain(r.value);
    return { value: undefined, unknown: true, known: false };
  }
  if (isOne(v)) {
    const inner = shape(c, v.value);
    return { value: [inner.value], unknown: [inner.unknown], known: inner.known };
  }
  if (Array.isArray(v)) {
    const parts = v.map((x) => shape(c, x));
    return { value: parts.map((p) => (p.value === undefined ? null : p.value)), unknown: parts.map((p) => p.unknown), known: parts.every((p) => p.known) };
  }
  if (isObj(v)) {
    const value: Record<string, unknown> = {};
    const unknown: Record<string, unknown> = {};
    let known = true;
    for (const [k, x] of Object.entries(v)) {
      const p = shape(c, x);
      if (p.value !== undefined) value[k] = p.value;
      if (p.unknown !== false) unknown[k] = p.unknown;
      known &&= p.known;
    }
    return { value, unknown, known };
  }
  return { value: v, unknown: false, known: true };
}

function shapePlain(v: unknown): Shaped {
  if (Array.isArray(v)) return { value: v, unknown: v.map((x) => shapePlain(x).unknown), known: true };
  if (v !== null && typeof v === "object") {
    const unknown: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const m = shapePlain(x).unknown;
      if (m !== false) unknown[k] = m;
    }
    return { value: v, unknown, known: true };
  }
  return { value: v, unknown: false, known: true };
}

/** The sensitivity mask of a value with nothing sensitive: containers mirrored, leaves false. */
function noSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(noSecrets);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const m = noSecrets(x);
      if (m !== false) out[k] = m;
    }
    return out;
  }
  return false;
}

const ACTIONS: Record<string, string[]> = {
  create: ["create"],
  update: ["update"],
  delete: ["delete"],
  replace: ["delete", "create"],
  "no-op": ["no-op"],
  forget: ["forget"],
};

function providerKey(r: ResourceSpec): string {
  const p = typeInfo(r.type).provider;
  return r.provider ? `${p}.${r.provider}` : p;
}

/** Object values before the change (existing objects): configured values plus computed ones. */
function beforeValues(c: Case, r: ResourceSpec): Record<string, unknown> {
  const s = shape(c, r.before ?? r.attrs);
  return { ...(s.value as Record<string, unknown>), ...computedOf(c, r) };
}

function afterValues(c: Case, r: ResourceSpec): { after: Record<string, unknown>; afterUnknown: Record<string, unknown> } {
  const s = shape(c, r.attrs);
  const after = { ...(s.value as Record<string, unknown>) };
  const afterUnknown = { ...(s.unknown as Record<string, unknown>) };
  const computed = keepsIdentity(r) ? computedOf(c, r) : {};
  for (const k of computedAttributes(r.type)) {
    if (k in r.attrs) continue;
    if (keepsIdentity(r)) after[k] = computed[k];
    else afterUnknown[k] = true;
  }
  // tags_all: tags plus the provider's default_tags (none here), known when tags are
  if (typeInfo(r.type).provider === "aws" && isObj(r.attrs["tags"])) {
    after["tags_all"] = after["tags"];
    afterUnknown["tags_all"] = {};
  }
  return { after, afterUnknown };
}

/** Configuration expressions of an attribute value. */
function expression(c: Case, v: Val): unknown {
  if (isRef(v)) return { references: refAddresses(c, v) };
  if (isUnknown(v)) return { references: [v.from, v.from.split(".").slice(0, 2).join(".")] };
  if (isOne(v)) return [expressions(c, v.value)];
  if (Array.isArray(v) && v.length > 0 && v.every((x) => isObj(x))) return v.map((x) => expressions(c, x as Obj));
  const refs = collectRefs(c, v);
  if (refs.length > 0) return { references: refs };
  return { constant_value: plain(v) };
}

function expressions(c: Case, o: Obj): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = expression(c, v);
  return out;
}

function collectRefs(c: Case, v: Val): string[] {
  if (isRef(v)) return refAddresses(c, v);
  if (isUnknown(v)) return [v.from];
  if (Array.isArray(v)) return v.flatMap((x) => collectRefs(c, x));
  if (isOne(v)) return collectRefs(c, v.value);
  if (isObj(v)) return Object.values(v).flatMap((x) => collectRefs(c, x));
  return [];
}

function plain(v: Val): unknown {
  if (isOne(v)) return [plain(v.value)];
  if (Array.isArray(v)) return v.map(plain);
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

function providerConfig(c: Case): Record<string, unknown> {
  const used = new Map<string, ResourceSpec>();
  for (const r of c.resources ?? []) used.set(providerKey(r), r);
  const out: Record<string, unknown> = {};
  for (const [key, r] of [...used].sort()) {
    const p = typeInfo(r.type).provider;
    const { region, account, unpinned, staticKeys } = regionAccount(c, r);
    const expressions: Record<string, unknown> =
      p === "aws"
        ? {
            region: { constant_value: region },
            ...(unpinned ? {} : { allowed_account_ids: { constant_value: [account] } }),
            ...(staticKeys ? { access_key: { constant_value: EXAMPLE_ACCESS_KEY }, secret_key: { constant_value: EXAMPLE_SECRET_KEY } } : {}),
          }
        : p === "google"
          ? { project: { constant_value: "acme-prod" }, region: { constant_value: "europe-west1" } }
          : p === "azurerm"
            ? { features: [{}], subscription_id: { constant_value: AZURE_SUB } }
            : {};
    out[key] = {
      name: p,
      full_name: PROVIDER_SOURCES[p],
      ...(r.provider ? { alias: r.provider } : {}),
      ...(Object.keys(expressions).length ? { expressions } : {}),
    };
  }
  return out;
}

export function renderTerraform(c: Case): TerraformRendering {
  const resources = c.resources ?? [];
  const changes: unknown[] = [];
  const planned: unknown[] = [];
  const prior: unknown[] = [];
  const configured: unknown[] = [];
  for (const r of resources) {
    const action = r.action ?? "create";
    const address = `${r.type}.${r.name}`;
    const providerName = PROVIDER_SOURCES[typeInfo(r.type).provider]!;
    const base = { address, mode: "managed", type: r.type, name: r.name, provider_name: providerName };
    const before = exists(r) ? beforeValues(c, r) : null;
    let after: Record<string, unknown> | null = null;
    let afterUnknown: Record<string, unknown> = {};
    if (action === "no-op") {
      after = before;
    } else if (action !== "delete" && action !== "forget") {
      ({ after, afterUnknown } = afterValues(c, r));
    }
    const change: Record<string, unknown> = {
      actions: ACTIONS[action],
      before,
      after,
      after_unknown: afterUnknown,
      before_sensitive: before === null ? false : noSecrets(before),
      after_sensitive: after === null ? false : noSecrets(after),
    };
    const rc: Record<string, unknown> = { ...base, change };
    if (action === "replace") {
      const changed = Object.keys(r.attrs).find((k) => JSON.stringify(plain(r.attrs[k]!)) !== JSON.stringify(plain((r.before ?? {})[k] ?? null))) ?? Object.keys(r.attrs)[0]!;
      change["replace_paths"] = [[changed]];
      rc["action_reason"] = "replace_because_cannot_update";
    }
    if (action === "delete") rc["action_reason"] = "delete_because_no_resource_config";
    changes.push(rc);
    if (before !== null) prior.push({ ...base, schema_version: 0, values: before, sensitive_values: noSecrets(before) });
    if (after !== null) {
      planned.push({ ...base, schema_version: 0, values: after, sensitive_values: noSecrets(after) });
      configured.push({ address, mode: "managed", type: r.type, name: r.name, provider_config_key: providerKey(r), expressions: expressions(c, r.attrs), schema_version: 0 });
    }
  }
  const plan: Record<string, unknown> = {
    format_version: "1.2",
    terraform_version: "1.9.8",
    planned_values: { root_module: { resources: planned } },
    resource_changes: changes,
    ...(prior.length > 0
      ? { prior_state: { format_version: "1.0", terraform_version: "1.9.8", values: { root_module: { resources: prior } } } }
      : {}),
    configuration: { provider_config: providerConfig(c), root_module: { resources: configured } },
    relevant_attributes: [],
    timestamp: "2025-05-12T09:30:00Z",
    applyable: true,
    complete: true,
    errored: false,
  };
  const withSources = resources.some((r) => r.protect !== undefined);
  return { plan, hcl: withSources ? renderHcl(c) : null, workspace: c.workspace ?? null };
}

// ------------------------------------------------------------------------------------- HCL

function hclString(s: string): string {
  return JSON.stringify(s).replace(/\$\{/g, "$${");
}

function hclExpr(c: Case, v: Val): string {
  if (isRef(v)) {
    const t = c.resources!.find((x) => x.name === v.resource)!;
    return `${t.type}.${t.name}.${v.attr}`;
  }
  if (isUnknown(v)) return v.from;
  if (typeof v === "string") return hclString(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v === null) return "null";
  if (Array.isArray(v)) return `[${v.map((x) => hclExpr(c, x)).join(", ")}]`;
  if (isObj(v)) return `{ ${Object.entries(v).map(([k, x]) => `${hclString(k)} = ${hclExpr(c, x)}`).join(", ")} }`;
  throw new Error("block in expression position");
}

function hclBody(c: Case, o: Obj, indent: string): string[] {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (isOne(v)) lines.push(`${indent}${k} {`, ...hclBody(c, v.value, indent + "  "), `${indent}}`);
    else if (Array.isArray(v) && v.length > 0 && v.every((x) => isObj(x))) {
      for (const b of v) lines.push(`${indent}${k} {`, ...hclBody(c, b as Obj, indent + "  "), `${indent}}`);
    } else if (Array.isArray(v) && v.length === 0 && /(_rule|_action|^rule|^attribute|_tag)$/.test(k)) {
      // an empty list of blocks: nothing to write
    } else lines.push(`${indent}${k} = ${hclExpr(c, v)}`);
  }
  return lines;
}

function renderHcl(c: Case): string {
  const out: string[] = [];
  for (const r of c.resources ?? []) {
    const action = r.action ?? "create";
    if (action === "delete") continue;
    if (action === "forget") {
      out.push(`removed {`, `  from = ${r.type}.${r.name}`, ``, `  lifecycle {`, `    destroy = false`, `  }`, `}`, ``);
      continue;
    }
    out.push(`resource "${r.type}" "${r.name}" {`);
    if (r.provider) out.push(`  provider = ${typeInfo(r.type).provider}.${r.provider}`);
    out.push(...hclBody(c, r.attrs, "  "));
    if (r.protect) out.push(``, `  lifecycle {`, `    prevent_destroy = true`, `  }`);
    out.push(`}`, ``);
  }
  return out.join("\n");
}
