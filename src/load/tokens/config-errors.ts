// Turns ajv's errors on a token file into one line each: where (`tokens[2] "RAILWAY_TOKEN".holder.kind`),
// what is wrong, and a did-you-mean for misspelled keys and values.

import type { ErrorObject } from "../../config/ajv.js";
import { didYouMean } from "../../config/did-you-mean.js";
import { own } from "../terraform/paths.js";
import { SECRET_VALUE_KEYS } from "./config-schema.js";

/** `/tokens/0/holder/kind` -> `tokens[0] "NAME".holder.kind` (the token's name when it has one). */
export function describePath(pointer: string, data: unknown): string {
  if (pointer === "") return "the top level";
  const parts = pointer.slice(1).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  let out = "";
  let node: unknown = data;
  for (const p of parts) {
    const index = /^\d+$/.test(p) && Array.isArray(node);
    out += index ? `[${p}]` : out === "" ? p : `.${p}`;
    node = index ? (node as unknown[])[Number(p)] : own(node, p);
    if (index && out.startsWith("tokens[") && !out.includes(".")) {
      const name = own(node, "name");
      if (typeof name === "string" && name !== "") out += ` ${JSON.stringify(name.length > 60 ? name.slice(0, 57) + "..." : name)}`;
    }
  }
  return out;
}

/**
 * The property names allowed where an additionalProperties error was raised, from the error's
 * parent schema (the validator runs with `verbose`; schemaPath is relative to a $ref target).
 */
function allowedKeys(e: ErrorObject): string[] {
  const props = own(e.parentSchema, "properties");
  // the secret-value keys other than `value` are accepted, not suggested
  const hidden = new Set<string>(SECRET_VALUE_KEYS.filter((k) => k !== "value"));
  return props && typeof props === "object" ? Object.keys(props).filter((k) => !hidden.has(k) && k !== "$schema") : [];
}

const ANY_OF_MESSAGES: Readonly<Record<string, string>> = {
  environments: 'must be a string or a non-empty list of strings (use "*" for every environment)',
  operations: 'must be a string or a non-empty list of strings (use "*" for every operation)',
  resources: 'must be a string or a non-empty list of strings (use "*" for every resource)',
  expires_at: "must be an ISO 8601 date or date-time, e.g. 2025-06-30 or 2025-06-30T12:00:00Z",
  ttl: "must be a number of seconds or a duration like 1h, 90d, 1h30m or PT1H",
  conditions: "must be a mapping or a list of mappings",
};

function shown(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? v.slice(0, 57) + "..." : v);
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return String(v);
}

function valueAt(data: unknown, pointer: string): unknown {
  if (pointer === "") return data;
  let node = data;
  for (const raw of pointer.slice(1).split("/")) {
    const p = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = Array.isArray(node) && /^\d+$/.test(p) ? node[Number(p)] : own(node, p);
  }
  return node;
}

function lastKey(pointer: string): string {
  return pointer.slice(pointer.lastIndexOf("/") + 1);
}

function one(e: ErrorObject, data: unknown): string {
  const where = describePath(e.instancePath, data);
  const value = valueAt(data, e.instancePath);
  switch (e.keyword) {
    case "additionalProperties": {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = allowedKeys(e);
      const hint = didYouMean(key, allowed);
      const at = e.instancePath === "" ? "at the top level" : `in ${where}`;
      return `unknown key ${JSON.stringify(key)} ${at}${hint ? ` (did you mean "${hint}"?)` : allowed.length ? ` (known keys: ${allowed.join(", ")})` : ""}`;
    }
    case "required": {
      const key = (e.params as { missingProperty: string }).missingProperty;
      if (e.instancePath === "" && key === "kind") return 'missing "kind: policy-check/tokens" at the top level (it marks the file as a token configuration)';
      if (e.instancePath === "" && key === "version") return 'missing "version: 1" at the top level';
      return `${where}: missing required key "${key}"`;
    }
    case "enum": {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const hint = typeof value === "string" ? didYouMean(value, allowed) : null;
      return `${where}: ${shown(value)} is not one of ${allowed.join(", ")}${hint && hint !== value ? ` (did you mean "${hint}"?)` : ""}`;
    }
    case "const":
      return `${where}: must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}, found ${shown(value)}`;
    case "anyOf":
      return `${where}: ${ANY_OF_MESSAGES[lastKey(e.instancePath)] ?? e.message ?? "is not valid"}, found ${shown(value)}`;
    case "type":
      return `${where}: must be ${article((e.params as { type: string }).type)}, found ${shown(value)}`;
    case "pattern":
      if (lastKey(e.instancePath) === "provider") return `${where}: ${shown(value)} is not a provider name (letters, digits, "-", "_", "." like aws or digitalocean)`;
      return `${where}: ${shown(value)} does not have the expected form`;
    case "minItems":
      return `${where}: must not be empty`;
    case "minLength":
      return `${where}: must not be empty`;
    default:
      return `${where}: ${e.message ?? e.keyword}`;
  }
}

function article(type: string): string {
  const names: Record<string, string> = { object: "a mapping", array: "a list", string: "a string", integer: "a whole number", number: "a number", boolean: "true or false" };
  return type.split(",").map((t) => names[t] ?? t).join(" or ");
}

/**
 * One message per problem; errors inside a failed anyOf are folded into it, and a missing key
 * that a misspelled key at the same place stands for is told once (as the misspelling).
 */
export function describeErrors(errors: readonly ErrorObject[], data: unknown): string[] {
  const anyOfAt = new Set(errors.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath));
  const misspelled = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== "additionalProperties") continue;
    const hint = didYouMean((e.params as { additionalProperty: string }).additionalProperty, allowedKeys(e));
    if (hint) misspelled.add(`${e.instancePath}\u0000${hint}`);
  }
  const out: string[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // `if` only says which branch failed; the branch's own error follows
    if (e.keyword === "if") continue;
    if (e.keyword === "required" && misspelled.has(`${e.instancePath}\u0000${(e.params as { missingProperty: string }).missingProperty}`)) continue;
    if (e.keyword !== "anyOf" && [...anyOfAt].some((p) => e.instancePath === p || e.instancePath.startsWith(p + "/"))) continue;
    const msg = one(e, data);
    if (!seen.has(msg)) {
      seen.add(msg);
      out.push(msg);
    }
  }
  return out;
}
