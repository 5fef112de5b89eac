// The AWS IAM principals of one source and the permission policies that reach each of them:
// inline policies (aws_iam_user_policy, aws_iam_role_policy, aws_iam_group_policy, a role's
// inline_policy blocks), attachments (aws_iam_*_policy_attachment, aws_iam_policy_attachment,
// managed_policy_arns) of aws_iam_policy resources or AWS managed policies, and group
// membership. Principals are linked by name, or through dependencies when the name is only
// known after apply; policies by ARN, or through dependencies likewise.

import type { Resource } from "../../../model/types.js";
import { own } from "../../terraform/paths.js";
import { isManagedPolicyArn, managedPolicy } from "../aws-managed-policies.js";
import { parsePolicyDocument, statementsFromDocumentBlocks, type Statement } from "../iam-policy.js";
import { attr, blocks, isLive, knownString, knownStrings } from "../resource-values.js";
import type { SourceResources } from "../source-resources.js";

export type PrincipalKind = "user" | "role" | "group";

/** A permission policy reaching a principal. */
export interface PolicyRef {
  /** address of the resource that holds or attaches it, or the managed policy ARN */
  label: string;
  /** null when the document is not known (unknown until apply, or an unlisted managed policy) */
  statements: Statement[] | null;
  /** the managed policy ARN, when it is one */
  arn?: string;
}

/** Key of a principal: by name when known, else by the address of its resource. */
function keyOf(kind: PrincipalKind, name: string | null, r: Resource | null): string | null {
  if (name !== null) return `${kind}:${name}`;
  return r ? `${kind}@${r.address}` : null;
}

const PRINCIPAL_TYPE: Record<PrincipalKind, string> = { user: "aws_iam_user", role: "aws_iam_role", group: "aws_iam_group" };

export class AwsIamGraph {
  private readonly policies = new Map<string, PolicyRef[]>();
  private readonly groupsOfUser = new Map<string, string[]>();
  private readonly policyByArn = new Map<string, Resource[]>();

  constructor(private readonly src: SourceResources) {
    for (const p of src.ofType("aws_iam_policy")) {
      const arn = knownString(attr(p, "arn"));
      if (arn && isLive(p)) pushTo(this.policyByArn, arn, p);
    }
    this.indexInline();
    this.indexAttachments();
    this.indexGroups();
  }

  /** The key of the principal a resource names in one attribute (`user`, `role`, `group`). */
  principalKey(r: Resource, kind: PrincipalKind, attribute: string): string | null {
    const name = knownString(attr(r, attribute));
    if (name !== null) return keyOf(kind, stripPath(name, kind), null);
    const dep = this.src.dependencies(r, PRINCIPAL_TYPE[kind])[0];
    return dep ? this.keyOfPrincipal(dep, kind) : null;
  }

  /** The key of a principal resource itself. */
  keyOfPrincipal(r: Resource, kind: PrincipalKind): string | null {
    return keyOf(kind, knownString(attr(r, "name")), r);
  }

  private principals: Map<string, Resource> | null = null;

  /** The principal resource of a key, when the source has it. */
  principalResource(key: string, kind: PrincipalKind): Resource | null {
    if (this.principals === null) {
      this.principals = new Map();
      for (const k of ["user", "role", "group"] as const)
        for (const r of this.src.ofType(PRINCIPAL_TYPE[k])) {
          const pk = r.mode === "managed" ? this.keyOfPrincipal(r, k) : null;
          if (pk !== null && !this.principals.has(pk)) this.principals.set(pk, r);
        }
    }
    return key.startsWith(`${kind}`) ? (this.principals.get(key) ?? null) : null;
  }

  /** Every policy reaching a user (its own and its groups') or a role. */
  policiesOf(key: string): PolicyRef[] {
    const out = [...(this.policies.get(key) ?? [])];
    for (const g of new Set(this.groupsOfUser.get(key) ?? [])) out.push(...(this.policies.get(g) ?? []));
    return out;
  }

  private add(key: string | null, ref: PolicyRef): void {
    if (key !== null) pushTo(this.policies, key, ref);
  }

  private indexInline(): void {
    const inline: [string, PrincipalKind, string][] = [
      ["aws_iam_user_policy", "user", "user"],
      ["aws_iam_role_policy", "role", "role"],
      ["aws_iam_group_policy", "group", "group"],
    ];
    for (const [type, kind, attribute] of inline) {
      for (const r of this.src.ofType(type)) {
        if (!isLive(r)) continue;
        this.add(this.principalKey(r, kind, attribute), { label: r.address, statements: this.documentOf(r, "policy") });
      }
    }
    // a role's own inline_policy blocks and managed_policy_arns
    for (const role of this.src.ofType("aws_iam_role")) {
      if (!isLive(role)) continue;
      const key = this.keyOfPrincipal(role, "role");
      for (const b of blocks(attr(role, "inline_policy"))) {
        const doc = own(b, "policy");
        if (doc === undefined || doc === null || doc === "") continue;
        this.add(key, { label: `${role.address}.inline_policy`, statements: parsePolicyDocument(doc) });
      }
      const arns = knownStrings(attr(role, "managed_policy_arns"));
      if (arns === null) this.add(key, { label: `${role.address}.managed_policy_arns`, statements: null });
      else for (const arn of arns) this.add(key, this.policyForArn(arn, role));
    }
  }

