// Normalizing and comparing results, as each suite's own runner does.
//
// OPA (v1/topdown/exported_test.go): every solution's bindings are converted to JSON
// (ast.JSON: sets become arrays in sorted order, non-string object keys their JSON text),
// `sort_bindings` sorts each binding's top-level array, and the expected and actual solutions
// are compared as SETS of binding objects, numbers by value.
//
// regorus (tests/interpreter/mod.rs): each run's results are a list (bindings object, or the
// expression values); expected values use `{set!: [...]}`, `{object!: [{key, value}]}` and
// "#undefined"; values are compared structurally, numbers by value.

import type { ResultSet } from "../api.js";
import { regoText } from "../builtins/rego-text.js";
import { Float } from "../number.js";
import { type Value, RObject, RSet, compare, equal, fromJSON, toJSONText } from "../value.js";
import { isRecord } from "./cases.js";
import { type Plain, plainKeyText } from "./yaml.js";

// ---------------------------------------------------------------------------------------------
// plain YAML data to engine values

/** Converts data read from YAML into an engine value, mapping keys typed as YAML has them (regorus). */
export function plainToValue(p: Plain): Value {
  return fromJSON(p);
}

/** Converts data read from YAML into an engine value with string keys only (OPA: YAML to JSON). */
export function plainToJSONValue(p: Plain): Value {
  return fromJSON(stringKeys(p));
}

function stringKeys(p: Plain): Plain {
  if (Array.isArray(p)) return p.map(stringKeys);
  if (p instanceof Map) {
    const out: { [key: string]: Plain } = Object.create(null);
    for (const [k, v] of p) out[plainKeyText(k)] = stringKeys(v);
    return out;
  }
  if (isRecord(p)) {
    const out: { [key: string]: Plain } = Object.create(null);
    for (const k of Object.keys(p)) out[k] = stringKeys(p[k]!);
    return out;
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// OPA

/** OPA's ast.JSON round trip: sets become sorted arrays, non-string keys their JSON text. */
export function asJSONValue(v: Value): Value {
  if (v instanceof RSet) return v.values().map(asJSONValue);
  if (Array.isArray(v)) return (v as readonly Value[]).map(asJSONValue);
  if (v instanceof RObject) {
    const o = new RObject();
    for (const [k, x] of v.entries()) o.set(typeof k === "string" ? k : toJSONText(k), asJSONValue(x));
    return o;
  }
  return v;
}

/** The expected solutions of an OPA case: one object of bindings per entry of want_result. */
export function opaExpected(want: readonly Plain[]): Value[] {
  return want.map((b) => {
    const o = new RObject();
    if (isRecord(b)) for (const [k, v] of Object.entries(b)) o.set(k, plainToJSONValue(v));
    return o;
  });
}

/** The actual solutions, normalized as OPA's runner does (generated `__` vars are not bindings). */
export function opaActual(rs: ResultSet, sortBindings: boolean): Value[] {
  return rs.map((r) => {
    const o = new RObject();
    for (const [k, v] of Object.entries(r.bindings)) {
      if (k.startsWith("__")) continue;
      let j = asJSONValue(v);
      if (sortBindings && Array.isArray(j)) j = [...(j as readonly Value[])].sort(compare);
      o.set(k, j);
    }
    return o;
  });
}

/** Sorted, deduplicated copy (a set of values in canonical order). */
function asSet(xs: readonly Value[]): Value[] {
  const s = [...xs].sort(compare);
  return s.filter((x, i) => i === 0 || !equal(x, s[i - 1]!));
}

/** Whether two lists of solutions are equal as sets. */
export function sameSolutions(a: readonly Value[], b: readonly Value[]): boolean {
  const x = asSet(a);
  const y = asSet(b);
  return x.length === y.length && x.every((v, i) => equal(v, y[i]!));
}

export function showSolutions(xs: readonly Value[]): string {
  return "[" + asSet(xs).map((x) => toJSONText(x)).join(", ") + "]";
}

// ---------------------------------------------------------------------------------------------
// regorus

export const UNDEFINED: unique symbol = Symbol("undefined");
export type MaybeValue = Value | typeof UNDEFINED;

/** regorus's process_value: "#undefined", {set!: [...]}, {object!: [{key, value}]}, recursively. */
export function regorusExpected(p: Plain): MaybeValue {
  if (p === "#undefined") return UNDEFINED;
  return regorusValue(p);
}

function regorusValue(p: Plain): Value {
  if (Array.isArray(p)) return p.map(regorusValue);
  if (p instanceof Map) {
    const o = new RObject();
    for (const [k, v] of p) o.set(regorusValue(k), regorusValue(v));
    return o;
  }
  if (isRecord(p)) {
    const keys = Object.keys(p);
    if (keys.length === 1 && keys[0] === "set!" && Array.isArray(p["set!"])) return RSet.of((p["set!"] as Plain[]).map(regorusValue));
    if (keys.length === 1 && keys[0] === "object!" && Array.isArray(p["object!"])) {
      const o = new RObject();
      for (const item of p["object!"] as Plain[]) {
        if (!isRecord(item)) continue;
        o.set(regorusValue(item["key"] ?? null), regorusValue(item["value"] ?? null));
      }
      return o;
    }
    const o = new RObject();
    for (const k of keys) o.set(k, regorusValue(p[k]!));
    return o;
  }
  if (p instanceof Float) return p;
  return plainToValue(p);
}

/** regorus's push_query_results: one run's results as its runner collects them. */
export function regorusResults(rs: ResultSet): Value[] {
  const bindingsOf = (r: ResultSet[number]): RObject | undefined => {
    const o = new RObject();
    for (const [k, v] of Object.entries(r.bindings)) if (!k.startsWith("__")) o.set(k, v);
    return o.size > 0 ? o : undefined;
  };
  if (rs.length === 1) {
    const b = bindingsOf(rs[0]!);
    return b ? [b] : rs[0]!.expressions.map((e) => e.value);
  }
  return rs.map((r) => bindingsOf(r) ?? r.expressions.map((e) => e.value));
}

export function sameMaybe(a: MaybeValue, b: MaybeValue): boolean {
  if (a === UNDEFINED || b === UNDEFINED) return a === b;
  return equal(a, b);
}

export function showValue(v: MaybeValue): string {
  return v === UNDEFINED ? "<undefined>" : regoText(v);
}
