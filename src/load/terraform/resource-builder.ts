// Builds model Sources and Resources from what a reader found, so every Terraform-family
// reader (plan, state, raw state, CDKTF) fills the model the same way.

import type { Action, Path, Protection, Resource, Source, SourceKind, Tool } from "../../model/types.js";
import { providerShortName } from "../provider-types.js";
import { deletionProtection } from "./protection.js";
import { NO_PROVIDER_FACTS, accountOf, extractTags, regionOf, type ProviderFacts } from "./resource-facts.js";
import type { Rec } from "./paths.js";

export interface SourceParts {
  id: string;
  path: string;
  kind: SourceKind;
  tool: Tool;
  tool_version?: string | null;
  format_version?: string | null;
  workspace?: string | null;
  project?: string | null;
  notes?: string[];
}

export function makeSource(p: SourceParts): Source {
  return {
    id: p.id,
    path: p.path,
    kind: p.kind,
    tool: p.tool,
    tool_version: p.tool_version ?? null,
    format_version: p.format_version ?? null,
    workspace: p.workspace ?? null,
    project: p.project ?? null,
    environment: null,
    notes: p.notes ?? [],
  };
}

export interface ResourceParts {
  sourceId: string;
  tool: Tool;
  address: string;
  /** appended to the id when one address has several objects (deposed) */
  idSuffix?: string;
  type: string;
  name: string;
  provider: string;
  module: string | null;
  mode: "managed" | "data";
  actions: Action[];
  action: Action;
  replacement: boolean;
  destroys: boolean;
  before: Rec | null;
  after: Rec | null;
  unknown: Path[];
  sensitive: Path[];
  prevent_destroy: boolean | null;
  prevent_destroy_source: Protection["source"];
  retain_on_delete?: boolean | null;
  providerFacts: ProviderFacts;
  drifted?: boolean;
  depends_on?: string[];
}

export function makeResource(p: ResourceParts): Resource {
  const values = p.after ?? p.before;
  const short = providerShortName(p.provider) ?? p.provider;
  return {
    id: `${p.sourceId}:${p.address}${p.idSuffix ?? ""}`,
    address: p.address,
    type: p.type,
    native_type: p.type,
    name: p.name,
    provider: short,
    module: p.module,
    mode: p.mode,
    tool: p.tool,
    source: p.sourceId,
    actions: p.actions,
    action: p.action,
    replacement: p.replacement,
    destroys: p.destroys,
    before: p.before,
    after: p.after,
    unknown: p.unknown,
    sensitive: p.sensitive,
    protection: {
      prevent_destroy: p.prevent_destroy,
      deletion_protection: p.mode === "managed" ? deletionProtection(p.type, p.after, p.before) : null,
      protect: null,
      retain_on_delete: p.retain_on_delete ?? null,
      source: p.prevent_destroy === null ? null : p.prevent_destroy_source,
    },
    tags: extractTags(values),
    region: regionOf(short, values, p.providerFacts),
    account: accountOf(short, values, p.providerFacts),
    environment: null,
    drifted: p.drifted ?? false,
    depends_on: p.depends_on ?? [],
  };
}

/** What differs between the objects of a state (they exist and are not being changed). */
export interface StateObjectParts {
  sourceId: string;
  address: string;
  /** the deposed key, when the object is a deposed one */
  deposed: unknown;
  type: string;
  name: string;
  provider: string;
  module: string | null;
  mode: "managed" | "data";
  /** attributes, sensitive values already redacted */
  values: Rec | null;
  sensitive: Path[];
  prevent_destroy: boolean | null;
  /** `dependencies` / `depends_on` as written */
  deps: unknown;
}

/** An object read from a Terraform state (JSON or raw): no change, before = after. */
export function stateObjectResource(p: StateObjectParts): Resource {
  return makeResource({
    sourceId: p.sourceId,
    tool: "terraform",
    address: p.address,
    idSuffix: typeof p.deposed === "string" ? ` (deposed ${p.deposed})` : undefined,
    type: p.type,
    name: p.name,
    provider: p.provider,
    module: p.module,
    mode: p.mode,
    actions: ["no-op"],
    action: "no-op",
    replacement: false,
    destroys: false,
    before: p.values,
    after: p.values,
    unknown: [],
    sensitive: p.sensitive,
    prevent_destroy: p.prevent_destroy,
    prevent_destroy_source: "hcl",
    providerFacts: NO_PROVIDER_FACTS,
    depends_on: Array.isArray(p.deps) ? p.deps.filter((d): d is string => typeof d === "string") : [],
  });
}
