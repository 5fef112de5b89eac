// Long-lived AWS credentials minted in a plan: each active `aws_iam_access_key` (a static key of
// an IAM user, which never expires), with the permissions of its user (inline, attached and
// group policies). IAM users whose name or tags say they are for CI or an agent get a token as
// well when the plan makes no key for them: their keys are made elsewhere, and are static too.

import type { HolderKind, Resource, Token } from "../../../model/types.js";
import { holderKindFromNames, holderKindFromTags } from "../holder-guess.js";
import { attr, isLive, knownString, stringMap } from "../resource-values.js";
import { makeToken } from "../token-builder.js";
import type { AwsIamGraph } from "./aws-iam-graph.js";
import { principalGrant } from "./aws-grants.js";
import { tokenId, type ExtractContext } from "./context.js";

function userHolder(user: Resource | null, userName: string | null): HolderKind {
  const tags = user ? stringMap(attr(user, "tags_all") ?? attr(user, "tags")) : {};
  const fromTags = holderKindFromTags(tags);
  if (fromTags !== "unknown") return fromTags;
  return holderKindFromNames([userName, user ? knownString(attr(user, "path")) : null, tags["Name"]]);
}

function userToken(ctx: ExtractContext, graph: AwsIamGraph, minting: Resource, userKey: string | null, credential: "access-key" | "iam-user"): Token {
  const user = userKey ? graph.principalResource(userKey, "user") : null;
  const userName = userKey?.startsWith("user:") ? userKey.slice(5) : user ? knownString(attr(user, "name")) : null;
  const g = principalGrant(graph, userKey);
  const unknown: string[] = [];
  if (userKey === null || g.unresolved.length > 0) unknown.push("operations", "resources");
  const account = minting.account ?? user?.account ?? null;
  const details: Record<string, unknown> = {
    user: userName,
    user_address: user?.address ?? null,
    policies: g.policies,
    unresolved_policies: g.unresolved,
    denied_operations: g.denied,
    permissions_boundary: user ? knownString(attr(user, "permissions_boundary")) : null,
  };
  if (credential === "access-key") {
    const pgp = knownString(attr(minting, "pgp_key"));
    // without a PGP key the secret is written to the Terraform state in plain text
    details["secret_in_state"] = pgp === null;
    details["status"] = knownString(attr(minting, "status")) ?? "Active";
  } else details["access_keys"] = "not in this input: made outside it";
  return makeToken({
    id: tokenId(ctx, minting),
    name: credential === "access-key" ? `${userName ?? minting.name} access key` : `IAM user ${userName ?? minting.name}`,
    provider: "aws",
    credential,
    holder: { kind: userHolder(user, userName), name: userName },
    environments: ctx.reach.reach({
      sourceId: minting.source,
      provider: "aws",
      account,
      wide: g.wide,
      patterns: g.resources,
      own: [user, minting],
    }),
    operations: g.operations,
    resources: g.resources,
    // IAM user access keys have no expiry
    expires_at: null,
    ttl_seconds: null,
    expires: false,
    storage: { kind: "unknown", location: null, in_repository: false },
    conditions: g.conditions,
    origin: "plan",
    source: minting.source,
    address: minting.address,
    unknown,
    details,
  });
}

export function awsAccessKeyTokens(ctx: ExtractContext, graph: AwsIamGraph): Token[] {
  const out: Token[] = [];
  const keyed = new Set<string>();
  for (const key of ctx.src.ofType("aws_iam_access_key")) {
    if (!isLive(key)) continue;
    // an inactive key cannot sign requests
    if (knownString(attr(key, "status")) === "Inactive") continue;
    const userKey = graph.principalKey(key, "user", "user");
    if (userKey !== null) keyed.add(userKey);
    out.push(userToken(ctx, graph, key, userKey, "access-key"));
  }
  for (const user of ctx.src.ofType("aws_iam_user")) {
    if (!isLive(user)) continue;
    const userKey = graph.keyOfPrincipal(user, "user");
    if (userKey === null || keyed.has(userKey)) continue;
    const holder = userHolder(user, knownString(attr(user, "name")));
    if (holder !== "ci" && holder !== "agent") continue;
    out.push(userToken(ctx, graph, user, userKey, "iam-user"));
  }
  return out;
}
