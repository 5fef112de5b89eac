// Reading attribute values of normalized resources for the token extractors: the value a
// resource will have after the change (`after`; null when it is destroyed), with the model's
// unknown and sensitive markers told apart from real values, and the shapes different tools give
// the same block (Terraform's list of one object, Pulumi's single object or plural name).

import { SENSITIVE_VALUE, UNKNOWN_VALUE, type Resource } from "../../model/types.js";
import { isRecord, own, type Rec } from "../terraform/paths.js";

/** What Pulumi previews write for a secret, and other stand-ins that are not real values. */
const PLACEHOLDERS: ReadonlySet<string> = new Set([UNKNOWN_VALUE, SENSITIVE_VALUE, "[secret]", "[unknown]"]);

/** Whether the resource exists after the change (managed, not being deleted). */
export function isLive(r: Resource): boolean {
  return r.mode === "managed" && r.after !== null;
}

/** The value of a top-level attribute after the change (before it, for a resource being deleted). */
export function attr(r: Resource, name: string): unknown {
  return own(r.after ?? r.before, name);
}

/** Whether a value is the model's "known after apply" marker (or a path below it is). */
export function isUnknown(r: Resource, name: string): boolean {
  if (attr(r, name) === UNKNOWN_VALUE) return true;
  return r.unknown.some((p) => p.length >= 1 && p[0] === name);
}

/** A real string value: non-empty, not a placeholder, not an unresolved expression. */
export function knownString(v: unknown): string | null {
  if (typeof v !== "string") return null;
  const s = v.trim();
  if (s === "" || PLACEHOLDERS.has(s) || s.includes("${")) return null;
  return s;
}

/** Whether a value is a placeholder (unknown or sensitive) rather than data. */
export function isPlaceholder(v: unknown): boolean {
  return typeof v === "string" && (PLACEHOLDERS.has(v) || v.includes("${"));
}

/** A list of real strings (a single string counts as a list of one); null when the list is unknown. */
export function knownStrings(v: unknown): string[] | null {
  if (v === undefined || v === null) return [];
  if (typeof v === "string") return knownString(v) === null ? (isPlaceholder(v) ? null : []) : [v.trim()];
  if (!Array.isArray(v)) return null;
  const out: string[] = [];
  for (const x of v) {
    const s = knownString(x);
    if (s === null) {
      if (isPlaceholder(x)) return null;
      continue;
    }
    out.push(s);
  }
  return out;
}

/** A number (or numeric string) value, or null. */
export function knownNumber(v: unknown): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string" && /^\d+(?:\.\d+)?$/.test(v.trim())) return Number(v.trim());
  return null;
}

/** Nested blocks as a list of objects: Terraform lists, Pulumi's single objects. */
export function blocks(v: unknown): Rec[] {
  if (Array.isArray(v)) return v.filter(isRecord);
  return isRecord(v) ? [v] : [];
}

/** The first of several attribute names that is present (Terraform singular, Pulumi plural). */
export function attrOf(r: Resource, ...names: string[]): unknown {
  for (const n of names) {
    const v = attr(r, n);
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

/** A string-valued map (tags, labels); non-string values skipped. */
export function stringMap(v: unknown): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  if (!isRecord(v)) return out;
  for (const k of Object.keys(v)) {
    const s = v[k];
    if (typeof s === "string") Object.defineProperty(out, k, { value: s, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * The configuration address of a resource instance: instance keys dropped
 * (`module.a["x"].aws_iam_policy.p[0]` -> `module.a.aws_iam_policy.p`). URNs are returned as they are.
 */
export function configAddressOf(address: string): string {
  if (address.startsWith("urn:")) return address;
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/g, "");
}
