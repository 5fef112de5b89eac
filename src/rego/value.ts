// Runtime values of the Rego evaluator.
//
//   null | boolean | Num (number | bigint | Float, see number.ts) | string
//   | readonly Value[]  (array)
//   | RObject           (object: any value as key)
//   | RSet              (set)
//
// Composite values are immutable once built and shared freely. Objects and sets iterate in
// Rego's canonical sort order, so every result is deterministic.

import { Float, type Num, fromJS, numCanonical, numCmp, numToString, isNum, parseNumber } from "./number.js";

export type Value = null | boolean | Num | string | readonly Value[] | RObject | RSet;

// ---------------------------------------------------------------------------------------------
// canonical keys: equal values have equal keys (used for hashing in sets and objects)

const keyCache = new WeakMap<object, string>();

export function canonicalKey(v: Value): string {
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return "#" + v;
    case "bigint":
      return "#" + v.toString();
    case "boolean":
      return v ? "t" : "f";
    case "object":
      break;
  }
  if (v === null) return "n";
  if (v instanceof Float) return "#" + v.canonical();
  let k = keyCache.get(v);
  if (k !== undefined) return k;
  if (Array.isArray(v)) {
    const arr = v as readonly Value[];
    const parts = new Array<string>(arr.length);
    for (let i = 0; i < arr.length; i++) parts[i] = canonicalKey(arr[i]!);
    k = "[" + parts.join(",") + "]";
  } else if (v instanceof RObject) {
    const parts: string[] = [];
    for (const [key, val] of v.entries()) parts.push(canonicalKey(key) + ":" + canonicalKey(val));
    k = "{" + parts.join(",") + "}";
  } else if (v instanceof RSet) {
    const parts: string[] = [];
    for (const e of v.values()) parts.push(canonicalKey(e));
    k = "<" + parts.join(",") + ">";
  } else {
    throw new TypeError("not a Rego value");
  }
  keyCache.set(v as object, k);
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
    case 4: {
      const x = a as readonly Value[];
      const y = b as readonly Value[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compare(x[i]!, y[i]!);
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
        let c = compare(kx[i]!, ky[i]!);
        if (c !== 0) return c;
        c = compare(x.get(kx[i]!)!, y.get(ky[i]!)!);
        if (c !== 0) return c;
      }
      return kx.length < ky.length ? -1 : kx.length === ky.length ? 0 : 1;
    }
    default: {
      const x = (a as RSet).values();
      const y = (b as RSet).values();
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compare(x[i]!, y[i]!);
        if (c !== 0) return c;
      }
      return x.length < y.length ? -1 : x.length === y.length ? 0 : 1;
    }
  }
}

