// IAM roles CI assumes: a trust policy that lets a CI system's OIDC provider
// (token.actions.githubusercontent.com, GitLab, Terraform Cloud, CircleCI, Bitbucket, Buildkite,
// Azure DevOps, Spacelift) call sts:AssumeRoleWithWebIdentity, and roles whose name or tags say
// they are for CI or an agent. Each becomes a short-lived token with the role's permissions;
// the trust conditions (which repository, branch or environment may assume it) are its conditions.

import type { Resource, Token } from "../../../model/types.js";
import { isRecord, type Rec } from "../../terraform/paths.js";
import { holderKindFromNames, holderKindFromTags } from "../holder-guess.js";
import { parsePolicyDocument, type Statement } from "../iam-policy.js";
import { attr, isLive, knownNumber, knownString, stringMap } from "../resource-values.js";
import { makeToken } from "../token-builder.js";
import type { AwsIamGraph } from "./aws-iam-graph.js";
import { principalGrant } from "./aws-grants.js";
import { tokenId, type ExtractContext } from "./context.js";

/** OIDC issuers of CI systems, matched against a Federated principal (ARN or host). */
const CI_ISSUERS: readonly [RegExp, string][] = [
  [/token\.actions\.githubusercontent\.com/i, "github-actions"],
  [/gitlab/i, "gitlab"],
  [/app\.terraform\.io/i, "terraform-cloud"],
  [/oidc\.circleci\.com/i, "circleci"],
  [/api\.bitbucket\.org/i, "bitbucket"],
  [/agent\.buildkite\.com|buildkite/i, "buildkite"],
  [/vstoken\.dev\.azure\.com|dev\.azure\.com/i, "azure-devops"],
  [/spacelift\.io/i, "spacelift"],
];

/** Condition keys that name who may assume the role through OIDC. */
const SUBJECT_KEY = /:(?:sub|job_workflow_ref|repository|ref|environment|project_path|workspace|aud)$/i;

interface Trust {
  issuer: string;
  statements: Statement[];
}

function issuerOf(identifier: string): string | null {
  return CI_ISSUERS.find(([re]) => re.test(identifier))?.[1] ?? null;
}

/**
 * The CI OIDC trust of a role: statements whose Federated principal is a CI issuer. When the
 * principal is only known after apply (the ARN of an aws_iam_openid_connect_provider created in
 * the same change), the provider resources the role or its trust document reference tell by
 * their `url`.
 */
function ciTrust(statements: readonly Statement[] | null, oidcUrls: readonly string[]): Trust | null {
  const matched: Statement[] = [];
  let issuer: string | null = null;
  for (const s of statements ?? []) {
    if (s.effect !== "Allow") continue;
    for (const f of s.principals["Federated"] ?? []) {
      const hit = issuerOf(f);
      if (hit) {
        issuer ??= hit;
        matched.push(s);
        break;
      }
    }
  }
  if (issuer) return { issuer, statements: matched };
  const fromUrl = oidcUrls.map(issuerOf).find((x) => x !== null);
  if (!fromUrl) return null;
  // the federated statements whose principal is not known yet
  const federated = (statements ?? []).filter((s) => s.effect === "Allow" && s.principals["Federated"] !== undefined);
  return { issuer: fromUrl, statements: federated };
}

/** The values of `sub`-like conditions: which repositories, branches, environments may assume the role. */
function subjects(statements: readonly Statement[]): { subjects: string[]; audiences: string[]; anySubject: boolean } {
  const subs: string[] = [];
  const auds: string[] = [];
  let unconstrained = false;
  for (const s of statements) {
    let hasSub = false;
    for (const op of Object.keys(s.condition ?? {})) {
      const byKey = (s.condition as Rec)[op];
      if (!isRecord(byKey)) continue;
      for (const key of Object.keys(byKey)) {
        if (!SUBJECT_KEY.test(key)) continue;
        const v = byKey[key];
        const values = typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
        if (/:aud$/i.test(key)) auds.push(...values);
        else {
          hasSub = true;
          subs.push(...values);
        }
      }
    }
    if (!hasSub) unconstrained = true;
  }
  // `repo:*`, `*`, `repo:org/*:*` let any repository (or any branch) assume the role
  const anySubject = unconstrained || subs.some((v) => v === "*" || /^repo:\*|^\*:|^project_path:\*/.test(v));
  return { subjects: [...new Set(subs)], audiences: [...new Set(auds)], anySubject };
}

