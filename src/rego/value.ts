// Runtime values of the Rego evaluator.
//
//   null | boolean | Num (number | bigint | Float, see number.ts) | string
//   | readonly Value[]  (array)
//   | RObject           (object: any value as key)
//   | RSet              (set)
//
// Composite values are immutable once built and shared freely. Objects and sets iterate in
// Rego's canonical sort order, so every result is deterministic.

import { Float, JSONNumber, type Num, fromJS, numCanonical, numCmp, numToString, isNum, parseNumber } from "./number.js";

export type Value = null | boolean | Num | string | readonly Value[] | RObject | RSet;

// ---------------------------------------------------------------------------------------------
// canonical keys: equal values have equal keys (used for hashing in sets and objects)

const keyCache = new WeakMap<object, string>();

/**
 * Values nested deeper than this are walked with an explicit stack instead of recursion (the
 * `*Deep` functions below), so that comparing, hashing or printing a 10,000-deep value (json.unmarshal
 * accepts Go's 10,000 levels) cannot exhaust the JavaScript stack. Shallow values keep the
 * recursive fast path.
 */
const RECURSE_LIMIT = 200;

/** The canonical key of a scalar (or a Float), or undefined for a composite value. */
function leafKey(v: Value): string | undefined {
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return "#" + v;
    case "bigint":
      return "#" + v.toString();
    case "boolean":
      return v ? "t" : "f";
  }
  if (v === null) return "n";
  if (v instanceof Float) return "#" + v.canonical();
  if (!Array.isArray(v) && !(v instanceof RObject) && !(v instanceof RSet)) throw new TypeError("not a Rego value");
  return undefined;
}

export function canonicalKey(v: Value): string {
  return keyAt(v, 0);
}

function keyAt(v: Value, depth: number): string {
  const leaf = leafKey(v);
  if (leaf !== undefined) return leaf;
  let k = keyCache.get(v as object);
  if (k !== undefined) return k;
  if (depth >= RECURSE_LIMIT) return canonicalKeyDeep(v as object);
  if (Array.isArray(v)) {
    const arr = v as readonly Value[];
    const parts = new Array<string>(arr.length);
    for (let i = 0; i < arr.length; i++) parts[i] = keyAt(arr[i]!, depth + 1);
    k = "[" + parts.join(",") + "]";
  } else if (v instanceof RObject) {
    const parts: string[] = [];
    for (const [key, val] of v.entries()) parts.push(keyAt(key, depth + 1) + ":" + keyAt(val, depth + 1));
    k = "{" + parts.join(",") + "}";
  } else {
    const parts: string[] = [];
    for (const e of (v as RSet).values()) parts.push(keyAt(e, depth + 1));
    k = "<" + parts.join(",") + ">";
  }
  keyCache.set(v as object, k);
  return k;
}

/** The members of a composite value in the order its key, comparison and JSON text list them:
 * array items, set elements, or an object's keys and values interleaved (k0, v0, k1, v1, ...). */
function members(v: object): readonly Value[] {
  if (Array.isArray(v)) return v as readonly Value[];
  if (v instanceof RSet) return v.values();
  const o = v as RObject;
  const out: Value[] = [];
  for (const k of o.keys()) out.push(k, o.get(k)!);
  return out;
}

interface KeyFrame {
  v: object;
  items: readonly Value[];
  i: number;
}

/**
 * canonicalKey with an explicit stack (see RECURSE_LIMIT). The key is written out in one pass
 * and only the root's is cached: caching every level of a chain 100,000 deep would keep
 * 100,000 ever longer strings.
 */
function canonicalKeyDeep(root: object): string {
  const out: string[] = [];
  const frames: KeyFrame[] = [];
  const open = (v: object): void => {
    out.push(Array.isArray(v) ? "[" : v instanceof RSet ? "<" : "{");
    frames.push({ v, items: members(v), i: 0 });
  };
  open(root);
  while (frames.length > 0) {
    const f = frames[frames.length - 1]!;
    if (f.i < f.items.length) {
      const i = f.i++;
      // objects list keys and values interleaved: key:value,key:value
      if (i > 0) out.push(f.v instanceof RObject && i % 2 === 1 ? ":" : ",");
      const c = f.items[i]!;
      const k = leafKey(c) ?? keyCache.get(c as object);
      if (k !== undefined) out.push(k);
      else open(c as object);
      continue;
    }
    frames.pop();
    out.push(Array.isArray(f.v) ? "]" : f.v instanceof RSet ? ">" : "}");
  }
  const k = out.join("");
  keyCache.set(root, k);
  return k;
}

