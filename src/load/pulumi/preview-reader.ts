// `pulumi preview --json` (the preview digest, `display.PreviewDigest`): `steps[]` with `op`,
// `urn`, `provider`, `oldState`/`newState` (inputs and outputs), `diffReasons`,
// `replaceReasons`, `detailedDiff`; `config`, `changeSummary`, `diagnostics`, `duration`.
//
// Every URN becomes one model Resource (a replacement's steps collapse into one "replace"); the
// root stack and provider resources are not resources (providers give region/account facts).
// Types become Terraform-style, property names snake_case, unknown outputs the third state,
// secrets "(sensitive)" (also in `input.raw`). Stack and project come from the URNs.

import type { Resource } from "../../model/types.js";
import { UNKNOWN_VALUE } from "../../model/types.js";
import { InputError } from "../input-error.js";
import { UnsupportedInputError, type InputReader, type RawDocument, type ReadContext, type ReadResult } from "../types.js";
import { withinDepth, isRecord, own, setOwn, type Rec } from "../terraform/paths.js";
import { makeSource } from "../terraform/resource-builder.js";
import { unionPaths } from "../terraform/sensitive.js";
import { topLevelProperty } from "./property-names.js";
import { shapeFor } from "./property-shapes.js";
import { PulumiProviders, configSecretPaths } from "./providers.js";
import { RawSecrets } from "./raw-redaction.js";
import { makePulumiResource } from "./resource-builder.js";
import { pulumiRefusal } from "./refusals.js";
import { convertState, readState, type ReadState } from "./state-reading.js";
import { sameValue, unsetByDiff, type StateValues } from "./state-values.js";
import { summarizeOps } from "./step-ops.js";
import { terraformType } from "./type-tokens.js";
import { parseUrn, ROOT_STACK_TYPE } from "./urn.js";

/** Whether a parsed document is a Pulumi preview digest. */
export function isPulumiPreview(data: unknown): boolean {
  if (!isRecord(data)) return false;
  const steps = own(data, "steps");
  if (!Array.isArray(steps)) return false;
  if (steps.some((s) => String(own(s, "urn")).startsWith("urn:pulumi:"))) return true;
  return steps.length === 0 && (isRecord(own(data, "changeSummary")) || own(data, "duration") !== undefined || isRecord(own(data, "config")));
}

export const pulumiPreviewReader: InputReader = {
  kind: "pulumi-preview",
  label: "Pulumi preview JSON (pulumi preview --json)",
  detect: (doc) => isPulumiPreview(doc.data),
  read: (doc, ctx) => readPulumiPreview(doc, ctx),
};

export function readPulumiPreview(doc: RawDocument, ctx: ReadContext): ReadResult {
  return withinDepth(doc.path, () => read(doc, ctx));
}

interface StepInfo {
  index: number;
  op: string;
  old: ReadState | null;
  new: ReadState | null;
  step: Rec;
}

interface StepValues {
  before: StateValues | null;
  after: StateValues | null;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : [];
}

/** Raw top-level property names a step says change. */
function changedProperties(steps: readonly StepInfo[]): Set<string> {
  const out = new Set<string>();
  for (const s of steps) {
    for (const k of [...strings(own(s.step, "diffReasons")), ...strings(own(s.step, "replaceReasons"))]) out.add(topLevelProperty(k));
    const dd = own(s.step, "detailedDiff");
    if (isRecord(dd)) for (const k of Object.keys(dd)) out.add(topLevelProperty(k));
  }
  return out;
}

/** The step whose state to use: the `replace` step when there is one, else the last one that has it. */
function pick(steps: readonly StepInfo[], side: "old" | "new"): StepInfo | null {
  const replace = steps.find((s) => s.op === "replace" && s[side] !== null);
  if (replace) return replace;
  for (let i = steps.length - 1; i >= 0; i--) if (steps[i]![side] !== null) return steps[i]!;
  return null;
}

