// GCP service-account keys minted in a plan (`google_service_account_key`): user-managed keys,
// which never expire unless `valid_before` says otherwise, with the roles their service account
// holds (google_project_iam_member / _binding / _policy, and the folder and organization
// equivalents). Basic roles roles/owner and roles/editor allow every operation ("*").

import type { Resource, Token } from "../../../model/types.js";
import { isRecord, own } from "../../terraform/paths.js";
import { holderKindFromNames } from "../holder-guess.js";
import { attr, isLive, knownString, knownStrings } from "../resource-values.js";
import { makeToken } from "../token-builder.js";
import { tokenId, type ExtractContext } from "./context.js";

const BASIC_ALL = new Set(["roles/owner", "roles/editor"]);

/** IAM grant resource types and the scope attribute that names what they apply to. */
const GRANTS: readonly [string, string, "member" | "members" | "policy"][] = [
  ["google_project_iam_member", "project", "member"],
  ["google_project_iam_binding", "project", "members"],
  ["google_project_iam_policy", "project", "policy"],
  ["google_folder_iam_member", "folder", "member"],
  ["google_folder_iam_binding", "folder", "members"],
  ["google_folder_iam_policy", "folder", "policy"],
  ["google_organization_iam_member", "org_id", "member"],
  ["google_organization_iam_binding", "org_id", "members"],
  ["google_organization_iam_policy", "org_id", "policy"],
];

interface ServiceAccount {
  resource: Resource | null;
  /** e-mail addresses and ids that name it */
  names: Set<string>;
  label: string | null;
}

function scopeName(type: string, v: string | null): string | null {
  if (v === null) return null;
  if (type.startsWith("google_project")) return v.startsWith("projects/") ? v : `projects/${v}`;
  if (type.startsWith("google_folder")) return v.startsWith("folders/") ? v : `folders/${v}`;
  return v.startsWith("organizations/") ? v : `organizations/${v}`;
}

function serviceAccountOf(ctx: ExtractContext, key: Resource): ServiceAccount {
  const id = knownString(attr(key, "service_account_id"));
  const sa = ctx.src.dependencies(key, "google_service_account")[0] ?? null;
  const names = new Set<string>();
  if (id !== null) {
    names.add(id);
    const m = /serviceAccounts\/([^/]+)$/.exec(id);
    if (m) names.add(m[1]!);
  }
  if (sa) {
    for (const a of ["email", "member", "unique_id", "name", "id"]) {
      const v = knownString(attr(sa, a));
      if (v !== null) names.add(v.replace(/^serviceAccount:/, ""));
    }
    const accountId = knownString(attr(sa, "account_id"));
    const project = knownString(attr(sa, "project")) ?? sa.account;
    if (accountId !== null && project !== null) names.add(`${accountId}@${project}.iam.gserviceaccount.com`);
  }
  // the bare e-mail, not the `projects/<p>/serviceAccounts/<e-mail>` id it was read from
  const email = [...names].find((n) => n.includes("@") && !n.includes("/")) ?? null;
  return { resource: sa, names, label: email ?? (sa ? knownString(attr(sa, "account_id")) : null) ?? id ?? sa?.address ?? null };
}

function memberIsAccount(member: string, sa: ServiceAccount): boolean {
  const m = /^serviceAccount:(.+)$/.exec(member.trim());
  return m !== null && sa.names.has(m[1]!);
}

interface Roles {
  roles: Set<string>;
  scopes: Set<string>;
  unknown: boolean;
  /** a grant whose project/folder/resource is only known after apply */
  unknownScope: boolean;
  conditions: Record<string, unknown>[];
}

/** Attributes that name the resource of a resource-level grant (`google_storage_bucket_iam_member.bucket`). */
const RESOURCE_ATTRS = ["bucket", "repository", "dataset_id", "table_id", "secret_id", "topic", "subscription", "instance", "service", "cloud_function", "service_account_id", "name"];

/** Resource-level grants of the source (`google_<thing>_iam_member` / `_binding` other than project, folder, organization). */
function resourceGrants(ctx: ExtractContext): [string, string, "member" | "members"][] {
  const out: [string, string, "member" | "members"][] = [];
  const seen = new Set(GRANTS.map((g) => g[0]));
  for (const r of ctx.src.all) {
    if (seen.has(r.type)) continue;
    const m = /^google_(.+)_iam_(member|binding)$/.exec(r.type);
    if (!m) continue;
    seen.add(r.type);
    out.push([r.type, "", m[2] === "member" ? "member" : "members"]);
  }
  return out;
}

function resourceScope(g: Resource): string | null {
  const kind = g.type.replace(/^google_/, "").replace(/_iam_(?:member|binding)$/, "");
  for (const a of RESOURCE_ATTRS) {
    const v = knownString(attr(g, a));
    if (v !== null) return `${kind}/${v}`;
  }
  return null;
}