  private indexAttachments(): void {
    const single: [string, PrincipalKind, string][] = [
      ["aws_iam_user_policy_attachment", "user", "user"],
      ["aws_iam_role_policy_attachment", "role", "role"],
      ["aws_iam_group_policy_attachment", "group", "group"],
    ];
    for (const [type, kind, attribute] of single) {
      for (const r of this.src.ofType(type)) {
        if (!isLive(r)) continue;
        const key = this.principalKey(r, kind, attribute);
        for (const ref of this.policiesAttachedBy(r)) this.add(key, ref);
      }
    }
    for (const r of this.src.ofType("aws_iam_policy_attachment")) {
      if (!isLive(r)) continue;
      const refs = this.policiesAttachedBy(r);
      for (const [kind, attribute] of [["user", "users"], ["role", "roles"], ["group", "groups"]] as const) {
        const names = knownStrings(attr(r, attribute)) ?? [];
        const keys = names.filter((n) => n !== "").map((n) => keyOf(kind, stripPath(n, kind), null));
        if (keys.length === 0) for (const d of this.src.dependencies(r, PRINCIPAL_TYPE[kind])) keys.push(this.keyOfPrincipal(d, kind));
        for (const k of keys) for (const ref of refs) this.add(k, ref);
      }
    }
  }

  private indexGroups(): void {
    for (const r of this.src.ofType("aws_iam_group_membership")) {
      if (!isLive(r)) continue;
      const group = this.principalKey(r, "group", "group");
      if (group === null) continue;
      const users = knownStrings(attr(r, "users")) ?? [];
      const keys: (string | null)[] = users.filter((u) => u !== "").map((u) => `user:${u}`);
      if (keys.length === 0) for (const d of this.src.dependencies(r, "aws_iam_user")) keys.push(this.keyOfPrincipal(d, "user"));
      for (const k of keys) if (k !== null) pushTo(this.groupsOfUser, k, group);
    }
    for (const r of this.src.ofType("aws_iam_user_group_membership")) {
      if (!isLive(r)) continue;
      const user = this.principalKey(r, "user", "user");
      if (user === null) continue;
      for (const g of knownStrings(attr(r, "groups")) ?? []) pushTo(this.groupsOfUser, user, `group:${g}`);
      for (const d of this.src.dependencies(r, "aws_iam_group")) {
        const g = this.keyOfPrincipal(d, "group");
        if (g !== null) pushTo(this.groupsOfUser, user, g);
      }
    }
  }

  /** The policies an attachment attaches: by ARN, else the aws_iam_policy resources it references. */
  private policiesAttachedBy(r: Resource): PolicyRef[] {
    const arn = knownString(attr(r, "policy_arn"));
    if (arn !== null) return [this.policyForArn(arn, r)];
    const deps = this.src.dependencies(r, "aws_iam_policy");
    if (deps.length > 0) return deps.filter(isLive).map((p) => ({ label: p.address, statements: this.documentOf(p, "policy") }));
    return [{ label: r.address, statements: null }];
  }

  private policyForArn(arn: string, from: Resource): PolicyRef {
    const local = this.policyByArn.get(arn);
    if (local && local.length > 0) return { label: local[0]!.address, statements: this.documentOf(local[0]!, "policy") };
    const managed = managedPolicy(arn);
    if (managed) {
      return {
        label: arn,
        arn,
        statements: [{ effect: "Allow", actions: managed.operations, notActions: false, resources: managed.resources, notResources: false, principals: {}, condition: null }],
      };
    }
    // a customer policy of another configuration, or a managed policy not summarized here
    return { label: isManagedPolicyArn(arn) ? arn : `${arn} (attached by ${from.address})`, arn, statements: null };
  }

  /** A policy document attribute, falling back to a referenced aws_iam_policy_document. */
  documentOf(r: Resource, attribute: string): Statement[] | null {
    const parsed = parsePolicyDocument(attr(r, attribute));
    if (parsed !== null) return parsed;
    for (const d of this.src.dependencies(r, "aws_iam_policy_document")) {
      const fromJson = parsePolicyDocument(attr(d, "json") ?? attr(d, "minified_json"));
      if (fromJson !== null) return fromJson;
      const fromBlocks = statementsFromDocumentBlocks(attr(d, "statement"));
      if (fromBlocks !== null && fromBlocks.length > 0) return fromBlocks;
    }
    return null;
  }
}

function pushTo<V>(m: Map<string, V[]>, k: string, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Attachments may name a principal by ARN: `arn:aws:iam::1:user/ci/deployer` -> `deployer`. */
function stripPath(name: string, kind: PrincipalKind): string {
  const m = /^arn:aws[a-z-]*:iam::[^:]*:(user|role|group)\/(?:.*\/)?([^/]+)$/.exec(name);
  return m && m[1] === kind ? m[2]! : name;
}