function read(doc: RawDocument, ctx: ReadContext): ReadResult {
  const data = doc.data;
  const file = doc.path;
  const refusal = pulumiRefusal(data);
  if (refusal !== null) throw new UnsupportedInputError(`${file}: ${refusal}`);
  if (!isRecord(data)) throw new InputError(file, "a Pulumi preview must be a JSON object");
  const rawSteps = own(data, "steps");
  if (!Array.isArray(rawSteps)) throw new InputError(file, '"steps" must be a list');

  const notes: string[] = [];
  const secrets = new RawSecrets();
  secrets.add(configSecretPaths(own(data, "config"), ["config"]));
  const providers = new PulumiProviders(own(data, "config"));

  // every step's states: identity, and values converted once (also to collect raw secrets)
  const infos: StepInfo[] = [];
  const converted = new Map<number, StepValues>();
  rawSteps.forEach((step, i) => {
    const where = `steps[${i}]`;
    if (!isRecord(step)) throw new InputError(file, `${where} must be an object`);
    const op = own(step, "op");
    if (typeof op !== "string" || op === "") throw new InputError(file, `${where} has no "op"`);
    const urn = own(step, "urn");
    if (!parseUrn(urn)) throw new InputError(file, `${where} has no valid "urn" (expected urn:pulumi:<stack>::<project>::<type>::<name>)`);
    const old = readState(own(step, "oldState"), ["steps", i, "oldState"], file, `${where}.oldState`);
    const neu = readState(own(step, "newState"), ["steps", i, "newState"], file, `${where}.newState`);
    infos.push({ index: i, op, old, new: neu, step });
    converted.set(i, {
      before: old ? convertState(old, "before", secrets, `${file} ${where}.oldState`) : null,
      after: neu ? convertState(neu, "after", secrets, `${file} ${where}.newState`) : null,
    });
    const provider = neu?.isProvider ? neu : old?.isProvider ? old : null;
    if (provider) {
      const values = (provider === neu ? converted.get(i)!.after : converted.get(i)!.before)!;
      providers.add(provider.urn, values.value, own(provider.state, "inputs"));
    }
  });

  // steps by URN, in first-seen order; the root stack and providers are not resources
  const groups = new Map<string, StepInfo[]>();
  const stacks = new Set<string>();
  let rootUrn: string | null = null;
  for (const info of infos) {
    const urn = own(info.step, "urn") as string;
    const parsed = parseUrn(urn)!;
    stacks.add(`${parsed.stack}::${parsed.project}`);
    if (parsed.type === ROOT_STACK_TYPE) {
      rootUrn ??= urn;
      continue;
    }
    if ((info.new ?? info.old)?.isProvider || parsed.type.startsWith("pulumi:providers:")) continue;
    let g = groups.get(urn);
    if (!g) groups.set(urn, (g = []));
    g.push(info);
  }

  const resources: Resource[] = [];
  const unknownOps = new Set<string>();
  let byName = 0;
  let sames = 0;
  for (const [urn, steps] of groups) {
    const oldPick = pick(steps, "old");
    const newPick = pick(steps, "new");
    const oldState = oldPick?.old ?? null;
    const newState = newPick?.new ?? null;
    const ident = newState ?? oldState;
    const parsed = ident?.parsed ?? parseUrn(urn)!;
    const mapping = ident?.mapping ?? terraformType(parsed.type);
    const ops = summarizeOps(
      steps.map((s) => s.op),
      own(oldState?.state, "retainOnDelete") === true,
    );
    for (const u of ops.unknown) unknownOps.add(`${u} (${parsed.name})`);
    // a `same` step is listed without --show-sames only when its protect flag changes
    if (steps.some((s) => s.op === "same" && own(s.old?.state, "protect") === own(s.new?.state, "protect"))) sames++;

    const beforeValues = oldPick ? converted.get(oldPick.index)!.before : null;
    const removed = !ops.replacement && (ops.action === "delete" || ops.action === "forget");
    let afterValues = !removed && newPick ? converted.get(newPick.index)!.after : null;
    if (afterValues && newState && (ops.action === "update" || ops.replacement)) {
      // adjust a copy (top level only: nested values stay shared)
      afterValues = { ...afterValues, value: { ...afterValues.value } };
      unsetByDiff(afterValues, changedProperties(steps), newState.state, oldState?.state ?? null, shapeFor(newState.mapping.type));
    }
    if (afterValues && ident?.custom && (ops.action === "create" || ops.replacement) && !Object.prototype.hasOwnProperty.call(afterValues.value, "id")) {
      afterValues = { ...afterValues, value: { ...afterValues.value }, unknown: [...afterValues.unknown, ["id"]] };
      setOwn(afterValues.value, "id", UNKNOWN_VALUE);
    }
    if ((beforeValues?.byName ?? 0) + (afterValues?.byName ?? 0) > 0) byName++;

    const refresh = steps.find((s) => s.op === "refresh");
    const drifted =
      refresh !== undefined &&
      (changedProperties([refresh]).size > 0 || !sameValue(own(refresh.old?.state, "outputs"), own(refresh.new?.state, "outputs")));

    const reference = own(steps[steps.length - 1]!.step, "provider") ?? own(ident?.state, "provider");
    resources.push(
      makePulumiResource({
        sourceId: ctx.sourceId,
        urn,
        parsed,
        type: mapping.type,
        provider: mapping.provider,
        newState: ops.action === "delete" || ops.action === "forget" ? null : (newState?.state ?? null),
        oldState: oldState?.state ?? null,
        ops,
        before: beforeValues?.value ?? null,
        after: afterValues?.value ?? null,
        unknown: afterValues?.unknown ?? [],
        sensitive: unionPaths(beforeValues?.sensitive ?? [], afterValues?.sensitive ?? []),
        facts: providers.factsFor(reference, ident?.pkg ?? parsed.type.split(":")[0]!),
        drifted,
      }),
    );
  }

  // notes
  if (unknownOps.size > 0)
    notes.push(`unknown step operations treated as "update": ${[...unknownOps].slice(0, 10).join(", ")}${unknownOps.size > 10 ? ", ..." : ""}`);
  if (groups.size > 0 && sames === 0)
    notes.push(
      "the preview lists only resources that change: unchanged resources are not checked (run `pulumi preview --json --show-sames` to check every resource)",
    );
  if (byName > 0)
    notes.push(
      `${byName} resource(s) have plain values in properties named like secrets (password, secret, token, private_key, ...) that Pulumi does not mark secret; they were redacted`,
    );
  const diagnostics = own(data, "diagnostics");
  const errors = Array.isArray(diagnostics) ? diagnostics.filter((d) => own(d, "severity") === "error").length : 0;
  if (errors > 0)
    notes.push(`the preview reported ${errors} error(s) (see "diagnostics" in the file): the steps listed may be incomplete`);
  if (own(data, "maybeCorrupt") === true) notes.push("the preview says the stack's state may be corrupt (maybeCorrupt)");
  if (stacks.size > 1) notes.push(`the steps belong to ${stacks.size} different stacks/projects: ${[...stacks].slice(0, 5).join(", ")}`);
  notes.push(...providers.notes());

  const first = parseUrn(rootUrn ?? (infos[0] ? own(infos[0].step, "urn") : undefined));
  const source = makeSource({
    id: ctx.sourceId,
    path: file,
    kind: "pulumi-preview",
    tool: "pulumi",
    tool_version: null,
    format_version: null,
    workspace: first?.stack ?? ctx.workspace,
    project: first?.project ?? null,
    notes,
  });
  return { sources: [source], resources, tokens: [], raw: secrets.apply(data) };
}
