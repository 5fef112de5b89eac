// Builtins: json.filter, json.remove and json.patch (OPA's json.go). Paths are JSON pointers
// ("a/b/c", the leading "/" optional, "~1" for "/" and "~0" for "~") or arrays of segments
// (any values, so non-string object keys and set members can be addressed).

import { type Value, RObject, RSet, canonicalKey, equal, typeName } from "../value.js";
import { type BuiltinContext, type BuiltinDef, arr, obj, operandErr, typeErr } from "./registry.js";

type Path = readonly Value[];

const keyOf = (k: Value): string => (typeof k === "string" ? "s" + k : canonicalKey(k));

/** A path operand, or undefined when it is neither a string nor an array. */
function parsePath(p: Value): Path | undefined {
  if (typeof p === "string") {
    if (p === "") return [];
    return p
      .replace(/^\/+/, "")
      .split("/")
      .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"));
  }
  if (Array.isArray(p)) return p as Path;
  return undefined;
}

function jsonPaths(v: Value): Path[] {
  let items: readonly Value[];
  if (Array.isArray(v)) items = v as readonly Value[];
  else if (v instanceof RSet) items = v.values();
  else throw typeErr(2, v, "set", "array");
  return items.map((p) => {
    const path = parsePath(p);
    if (path === undefined) {
      throw operandErr(2, `must be one of {set, array} containing string paths or array of path segments but got ${typeName(p)}`);
    }
    return path;
  });
}

// ---------------------------------------------------------------------------------------------
// json.filter / json.remove: the paths as a tree; a null subtree marks the end of a path (a
// shorter path wins over the longer ones it prefixes). Array elements are addressed by the
// decimal string of their index.

type PathTree = Map<string, { key: Value; sub: PathTree | null }>;

function pathTree(paths: readonly Path[]): PathTree {
  const root: PathTree = new Map();
  for (const path of paths) {
    if (path.length === 0) continue;
    let node = root;
    let done = false;
    for (let i = 0; i < path.length - 1; i++) {
      const k = path[i]!;
      const e = node.get(keyOf(k));
      if (e === undefined) {
        const sub: PathTree = new Map();
        node.set(keyOf(k), { key: k, sub });
        node = sub;
      } else if (e.sub === null) {
        done = true;
        break;
      } else {
        node = e.sub;
      }
    }
    const last = path[path.length - 1]!;
    if (!done) node.set(keyOf(last), { key: last, sub: null });
  }
  return root;
}

/** Array indexes named by a tree, in index order. */
function indexesIn(t: PathTree, length: number): number[] {
  const out: number[] = [];
  for (const e of t.values()) {
    if (typeof e.key === "string" && /^(0|[1-9][0-9]*)$/.test(e.key)) {
      const i = Number(e.key);
      if (i < length) out.push(i);
    }
  }
  return out.sort((a, b) => a - b);
}

function filterValue(v: Value, t: PathTree | null, ctx: BuiltinContext): Value {
  if (t === null) return v;
  ctx.charge(1);
  if (Array.isArray(v)) {
    const a = v as readonly Value[];
    return indexesIn(t, a.length).map((i) => filterValue(a[i]!, t.get(keyOf(String(i)))!.sub, ctx));
  }
  if (v instanceof RSet) {
    const out = new RSet();
    for (const e of t.values()) if (v.has(e.key)) out.add(filterValue(e.key, e.sub, ctx));
    return out;
  }
  if (v instanceof RObject) {
    const out = new RObject();
    for (const e of t.values()) {
      const x = v.get(e.key);
      if (x !== undefined) out.set(e.key, filterValue(x, e.sub, ctx));
    }
    return out;
  }
  return v;
}

