// Indexed iteration: `some r in coll` followed by a filter on one attribute of `r`
// (`r.type == "aws_s3_bucket"`, `r.type in {"aws_db_instance", "aws_rds_cluster"}`) visits only
// the elements whose attribute can pass the filter, found through an index of the collection
// built once per collection value. The filter itself still runs on every visited element, so
// the result is the same as a full scan; only elements that would fail it are skipped. Policies
// over plans of 10,000 resources filter by type in almost every rule body: without the index
// each body walks every resource.

import type { Expr, Term } from "./ast.js";
import { RObject, RSet, canonicalKey, type Value } from "./value.js";

export interface FilterHint {
  /** frame slot of the iteration variable */
  slot: number;
  /** attribute path under the element (`["type"]`) */
  path: readonly string[];
  /** the term the attribute is compared with; it does not mention the iteration variable */
  other: Term;
  op: "equal" | "member";
}

/** Collections smaller than this are scanned: an index would not pay for itself. */
export const MIN_INDEXED = 32;

const hints = new WeakMap<Expr, FilterHint | null>();

/** The filter hint of `some v in coll` (expression `e`) followed by `next`, or null. Cached per expression. */
export function filterHint(e: Expr, next: Expr | undefined, callName: (t: Term & { kind: "call" }) => string): FilterHint | null {
  let h = hints.get(e);
  if (h !== undefined) return h;
  h = analyze(e, next, callName);
  hints.set(e, h);
  return h;
}

function analyze(e: Expr, next: Expr | undefined, callName: (t: Term & { kind: "call" }) => string): FilterHint | null {
  const n = e.node;
  if (n.kind !== "somein" || n.key !== null || n.value.kind !== "var" || n.value.slot < 0 || e.negated || e.with.length > 0) return null;
  if (!next || next.negated || next.with.length > 0 || next.node.kind !== "term") return null;
  const t = next.node.term;
  if (t.kind !== "call" || t.args.length !== 2) return null;
  const name = callName(t);
  if (name !== "equal" && name !== "internal.member_2") return null;
  const slot = n.value.slot;
  const [a, b] = t.args as [Term, Term];
  const pathOf = (x: Term): string[] | null => {
    if (x.kind !== "ref" || x.head.kind !== "var" || x.head.slot !== slot || x.path.length === 0) return null;
    const out: string[] = [];
    for (const p of x.path) {
      if (p.kind !== "scalar" || typeof p.value !== "string") return null;
      out.push(p.value);
    }
    return out;
  };
  if (name === "equal") {
    const pa = pathOf(a);
    if (pa && !mentions(b, slot)) return { slot, path: pa, other: b, op: "equal" };
    const pb = pathOf(b);
    if (pb && !mentions(a, slot)) return { slot, path: pb, other: a, op: "equal" };
    return null;
  }
  const pa = pathOf(a);
  return pa && !mentions(b, slot) ? { slot, path: pa, other: b, op: "member" } : null;
}

/** Whether a term may depend on the variable in `slot` (conservative: comprehensions and calls with bodies do). */
function mentions(t: Term, slot: number): boolean {
  switch (t.kind) {
    case "scalar":
      return false;
    case "var":
      return t.slot === slot;
    case "ref":
      return mentions(t.head, slot) || t.path.some((p) => mentions(p, slot));
    case "array":
    case "set":
      return t.items.some((x) => mentions(x, slot));
    case "object":
      return t.entries.some(([k, v]) => mentions(k, slot) || mentions(v, slot));
    case "call":
      return t.args.some((x) => mentions(x, slot));
    default:
      return true;
  }
}

type Index = Map<string, number[]>;
const indexes = new WeakMap<object, Map<string, Index>>();

function at(v: Value, path: readonly string[]): Value | undefined {
  let cur: Value | undefined = v;
  for (const p of path) {
    if (!(cur instanceof RObject)) return undefined;
    cur = cur.get(p);
    if (cur === undefined) return undefined;
  }
  return cur;
}

function indexOf(arr: readonly Value[], path: readonly string[]): Index {
  let byPath = indexes.get(arr);
  if (!byPath) indexes.set(arr, (byPath = new Map()));
  const key = path.join("\u0000");
  let idx = byPath.get(key);
  if (idx) return idx;
  idx = new Map();
  for (let i = 0; i < arr.length; i++) {
    const v = at(arr[i]!, path);
    if (v === undefined) continue;
    const k = canonicalKey(v);
    const list = idx.get(k);
    if (list) list.push(i);
    else idx.set(k, [i]);
  }
  byPath.set(key, idx);
  return idx;
}

/**
 * Positions of the array's elements whose attribute can pass the filter against `other`, in
 * ascending order; null when the index does not apply (not an array, too small).
 */
export function candidates(coll: Value, hint: FilterHint, other: Value): number[] | null {
  if (!Array.isArray(coll)) return null;
  const arr = coll as readonly Value[];
  if (arr.length < MIN_INDEXED) return null;
  const idx = indexOf(arr, hint.path);
  if (hint.op === "equal") return idx.get(canonicalKey(other)) ?? [];
  let wanted: Iterable<Value>;
  if (other instanceof RSet) wanted = other.values();
  else if (Array.isArray(other)) wanted = other as readonly Value[];
  else if (other instanceof RObject) wanted = [...other.keys()].map((k) => other.get(k)!);
  else return [];
  const out: number[] = [];
  for (const w of wanted) {
    const list = idx.get(canonicalKey(w));
    if (list) for (const i of list) out.push(i);
  }
  out.sort((x, y) => x - y);
  // an element matches each wanted value at most once per distinct key; duplicates come from
  // equal values listed twice in an array
  return out.filter((x, i) => i === 0 || out[i - 1] !== x);
}
