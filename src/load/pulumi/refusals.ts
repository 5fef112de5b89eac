// Pulumi outputs policy-check recognizes but does not read, each refused in one line that says
// what to run instead: engine event streams (`--json` of up/destroy/refresh, `--event-log`,
// streaming previews), the `--output json` summary (no values), project and stack configuration
// files, `pulumi config --json`, `pulumi stack history --json`, and the text display of a preview.

import { isRecord, own } from "../terraform/paths.js";
import { UnsupportedInputError, type InputReader } from "../types.js";

const RUN_PREVIEW = "run `pulumi preview --json > preview.json` and check preview.json";

const EVENT_KEYS = [
  "cancelEvent", "stdoutEvent", "diagnosticEvent", "preludeEvent", "summaryEvent", "resourcePreEvent",
  "resOutputsEvent", "resOpFailedEvent", "policyEvent", "policyRemediationEvent", "policyLoadEvent",
  "startDebuggingEvent", "progressEvent", "errorEvent", "policyAnalyzeSummaryEvent", "policyRemediateSummaryEvent",
  "policyAnalyzeStackSummaryEvent",
];

/** One engine event (`apitype.EngineEvent`): sequence, timestamp and one event payload. */
export function isEngineEvent(v: unknown): boolean {
  if (!isRecord(v)) return false;
  if (typeof own(v, "sequence") !== "number" || typeof own(v, "timestamp") !== "number") return false;
  return EVENT_KEYS.some((k) => isRecord(own(v, k)));
}

const EVENTS_MESSAGE =
  "this is a Pulumi engine event stream (`--json` of up/destroy/refresh, `--event-log`, or a preview with PULUMI_ENABLE_STREAMING_JSON_PREVIEW), which policy-check does not read; run `pulumi preview --json > preview.json` without PULUMI_ENABLE_STREAMING_JSON_PREVIEW and check preview.json";

/** `pulumi preview --output json`: {result, duration, summary, resources: [{urn, type, name, op}]} */
function isSummaryJson(v: unknown): boolean {
  if (!isRecord(v) || typeof own(v, "result") !== "string") return false;
  const resources = own(v, "resources");
  if (Array.isArray(resources) && resources.length > 0)
    return resources.every((r) => typeof own(r, "op") === "string" && String(own(r, "urn")).startsWith("urn:pulumi:"));
  return isRecord(own(v, "summary")) && typeof own(v, "duration") === "number";
}

/** Pulumi.yaml: a project's name and runtime. */
function isProjectFile(v: unknown): boolean {
  if (!isRecord(v) || typeof own(v, "name") !== "string") return false;
  const runtime = own(v, "runtime");
  return typeof runtime === "string" || (isRecord(runtime) && typeof own(runtime, "name") === "string");
}

const STACK_CONFIG_KEYS = new Set(["config", "encryptionsalt", "secretsprovider", "encryptedkey", "environment", "imports"]);

/** Pulumi.<stack>.yaml: `config` with `<namespace>:<key>` keys, and the stack's secrets settings. */
function isStackConfigFile(v: unknown): boolean {
  if (!isRecord(v)) return false;
  const keys = Object.keys(v);
  if (keys.length === 0 || !keys.every((k) => STACK_CONFIG_KEYS.has(k))) return false;
  const config = own(v, "config");
  if (isRecord(config)) return Object.keys(config).length > 0 && Object.keys(config).every((k) => k.includes(":"));
  return own(v, "encryptionsalt") !== undefined || own(v, "secretsprovider") !== undefined;
}

