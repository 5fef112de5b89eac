// `pulumi stack export` (`{version, deployment: {manifest, secrets_providers, resources,
// pending_operations, metadata}}`, deployment versions 1–3, and 4 with `features`) and the
// checkpoint files the file backends keep (`{version, checkpoint: {stack, config, latest}}`):
// the current state of a stack. Every resource is reported as it exists (action "no-op",
// before = after); the root stack and provider resources are not resources.

import type { Resource } from "../../model/types.js";
import { InputError } from "../input-error.js";
import { UnsupportedInputError, type InputReader, type RawDocument, type ReadContext, type ReadResult } from "../types.js";
import { withinDepth, isRecord, own } from "../terraform/paths.js";
import { makeSource } from "../terraform/resource-builder.js";
import { PulumiProviders, configSecretPaths } from "./providers.js";
import { RawSecrets } from "./raw-redaction.js";
import { makePulumiResource } from "./resource-builder.js";
import { pulumiRefusal } from "./refusals.js";
import { convertState, readState, type ReadState } from "./state-reading.js";
import type { StateValues } from "./state-values.js";
import { summarizeOps } from "./step-ops.js";
import { parseUrn } from "./urn.js";

/** Every resource of a state: it exists and nothing changes. */
const NO_OP = summarizeOps(["same"], false);

/** Deployment versions this reader was written against. */
const NEWEST_VERSION = 4;

function numberOf(v: unknown): number | null {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "bigint") return Number(v);
  return null;
}

/** `pulumi stack export` output or a checkpoint file. */
export function isPulumiStack(data: unknown): boolean {
  if (!isRecord(data) || numberOf(own(data, "version")) === null) return false;
  const deployment = own(data, "deployment");
  if (isRecord(deployment))
    return Array.isArray(own(deployment, "resources")) || isRecord(own(deployment, "manifest")) || Object.keys(deployment).length === 0;
  const checkpoint = own(data, "checkpoint");
  return isRecord(checkpoint) && (own(checkpoint, "latest") !== undefined || own(checkpoint, "stack") !== undefined);
}

export const pulumiStackReader: InputReader = {
  kind: "pulumi-stack",
  label: "Pulumi stack export (pulumi stack export)",
  detect: (doc) => isPulumiStack(doc.data),
  read: (doc, ctx) => readPulumiStack(doc, ctx),
};

export function readPulumiStack(doc: RawDocument, ctx: ReadContext): ReadResult {
  return withinDepth(doc.path, () => read(doc, ctx));
}

