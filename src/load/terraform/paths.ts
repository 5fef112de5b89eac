// Paths into attribute values: walking Terraform's mirror masks (`after_unknown`,
// `after_sensitive`, `sensitive_values`) into path lists, and setting values at paths without
// touching the input (copy-on-write: only the objects along the path are copied, so a large plan
// is never deep-copied). Every walk is iterative with a depth limit, so a hostile 100,000-deep
// document neither overflows the stack nor gets passed on to code that would.

import type { Path } from "../../model/types.js";
import { JSONNumber } from "../../rego/number.js";
import { InputError } from "../input-error.js";

/** Deepest nesting the readers follow inside one attribute value. */
export const MAX_VALUE_DEPTH = 10_000;

/** Thrown when a value nests deeper than MAX_VALUE_DEPTH; readers turn it into an InputError. */
export class DepthLimitError extends Error {
  constructor(readonly where: string) {
    super(`${where} nests deeper than ${MAX_VALUE_DEPTH} levels`);
    this.name = "DepthLimitError";
  }
}

/** `read()`, with a DepthLimitError turned into the InputError of `file`: every reader's entry point. */
export function withinDepth<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof DepthLimitError) throw new InputError(file, e.message);
    throw e;
  }
}

export type Rec = Record<string, unknown>;

/** A JSON object (an exact number the JSON reader kept as a JSONNumber is not one). */
export function isRecord(v: unknown): v is Rec {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof JSONNumber);
}

export function hasOwn(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

/** Own property read that never reaches the prototype (`__proto__`, `constructor` are data). */
export function own(o: unknown, k: string): unknown {
  if (typeof o !== "object" || o === null || Array.isArray(o)) return undefined;
  return hasOwn(o, k) ? (o as Rec)[k] : undefined;
}

/** Sets an own data property, also for keys like `__proto__` (never the prototype). */
export function setOwn(o: object, k: string | number, v: unknown): void {
  if (Array.isArray(o) && typeof k === "number") {
    o[k] = v;
    return;
  }
  // an assignment creates an own data property for every key but `__proto__` (the only setter
  // on Object.prototype); the readers' records have no setters of their own
  if (k !== "__proto__") {
    (o as Rec)[k] = v;
    return;
  }
  Object.defineProperty(o, String(k), { value: v, writable: true, enumerable: true, configurable: true });
}

/** A fresh null-prototype record (safe for any key). */
export function record<T = unknown>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * The paths of every `true` leaf in a mirror mask. `true` at the root yields the empty path.
 * Object keys become strings, array positions numbers.
 */
export function maskPaths(mask: unknown, where: string): Path[] {
  const out: Path[] = [];
  if (mask === true) return [[]];
  if (typeof mask !== "object" || mask === null) return out;
  // pre-order with an explicit stack: paths come out in document order
  const stack: { node: unknown; path: Path }[] = [{ node: mask, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (node === true) {
      out.push(path);
      continue;
    }
    if (path.length > MAX_VALUE_DEPTH) throw new DepthLimitError(where);
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        const v = node[i];
        if (v === true || (typeof v === "object" && v !== null)) stack.push({ node: v, path: [...path, i] });
      }
    } else if (typeof node === "object" && node !== null) {
      const keys = Object.keys(node);
      for (let i = keys.length - 1; i >= 0; i--) {
        const v = (node as Rec)[keys[i]!];
        if (v === true || (typeof v === "object" && v !== null)) stack.push({ node: v, path: [...path, keys[i]!] });
      }
    }
  }
  return out;
}

/** The value at a path, or undefined when the path does not exist. */
export function getAt(root: unknown, path: Path): unknown {
  let cur: unknown = root;
  for (const step of path) {
    if (Array.isArray(cur)) {
      if (typeof step !== "number" || step < 0 || step >= cur.length) return undefined;
      cur = cur[step];
    } else if (isRecord(cur)) {
      if (typeof step !== "string" || !hasOwn(cur, step)) return undefined;
      cur = cur[step];
    } else return undefined;
  }
  return cur;
}

/** Whether a path exists (its last key is present, even with a null value). */
export function hasPath(root: unknown, path: Path): boolean {
  if (path.length === 0) return root !== undefined;
  const parent = getAt(root, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) return typeof last === "number" && last >= 0 && last < parent.length;
  if (isRecord(parent)) return typeof last === "string" && hasOwn(parent, last);
  return false;
}

function shallowCopy(v: object): object {
  if (Array.isArray(v)) return v.slice();
  // spread copies own keys as data properties, `__proto__` included (never sets the prototype)
  return { ...(v as Rec) };
}

/**
 * Copy-on-write writer over one root value: `set` copies only the containers along the path
 * (once each), so the input is never modified and untouched branches stay shared.
 */
export class PathWriter {
  private readonly owned = new Set<object>();
  private current: unknown;
  private wrote = false;

  constructor(root: unknown) {
    this.current = root;
  }

  get value(): unknown {
    return this.current;
  }

  /** Whether anything was written. */
  get changed(): boolean {
    return this.wrote;
  }

  private ownCopy(v: object): object {
    if (this.owned.has(v)) return v;
    const c = shallowCopy(v);
    this.owned.add(c);
    return c;
  }

  /**
   * Sets `value` at `path`. Missing containers on the way are created when `create` is set
   * (objects for string keys, arrays for numeric ones); otherwise a path that does not exist is
   * left alone and false is returned. The empty path replaces the root.
   */
  set(path: Path, value: unknown, create = false): boolean {
    if (path.length === 0) {
      this.current = value;
      this.wrote = true;
      return true;
    }
    if (typeof this.current !== "object" || this.current === null) {
      if (!create) return false;
      this.current = typeof path[0] === "number" ? [] : {};
    }
    let cur = this.ownCopy(this.current as object);
    this.current = cur;
    for (let i = 0; i < path.length; i++) {
      const step = path[i]!;
      const last = i === path.length - 1;
      const isArr = Array.isArray(cur);
      if (isArr !== (typeof step === "number")) return false; // shape does not match the path
      const exists = isArr
        ? (step as number) >= 0 && (step as number) < (cur as unknown[]).length
        : hasOwn(cur, step as string);
      if (last) {
        if (!exists && !create) return false;
        if (isArr && (step as number) > (cur as unknown[]).length + 1_000) return false; // no huge sparse arrays
        setOwn(cur, step, value);
        this.wrote = true;
        return true;
      }
      let child: unknown = exists
        ? isArr
          ? (cur as unknown[])[step as number]
          : (cur as Rec)[step as string]
        : undefined;
      if (typeof child !== "object" || child === null) {
        if (!create) return false;
        if (isArr && (step as number) > (cur as unknown[]).length + 1_000) return false;
        child = typeof path[i + 1] === "number" ? [] : {};
        this.owned.add(child as object);
      } else child = this.ownCopy(child as object);
      setOwn(cur, step, child);
      cur = child as object;
    }
    return true;
  }
}

/** Human path for messages: tags.Name, ebs_block_device[0].volume_id */
export function formatPath(path: Path): string {
  let s = "";
  for (const step of path) {
    if (typeof step === "number") s += `[${step}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(step)) s += s === "" ? step : `.${step}`;
    else s += `[${JSON.stringify(step)}]`;
  }
  return s;
}