function roleToken(ctx: ExtractContext, graph: AwsIamGraph, role: Resource, trust: Trust | null, trustStatements: Statement[]): Token {
  const name = knownString(attr(role, "name"));
  const key = graph.keyOfPrincipal(role, "role");
  const g = principalGrant(graph, key);
  const who = trust && trust.statements.length > 0 ? subjects(trust.statements) : null;
  const maxSession = knownNumber(attr(role, "max_session_duration")) ?? 3600;
  const unknown: string[] = [];
  if (key === null || g.unresolved.length > 0) unknown.push("operations", "resources");
  if (trust && trust.statements.length === 0) unknown.push("conditions");
  const trustConditions = (trust ? trust.statements : trustStatements).map((s) => s.condition).filter((c): c is Rec => c !== null);
  return makeToken({
    id: tokenId(ctx, role),
    name: `role ${name ?? role.name}`,
    provider: "aws",
    credential: trust ? "oidc-role" : "role",
    holder: {
      kind: trust ? "ci" : roleHolder(role, name),
      name: who && who.subjects.length > 0 ? who.subjects.join(", ") : (trust?.issuer ?? name),
    },
    environments: ctx.reach.reach({ sourceId: role.source, provider: "aws", account: role.account, wide: g.wide, patterns: g.resources, own: [role] }),
    operations: g.operations,
    resources: g.resources,
    expires_at: null,
    ttl_seconds: maxSession,
    expires: true,
    storage: { kind: trust ? "oidc" : "unknown", location: knownString(attr(role, "arn")) ?? name, in_repository: false },
    conditions: [...trustConditions, ...g.conditions],
    origin: "plan",
    source: role.source,
    address: role.address,
    unknown,
    details: {
      role: name,
      oidc_provider: trust?.issuer ?? null,
      subjects: who?.subjects ?? [],
      audiences: who?.audiences ?? [],
      // any repository (or any branch of it) may assume the role; null when the trust policy is not known yet
      any_subject: who ? who.anySubject : trust ? null : false,
      max_session_duration: maxSession,
      policies: g.policies,
      unresolved_policies: g.unresolved,
      denied_operations: g.denied,
      permissions_boundary: knownString(attr(role, "permissions_boundary")),
    },
  });
}

function roleHolder(role: Resource, name: string | null) {
  const fromTags = holderKindFromTags(stringMap(attr(role, "tags_all") ?? attr(role, "tags")));
  return fromTags !== "unknown" ? fromTags : holderKindFromNames([name, knownString(attr(role, "path")), knownString(attr(role, "description"))]);
}

export function awsCiRoleTokens(ctx: ExtractContext, graph: AwsIamGraph): Token[] {
  const out: Token[] = [];
  for (const role of ctx.src.ofType("aws_iam_role")) {
    if (!isLive(role)) continue;
    const parsed = parsePolicyDocument(attr(role, "assume_role_policy")) ?? graph.documentOf(role, "assume_role_policy");
    const statements = parsed ?? [];
    const docs = ctx.src.dependencies(role, "aws_iam_policy_document");
    const oidcUrls = [role, ...docs]
      .flatMap((r) => ctx.src.dependencies(r, "aws_iam_openid_connect_provider"))
      .map((p) => knownString(attr(p, "url")))
      .filter((u): u is string => u !== null);
    const trust = ciTrust(parsed, oidcUrls);
    if (trust) {
      out.push(roleToken(ctx, graph, role, trust, statements));
      continue;
    }
    // roles for CI or agents by name/tags, assumed by anything but an AWS service
    const services = statements.every((s) => s.effect === "Deny" || Object.keys(s.principals).every((p) => p === "Service"));
    const holder = roleHolder(role, knownString(attr(role, "name")));
    if ((holder === "ci" || holder === "agent") && !(services && statements.length > 0)) out.push(roleToken(ctx, graph, role, null, statements));
  }
  return out;
}
