// Builds a model Resource for one Pulumi resource (one URN) through the Terraform readers'
// makeResource, so tags, region, account and the type's deletion protection attribute are read
// the same way for every tool; then adds what only Pulumi has: the native type token, `protect`
// and `retainOnDelete` (always known: the state omits them when false).

import type { Path, Resource } from "../../model/types.js";
import { own, type Rec } from "../terraform/paths.js";
import { makeResource } from "../terraform/resource-builder.js";
import type { ProviderFacts } from "../terraform/resource-facts.js";
import type { OpsSummary } from "./step-ops.js";
import { ROOT_STACK_TYPE, parseUrn, type ParsedUrn } from "./urn.js";

export interface PulumiResourceParts {
  sourceId: string;
  urn: string;
  parsed: ParsedUrn;
  /** Terraform-style type and provider */
  type: string;
  provider: string;
  /** the state that exists after the change (null for deletions) and the one before it */
  newState: Rec | null;
  oldState: Rec | null;
  ops: OpsSummary;
  before: Rec | null;
  after: Rec | null;
  unknown: Path[];
  sensitive: Path[];
  facts: ProviderFacts;
  drifted?: boolean;
  idSuffix?: string;
}

function flag(state: Rec | null, key: string): boolean | null {
  if (state === null) return null;
  return own(state, key) === true;
}

function urns(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((d): d is string => typeof d === "string") : [];
}

/** The parent component's URN (the module of a resource), or null under the stack itself. */
function parentComponent(state: Rec | null): string | null {
  const parent = own(state, "parent");
  if (typeof parent !== "string" || parent === "") return null;
  return parseUrn(parent)?.type === ROOT_STACK_TYPE ? null : parent;
}

export function makePulumiResource(p: PulumiResourceParts): Resource {
  const current = p.newState ?? p.oldState;
  // protect: the object that remains (for a deletion, the one deleted); retainOnDelete: the
  // object a deletion or replacement removes, else the one that remains
  const protect = flag(p.newState ?? p.oldState, "protect");
  const removing = p.ops.destroys || p.ops.forgets;
  const retainOnDelete = p.ops.forgets ? true : flag(removing ? (p.oldState ?? p.newState) : (p.newState ?? p.oldState), "retainOnDelete");
  const external = own(current, "external") === true;
  const base = makeResource({
    sourceId: p.sourceId,
    tool: "pulumi",
    address: p.urn,
    idSuffix: p.idSuffix,
    type: p.type,
    name: p.parsed.name,
    provider: p.provider,
    module: parentComponent(current),
    mode: p.ops.read || external ? "data" : "managed",
    actions: p.ops.actions,
    action: p.ops.action,
    replacement: p.ops.replacement,
    destroys: p.ops.destroys,
    before: p.before,
    after: p.after,
    unknown: p.unknown,
    sensitive: p.sensitive,
    prevent_destroy: null,
    prevent_destroy_source: "pulumi",
    retain_on_delete: retainOnDelete,
    providerFacts: p.facts,
    drifted: p.drifted ?? false,
    depends_on: urns(own(current, "dependencies")),
  });
  return {
    ...base,
    native_type: p.parsed.type,
    protection: { ...base.protection, protect, retain_on_delete: retainOnDelete, source: "pulumi" },
  };
}