export function equal(a: Value, b: Value): boolean {
  if (a === b) return true;
  const t = typeof a;
  if (t === "string" || t === "boolean" || typeof b === "string" || typeof b === "boolean") return false;
  if (t === "number" && typeof b === "number") return false;
  if (a === null || b === null) return false;
  if (isNum(a)) return isNum(b) && numCmp(a, b) === 0;
  if (Array.isArray(a)) {
    if (!Array.isArray(b)) return false;
    const x = a as readonly Value[];
    const y = b as readonly Value[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!equal(x[i]!, y[i]!)) return false;
    return true;
  }
  if (a instanceof RObject) {
    if (!(b instanceof RObject) || a.size !== b.size) return false;
    for (const [k, v] of a.entries()) {
      const w = b.get(k);
      if (w === undefined || !equal(v, w)) return false;
    }
    return true;
  }
  if (a instanceof RSet) {
    if (!(b instanceof RSet) || a.size !== b.size) return false;
    for (const e of a.values()) if (!b.has(e)) return false;
    return true;
  }
  return false;
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
  private n: number;
  private o: Map<string, [Value, Value]> | null = null;
  private sorted: Value[] | null = null;

  /** `record` (with a null prototype) is adopted, not copied: the caller must not use it afterwards. */
  constructor(record?: Record<string, Value>, size?: number) {
    this.s = record ?? (Object.create(null) as Record<string, Value>);
    this.n = record ? (size ?? -1) : 0;
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

  private strCount(): number {
    if (this.n < 0) this.n = Object.keys(this.s).length;
    return this.n;
  }

  get size(): number {
    return this.strCount() + (this.o ? this.o.size : 0);
  }

  get(k: Value): Value | undefined {
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
    if (typeof k === "string") {
      if (!hasOwn.call(this.s, k)) {
        this.sorted = null;
        if (this.n >= 0) this.n++;
      }
      if (k === "__proto__") Object.defineProperty(this.s, k, { value: v, enumerable: true, writable: true, configurable: true });
      else this.s[k] = v;
    } else {
      if (this.o === null) this.o = new Map();
      const ck = canonicalKey(k);
      if (!this.o.has(ck)) this.sorted = null;
      this.o.set(ck, [k, v]);
    }
    return this;
  }

  /** Keys in canonical order. */
  keys(): readonly Value[] {
    if (this.sorted === null) {
      const strs = Object.keys(this.s).sort(cmpStr);
      this.n = strs.length;
      if (this.o === null || this.o.size === 0) {
        this.sorted = strs;
      } else {
        const ks: Value[] = [];
        for (const [k] of this.o.values()) ks.push(k);
        for (const k of strs) ks.push(k);
        ks.sort(compare);
        this.sorted = ks;
      }
    }
    return this.sorted;
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
 * numbers, bigint stays exact, and `LosslessNumber`-like objects are parsed exactly.
 */
export function fromJSON(x: unknown, depth = 0): Value {
  return convert(x, depth, false);
}

/**
 * Like fromJSON, but adopts the objects and arrays of `x` in place instead of copying them:
 * for freshly parsed documents that nothing else holds (much cheaper on large plans).
 */
export function adoptJSON(x: unknown): Value {
  return convert(x, 0, true);
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
      if (inPlace && (typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isSafeInteger(v) && v !== 0))) continue;
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
  const lossless = x as { isLosslessNumber?: boolean; value?: unknown };
  if (lossless.isLosslessNumber === true && typeof lossless.value === "string") {
    return numberFromText(lossless.value);
  }
  const rec = x as Record<string, unknown>;
  if (inPlace) {
    for (const k in rec) {
      if (!hasOwn.call(rec, k)) continue;
      const v = rec[k];
      if (typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isSafeInteger(v) && v !== 0)) continue;
      const c = convert(v, depth + 1, true);
      if (c !== v) {
        if (k === "__proto__") Object.defineProperty(rec, k, { value: c, enumerable: true, writable: true, configurable: true });
        else rec[k] = c;
      }
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
    if (typeof x !== "object" || x === null || x instanceof RObject || x instanceof RSet || x instanceof Float || x instanceof Map || x instanceof Set || x instanceof Date || (x as { isLosslessNumber?: boolean }).isLosslessNumber === true) {
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
    else if (at === "__proto__") Object.defineProperty(f.out, at, { value: v, enumerable: true, writable: true, configurable: true });
    else (f.out as Record<string, Value>)[at as string] = v;
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
  switch (typeof v) {
    case "string":
    case "boolean":
    case "number":
      return v;
    case "bigint":
      return v;
  }
  if (v === null) return null;
  if (v instanceof Float) return v.toJS();
  if (Array.isArray(v)) return (v as readonly Value[]).map(toJS);
  if (v instanceof RObject) {
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, val] of v.entries()) out[typeof k === "string" ? k : toJSONText(k)] = toJS(val);
    return out;
  }
  if (v instanceof RSet) return v.values().map(toJS);
  throw new TypeError("not a Rego value");
}

/** JSON text of a value, exact for every number; objects keyed in canonical order. */
export function toJSONText(v: Value, indent?: number): string {
  const out: string[] = [];
  writeJSON(v, out, indent ?? 0, 0);
  return out.join("");
}

function writeJSON(v: Value, out: string[], indent: number, level: number): void {
  switch (typeof v) {
    case "string":
      out.push(JSON.stringify(v));
      return;
    case "boolean":
      out.push(v ? "true" : "false");
      return;
    case "number":
    case "bigint":
      out.push(String(v));
      return;
  }
  if (v === null) {
    out.push("null");
    return;
  }
  if (v instanceof Float) {
    out.push(numToString(v));
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
    out.push(nl, JSON.stringify(typeof k === "string" ? k : toJSONText(k)), sep);
    writeJSON(val, out, indent, level + 1);
  }
  out.push(end, "}");
}

export { numCanonical };
