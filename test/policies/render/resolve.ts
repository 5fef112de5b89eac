// Plan-time values of a case: which referenced values are known before apply (a literal of the
// referenced resource, or a computed value of an object that already exists) and which are not.

import { computedAttributes, computedValues } from "../types-table.js";
import { isObj, isOne, isRef, isUnknown, providersOf, type Case, type ProviderSpec, type Obj, type Ref, type ResourceSpec, type Val } from "../spec.js";

export type Known = { known: true; value: unknown } | { known: false };

export function resourceByName(c: Case, name: string): ResourceSpec {
  const r = c.resources?.find((x) => x.name === name);
  if (!r) throw new Error(`case ${c.id}: ref to unknown resource ${name}`);
  return r;
}

export function regionAccount(c: Case, r: ResourceSpec): Required<ProviderSpec> {
  const ps = providersOf(c);
  const p = ps[r.provider ?? ""];
  if (!p) throw new Error(`case ${c.id}: resource ${r.name} uses provider alias ${r.provider} the case does not define`);
  return p;
}

/** The object exists before the change (and keeps its identity: not replaced). */
export function exists(r: ResourceSpec): boolean {
  return r.action !== undefined && r.action !== "create";
}

export function keepsIdentity(r: ResourceSpec): boolean {
  return exists(r) && r.action !== "replace";
}

/** Computed values of an existing object. */
export function computedOf(c: Case, r: ResourceSpec): Obj {
  const { region, account } = regionAccount(c, r);
  return computedValues(r.type, r.name, r.before ?? r.attrs, region, account);
}

export function resolveRef(c: Case, ref: Ref, seen: Set<string> = new Set()): Known {
  const key = `${ref.resource}.${ref.attr}`;
  if (seen.has(key)) throw new Error(`case ${c.id}: reference cycle at ${key}`);
  seen.add(key);
  const target = resourceByName(c, ref.resource);
  const lit = target.attrs[ref.attr];
  if (lit !== undefined) return resolveValue(c, lit, seen);
  if (computedAttributes(target.type).includes(ref.attr)) {
    if (keepsIdentity(target)) return { known: true, value: computedOf(c, target)[ref.attr] };
    return { known: false };
  }
  return { known: false };
}

/** A value fully resolved (known) or not; nested unknowns make the whole value unknown here. */
export function resolveValue(c: Case, v: Val, seen: Set<string> = new Set()): Known {
  if (isRef(v)) return resolveRef(c, v, new Set(seen));
  if (isUnknown(v)) return { known: false };
  if (isOne(v)) return resolveValue(c, v.value, seen);
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) {
      const r = resolveValue(c, x, seen);
      if (!r.known) return { known: false };
      out.push(r.value);
    }
    return { known: true, value: out };
  }
  if (isObj(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const r = resolveValue(c, x, seen);
      if (!r.known) return { known: false };
      out[k] = r.value;
    }
    return { known: true, value: out };
  }
  return { known: true, value: v };
}

/** Terraform references of an expression value: `aws_db_instance.db.arn`, `aws_db_instance.db`. */
export function refAddresses(c: Case, ref: Ref): string[] {
  const t = resourceByName(c, ref.resource);
  return [`${t.type}.${t.name}.${ref.attr}`, `${t.type}.${t.name}`];
}

/** All refs inside a value. */
export function refsIn(v: Val): Ref[] {
  if (isRef(v)) return [v];
  if (isOne(v)) return refsIn(v.value);
  if (Array.isArray(v)) return v.flatMap(refsIn);
  if (isObj(v)) return Object.values(v).flatMap(refsIn);
  return [];
}
