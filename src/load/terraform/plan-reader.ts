// Terraform plan JSON (`terraform show -json plan.out`), format versions 0.1–1.x: one model
// Resource per `resource_changes[]` entry, with actions normalized, unknown values marked,
// sensitive values redacted (also in `input.raw`), drift, provider region/account, and
// prevent_destroy from --tf-dir sources when the pipeline passes a LifecycleIndex.

import type { Resource } from "../../model/types.js";
import { InputError } from "../input-error.js";
import type { InputReader, RawDocument, ReadContext, ReadResult } from "../types.js";
import { providerFromType, providerShortName } from "../provider-types.js";
import { normalizeActions } from "./actions.js";
import { configAddress } from "./addresses.js";
import { indexConfiguration } from "./configuration.js";
import { futureFormatNote, versionString } from "./format-version.js";
import { lifecycleFor, type LifecycleContext } from "./lifecycle-hcl.js";
import { lifecycleNotes } from "./lifecycle-notes.js";
import { withinDepth, isRecord, maskPaths, own } from "./paths.js";
import { redactPlanDocument, type PlanSecrets } from "./plan-raw.js";
import { PlanProviderConfigs } from "./providers.js";
import { makeResource, makeSource } from "./resource-builder.js";
import { redactPaths, secretNamePaths, unionPaths } from "./sensitive.js";
import { applyAfterUnknown } from "./unknowns.js";
import type { UnreadMember } from "../unread-members.js";

/**
 * Members of plan JSON this reader never reads (policies see them only under input.raw), with
 * the members that may directly follow each in terraform show -json's order (its plan struct:
 * planned_values, resource_drift, resource_changes, ..., prior_state, configuration, ...).
 * Nothing between them and resource_changes (or configuration) is read either way: a plan with
 * anything else there is simply read whole.
 */
export const PLAN_UNREAD_MEMBERS: readonly UnreadMember[] = [
  { key: "planned_values", next: ["resource_changes", "resource_drift"] },
  { key: "prior_state", next: ["configuration"] },
];

/** Whether a parsed document is Terraform plan JSON. */
export function isTerraformPlan(data: unknown): boolean {
  if (!isRecord(data)) return false;
  const fv = own(data, "format_version");
  if (typeof fv !== "string" && typeof fv !== "number") return false;
  return Array.isArray(own(data, "resource_changes")) || isRecord(own(data, "planned_values"));
}

export const terraformPlanReader: InputReader = {
  kind: "terraform-plan",
  label: "Terraform plan JSON",
  detect: (doc) => isTerraformPlan(doc.data),
  read: (doc, ctx) => readTerraformPlan(doc, ctx),
};

export function readTerraformPlan(doc: RawDocument, ctx: ReadContext & LifecycleContext): ReadResult {
  return withinDepth(doc.path, () => read(doc, ctx));
}

