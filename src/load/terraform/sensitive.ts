// Sensitive values: replaced by "(sensitive)" with their paths listed, so no report can show
// them. Terraform marks them with mirror masks (`before_sensitive`/`after_sensitive`,
// `sensitive_values`) or, in raw state files, cty paths (`sensitive_attributes`). Inputs that do
// not mark schema-sensitive attributes (raw states, pre-0.15 plans, CDKTF synth output) are
// redacted by attribute name as well (`secretNamePaths`).

import { SENSITIVE_VALUE, type Path } from "../../model/types.js";
import {
  DepthLimitError,
  MAX_VALUE_DEPTH,
  PathWriter,
  getAt,
  hasPath,
  isRecord,
  maskPaths,
  type Rec,
} from "./paths.js";

/**
 * Attribute names that hold secrets in provider schemas (passwords, keys, tokens, connection
 * strings). Matched against the last key of a path; only strings, lists and maps are redacted
 * by name (booleans and numbers such as `manage_master_user_password` stay visible).
 */
export const SECRET_NAME =
  /(?:^|_)(?:password|passwd|secret|secret_key|secret_string|secret_binary|private_key(?:_pem|_openssh|_pkcs8|_pem_pkcs8)?|api_key|app_key|access_key|auth_token|token|connection_string|connection_strings|plaintext_value|key_material|encryption_key_raw|sas_token|sas_url|primary_key|secondary_key|credentials|kubeconfig_raw|kube_admin_config_raw|kube_config_raw)(?:_v\d+)?$/i;

const secretNames = new Map<string, boolean>();

/**
 * Whether an attribute name says it holds a secret (SECRET_NAME). Answers are remembered: a
 * plan repeats the same few hundred attribute names across every resource (up to 10,000
 * distinct names of up to 100 characters; others are tested without being remembered).
 */
export function isSecretName(name: string): boolean {
  let hit = secretNames.get(name);
  if (hit === undefined) {
    hit = SECRET_NAME.test(name);
    if (secretNames.size < 10_000 && name.length <= 100) secretNames.set(name, hit);
  }
  return hit;
}

/** Top-level attributes that are sensitive in their resource type's schema although their name does not say so. */
const TYPE_SECRETS: Readonly<Record<string, readonly string[]>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, readonly string[]>, {
    random_password: ["result", "bcrypt_hash"],
    aws_ssm_parameter: ["value", "insecure_value"],
    azurerm_key_vault_secret: ["value"],
    cloudflare_api_token: ["value"],
    vault_generic_secret: ["data", "data_json"],
    vault_kv_secret: ["data", "data_json"],
    vault_kv_secret_v2: ["data", "data_json"],
    kubernetes_secret: ["data", "binary_data"],
    kubernetes_secret_v1: ["data", "binary_data"],
    google_secret_manager_secret_version: ["secret_data"],
    tls_self_signed_cert: ["private_key_pem"],
  }),
);

/**
 * Whether a value can be a secret found by name: a non-empty string, a list or a map. A boolean
 * or a number (`manage_master_user_password = true`, or a toggle or a length in a variable named
 * like a secret or feeding one) stays visible.
 */
export function secretLike(v: unknown): boolean {
  return (typeof v === "string" && v !== "") || Array.isArray(v) || isRecord(v);
}

/** Paths of attributes whose names say they hold secrets (iterative; stops below a match). */
export function secretNamePaths(type: string, value: unknown, where: string): Path[] {
  const out: Path[] = [];
  if (!isRecord(value)) return out;
  const typeKeys = TYPE_SECRETS[type] ?? [];
  const stack: { node: unknown; path: Path }[] = [{ node: value, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (path.length > MAX_VALUE_DEPTH) throw new DepthLimitError(where);
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        const v = node[i];
        if (typeof v === "object" && v !== null) stack.push({ node: v, path: [...path, i] });
      }
    } else if (isRecord(node)) {
      const keys = Object.keys(node);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        const v = node[k];
        const named = isSecretName(k) || (path.length === 0 && typeKeys.includes(k));
        if (named && secretLike(v)) out.push([...path, k]);
        else if (typeof v === "object" && v !== null) stack.push({ node: v, path: [...path, k] });
      }
    }
  }
  return out;
}

export interface Redacted {
  value: Rec | null;
  /** the sensitive paths that exist in the value */
  sensitive: Path[];
}

/**
 * Replaces the values at `paths` by "(sensitive)" (copy-on-write). A null value stays null (it
 * reveals nothing) but its path is still listed. The empty path marks every top-level attribute.
 */
export function redactPaths(value: Rec | null, paths: readonly Path[]): Redacted {
  if (value === null || paths.length === 0) return { value, sensitive: [] };
  const w = new PathWriter(value);
  const sensitive: Path[] = [];
  const seen = new Set<string>();
  const mark = (p: Path) => {
    const key = JSON.stringify(p);
    if (seen.has(key)) return;
    if (!hasPath(value, p)) return;
    seen.add(key);
    sensitive.push(p);
    if (getAt(value, p) !== null) w.set(p, SENSITIVE_VALUE, false);
  };
  for (const p of paths) {
    if (p.length === 0) for (const k of Object.keys(value)) mark([k]);
    else mark(p);
  }
  return { value: isRecord(w.value) ? w.value : value, sensitive };
}

/** Redacts by a Terraform mirror mask (`after_sensitive`, `sensitive_values`). */
export function redactMask(value: Rec | null, mask: unknown, where: string): Redacted {
  return redactPaths(value, maskPaths(mask, where));
}

/**
 * Converts raw-state `sensitive_attributes` to paths. Terraform ≤1.9 writes cty paths
 * (`[[{"type":"get_attr","value":"password"},{"type":"index","value":{"value":0,"type":"number"}}]]`);
 * a mirror mask (object form) is accepted too.
 */
export function stateSensitivePaths(sensitiveAttributes: unknown, where: string): Path[] {
  if (isRecord(sensitiveAttributes)) return maskPaths(sensitiveAttributes, where);
  if (!Array.isArray(sensitiveAttributes)) return [];
  const out: Path[] = [];
  for (const steps of sensitiveAttributes) {
    if (!Array.isArray(steps)) continue;
    const path: Path = [];
    let ok = true;
    for (const step of steps) {
      if (!isRecord(step)) {
        ok = false;
        break;
      }
      const v = step["value"];
      if (step["type"] === "get_attr" && typeof v === "string") path.push(v);
      else if (step["type"] === "index" && isRecord(v)) {
        const inner = v["value"];
        if (typeof inner === "number") path.push(inner);
        else if (typeof inner === "bigint") path.push(Number(inner));
        else if (typeof inner === "string") path.push(inner);
        else {
          ok = false;
          break;
        }
      } else {
        ok = false;
        break;
      }
    }
    // an unreadable step: treat the readable prefix (at least its first attribute) as sensitive
    if (!ok && path.length === 0) continue;
    out.push(path);
  }
  return out;
}

/** Joins path lists without duplicates. */
export function unionPaths(...lists: readonly (readonly Path[])[]): Path[] {
  const seen = new Set<string>();
  const out: Path[] = [];
  for (const list of lists)
    for (const p of list) {
      const k = JSON.stringify(p);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(p);
      }
    }
  return out;
}
