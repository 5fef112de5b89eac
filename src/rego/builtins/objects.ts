// Builtins: objects (OPA's object.go and subset.go): object.get, object.keys, object.union,
// object.union_n, object.remove, object.filter and object.subset.

import { type Value, RObject, RSet, canonicalKey, compare, equal } from "../value.js";
import { type BuiltinDef, OperandError, arr, elementErr, obj, typeErr } from "./registry.js";

const keyOf = (k: Value): string => (typeof k === "string" ? "s" + k : canonicalKey(k));

/** The value at `path` inside v (OPA's Value.Find): object keys, array indexes, set members. */
export function findPath(v: Value, path: readonly Value[]): Value | undefined {
  let cur: Value = v;
  for (const k of path) {
    if (cur instanceof RObject) {
      const next = cur.get(k);
      if (next === undefined) return undefined;
      cur = next;
    } else if (Array.isArray(cur)) {
      const a = cur as readonly Value[];
      if (typeof k !== "number" || k < 0 || k >= a.length) return undefined;
      cur = a[k]!;
    } else if (cur instanceof RSet) {
      if (!cur.has(k)) return undefined;
      cur = k;
    } else {
      return undefined;
    }
  }
  return cur;
}

// ---------------------------------------------------------------------------------------------
// union: keys of the right operand win, except that two objects under the same key are merged
// recursively. A draft is a mutable object under construction.

type Draft = Map<string, [Value, Value | Draft]>;

function draftOf(o: RObject): Draft {
  const d: Draft = new Map();
  for (const [k, v] of o.entries()) d.set(keyOf(k), [k, v]);
  return d;
}

function mergeInto(d: Draft, o: RObject): void {
  for (const [k, v] of o.entries()) {
    const key = keyOf(k);
    const cur = d.get(key);
    if (cur !== undefined && v instanceof RObject) {
      const old = cur[1];
      if (old instanceof Map) {
        mergeInto(old, v);
        continue;
      }
      if (old instanceof RObject) {
        const nested = draftOf(old);
        mergeInto(nested, v);
        cur[1] = nested;
        continue;
      }
    }
    d.set(key, [k, v]);
  }
}

function finish(d: Draft): RObject {
  const out = new RObject();
  for (const [k, v] of d.values()) out.set(k, v instanceof Map ? finish(v) : v);
  return out;
}

function union(objects: readonly RObject[]): RObject {
  const nonEmpty = objects.filter((o) => o.size > 0);
  if (nonEmpty.length === 0) return objects[0] ?? new RObject();
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  const d = draftOf(nonEmpty[0]!);
  for (let i = 1; i < nonEmpty.length; i++) mergeInto(d, nonEmpty[i]!);
  return finish(d);
}

// ---------------------------------------------------------------------------------------------
// key selection: the second operand of object.remove / object.filter

function keySet(v: Value): (k: Value) => boolean {
  if (Array.isArray(v)) {
    const s = RSet.of(v as readonly Value[]);
    return (k) => s.has(k);
  }
  if (v instanceof RSet) return (k) => v.has(k);
  if (v instanceof RObject) return (k) => v.has(k);
  throw typeErr(2, v, "object", "set", "array");
}

function keyList(v: Value): readonly Value[] {
  if (Array.isArray(v)) return v as readonly Value[];
  if (v instanceof RSet) return v.values();
  if (v instanceof RObject) return v.keys();
  throw typeErr(2, v, "object", "set", "array");
}

// ---------------------------------------------------------------------------------------------
// subset

function objectSubset(sup: RObject, sub: RObject): boolean {
  for (const [k, subV] of sub.entries()) {
    const supV = sup.get(k);
    if (supV === undefined) return false;
    if (equal(subV, supV)) continue;
    if (supV instanceof RObject && subV instanceof RObject) {
      if (!objectSubset(supV, subV)) return false;
    } else if (supV instanceof RSet && subV instanceof RSet) {
      if (!setSubset(supV, subV)) return false;
    } else if (Array.isArray(supV) && Array.isArray(subV)) {
      if (!arraySubset(supV as readonly Value[], subV as readonly Value[])) return false;
    } else {
      return false;
    }
  }
  return true;
}