function read(doc: RawDocument, ctx: ReadContext & LifecycleContext): ReadResult {
  const plan = doc.data;
  if (!isRecord(plan)) throw new InputError(doc.path, "a Terraform plan must be a JSON object");
  const file = doc.path;
  const formatVersion = versionString(own(plan, "format_version"));
  const notes: string[] = [];
  const future = futureFormatNote(formatVersion, "plan");
  if (future) notes.push(future);
  if (own(plan, "errored") === true)
    notes.push("the plan is marked errored: Terraform failed while planning, so the changes listed may be incomplete");
  if (own(plan, "complete") === false) notes.push("the plan is incomplete (deferred changes): another plan/apply round will follow");

  if (own(plan, "resource_changes") === undefined)
    notes.push('the plan has no "resource_changes": no changes were read (hand-made or truncated plan?)');
  const rcs = own(plan, "resource_changes") ?? [];
  if (!Array.isArray(rcs)) throw new InputError(file, `"resource_changes" must be a list, got ${typeof rcs}`);

  const configuration = own(plan, "configuration");
  const config = indexConfiguration(configuration, file);
  const providers = new PlanProviderConfigs(configuration, own(plan, "variables"));
  const lifecycle = ctx.lifecycle ?? null;

  const drifted = new Set<string>();
  const drift = own(plan, "resource_drift");
  if (Array.isArray(drift))
    for (const d of drift) {
      const a = own(d, "address");
      if (typeof a === "string") drifted.add(driftKey(a, own(d, "deposed")));
    }

  const secrets: PlanSecrets = { changes: new Map(), byAddress: new Map(), byConfig: new Map() };
  const resources: Resource[] = [];
  const unknownActions = new Set<string>();
  let byName = 0;
  let managed = 0;
  let lifecycleFound = 0;
  const matchedDrift = new Set<string>();

  for (let i = 0; i < rcs.length; i++) {
    const rc = rcs[i];
    const where = `resource_changes[${i}]`;
    if (!isRecord(rc)) throw new InputError(file, `${where} must be an object`);
    const address = own(rc, "address");
    if (typeof address !== "string" || address === "") throw new InputError(file, `${where} has no "address"`);
    const type = own(rc, "type");
    const name = own(rc, "name");
    if (typeof type !== "string" || typeof name !== "string")
      throw new InputError(file, `${where} (${address}) has no "type"/"name"`);
    const mode = own(rc, "mode") === "data" ? "data" : "managed";
    const moduleAddress = own(rc, "module_address");
    const module = typeof moduleAddress === "string" && moduleAddress !== "" ? moduleAddress : null;
    const change = own(rc, "change");
    if (!isRecord(change)) throw new InputError(file, `${where} (${address}) has no "change" object`);
    const rawActions = own(change, "actions");
    if (!Array.isArray(rawActions) || !rawActions.every((a) => typeof a === "string"))
      throw new InputError(file, `${where} (${address}): "change.actions" must be a list of strings`);
    const importing = own(change, "importing");
    const norm = normalizeActions(rawActions as string[], importing !== undefined && importing !== null);
    for (const u of norm.unknown) unknownActions.add(`${u} (${address})`);

    const rawBefore = own(change, "before");
    const rawAfter = own(change, "after");
    const before = isRecord(rawBefore) ? rawBefore : null;
    const after = isRecord(rawAfter) ? rawAfter : null;
    const at = `${where} (${address})`;

    // sensitive: Terraform's masks, or attribute names when this plan has none
    const marked = Object.prototype.hasOwnProperty.call(change, "before_sensitive") || Object.prototype.hasOwnProperty.call(change, "after_sensitive");
    if (!marked && (before !== null || after !== null)) byName++;
    const beforePaths = marked ? maskPaths(own(change, "before_sensitive"), at) : secretNamePaths(type, before, at);
    const afterPaths = marked ? maskPaths(own(change, "after_sensitive"), at) : secretNamePaths(type, after, at);
    const rb = redactPaths(before, beforePaths);
    const ra = redactPaths(after, afterPaths);
    if (rb.value !== before || ra.value !== after) secrets.changes.set(i, { before: rb.value, after: ra.value });
    if (beforePaths.length > 0 || afterPaths.length > 0) {
      secrets.byAddress.set(address, { before: beforePaths, after: afterPaths });
      const caddr = configAddress(module, mode, type, name);
      let keys = secrets.byConfig.get(caddr);
      if (!keys) secrets.byConfig.set(caddr, (keys = new Set()));
      for (const p of [...beforePaths, ...afterPaths]) if (typeof p[0] === "string") keys.add(p[0]);
    }

    const withUnknown = applyAfterUnknown(ra.value, own(change, "after_unknown"), at);

    const cfg = config.get(configAddress(module, mode, type, name));
    const provider = providerShortName(own(rc, "provider_name")) ?? providerFromType(type);
    const facts = providers.factsFor(cfg?.providerConfigKey ?? localProviderKey(own(rc, "provider_name"), type));

    let preventDestroy: boolean | null = null;
    if (mode === "managed") {
      managed++;
      const entry = lifecycleFor(lifecycle, module, mode, type, name);
      if (entry) {
        lifecycleFound++;
        preventDestroy = entry.prevent_destroy;
      }
    }

    const deposed = own(rc, "deposed");
    const dkey = driftKey(address, deposed);
    if (drifted.has(dkey)) matchedDrift.add(dkey);
    resources.push(
      makeResource({
        sourceId: ctx.sourceId,
        tool: "terraform",
        address,
        idSuffix: typeof deposed === "string" ? ` (deposed ${deposed})` : undefined,
        type,
        name,
        provider,
        module,
        mode,
        actions: norm.actions,
        action: norm.action,
        replacement: norm.replacement,
        destroys: norm.destroys,
        before: rb.value,
        after: withUnknown.value,
        unknown: withUnknown.unknown,
        sensitive: unionPaths(rb.sensitive, ra.sensitive),
        prevent_destroy: preventDestroy,
        prevent_destroy_source: "hcl",
        retain_on_delete: norm.forgets ? true : null,
        providerFacts: facts,
        drifted: drifted.has(dkey),
        depends_on: cfg ? cfg.dependsOn.map((d) => (module ? `${module}.${d}` : d)) : [],
      }),
    );
  }

  if (unknownActions.size > 0)
    notes.push(`unknown change actions treated as "update": ${[...unknownActions].slice(0, 10).join(", ")}${unknownActions.size > 10 ? ", ..." : ""}`);
  if (byName > 0)
    notes.push(
      `${byName} resource change(s) carry no sensitivity marks (plans from Terraform before 0.15); attributes named like secrets (password, secret, token, private_key, ...) were redacted by name`,
    );
  const unmatched = drifted.size - matchedDrift.size;
  if (unmatched > 0) notes.push(`${unmatched} drifted resource(s) in resource_drift have no entry in resource_changes`);
  notes.push(...lifecycleNotes(lifecycle, managed, lifecycleFound, "plan JSON"));

  const source = makeSource({
    id: ctx.sourceId,
    path: file,
    kind: "terraform-plan",
    tool: "terraform",
    tool_version: versionString(own(plan, "terraform_version")),
    format_version: formatVersion,
    workspace: ctx.workspace,
    notes,
  });
  const raw = redactPlanDocument(plan, secrets, file, ctx.raw === false ? "configuration" : "all");
  return { sources: [source], resources, tokens: [], raw };
}

function driftKey(address: string, deposed: unknown): string {
  return typeof deposed === "string" ? `${address}\u0000${deposed}` : address;
}

/** Without configuration, guess the provider config key from the plan's provider name (`aws`, `null.aliased`). */
function localProviderKey(providerName: unknown, type: string): string {
  if (typeof providerName === "string" && !providerName.includes("/")) return providerName;
  return providerShortName(providerName) ?? providerFromType(type);
}