/** `pulumi config --json`: `{"<ns>:<key>": {"value": ..., "secret": false}}` */
function isConfigJson(v: unknown): boolean {
  if (!isRecord(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.includes(":") && typeof own(v[k], "secret") === "boolean");
}

/** `pulumi stack history --json`: updates with kind, times and resource change counts. */
const UPDATE_KINDS = new Set(["update", "preview", "refresh", "destroy", "import", "rename"]);

function isStackHistory(v: unknown): boolean {
  return (
    Array.isArray(v) &&
    v.length > 0 &&
    v.every(
      (u) =>
        isRecord(u) &&
        UPDATE_KINDS.has(String(own(u, "kind"))) &&
        (own(u, "resourceChanges") !== undefined || typeof own(u, "startTime") === "number"),
    )
  );
}

/** The refusal message for a parsed document that is Pulumi-shaped but not read, or null. */
export function pulumiRefusal(data: unknown): string | null {
  if (typeof data === "string") return pulumiTextRefusal(data);
  if (isEngineEvent(data) || (Array.isArray(data) && data.length > 0 && data.every(isEngineEvent))) return EVENTS_MESSAGE;
  if (isSummaryJson(data))
    return `this is the summary of \`pulumi preview --output json\` (operations without resource values), which policy-check does not read; ${RUN_PREVIEW}`;
  if (isStackHistory(data))
    return `this is \`pulumi stack history --json\` (update counts without resources), which policy-check does not read; ${RUN_PREVIEW}, or check the current state with \`pulumi stack export\``;
  if (isProjectFile(data))
    return `this is a Pulumi project file (Pulumi.yaml): the program's settings, not its changes; ${RUN_PREVIEW}`;
  if (isStackConfigFile(data))
    return `this is a Pulumi stack configuration file (Pulumi.<stack>.yaml), not a change; ${RUN_PREVIEW}`;
  if (isConfigJson(data)) return `this is \`pulumi config --json\` output, not a change; ${RUN_PREVIEW}`;
  return null;
}

/**
 * Pulumi text that is not a JSON document: the display of `pulumi preview`/`up` (which is
 * neither JSON nor YAML), or JSON Lines engine events. For the file loader, which meets these
 * before any reader when they do not parse as one JSON or YAML document.
 */
export function pulumiTextRefusal(text: string): string | null {
  // a display captured from a terminal keeps its colors and cursor movements
  const head = text.slice(0, 64 * 1024).replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/^\ufeff/, "");
  if (head.trimStart().startsWith("{")) {
    // the first line of JSON Lines (an event carrying a large state can be megabytes long)
    const start = text.length - text.trimStart().length;
    const nl = text.indexOf("\n", start);
    const firstLine = text.slice(start, nl < 0 ? text.length : Math.min(nl, start + 32 * 1024 * 1024));
    try {
      if (isEngineEvent(JSON.parse(firstLine))) return EVENTS_MESSAGE;
    } catch {
      // not one JSON line; an engine event starts with its sequence number and timestamp
      if (/^\{\s*"sequence"\s*:\s*\d+\s*,\s*"timestamp"\s*:\s*\d+\s*,\s*"[a-zA-Z]+Event"\s*:/.test(firstLine)) return EVENTS_MESSAGE;
    }
    return null;
  }
  const opening = /^(?:Previewing (?:update|destroy|refresh|import)|Updating|Destroying|Refreshing|Importing) \(/m.test(head);
  const table = /^\s+Type\s+Name\s+(?:Plan|Status)\b/m.test(head);
  const summary = /^Resources:\s*$/m.test(head) || /pulumi:pulumi:Stack/.test(head);
  if ((opening && (table || summary)) || (table && summary))
    return `this is the text display of a Pulumi command, which policy-check does not read; ${RUN_PREVIEW}`;
  return null;
}

/**
 * The refusal reader for parsed Pulumi documents that are not read (an engine event or an
 * array of them, the `--output json` summary, stack history, project and stack configuration
 * files): last in the reader order, after every format reader.
 */
export const pulumiRefusalReader: InputReader = {
  kind: "pulumi-preview",
  label: "other Pulumi outputs (refused with what to run instead)",
  refuses: true,
  detect: (doc) => pulumiRefusal(doc.data) !== null,
  read: (doc) => {
    throw new UnsupportedInputError(`${doc.path}: ${pulumiRefusal(doc.data) ?? "not a Pulumi preview"}`);
  },
};