function setSubset(sup: RSet, sub: RSet): boolean {
  for (const x of sub.values()) if (!sup.has(x)) return false;
  return true;
}

/**
 * sub occurs as a contiguous run in sup (what OPA's naive search decides), found in linear time
 * (Knuth-Morris-Pratt) so that long arrays cannot make it quadratic.
 */
function arraySubset(sup: readonly Value[], sub: readonly Value[]): boolean {
  if (sub.length > sup.length) return false;
  if (sub.length === 0) return true;
  const same = (a: Value, b: Value) => compare(a, b) === 0;
  const fail = new Array<number>(sub.length).fill(0);
  for (let i = 1, k = 0; i < sub.length; i++) {
    while (k > 0 && !same(sub[i]!, sub[k]!)) k = fail[k - 1]!;
    if (same(sub[i]!, sub[k]!)) k++;
    fail[i] = k;
  }
  for (let i = 0, k = 0; i < sup.length; i++) {
    while (k > 0 && !same(sup[i]!, sub[k]!)) k = fail[k - 1]!;
    if (same(sup[i]!, sub[k]!)) k++;
    if (k === sub.length) return true;
  }
  return false;
}

/** OPA counts every array element found in the set, duplicates included; an empty array is never a superset. */
function arraySetSubset(sup: readonly Value[], sub: RSet): boolean {
  let unmatched = sub.size;
  for (const x of sup) {
    if (sub.has(x)) unmatched--;
    if (unmatched <= 0) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------

export const builtins: BuiltinDef[] = [
  {
    name: "object.get",
    arity: 3,
    fn: (args) => {
      const o = obj(args, 0);
      const key = args[1]!;
      // values may be null: test for undefined, never with ??
      const found = Array.isArray(key) ? findPath(o, key as readonly Value[]) : o.get(key);
      return found === undefined ? args[2]! : found;
    },
  },
  {
    name: "object.keys",
    arity: 1,
    fn: (args) => RSet.of(obj(args, 0).keys()),
  },
  {
    name: "object.union",
    arity: 2,
    fn: (args) => {
      const a = obj(args, 0);
      const b = obj(args, 1);
      return a === b ? a : union([a, b]);
    },
  },
  {
    name: "object.union_n",
    arity: 1,
    fn: (args) => {
      const list = arr(args, 0);
      // OPA merges back to front: the last element that is not an object is the one reported
      for (let i = list.length - 1; i >= 0; i--) {
        if (!(list[i] instanceof RObject)) throw elementErr(1, list, list[i]!, "object");
      }
      return union(list as readonly RObject[]);
    },
  },
  {
    name: "object.remove",
    arity: 2,
    fn: (args) => {
      const o = obj(args, 0);
      const remove = keySet(args[1]!);
      const out = new RObject();
      let removed = false;
      for (const [k, v] of o.entries()) {
        if (remove(k)) removed = true;
        else out.set(k, v);
      }
      return removed ? out : o;
    },
  },
  {
    name: "object.filter",
    arity: 2,
    fn: (args) => {
      const o = obj(args, 0);
      const keys = keyList(args[1]!);
      const out = new RObject();
      for (const k of keys) {
        const v = o.get(k);
        if (v !== undefined) out.set(k, v);
      }
      return out;
    },
  },
  {
    name: "object.subset",
    arity: 2,
    fn: (args) => {
      const [sup, sub] = args as [Value, Value];
      if (sup instanceof RObject && sub instanceof RObject) return objectSubset(sup, sub);
      if (sup instanceof RSet && sub instanceof RSet) return setSubset(sup, sub);
      if (Array.isArray(sup) && Array.isArray(sub)) return arraySubset(sup as readonly Value[], sub as readonly Value[]);
      if (Array.isArray(sup) && sub instanceof RSet) return arraySetSubset(sup as readonly Value[], sub);
      throw new OperandError("both arguments object.subset must be of the same type or array and set");
    },
  },
];