/** One role granted to some members on some scope, read once per source. */
interface GrantEntry {
  role: string | null;
  scope: string | null;
  /** null when the members are only known after apply */
  members: string[] | null;
  /** service accounts the grant references (its member, when that is unknown) */
  references: readonly Resource[];
  condition: unknown;
}

function grantEntries(ctx: ExtractContext): GrantEntry[] {
  const out: GrantEntry[] = [];
  for (const [type, scopeAttr, shape] of [...GRANTS, ...resourceGrants(ctx)]) {
    for (const g of ctx.src.ofType(type)) {
      if (!isLive(g)) continue;
      const scope = scopeAttr === "" ? resourceScope(g) : scopeName(type, knownString(attr(g, scopeAttr)) ?? g.account);
      if (shape === "policy") {
        const text = knownString(attr(g, "policy_data"));
        if (text === null || text.length > 256 * 1024) continue;
        let doc: unknown;
        try {
          doc = JSON.parse(text);
        } catch {
          continue;
        }
        const bindings = own(doc, "bindings");
        for (const b of Array.isArray(bindings) ? bindings.slice(0, 10000) : [])
          out.push({ role: knownString(own(b, "role")), scope, members: knownStrings(own(b, "members")) ?? [], references: [], condition: own(b, "condition") });
        continue;
      }
      out.push({
        role: knownString(attr(g, "role")),
        scope,
        members: shape === "member" ? knownStrings(attr(g, "member")) : knownStrings(attr(g, "members")),
        references: ctx.src.dependencies(g, "google_service_account"),
        condition: attr(g, "condition"),
      });
    }
  }
  return out;
}

function rolesOf(sa: ServiceAccount, grants: readonly GrantEntry[]): Roles {
  const out: Roles = { roles: new Set(), scopes: new Set(), unknown: false, unknownScope: false, conditions: [] };
  for (const g of grants) {
    const named = (g.members ?? []).some((m) => memberIsAccount(m, sa));
    // a member only known after apply that references the service account is that account
    const referenced = (g.members === null || g.members.length === 0) && sa.resource !== null && g.references.includes(sa.resource);
    if (!named && !referenced) continue;
    if (g.role === null) {
      out.unknown = true;
      continue;
    }
    out.roles.add(g.role);
    if (g.scope !== null) out.scopes.add(g.scope);
    else out.unknownScope = true;
    if (isRecord(g.condition)) out.conditions.push(g.condition);
    else if (Array.isArray(g.condition) && isRecord(g.condition[0])) out.conditions.push(g.condition[0]);
  }
  return out;
}

function tokenOf(ctx: ExtractContext, key: Resource, grants: readonly GrantEntry[]): Token {
  const sa = serviceAccountOf(ctx, key);
  const r = rolesOf(sa, grants);
  const roles = [...r.roles];
  const operations = roles.some((x) => BASIC_ALL.has(x)) ? ["*", ...roles] : roles;
  const resources = [...r.scopes];
  const wide = resources.some((x) => x.startsWith("organizations/") || x.startsWith("folders/"));
  const validBefore = knownString(attr(key, "valid_before"));
  const expiry = validBefore !== null && !validBefore.startsWith("9999") && !Number.isNaN(Date.parse(validBefore)) ? new Date(validBefore).toISOString().replace(/\.000Z$/, "Z") : null;
  const project = resources.find((x) => x.startsWith("projects/"))?.slice("projects/".length) ?? sa.resource?.account ?? key.account;
  const unknown: string[] = [];
  if (r.unknown) unknown.push("operations");
  if (r.unknownScope) unknown.push("resources");
  return makeToken({
    id: tokenId(ctx, key),
    name: `${sa.label ?? key.address} key`,
    provider: "gcp",
    credential: "service-account-key",
    holder: {
      // the account's id says what it is for (`ci-deployer`, `github-actions`); descriptions say who made it
      kind: holderKindFromNames([sa.resource ? knownString(attr(sa.resource, "account_id")) : sa.label?.split("@")[0]]),
      name: sa.label,
    },
    environments: ctx.reach.reach({ sourceId: key.source, provider: "google", account: wide ? null : (project ?? null), wide: true, patterns: [], own: [sa.resource, key] }),
    operations,
    resources,
    expires_at: expiry,
    ttl_seconds: null,
    // user-managed keys never expire unless valid_before (or an organization policy) says so
    expires: expiry !== null,
    storage: { kind: "unknown", location: null, in_repository: false },
    conditions: r.conditions,
    origin: "plan",
    source: key.source,
    address: key.address,
    unknown,
    details: {
      service_account: sa.label,
      service_account_address: sa.resource?.address ?? null,
      roles,
      valid_before: validBefore,
      // the private key is written to the Terraform state
      secret_in_state: true,
    },
  });
}

export function gcpServiceAccountKeyTokens(ctx: ExtractContext): Token[] {
  const keys = ctx.src.ofType("google_service_account_key").filter(isLive);
  if (keys.length === 0) return [];
  const grants = grantEntries(ctx);
  return keys.map((k) => tokenOf(ctx, k, grants));
}