// ---------------------------------------------------------------------------------------------
// ordering: null < boolean < number < string < array < object < set

export function typeRank(v: Value): number {
  switch (typeof v) {
    case "boolean":
      return 1;
    case "number":
    case "bigint":
      return 2;
    case "string":
      return 3;
  }
  if (v === null) return 0;
  if (v instanceof Float) return 2;
  if (Array.isArray(v)) return 4;
  if (v instanceof RObject) return 5;
  return 6;
}

function cmpStr(a: string, b: string): number {
  // Go compares strings byte-wise (UTF-8); JS compares UTF-16 code units. They agree except
  // for surrogate pairs vs. code points U+E000..U+FFFF; handle that case exactly.
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) {
        // a surrogate (code point >= 0x10000) sorts after any BMP char in UTF-8
        if (xs) return y >= 0xe000 ? 1 : x < y ? -1 : 1;
        return x >= 0xe000 ? -1 : x < y ? -1 : 1;
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

export function compare(a: Value, b: Value): number {
  return compareAt(a, b, 0);
}

/** The order of two values when it is decided without looking inside them; undefined for two
 * arrays, two objects or two sets (compared member by member). */
function compareShallow(a: Value, b: Value): number | undefined {
  if (a === b) return 0;
  const ta = typeRank(a);
  const tb = typeRank(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  switch (ta) {
    case 0:
      return 0;
    case 1:
      return a === b ? 0 : a ? 1 : -1;
    case 2:
      return numCmp(a as Num, b as Num);
    case 3:
      return cmpStr(a as string, b as string);
  }
  return undefined;
}

function compareAt(a: Value, b: Value, depth: number): number {
  const shallow = compareShallow(a, b);
  if (shallow !== undefined) return shallow;
  if (depth >= RECURSE_LIMIT) return compareDeep(a as object, b as object);
  switch (typeRank(a)) {
    case 4: {
      const x = a as readonly Value[];
      const y = b as readonly Value[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compareAt(x[i]!, y[i]!, depth + 1);
        if (c !== 0) return c;
      }
      return x.length - y.length < 0 ? -1 : x.length === y.length ? 0 : 1;
    }
    case 5: {
      const x = a as RObject;
      const y = b as RObject;
      const kx = x.keys();
      const ky = y.keys();
      const n = Math.min(kx.length, ky.length);
      for (let i = 0; i < n; i++) {
        let c = compareAt(kx[i]!, ky[i]!, depth + 1);
        if (c !== 0) return c;
        c = compareAt(x.get(kx[i]!)!, y.get(ky[i]!)!, depth + 1);
        if (c !== 0) return c;
      }
      return kx.length < ky.length ? -1 : kx.length === ky.length ? 0 : 1;
    }
    default: {
      const x = (a as RSet).values();
      const y = (b as RSet).values();
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compareAt(x[i]!, y[i]!, depth + 1);
        if (c !== 0) return c;
      }
      return x.length < y.length ? -1 : x.length === y.length ? 0 : 1;
    }
  }
}

interface CompareFrame {
  xs: readonly Value[];
  ys: readonly Value[];
  i: number;
}

/**
 * compare with an explicit stack (see RECURSE_LIMIT). Arrays, objects (keys and values
 * interleaved) and sets (in canonical order) all compare as sequences: the first unequal pair
 * of members decides, then the length; so the first non-zero result at any depth is the answer.
 */
function compareDeep(a: object, b: object): number {
  const frames: CompareFrame[] = [{ xs: members(a), ys: members(b), i: 0 }];
  for (;;) {
    const f = frames[frames.length - 1]!;
    if (f.i < f.xs.length && f.i < f.ys.length) {
      const x = f.xs[f.i]!;
      const y = f.ys[f.i]!;
      f.i++;
      const c = compareShallow(x, y);
      if (c === undefined) frames.push({ xs: members(x as object), ys: members(y as object), i: 0 });
      else if (c !== 0) return c;
      continue;
    }
    if (f.xs.length !== f.ys.length) return f.xs.length < f.ys.length ? -1 : 1;
    frames.pop();
    if (frames.length === 0) return 0;
  }
}

/** Whether two values are equal without looking inside them; undefined for two arrays, two
 * objects or two sets of the same size (compared member by member). */
function equalShallow(a: Value, b: Value): boolean | undefined {
  if (a === b) return true;
  const t = typeof a;
  if (t === "string" || t === "boolean" || typeof b === "string" || typeof b === "boolean") return false;
  if (t === "number" && typeof b === "number") return false;
  if (a === null || b === null) return false;
  if (isNum(a)) return isNum(b) && numCmp(a, b) === 0;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === (b as readonly Value[]).length ? undefined : false;
  if (a instanceof RObject) return b instanceof RObject && a.size === b.size ? undefined : false;
  if (a instanceof RSet) return b instanceof RSet && a.size === b.size ? undefined : false;
  return false;
}

export function equal(a: Value, b: Value): boolean {
  return equalAt(a, b, 0);
}

function equalAt(a: Value, b: Value, depth: number): boolean {
  const shallow = equalShallow(a, b);
  if (shallow !== undefined) return shallow;
  if (depth >= RECURSE_LIMIT) return equalDeep(a, b);
  if (Array.isArray(a)) {
    const x = a as readonly Value[];
    const y = b as readonly Value[];
    for (let i = 0; i < x.length; i++) if (!equalAt(x[i]!, y[i]!, depth + 1)) return false;
    return true;
  }
  if (a instanceof RObject) {
    const y = b as RObject;
    for (const [k, v] of a.entries()) {
      const w = y.get(k);
      if (w === undefined || !equalAt(v, w, depth + 1)) return false;
    }
    return true;
  }
  // sets of the same size: membership goes through canonical keys
  const y = b as RSet;
  for (const e of (a as RSet).values()) if (!y.has(e)) return false;
  return true;
}

/** equal with an explicit stack of pairs still to compare (see RECURSE_LIMIT). */
function equalDeep(a: Value, b: Value): boolean {
  const xs: Value[] = [a];
  const ys: Value[] = [b];
  while (xs.length > 0) {
    const x = xs.pop()!;
    const y = ys.pop()!;
    const shallow = equalShallow(x, y);
    if (shallow === true) continue;
    if (shallow === false) return false;
    if (Array.isArray(x)) {
      const ya = y as readonly Value[];
      for (let i = 0; i < x.length; i++) {
        xs.push((x as readonly Value[])[i]!);
        ys.push(ya[i]!);
      }
    } else if (x instanceof RObject) {
      const yo = y as RObject;
      for (const [k, v] of x.entries()) {
        const w = yo.get(k);
        if (w === undefined) return false;
        xs.push(v);
        ys.push(w);
      }
    } else {
      const ys2 = y as RSet;
      for (const e of (x as RSet).values()) if (!ys2.has(e)) return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// objects

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * An object. String keys live in a plain record (for data read from JSON, the very object
 * JSON.parse produced, so that loading a large plan costs little more than parsing it); other
 * keys are kept by canonical key. Lookups only see own properties, so `__proto__` and
 * `constructor` are ordinary keys. Build with `set` before sharing; never mutate after.
 */
export class RObject {
  private readonly s: Record<string, Value>;
  private o: Map<string, [Value, Value]> | null = null;
  /**
   * Keys in canonical order once listed; before that the number of string keys (-1: not
   * counted yet). One field for both: a plan's objects are millions of RObjects.
   */
  private k: Value[] | number;

  /** `record` (with a null prototype) is adopted, not copied: the caller must not use it afterwards. */
  constructor(record?: Record<string, Value>, size?: number) {
    this.s = record ?? (Object.create(null) as Record<string, Value>);
    this.k = record ? (size ?? -1) : 0;
  }

  static fromEntries(entries: Iterable<readonly [Value, Value]>): RObject {
    const o = new RObject();
    for (const [k, v] of entries) o.set(k, v);
    return o;
  }

  static fromRecord(rec: Record<string, Value>): RObject {
    const o = new RObject();
    for (const k of Object.keys(rec)) o.set(k, rec[k]!);
    return o;
  }

  /**
   * An adopted record whose values are still plain JS data (see adoptJSON): each is converted
   * when first read, the rest of the level when the object is listed. The record is the
   * caller's, handed over.
   */
  static adopt(record: Record<string, unknown>): RObject {
    return new RObject(record as Record<string, Value>, RAW);
  }

  /** Converts the values of an adopted record in place, one level (their own values wait). */
  private materialize(): void {
    this.k = -1;
    const rec = this.s as Record<string, unknown>;
    // lookups below and after see own properties only
    Object.setPrototypeOf(rec, null);
    for (const key in rec) {
      const v = rec[key];
      if (isRegoScalar(v)) continue;
      const c = adoptChild(v, 1);
      if (c !== v) setOwn(rec, key, c);
    }
  }

  private strCount(): number {
    if (this.k === RAW) this.materialize();
    const k = this.k;
    if (typeof k !== "number") return k.length - (this.o ? this.o.size : 0);
    if (k >= 0) return k;
    const n = Object.keys(this.s).length;
    this.k = n;
    return n;
  }

  get size(): number {
    return this.strCount() + (this.o ? this.o.size : 0);
  }

  get(k: Value): Value | undefined {
    if (this.k === RAW) {
      // a scalar needs no conversion: read without converting the other values (looking up
      // every resource's type, to index them, converts none of them)
      if (typeof k === "string") {
        if (!hasOwn.call(this.s, k)) return undefined;
        const v = this.s[k] as unknown;
        if (isRegoScalar(v)) return v;
        // this value alone is converted (-0 too, to 0 as fromJSON gives it): a resource's
        // attributes no policy names never are (converting the whole level later finds this
        // one already done)
        const c = adoptChild(v, 1);
        if (c !== v) setOwn(this.s, k, c);
        return c;
      }
      this.materialize();
    }
    // the record has no prototype: only own properties are found
    if (typeof k === "string") return this.s[k];
    if (this.o === null) return undefined;
    const e = this.o.get(canonicalKey(k));
    return e === undefined ? undefined : e[1];
  }

  getStr(k: string): Value | undefined {
    return this.get(k);
  }

  has(k: Value): boolean {
    return this.get(k) !== undefined;
  }

  /** Inserts or replaces (construction only). */
  set(k: Value, v: Value): this {
    if (this.k === RAW) this.materialize();
    if (typeof k === "string") {
      if (!hasOwn.call(this.s, k)) {
        // a new key: the listed keys are stale, the count (if known) grows by one
        const n = typeof this.k === "number" ? this.k : this.strCount();
        this.k = n >= 0 ? n + 1 : -1;
      }
      setOwn(this.s, k, v);
    } else {
      if (this.o === null) this.o = new Map();
      const ck = canonicalKey(k);
      if (!this.o.has(ck) && typeof this.k !== "number") this.k = this.strCount();
      this.o.set(ck, [k, v]);
    }
    return this;
  }

  /** Keys in canonical order. */
  keys(): readonly Value[] {
    if (typeof this.k !== "number") return this.k;
    if (this.k === RAW) this.materialize();
    const strs = Object.keys(this.s).sort(cmpStr);
    if (this.o === null || this.o.size === 0) {
      this.k = strs;
      return strs;
    }
    const ks: Value[] = [];
    for (const [k] of this.o.values()) ks.push(k);
    for (const k of strs) ks.push(k);
    ks.sort(compare);
    this.k = ks;
    return ks;
  }

  *entries(): IterableIterator<[Value, Value]> {
    for (const k of this.keys()) yield [k, this.get(k)!];
  }

  /** Whether every key is a string. */
  get onlyStringKeys(): boolean {
    return this.o === null || this.o.size === 0;
  }
}

// ---------------------------------------------------------------------------------------------
// sets

export class RSet {
  private readonly m: Map<string, Value>;
  private sorted: Value[] | null = null;

  constructor() {
    this.m = new Map();
  }

  static of(values: Iterable<Value>): RSet {
    const s = new RSet();
    for (const v of values) s.add(v);
    return s;
  }

  get size(): number {
    return this.m.size;
  }

  private static key(v: Value): string {
    return typeof v === "string" ? "s" + v : canonicalKey(v);
  }

  has(v: Value): boolean {
    return this.m.has(RSet.key(v));
  }

  /** Adds (construction only); returns whether the value was new. */
  add(v: Value): boolean {
    const k = RSet.key(v);
    if (this.m.has(k)) return false;
    this.m.set(k, v);
    this.sorted = null;
    return true;
  }

  /** Elements in the order they were first added (cheaper than values(): nothing is sorted). */
  unordered(): Value[] {
    return Array.from(this.m.values());
  }

  /** Elements in canonical order. */
  values(): readonly Value[] {
    if (this.sorted === null) {
      const vs = Array.from(this.m.values());
      vs.sort(compare);
      this.sorted = vs;
    }
    return this.sorted;
  }
}

// ---------------------------------------------------------------------------------------------
// type names, as OPA reports them in errors and type_name()

export function typeName(v: Value): string {
  switch (typeof v) {
    case "string":
      return "string";
    case "number":
    case "bigint":
      return "number";
    case "boolean":
      return "boolean";
  }
  if (v === null) return "null";
  if (v instanceof Float) return "number";
  if (Array.isArray(v)) return "array";
  if (v instanceof RObject) return "object";
  if (v instanceof RSet) return "set";
  return "unknown";
}

export const isString = (v: Value): v is string => typeof v === "string";
export const isArray = (v: Value): v is readonly Value[] => Array.isArray(v);
export const isObject = (v: Value): v is RObject => v instanceof RObject;
export const isSet = (v: Value): v is RSet => v instanceof RSet;
export { isNum };

// ---------------------------------------------------------------------------------------------
// JSON conversion

/** Maximum nesting depth accepted when converting foreign data into values. */
export const MAX_DEPTH = 10_000;

export class ValueDepthError extends Error {}

/**
 * Converts plain JS data (from JSON.parse, YAML, or the API) into a Value, copying it. Objects
 * become RObject (`__proto__` and `constructor` are ordinary keys), JS numbers become Rego
 * numbers, bigint stays exact, and JSONNumber (the exact JSON reader's numbers) is read exactly.
 */
export function fromJSON(x: unknown, depth = 0): Value {
  return convert(x, depth, false);
}

/**
 * Like fromJSON, but adopts the objects and arrays of `x` in place instead of copying them, for
 * freshly parsed documents that nothing else holds. Adoption is lazy: a value of an object is
 * converted when a policy first reads it (all of them when the object is listed: its keys, size
 * or entries), so the parts of a large plan no policy looks at (most of `input.raw`, attributes
 * no rule names) are never converted at all.
 */
export function adoptJSON(x: unknown): Value {
  return adoptChild(x, 0);
}

/**
 * Plain data that is already the Rego value it stands for: null, a string, a boolean, a safe
 * integer other than zero (0 and -0 convert to 0; other numbers to exact ones).
 */
function isRegoScalar(v: unknown): v is null | string | boolean | number {
  return v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isSafeInteger(v) && v !== 0);
}

/** Sets an own property of a record, `__proto__` included. */
function setOwn(rec: Record<string, unknown>, key: string, v: unknown): void {
  if (key === "__proto__") Object.defineProperty(rec, key, { value: v, enumerable: true, writable: true, configurable: true });
  else rec[key] = v;
}

/** The sentinel of RObject.k for an adopted record whose values are not converted yet. */
const RAW = -2;

/**
 * One value of an adopted document: records become lazy RObjects (RObject.adopt), arrays are
 * converted in place one level through (their records lazy too), anything else as convert().
 */
function adoptChild(v: unknown, depth: number): Value {
  if (typeof v !== "object" || v === null) return convert(v, 0, true);
  if (Array.isArray(v)) {
    // chains of arrays nested deeper than this are converted by convert's explicit stack
    if (depth >= RECURSION_DEPTH) return convert(v, RECURSION_DEPTH, true);
    for (let i = 0; i < v.length; i++) {
      const e: unknown = v[i];
      if (isRegoScalar(e)) continue;
      v[i] = adoptChild(e, depth + 1);
    }
    return v as Value[];
  }
  if (v instanceof RObject || v instanceof RSet || v instanceof Float) return v;
  // class instances (a JSONNumber, a Map, a Date, ...) are converted by convert()
  if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return convert(v, 0, true);
  return RObject.adopt(v as Record<string, unknown>);
}

/** Documents nested deeper than this are converted by an explicit stack (see convertDeep). */
const RECURSION_DEPTH = 400;

function convert(x: unknown, depth: number, inPlace: boolean): Value {
  if (depth >= RECURSION_DEPTH && typeof x === "object" && x !== null) return convertDeep(x, depth, inPlace);
  switch (typeof x) {
    case "string":
    case "boolean":
      return x;
    case "number":
      return Number.isSafeInteger(x) ? (x === 0 ? 0 : x) : fromJS(x);
    case "bigint":
      return Number.isSafeInteger(Number(x)) && BigInt(Number(x)) === x ? Number(x) : x;
    case "undefined":
      return null;
    case "object":
      break;
    default:
      throw new TypeError(`cannot convert ${typeof x} to a Rego value`);
  }
  if (x === null) return null;
  if (depth > MAX_DEPTH) throw new ValueDepthError(`document nested deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(x)) {
    const out = inPlace ? (x as Value[]) : new Array<Value>(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (inPlace && isRegoScalar(v)) continue;
      out[i] = convert(v, depth + 1, inPlace);
    }
    return out;
  }
  if (x instanceof RObject || x instanceof RSet || x instanceof Float) return x;
  if (x instanceof Map) {
    const o = new RObject();
    for (const [k, v] of x) o.set(convert(k, depth + 1, inPlace), convert(v, depth + 1, inPlace));
    return o;
  }
  if (x instanceof Set) {
    const s = new RSet();
    for (const v of x) s.add(convert(v, depth + 1, inPlace));
    return s;
  }
  if (x instanceof Date) return x.toISOString();
  if (x instanceof JSONNumber) return numberFromText(x.text);
  const rec = x as Record<string, unknown>;
  if (inPlace) {
    for (const k in rec) {
      if (!hasOwn.call(rec, k)) continue;
      const v = rec[k];
      if (isRegoScalar(v)) continue;
      const c = convert(v, depth + 1, true);
      if (c !== v) setOwn(rec, k, c);
    }
    Object.setPrototypeOf(rec, null);
    return new RObject(rec as Record<string, Value>);
  }
  const keys = Object.keys(rec);
  const o = new RObject();
  for (const k of keys) o.set(k, convert(rec[k], depth + 1, false));
  return o;
}

interface ConvertFrame {
  /** the array or record being converted */
  src: unknown[] | Record<string, unknown>;
  keys: string[] | null;
  i: number;
  /** the converted array, or (records) the target record or RObject */
  out: Value[] | Record<string, Value> | RObject;
  depth: number;
  /** key or index of this container in its parent */
  at: string | number;
}

/**
 * convert() for deeply nested documents, with an explicit stack instead of recursion, so that
 * depth is bounded by MAX_DEPTH rather than by the JavaScript stack.
 */
function convertDeep(root: object, depth: number, inPlace: boolean): Value {
  const frames: ConvertFrame[] = [];
  let result: Value = null;
  const open = (x: unknown, d: number, at: string | number): Value | undefined => {
    if (typeof x !== "object" || x === null || x instanceof RObject || x instanceof RSet || x instanceof Float || x instanceof Map || x instanceof Set || x instanceof Date || x instanceof JSONNumber) {
      return convertShallow(x, d, inPlace);
    }
    if (d > MAX_DEPTH) throw new ValueDepthError(`document nested deeper than ${MAX_DEPTH} levels`);
    if (Array.isArray(x)) {
      frames.push({ src: x, keys: null, i: 0, out: inPlace ? (x as Value[]) : new Array<Value>(x.length), depth: d, at });
    } else {
      const rec = x as Record<string, unknown>;
      const keys = inPlace ? Object.keys(rec).filter((k) => hasOwn.call(rec, k)) : Object.keys(rec);
      frames.push({ src: rec, keys, i: 0, out: inPlace ? (rec as Record<string, Value>) : new RObject(), depth: d, at });
    }
    return undefined;
  };
  const assign = (f: ConvertFrame, at: string | number, v: Value): void => {
    if (f.keys === null) (f.out as Value[])[at as number] = v;
    else if (f.out instanceof RObject) f.out.set(at as string, v);
    else setOwn(f.out as Record<string, Value>, at as string, v);
  };
  const first = open(root, depth, 0);
  if (first !== undefined) return first;
  while (frames.length > 0) {
    const f = frames[frames.length - 1]!;
    const n = f.keys === null ? (f.src as unknown[]).length : f.keys.length;
    if (f.i < n) {
      const at: string | number = f.keys === null ? f.i : f.keys[f.i]!;
      f.i++;
      const child = f.keys === null ? (f.src as unknown[])[at as number] : (f.src as Record<string, unknown>)[at as string];
      const v = open(child, f.depth + 1, at);
      if (v !== undefined) assign(f, at, v);
      continue;
    }
    frames.pop();
    let done: Value;
    if (f.keys === null) done = f.out as Value[];
    else if (f.out instanceof RObject) done = f.out;
    else {
      Object.setPrototypeOf(f.out, null);
      done = new RObject(f.out as Record<string, Value>);
    }
    if (frames.length === 0) result = done;
    else assign(frames[frames.length - 1]!, f.at, done);
  }
  return result;
}

/** convert() of a value that is not a plain array or record (no deep recursion). */
function convertShallow(x: unknown, depth: number, inPlace: boolean): Value {
  return convert(x, Math.min(depth, RECURSION_DEPTH - 1), inPlace);
}

export function numberFromText(text: string): Num {
  const n = parseNumber(text);
  if (n === undefined) throw new TypeError(`invalid number: ${text}`);
  return n;
}

/**
 * Converts a Value into plain JS data: sets become arrays in canonical order, non-string
 * object keys are written as their JSON text, integers beyond 2^53 stay `bigint` and
 * non-integral numbers become JS doubles. Use `toJSONText` for exact JSON output.
 */
export function toJS(v: Value): unknown {
  return toJSAt(v, 0);
}

/** toJS of a scalar (or a Float); undefined for a composite value. */
function leafJS(v: Value): unknown {
  switch (typeof v) {
    case "string":
    case "boolean":
    case "number":
    case "bigint":
      return v;
  }
  if (v === null) return null;
  if (v instanceof Float) return v.toJS();
  if (!Array.isArray(v) && !(v instanceof RObject) && !(v instanceof RSet)) throw new TypeError("not a Rego value");
  return undefined;
}

function jsKey(k: Value): string {
  return typeof k === "string" ? k : toJSONText(k);
}

function toJSAt(v: Value, depth: number): unknown {
  const leaf = leafJS(v);
  if (leaf !== undefined || v === null) return leaf;
  if (depth >= RECURSE_LIMIT) return toJSDeep(v as object);
  if (Array.isArray(v)) return (v as readonly Value[]).map((x) => toJSAt(x, depth + 1));
  if (v instanceof RObject) {
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, val] of v.entries()) out[jsKey(k)] = toJSAt(val, depth + 1);
    return out;
  }
  return (v as RSet).values().map((x) => toJSAt(x, depth + 1));
}

interface JSFrame {
  items: readonly Value[];
  /** the object's keys (already as JS keys); null for arrays and sets */
  keys: string[] | null;
  out: unknown[] | Record<string, unknown>;
  i: number;
}

/** toJS with an explicit stack (see RECURSE_LIMIT). */
function toJSDeep(root: object): unknown {
  const open = (v: object): JSFrame => {
    if (v instanceof RObject) {
      const ks = v.keys();
      return { items: ks.map((k) => v.get(k)!), keys: ks.map(jsKey), out: Object.create(null) as Record<string, unknown>, i: 0 };
    }
    const items = Array.isArray(v) ? (v as readonly Value[]) : (v as RSet).values();
    return { items, keys: null, out: new Array<unknown>(items.length), i: 0 };
  };
  const put = (f: JSFrame, i: number, x: unknown): void => {
    if (f.keys === null) (f.out as unknown[])[i] = x;
    else (f.out as Record<string, unknown>)[f.keys[i]!] = x;
  };
  const frames: JSFrame[] = [open(root)];
  for (;;) {
    const f = frames[frames.length - 1]!;
    if (f.i < f.items.length) {
      const i = f.i++;
      const x = f.items[i]!;
      const leaf = leafJS(x);
      if (leaf !== undefined || x === null) put(f, i, leaf);
      else frames.push(open(x as object));
      continue;
    }
    frames.pop();
    if (frames.length === 0) return f.out;
    const parent = frames[frames.length - 1]!;
    put(parent, parent.i - 1, f.out);
  }
}

/** JSON text of a value, exact for every number; objects keyed in canonical order. */
export function toJSONText(v: Value, indent?: number): string {
  const out: string[] = [];
  writeJSON(v, out, indent ?? 0, 0);
  return out.join("");
}

/** Writes a scalar (or a Float); false for a composite value. */
function writeLeaf(v: Value, out: string[]): boolean {
  switch (typeof v) {
    case "string":
      out.push(JSON.stringify(v));
      return true;
    case "boolean":
      out.push(v ? "true" : "false");
      return true;
    case "number":
    case "bigint":
      out.push(String(v));
      return true;
  }
  if (v === null) {
    out.push("null");
    return true;
  }
  if (v instanceof Float) {
    out.push(numToString(v));
    return true;
  }
  return false;
}

function writeJSON(v: Value, out: string[], indent: number, level: number): void {
  if (writeLeaf(v, out)) return;
  if (level >= RECURSE_LIMIT) {
    writeJSONDeep(v as object, out, indent, level);
    return;
  }
  const nl = indent > 0 ? "\n" + " ".repeat(indent * (level + 1)) : "";
  const end = indent > 0 ? "\n" + " ".repeat(indent * level) : "";
  const sep = indent > 0 ? ": " : ":";
  if (Array.isArray(v) || v instanceof RSet) {
    const items = v instanceof RSet ? v.values() : (v as readonly Value[]);
    if (items.length === 0) {
      out.push("[]");
      return;
    }
    out.push("[");
    items.forEach((x, i) => {
      if (i > 0) out.push(",");
      out.push(nl);
      writeJSON(x, out, indent, level + 1);
    });
    out.push(end, "]");
    return;
  }
  const o = v as RObject;
  if (o.size === 0) {
    out.push("{}");
    return;
  }
  out.push("{");
  let i = 0;
  for (const [k, val] of o.entries()) {
    if (i++ > 0) out.push(",");
    out.push(nl, JSON.stringify(jsKey(k)), sep);
    writeJSON(val, out, indent, level + 1);
  }
  out.push(end, "}");
}

interface WriteFrame {
  items: readonly Value[];
  /** the object's keys as JSON strings; null for arrays and sets */
  keys: string[] | null;
  i: number;
  level: number;
}

/** writeJSON with an explicit stack (see RECURSE_LIMIT). */
function writeJSONDeep(root: object, out: string[], indent: number, level: number): void {
  const sep = indent > 0 ? ": " : ":";
  const frames: WriteFrame[] = [];
  const open = (v: object, lvl: number): void => {
    let f: WriteFrame;
    if (v instanceof RObject) {
      const ks = v.keys();
      f = { items: ks.map((k) => v.get(k)!), keys: ks.map((k) => JSON.stringify(jsKey(k))), i: 0, level: lvl };
    } else {
      f = { items: Array.isArray(v) ? (v as readonly Value[]) : (v as RSet).values(), keys: null, i: 0, level: lvl };
    }
    if (f.items.length === 0) {
      out.push(f.keys === null ? "[]" : "{}");
      return;
    }
    out.push(f.keys === null ? "[" : "{");
    frames.push(f);
  };
  open(root, level);
  while (frames.length > 0) {
    const f = frames[frames.length - 1]!;
    if (f.i < f.items.length) {
      const i = f.i++;
      if (i > 0) out.push(",");
      if (indent > 0) out.push("\n" + " ".repeat(indent * (f.level + 1)));
      if (f.keys !== null) out.push(f.keys[i]!, sep);
      const x = f.items[i]!;
      if (!writeLeaf(x, out)) open(x as object, f.level + 1);
      continue;
    }
    frames.pop();
    if (indent > 0) out.push("\n" + " ".repeat(indent * f.level));
    out.push(f.keys === null ? "]" : "}");
  }
}

export { numCanonical };