function read(doc: RawDocument, ctx: ReadContext): ReadResult {
  const data = doc.data;
  const file = doc.path;
  const refusal = pulumiRefusal(data);
  if (refusal !== null) throw new UnsupportedInputError(`${file}: ${refusal}`);
  if (!isRecord(data)) throw new InputError(file, "a Pulumi stack export must be a JSON object");
  const version = numberOf(own(data, "version"));
  const notes: string[] = [
    'a stack export is the current state, not a change: every resource is reported as it exists (action "no-op"); run `pulumi preview --json` to check a change',
  ];
  const secrets = new RawSecrets();

  // a checkpoint file keeps the deployment under checkpoint.latest
  const checkpoint = own(data, "checkpoint");
  const isCheckpoint = isRecord(checkpoint) && !isRecord(own(data, "deployment"));
  const base = isCheckpoint ? ["checkpoint", "latest"] : ["deployment"];
  const deployment = isCheckpoint ? own(checkpoint, "latest") : own(data, "deployment");
  const what = isCheckpoint ? "checkpoint" : "deployment";
  if (version === null || version < 1)
    throw new UnsupportedInputError(
      `${file}: this Pulumi ${what} has no usable "version" (${JSON.stringify(own(data, "version"))}); run \`pulumi stack export --file state.json\` with a current Pulumi CLI and check state.json`,
    );
  if (version > NEWEST_VERSION)
    notes.push(`${what} version ${version} is newer than the versions this checker knows (1–${NEWEST_VERSION}); read as version 3, results may be incomplete`);
  const features = own(data, "features");
  if (Array.isArray(features) && features.length > 0)
    notes.push(`the state uses Pulumi features ${features.filter((f) => typeof f === "string").join(", ")}; read as version 3 resources`);
  if (isCheckpoint) {
    notes.push("read from a checkpoint file (a file backend's state); `pulumi stack export` gives the same resources");
    secrets.add(configSecretPaths(own(checkpoint, "config"), ["checkpoint", "config"]));
  }
  if (deployment !== undefined && deployment !== null && !isRecord(deployment))
    throw new InputError(file, `"${base.join(".")}" must be an object`);
  if (deployment === undefined || deployment === null) notes.push("the stack has no deployment yet: it holds no resources");

  const manifestVersion = own(own(deployment, "manifest"), "version");
  const rawResources = own(deployment, "resources") ?? [];
  if (!Array.isArray(rawResources)) throw new InputError(file, `"${base.join(".")}.resources" must be a list`);

  // identities and values (converted once; raw secrets collected for every state, providers included)
  const states: { s: ReadState; values: StateValues }[] = [];
  const providers = new PulumiProviders(undefined);
  rawResources.forEach((r, i) => {
    const where = `${base.join(".")}.resources[${i}]`;
    const s = readState(r, [...base, "resources", i], file, where);
    if (!s) throw new InputError(file, `${where} must be an object`);
    const values = convertState(s, s.isProvider ? "after" : "before", secrets, `${file} ${where}`);
    if (s.isProvider) providers.add(s.urn, values.value, own(s.state, "inputs"));
    states.push({ s, values });
  });

  const pending = own(deployment, "pending_operations");
  if (Array.isArray(pending) && pending.length > 0) {
    const kinds = new Map<string, number>();
    pending.forEach((op, i) => {
      const where = `${base.join(".")}.pending_operations[${i}].resource`;
      const s = readState(own(op, "resource"), [...base, "pending_operations", i, "resource"], file, where);
      if (s) convertState(s, "before", secrets, `${file} ${where}`);
      const type = String(own(op, "type") ?? "unknown");
      kinds.set(type, (kinds.get(type) ?? 0) + 1);
    });
    notes.push(
      `${pending.length} operation(s) were still pending when the state was saved (an interrupted update: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(", ")}); run \`pulumi refresh\` and export again`,
    );
  }
  const integrity = own(own(deployment, "metadata"), "integrity_error");
  if (isRecord(integrity)) notes.push("the state records an integrity error (metadata.integrity_error): it may not match the cloud");

  const resources: Resource[] = [];
  const seen = new Map<string, number>();
  let pendingDelete = 0;
  let pendingReplacement = 0;
  let byName = 0;
  let rootUrn: string | null = null;
  const stacks = new Set<string>();
  for (const { s, values } of states) {
    stacks.add(`${s.parsed.stack}::${s.parsed.project}`);
    if (s.isRoot) {
      rootUrn ??= s.urn;
      continue;
    }
    if (s.isProvider) continue;
    if (values.byName > 0) byName++;
    const deleting = own(s.state, "delete") === true;
    if (deleting) pendingDelete++;
    if (own(s.state, "pendingReplacement") === true) pendingReplacement++;
    // one URN can also hold the replaced object awaiting deletion; other repeats are numbered
    const n = deleting ? 0 : (seen.get(s.urn) ?? 0) + 1;
    if (!deleting) seen.set(s.urn, n);
    const suffix = deleting ? " (pending delete)" : n > 1 ? ` (#${n})` : undefined;
    resources.push(
      makePulumiResource({
        sourceId: ctx.sourceId,
        urn: s.urn,
        parsed: s.parsed,
        type: s.mapping.type,
        provider: s.mapping.provider,
        newState: s.state,
        oldState: s.state,
        ops: { ...NO_OP, actions: [...NO_OP.actions] },
        before: values.value,
        after: values.value,
        unknown: values.unknown,
        sensitive: values.sensitive,
        facts: providers.factsFor(own(s.state, "provider"), s.pkg),
        idSuffix: suffix,
      }),
    );
  }
  if (pendingDelete > 0)
    notes.push(`${pendingDelete} resource(s) are marked for deletion (replaced objects the last update did not delete): the next \`pulumi up\` deletes them`);
  if (pendingReplacement > 0)
    notes.push(`${pendingReplacement} resource(s) are pending replacement: deleted by an interrupted delete-before-replace, not yet created again`);
  if (byName > 0)
    notes.push(
      `${byName} resource(s) have plain values in properties named like secrets (password, secret, token, private_key, ...) that Pulumi does not mark secret; they were redacted`,
    );
  if (stacks.size > 1) notes.push(`the resources belong to ${stacks.size} different stacks/projects: ${[...stacks].slice(0, 5).join(", ")}`);
  notes.push(...providers.notes());

  const first = parseUrn(rootUrn ?? states[0]?.s.urn);
  const checkpointStack = own(checkpoint, "stack");
  const stackName = first?.stack ?? (typeof checkpointStack === "string" && checkpointStack !== "" ? checkpointStack.split("/").pop()! : null);
  const source = makeSource({
    id: ctx.sourceId,
    path: file,
    kind: "pulumi-stack",
    tool: "pulumi",
    tool_version: typeof manifestVersion === "string" && manifestVersion !== "" ? manifestVersion.replace(/^v/, "") : null,
    format_version: String(version),
    workspace: stackName ?? ctx.workspace,
    project: first?.project ?? null,
    notes,
  });
  return { sources: [source], resources, tokens: [], raw: secrets.apply(data) };
}

