// What a workflow job does with credentials, read from its steps: the secrets it references
// (`${{ secrets.NAME }}`, names only), how it gets cloud credentials (aws-actions/
// configure-aws-credentials with static keys or an OIDC role, google-github-actions/auth with a
// key or workload identity, azure/login with a client secret or OIDC, hashicorp/vault-action),
// whether it checks out untrusted pull-request code, and secret values written in the file.

import type { Path } from "../../../model/types.js";
import { isRecord, own, type Rec } from "../../terraform/paths.js";
import { parseDuration } from "../duration.js";

/** Most nodes one walk visits (the document is already bounded by checkStructure). */
const MAX_NODES = 1_000_000;

/** Calls `visit` for every string under `root` with its path; iterative. */
export function walkStrings(root: unknown, base: Path, visit: (s: string, path: Path, key: string | number | null) => void): void {
  const stack: { node: unknown; path: Path }[] = [{ node: root, path: base }];
  let seen = 0;
  while (stack.length > 0 && seen++ < MAX_NODES) {
    const { node, path } = stack.pop()!;
    if (typeof node === "string") visit(node, path, path.length > 0 ? path[path.length - 1]! : null);
    else if (Array.isArray(node)) for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], path: [...path, i] });
    else if (isRecord(node)) {
      const keys = Object.keys(node);
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ node: node[keys[i]!], path: [...path, keys[i]!] });
    }
  }
}

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
const SECRET_REF = /\bsecrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([^'"\]]+)['"]\s*\])/g;

/** Secret names referenced in a string's `${{ }}` expressions. */
export function secretNamesIn(s: string): string[] {
  if (!s.includes("${{")) return [];
  const out: string[] = [];
  for (const m of s.matchAll(EXPRESSION)) for (const r of m[1]!.matchAll(SECRET_REF)) out.push(r[1] ?? r[2]!);
  return out;
}

/** Secret names referenced anywhere under a node. */
export function secretNames(node: unknown): string[] {
  const out = new Set<string>();
  walkStrings(node, [], (s) => {
    for (const n of secretNamesIn(s)) out.add(n);
  });
  return [...out];
}

/** The action a step uses, lower-cased and without its version (`actions/checkout`). */
export function actionOf(step: unknown): string | null {
  const uses = own(step, "uses");
  if (typeof uses !== "string") return null;
  return uses.trim().replace(/@.*$/, "").toLowerCase();
}

function withOf(step: unknown): Rec {
  const w = own(step, "with");
  return isRecord(w) ? w : {};
}

function str(v: unknown): string | null {
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return typeof v === "string" && v.trim() !== "" ? v.trim() : null;
}

const HEAD_REF = /github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|github\.event\.workflow_run\.head_(?:sha|branch)|refs\/pull\/|github\.event\.pull_request\.number|head\.repo\.full_name/;

/** Whether a step checks out the pull request's own code (its head), not the base. */
export function checksOutHead(step: unknown): boolean {
  const action = actionOf(step);
  if (action === "actions/checkout") {
    const w = withOf(step);
    return [own(w, "ref"), own(w, "repository")].some((v) => typeof v === "string" && HEAD_REF.test(v));
  }
  const run = own(step, "run");
  // `gh pr checkout`, `git fetch origin pull/N/head`, `git checkout ${{ github.event.pull_request.head.sha }}`
  return typeof run === "string" && (/\bgh\s+pr\s+checkout\b/.test(run) || (/\bgit\s+(?:fetch|checkout)\b/.test(run) && HEAD_REF.test(run)));
}

export interface CloudAuth {
  /** the action that gets the credentials */
  action: string;
  provider: "aws" | "gcp" | "azure" | "vault";
  /** "oidc" (short-lived, federated) or "static" (a long-lived secret) */
  method: "oidc" | "static";
  /** role / service account / client the credentials are for, as written (may be an expression) */
  identity: string | null;
  /** lifetime of the federated session, seconds */
  ttl_seconds: number | null;
  /** secrets the step reads */
  secrets: string[];
}

/** How one step obtains cloud credentials, or null when it does not. */
export function cloudAuth(step: unknown): CloudAuth | null {
  const action = actionOf(step);
  if (action === null) return null;
  const w = withOf(step);
  const secrets = secretNames(w);
  switch (action) {
    case "aws-actions/configure-aws-credentials": {
      const role = str(own(w, "role-to-assume"));
      const staticKeys = own(w, "aws-access-key-id") !== undefined || own(w, "aws-secret-access-key") !== undefined;
      return {
        action,
        provider: "aws",
        // with static keys and a role, the keys assume the role: the job still holds the keys
        method: staticKeys ? "static" : "oidc",
        identity: role,
        ttl_seconds: parseDuration(own(w, "role-duration-seconds")) ?? (role !== null ? 3600 : null),
        secrets,
      };
    }
    case "google-github-actions/auth": {
      const key = own(w, "credentials_json") !== undefined;
      return {
        action,
        provider: "gcp",
        method: key ? "static" : "oidc",
        identity: str(own(w, "service_account")) ?? str(own(w, "workload_identity_provider")),
        ttl_seconds: key ? null : (parseDuration(own(w, "access_token_lifetime")) ?? 3600),
        secrets,
      };
    }
    case "azure/login": {
      const creds = own(w, "creds") !== undefined;
      return { action, provider: "azure", method: creds ? "static" : "oidc", identity: str(own(w, "client-id")), ttl_seconds: creds ? null : 3600, secrets };
    }
    case "hashicorp/vault-action": {
      const method = str(own(w, "method")) ?? "token";
      return { action, provider: "vault", method: method === "jwt" ? "oidc" : "static", identity: str(own(w, "role")), ttl_seconds: null, secrets };
    }
    default:
      return null;
  }
}

/** Names that say a value is a secret (words such as TOKEN, SECRET, PASSWORD, KEY). */
const SECRET_WORDS = /(?:^|_)(?:TOKEN|SECRET|SECRETS|PASSWORD|PASSWD|PWD|APIKEY|API_KEY|ACCESS_KEY|SECRET_KEY|PRIVATE_KEY|CLIENT_SECRET|CREDENTIALS|CREDS|AUTH_TOKEN|PAT)(?:_|$)/;
/** Names that look secret but hold none. */
const NOT_SECRET_NAMES = /(?:^|_)(?:FILE|PATH|DIR|URL|URI|ENDPOINT|NAME|ID|IDS|ARN|REGION|TYPE|FORMAT|VERSION|ENABLED|DISABLED|LENGTH|HEADER|EXPIRY|EXPIRES|TTL|DURATION|LIFETIME|SCOPE|SCOPES|PERMISSIONS)$/;

/** Whether an `env:` / `with:` key names a secret (`AWS_SECRET_ACCESS_KEY`, `api-token`, `password`). */
export function keyNamesSecret(key: string): boolean {
  const k = key.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
  return SECRET_WORDS.test(k) && !NOT_SECRET_NAMES.test(k);
}

/** Whether a literal looks like a secret value rather than a setting (`true`, `./path`, a URL). */
export function looksLikeSecretValue(v: string): boolean {
  const s = v.trim();
  if (s.length < 8 || s.includes("${{") || /\s/.test(s)) return false;
  if (/^(?:true|false|null|none|yes|no)$/i.test(s)) return false;
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/.test(s) || /^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return false;
  return true;
}

export interface LiteralSecret {
  /** the env / with key */
  name: string;
  /** path of the value in the document (to redact it) */
  path: Path;
}

/** Secret values written literally under `env:` maps and action `with:` inputs of a node. */
export function literalSecrets(node: unknown, base: Path): LiteralSecret[] {
  const out: LiteralSecret[] = [];
  walkStrings(node, base, (s, path, key) => {
    if (typeof key !== "string" || path.length < 2) return;
    const parent = path[path.length - 2];
    if (parent !== "env" && parent !== "with") return;
    if (keyNamesSecret(key) && looksLikeSecretValue(s)) out.push({ name: key, path });
  });
  return out;
}