function removeValue(v: Value, t: PathTree, ctx: BuiltinContext): Value {
  ctx.charge(1);
  if (Array.isArray(v)) {
    const out: Value[] = [];
    (v as readonly Value[]).forEach((x, i) => {
      const e = t.get(keyOf(String(i)));
      if (e === undefined) out.push(x);
      else if (e.sub !== null) out.push(removeValue(x, e.sub, ctx));
    });
    return out;
  }
  if (v instanceof RSet) {
    const out = new RSet();
    for (const x of v.values()) {
      const e = t.get(keyOf(x));
      if (e === undefined) out.add(x);
      else if (e.sub !== null) out.add(removeValue(x, e.sub, ctx));
    }
    return out;
  }
  if (v instanceof RObject) {
    const out = new RObject();
    for (const [k, x] of v.entries()) {
      const e = t.get(keyOf(k));
      if (e === undefined) out.set(k, x);
      else if (e.sub !== null) out.set(k, removeValue(x, e.sub, ctx));
    }
    return out;
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// json.patch (RFC 6902 as OPA applies it). Any failure makes the result undefined. The document
// may be any value; a removed root is `undefined` until something is added at "" again.

class PatchFailed extends Error {}

const fail = (): never => {
  throw new PatchFailed();
};

/** A looked-up value, which may be null (so never `?? fail()`). */
const present = (v: Value | undefined): Value => (v === undefined ? fail() : v);

/** An array position: an integer, or a decimal string without leading zeros; "-" is the end. */
function toIndex(length: number, key: Value): number {
  if (typeof key === "number") return key;
  if (typeof key === "string") {
    if (key === "-") return length;
    if (!/^[+-]?[0-9]+$/.test(key)) fail();
    if (key !== "0" && key.startsWith("0")) fail();
    const n = Number(key);
    return Number.isSafeInteger(n) ? n : fail(); // beyond any array anyway
  }
  return fail(); // big integers are out of bounds, fractions and other types are not indexes
}

function getChild(v: Value, key: Value): Value {
  if (v instanceof RObject) return present(v.get(key));
  if (v instanceof RSet) return v.has(key) ? key : fail();
  if (Array.isArray(v)) {
    const a = v as readonly Value[];
    const i = toIndex(a.length, key);
    return i >= 0 && i < a.length ? a[i]! : fail();
  }
  return fail();
}

function copyObject(o: RObject, without: Value | undefined, ctx: BuiltinContext): RObject {
  ctx.charge(o.size);
  const out = new RObject();
  const skip = without === undefined ? undefined : keyOf(without);
  for (const [k, v] of o.entries()) if (keyOf(k) !== skip) out.set(k, v);
  return out;
}

function copySet(s: RSet, without: Value | undefined, ctx: BuiltinContext): RSet {
  ctx.charge(s.size);
  const out = new RSet();
  for (const x of s.values()) if (without === undefined || !equal(x, without)) out.add(x);
  return out;
}

function insertChild(parent: Value, key: Value, value: Value, ctx: BuiltinContext): Value {
  if (parent instanceof RObject) return copyObject(parent, undefined, ctx).set(key, value);
  if (parent instanceof RSet) {
    if (!equal(key, value)) fail();
    const out = copySet(parent, undefined, ctx);
    out.add(value);
    return out;
  }
  if (Array.isArray(parent)) {
    const a = parent as readonly Value[];
    const i = toIndex(a.length, key);
    if (i < 0 || i > a.length) fail();
    ctx.charge(a.length);
    return [...a.slice(0, i), value, ...a.slice(i)];
  }
  return fail();
}

function deleteChild(parent: Value, key: Value, ctx: BuiltinContext): Value {
  if (parent instanceof RObject) return parent.has(key) ? copyObject(parent, key, ctx) : fail();
  if (parent instanceof RSet) return parent.has(key) ? copySet(parent, key, ctx) : fail();
  if (Array.isArray(parent)) {
    const a = parent as readonly Value[];
    const i = toIndex(a.length, key);
    if (i < 0 || i >= a.length) fail();
    ctx.charge(a.length);
    return [...a.slice(0, i), ...a.slice(i + 1)];
  }
  return fail();
}

/** Replaces `old`, found under `key` in parent, with `next`. */
function replaceChild(parent: Value, key: Value, old: Value, next: Value, ctx: BuiltinContext): Value {
  if (parent instanceof RObject) return copyObject(parent, undefined, ctx).set(key, next);
  if (parent instanceof RSet) {
    const out = copySet(parent, old, ctx);
    out.add(next);
    return out;
  }
  const a = (parent as readonly Value[]).slice();
  ctx.charge(a.length);
  a[toIndex(a.length, key)] = next;
  return a;
}

/** Applies `edit` to the container at `at` (which must exist) and rebuilds the spine above it. */
function editAt(root: Value, at: Path, edit: (container: Value) => Value, ctx: BuiltinContext): Value {
  const chain: Value[] = [root];
  for (const k of at) chain.push(getChild(chain[chain.length - 1]!, k));
  let cur = edit(chain[chain.length - 1]!);
  for (let i = at.length - 1; i >= 0; i--) cur = replaceChild(chain[i]!, at[i]!, chain[i + 1]!, cur, ctx);
  return cur;
}

type Doc = Value | undefined;

function addAt(root: Doc, path: Path, value: Value, ctx: BuiltinContext): Value {
  if (path.length === 0) return value;
  if (root === undefined) return fail();
  return editAt(root, path.slice(0, -1), (c) => insertChild(c, path[path.length - 1]!, value, ctx), ctx);
}

function removeAt(root: Doc, path: Path, ctx: BuiltinContext): Doc {
  if (root === undefined) return fail();
  if (path.length === 0) return undefined;
  return editAt(root, path.slice(0, -1), (c) => deleteChild(c, path[path.length - 1]!, ctx), ctx);
}

function valueAt(root: Doc, path: Path): Value {
  if (root === undefined) return fail();
  let cur: Value = root;
  for (const k of path) cur = getChild(cur, k);
  return cur;
}

const OPS = new Set(["add", "remove", "replace", "move", "copy", "test"]);

function applyPatch(doc: Value, ops: readonly Value[], ctx: BuiltinContext): Value | undefined {
  let root: Doc = doc;
  for (const o of ops) {
    if (!(o instanceof RObject)) return fail();
    ctx.charge(1);
    const op = o.get("op");
    if (typeof op !== "string" || !OPS.has(op)) return fail();
    const path = parsePath(present(o.get("path"))) ?? fail();
    const from = op === "move" || op === "copy" ? (parsePath(present(o.get("from"))) ?? fail()) : [];
    const value = op === "add" || op === "replace" || op === "test" ? present(o.get("value")) : null;
    switch (op) {
      case "add":
        root = addAt(root, path, value, ctx);
        break;
      case "remove":
        root = removeAt(root, path, ctx);
        break;
      case "replace":
        root = addAt(removeAt(root, path, ctx), path, value, ctx);
        break;
      case "move": {
        const chunk = valueAt(root, from);
        root = addAt(removeAt(root, from, ctx), path, chunk, ctx);
        break;
      }
      case "copy":
        root = addAt(root, path, valueAt(root, from), ctx);
        break;
      case "test":
        if (!equal(valueAt(root, path), value)) fail();
        break;
    }
  }
  return root;
}

// ---------------------------------------------------------------------------------------------

export const builtins: BuiltinDef[] = [
  {
    name: "json.filter",
    arity: 2,
    fn: (args, ctx) => filterValue(obj(args, 0), pathTree(jsonPaths(args[1]!)), ctx),
  },
  {
    name: "json.remove",
    arity: 2,
    fn: (args, ctx) => removeValue(obj(args, 0), pathTree(jsonPaths(args[1]!)), ctx),
  },
  {
    name: "json.patch",
    arity: 2,
    fn: (args, ctx) => {
      const ops = arr(args, 1);
      try {
        return applyPatch(args[0]!, ops, ctx);
      } catch (e) {
        if (e instanceof PatchFailed) return undefined;
        throw e;
      }
    },
  },
];
