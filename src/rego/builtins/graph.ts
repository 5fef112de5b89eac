// Builtins: walk (OPA's walk.go) and graph.reachable / graph.reachable_paths (reachable.go).

import { type Value, RObject, RSet, canonicalKey } from "../value.js";
import { type BuiltinContext, type BuiltinDef, obj, typeErr } from "./registry.js";

// ---------------------------------------------------------------------------------------------
// walk: every node of a value as [path, value], depth first, parents before children; arrays
// in index order, objects by sorted key, sets in sorted order (a set member is its own key).

function childCount(v: Value): number {
  if (Array.isArray(v)) return v.length;
  if (v instanceof RObject || v instanceof RSet) return v.size;
  return 0;
}

function child(v: Value, i: number): [Value, Value] {
  if (Array.isArray(v)) return [i, (v as readonly Value[])[i]!];
  if (v instanceof RObject) {
    const k = v.keys()[i]!;
    return [k, v.get(k)!];
  }
  const e = (v as RSet).values()[i]!;
  return [e, e];
}

/**
 * Iterative (documents can be deeper than the JS stack): path.length === stack.length - 1.
 * Every result has its own copy of the path, so a deep document costs depth² overall: charged.
 */
function* walk(root: Value, ctx: BuiltinContext): Generator<Value> {
  yield [[], root];
  if (childCount(root) === 0) return;
  const path: Value[] = [];
  const stack: { v: Value; i: number; n: number }[] = [{ v: root, i: 0, n: childCount(root) }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.i >= top.n) {
      stack.pop();
      if (stack.length > 0) path.pop();
      continue;
    }
    const [k, v] = child(top.v, top.i++);
    path.push(k);
    ctx.charge(path.length);
    yield [path.slice(), v];
    const n = childCount(v);
    if (n > 0) stack.push({ v, i: 0, n });
    else path.pop();
  }
}

// ---------------------------------------------------------------------------------------------
// graphs: an object from node to its neighbors (an array or set; anything else has none)

function vertices(v: Value): readonly Value[] {
  if (Array.isArray(v)) return v as readonly Value[];
  if (v instanceof RSet) return v.values();
  return [];
}

function initialNodes(args: readonly Value[]): readonly Value[] {
  const v = args[1]!;
  if (!Array.isArray(v) && !(v instanceof RSet)) throw typeErr(2, v, "{array, set}");
  return vertices(v);
}

function reachable(graph: RObject, initial: readonly Value[], ctx: BuiltinContext): RSet {
  const reached = new RSet();
  const queued = new Set<string>();
  const queue: Value[] = [];
  const enqueue = (n: Value) => {
    const k = canonicalKey(n);
    if (queued.has(k)) return;
    queued.add(k);
    queue.push(n);
  };
  initial.forEach(enqueue);
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    const edges = graph.get(node);
    if (edges === undefined) continue;
    const next = vertices(edges);
    ctx.charge(1 + next.length);
    for (const n of next) if (!reached.has(n)) enqueue(n);
    reached.add(node);
  }
  return reached;
}

/**
 * Every maximal path from the initial nodes, stopping at leaves, unknown nodes (left out of the
 * path) and cycles. Iterative: a path can be longer than the JS stack is deep.
 */
function reachablePaths(graph: RObject, initial: readonly Value[], ctx: BuiltinContext): RSet {
  const result = new RSet();
  const path: Value[] = [];
  const onPath = new Set<string>();
  const stack: { key: string; next: readonly Value[]; i: number; added: boolean }[] = [];
  const commit = () => {
    ctx.charge(path.length);
    result.add(path.slice());
  };
  const enter = (node: Value) => {
    ctx.charge(1);
    const edges = graph.get(node);
    if (edges === undefined) return commit();
    path.push(node);
    const next = vertices(edges);
    if (next.length === 0) {
      commit();
      path.pop();
      return;
    }
    const key = canonicalKey(node);
    const added = !onPath.has(key);
    onPath.add(key);
    stack.push({ key, next, i: 0, added });
  };
  for (const start of initial) {
    const edges = graph.get(start);
    if (edges === undefined) continue;
    const next = vertices(edges);
    if (next.length === 0) {
      result.add([start]);
      continue;
    }
    for (const first of next) {
      path.length = 0;
      path.push(start);
      onPath.clear();
      onPath.add(canonicalKey(start));
      enter(first);
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        if (top.i >= top.next.length) {
          stack.pop();
          if (top.added) onPath.delete(top.key);
          path.pop();
          continue;
        }
        const n = top.next[top.i++]!;
        if (onPath.has(canonicalKey(n))) commit();
        else enter(n);
      }
    }
  }
  return result;
}

export const builtins: BuiltinDef[] = [
  { name: "walk", arity: 1, relation: true, fn: (args, ctx) => walk(args[0]!, ctx) },
  { name: "graph.reachable", arity: 2, fn: (args, ctx) => reachable(obj(args, 0), initialNodes(args), ctx) },
  { name: "graph.reachable_paths", arity: 2, fn: (args, ctx) => reachablePaths(obj(args, 0), initialNodes(args), ctx) },
];
