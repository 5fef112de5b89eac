// Terraform state: `terraform show -json` of a state (`format_version` + `values`) and raw
// state files version 4 (`version` + `resources[].instances`). Legacy raw states (version 1–3,
// Terraform 0.11 and older) are refused with what to run instead.

import { InputError } from "../input-error.js";
import { UnsupportedInputError, type InputReader, type RawDocument, type ReadContext, type ReadResult } from "../types.js";
import { futureFormatNote, versionString } from "./format-version.js";
import type { LifecycleContext } from "./lifecycle-hcl.js";
import { lifecycleNotes } from "./lifecycle-notes.js";
import { withinDepth, isRecord, own, type Rec } from "./paths.js";
import { readRawState } from "./raw-state.js";
import { makeSource } from "./resource-builder.js";
import { readStateValues } from "./state-values.js";

/** `terraform show -json` of a state: format_version, values (or nothing: an empty state), no plan keys. */
export function isTerraformStateJSON(data: unknown): boolean {
  if (!isRecord(data)) return false;
  const fv = own(data, "format_version");
  if (typeof fv !== "string" && typeof fv !== "number") return false;
  if (own(data, "planned_values") !== undefined || own(data, "resource_changes") !== undefined) return false;
  if (isRecord(own(data, "values"))) return true;
  // an empty state shows as {"format_version": ..., "terraform_version": ...}
  return Object.keys(data).every((k) => k === "format_version" || k === "terraform_version");
}

/** A raw state file: numeric `version`, `resources` (v4) or `modules` (v1–3), and state bookkeeping. */
export function isRawTerraformState(data: unknown): boolean {
  if (!isRecord(data)) return false;
  const v = own(data, "version");
  if (typeof v !== "number" && typeof v !== "bigint") return false;
  if (!Array.isArray(own(data, "resources")) && !Array.isArray(own(data, "modules"))) return false;
  return own(data, "lineage") !== undefined || own(data, "serial") !== undefined || own(data, "terraform_version") !== undefined;
}

export const terraformStateReader: InputReader = {
  kind: "terraform-state",
  label: "Terraform state",
  detect: (doc) => isTerraformStateJSON(doc.data) || isRawTerraformState(doc.data),
  read: (doc, ctx) => readTerraformState(doc, ctx),
};

export function readTerraformState(doc: RawDocument, ctx: ReadContext & LifecycleContext): ReadResult {
  return withinDepth(doc.path, () => read(doc, ctx));
}

function read(doc: RawDocument, ctx: ReadContext & LifecycleContext): ReadResult {
  const data = doc.data;
  const file = doc.path;
  if (!isRecord(data)) throw new InputError(file, "a Terraform state must be a JSON object");
  const notes: string[] = [];
  const raw = isRawTerraformState(data);
  const { formatVersion, r } = raw ? readRaw(data, file, ctx, notes) : readShown(data, file, ctx, notes);
  notes.push(...lifecycleNotes(ctx.lifecycle ?? null, r.managed, r.lifecycleFound, raw ? "a state file" : "state JSON"));
  const source = makeSource({
    id: ctx.sourceId,
    path: file,
    kind: "terraform-state",
    tool: "terraform",
    tool_version: versionString(own(data, "terraform_version")),
    format_version: formatVersion,
    workspace: ctx.workspace,
    notes,
  });
  return { sources: [source], resources: r.resources, tokens: [], raw: r.raw };
}

/** A raw state file (terraform.tfstate, version 4). */
function readRaw(data: Rec, file: string, ctx: ReadContext & LifecycleContext, notes: string[]) {
  const version = Number(own(data, "version"));
  if (version < 4 || !Array.isArray(own(data, "resources")))
    throw new UnsupportedInputError(
      `${file}: this is a raw Terraform state file in the legacy version ${version} format (Terraform 0.11 or older), which policy-check does not read; run \`terraform show -json\` with Terraform 0.12 or later to convert it`,
    );
  if (version > 4)
    notes.push(`raw state version ${version} is newer than the version this checker knows (4); read as version 4, results may be incomplete`);
  notes.push(
    "raw state file: schema-sensitive attributes are not marked in it, so attributes named like secrets (password, secret, token, private_key, ...) were redacted by name; `terraform show -json` output marks them exactly",
  );
  return { formatVersion: String(version), r: readRawState(data, ctx, file) };
}

/** State JSON as `terraform show -json` writes it. */
function readShown(data: Rec, file: string, ctx: ReadContext & LifecycleContext, notes: string[]) {
  const formatVersion = versionString(own(data, "format_version"));
  const future = futureFormatNote(formatVersion, "state");
  if (future) notes.push(future);
  const r = readStateValues(data, ctx, file);
  if (r.byName > 0)
    notes.push(
      `${r.byName} resource(s) carry no sensitivity marks (state JSON from Terraform before 1.0); attributes named like secrets (password, secret, token, private_key, ...) were redacted by name`,
    );
  return { formatVersion, r };
}
