// Converts one serialized Pulumi property map (a state's `inputs` or `outputs`) into model
// values, in one iterative pass (no recursion, depth-limited):
// - keys to Terraform's snake_case (user map keys kept), Pulumi-internal keys (`__defaults`,
//   `__meta`, ...) dropped, MaxItems=1 blocks wrapped back into lists and plural list names made
//   singular where the type's shape is known (property-shapes.ts);
// - unknown sentinels -> "(known after apply)", their paths listed (the third state);
// - secrets (signed secret objects, the preview's "[secret]", secret output values) and values
//   under secret-like names -> "(sensitive)", their paths listed; the raw paths of every value
//   that must not reach `input.raw` are collected too (the "[secret]" placeholder reveals nothing);
// - output values resolved, resource references replaced by the referenced id; assets, archives
//   and numbers kept verbatim.

import { SENSITIVE_VALUE, UNKNOWN_VALUE, type Path } from "../../model/types.js";
import { DepthLimitError, MAX_VALUE_DEPTH, hasOwn, isRecord, own, setOwn, type Rec } from "../terraform/paths.js";
import { isSecretName, secretNamePaths } from "../terraform/sensitive.js";
import { JSONNumber } from "../../rego/number.js";
import { isInternalKey, isMapValued, propertyName } from "./property-names.js";
import { shapeOf, type Spec } from "./property-shapes.js";
import { SECRET_PLACEHOLDER, SIG, isUnknownSentinel, signatureOf } from "./sentinels.js";

export interface ConvertOptions {
  /** Terraform-style type: its shape spec and its type-specific secret attributes */
  type: string;
  shapes: Spec | null;
  /** where the property map sits in the raw document (for raw redaction) */
  rawBase: Path;
  /** for error messages */
  where: string;
  /** extra top-level names whose values are secret (provider configuration: kubeconfig) */
  extraSecretNames?: ReadonlySet<string>;
}

export interface Converted {
  value: Rec;
  unknown: Path[];
  sensitive: Path[];
  /** absolute raw paths of values to redact in the raw document */
  rawSecrets: Path[];
  /** values redacted because of their names (not marked secret by Pulumi) */
  byName: number;
}

/** A path as a linked list: built per node without copying, turned into an array only when recorded. */
interface PathNode {
  up: PathNode | null;
  key: string | number;
  depth: number;
}

function step(up: PathNode | null, key: string | number): PathNode {
  return { up, key, depth: up === null ? 1 : up.depth + 1 };
}

function toPath(node: PathNode | null, base: Path = []): Path {
  const out: Path = new Array(node?.depth ?? 0);
  for (let n = node, i = (node?.depth ?? 0) - 1; n !== null; n = n.up, i--) out[i] = n.key;
  return base.length === 0 ? out : [...base, ...out];
}

interface Item {
  src: unknown;
  raw: PathNode | null;
  out: PathNode | null;
  parent: object;
  key: string | number;
  /** shape spec for the keys of this node (an object) or of its elements (a list) */
  spec: Spec | null;
  /** the keys of this object are user data (tags, labels...) */
  map: boolean;
  /** the value sits under a secret-like name */
  named: boolean;
  /** under a Pulumi-internal key: not in the model, scanned only for raw secrets */
  internal: boolean;
}

function secretLike(v: unknown): boolean {
  return (typeof v === "string" && v !== "") || Array.isArray(v) || isRecord(v);
}

/** Sets a property of a fresh object or array; `__proto__`/`constructor` only ever as own data properties. */
export function put(target: object, key: string | number, value: unknown): void {
  if (key === "__proto__" || key === "constructor") setOwn(target, key, value);
  else (target as Record<string | number, unknown>)[key] = value;
}

/** Secret properties that exist only in Pulumi's version of a type (Terraform's are in sensitive.ts). */
const PULUMI_TYPE_SECRETS: ReadonlyMap<string, readonly string[]> = new Map([
  ["kubernetes_secret", ["string_data"]],
]);

const MAX_MEMO = 50_000;
/** type -> top-level name -> whether it names a secret */
const topLevelSecrets = new Map<string, Map<string, boolean>>();

function memo(m: Map<string, boolean>, name: string, compute: () => boolean): boolean {
  let known = m.get(name);
  if (known === undefined) {
    known = compute();
    if (m.size < MAX_MEMO && name.length <= 100) m.set(name, known);
  }
  return known;
}

/** Whether a key names a secret (top level: also the type's own secret attributes). */
function secretName(type: string, name: string, topLevel: boolean, extra: ReadonlySet<string> | undefined): boolean {
  if (!topLevel) return isSecretName(name);
  if (extra?.has(name) || PULUMI_TYPE_SECRETS.get(type)?.includes(name)) return true;
  let byType = topLevelSecrets.get(type);
  if (!byType) {
    byType = new Map();
    if (topLevelSecrets.size < 5_000) topLevelSecrets.set(type, byType);
  }
  return memo(byType, name, () => secretNamePaths(type, { [name]: "x" }, type).length > 0);
}

export function convertProperties(src: unknown, opts: ConvertOptions): Converted {
  const result: Converted = { value: {}, unknown: [], sensitive: [], rawSecrets: [], byName: 0 };
  if (!isRecord(src)) return result;
  const box: Rec = {};
  const stack: Item[] = [{ src, raw: null, out: null, parent: box, key: "v", spec: opts.shapes, map: false, named: false, internal: false }];
  const unknown = (it: Item) => {
    put(it.parent, it.key, UNKNOWN_VALUE);
    if (!it.internal) result.unknown.push(toPath(it.out));
  };
  const secret = (it: Item, inRaw: boolean, byName = false) => {
    put(it.parent, it.key, SENSITIVE_VALUE);
    if (inRaw) result.rawSecrets.push(toPath(it.raw, opts.rawBase));
    if (it.internal) return;
    result.sensitive.push(toPath(it.out));
    if (byName) result.byName++;
  };
  while (stack.length > 0) {
    const it = stack.pop()!;
    if ((it.raw?.depth ?? 0) > MAX_VALUE_DEPTH) throw new DepthLimitError(opts.where);
    const v = it.src;
    if (typeof v !== "object" || v === null) {
      if (typeof v === "string") {
        if (isUnknownSentinel(v)) {
          unknown(it);
          continue;
        }
        if (v === SECRET_PLACEHOLDER) {
          secret(it, false);
          continue;
        }
        if (it.named && v !== "") {
          secret(it, true, true);
          continue;
        }
      }
      put(it.parent, it.key, v);
      continue;
    }
    const sig = Array.isArray(v) ? null : signatureOf(v);
    if (sig === SIG.secret) {
      secret(it, true);
      continue;
    }
    if (sig === SIG.outputValue) {
      const ov = v as Rec;
      if (own(ov, "secret") === true) secret(it, true);
      else if (!hasOwn(ov, "value")) unknown(it);
      else stack.push({ ...it, src: ov["value"], raw: step(it.raw, "value") });
      continue;
    }
    if (it.named && secretLike(v)) {
      secret(it, true, true);
      continue;
    }
    if (sig === SIG.resourceReference) {
      const id = own(v, "id");
      if (isUnknownSentinel(id)) unknown(it);
      else put(it.parent, it.key, typeof id === "string" && id !== "" ? id : (own(v, "urn") ?? null));
      continue;
    }
    if (sig !== null || v instanceof JSONNumber) {
      // assets, archives, exact numbers: as they are
      put(it.parent, it.key, v);
      continue;
    }
    if (Array.isArray(v)) {
      const arr: unknown[] = new Array(v.length);
      put(it.parent, it.key, arr);
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ src: v[i], raw: step(it.raw, i), out: step(it.out, i), parent: arr, key: i, spec: it.spec, map: false, named: false, internal: it.internal });
      continue;
    }
    const obj: Rec = {};
    put(it.parent, it.key, obj);
    const keys = Object.keys(v);
    const topLevel = it.out === null && !it.internal;
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      const child = (v as Rec)[k];
      if (isInternalKey(k)) {
        // not part of the model; scanned for secrets that must not reach input.raw
        if (typeof child === "object" && child !== null)
          stack.push({ src: child, raw: step(it.raw, k), out: it.out, parent: {}, key: "v", spec: null, map: true, named: false, internal: true });
        continue;
      }
      const name = it.map ? k : propertyName(k);
      const shape = it.spec && !it.map ? shapeOf(it.spec, name) : undefined;
      const outName = shape?.tf ?? name;
      const named = secretName(opts.type, outName, topLevel && !it.map, opts.extraSecretNames);
      const childSpec = shape?.items ?? null;
      const raw = step(it.raw, k);
      if (shape?.one && isRecord(child) && signatureOf(child) === null && !named) {
        // a MaxItems = 1 block: back into a one-element list
        const arr: unknown[] = [];
        put(obj, outName, arr);
        stack.push({ src: child, raw, out: step(step(it.out, outName), 0), parent: arr, key: 0, spec: childSpec, map: false, named: false, internal: it.internal });
        continue;
      }
      stack.push({ src: child, raw, out: step(it.out, outName), parent: obj, key: outName, spec: childSpec, map: isMapValued(outName), named, internal: it.internal });
    }
  }
  result.value = box["v"] as Rec;
  return result;
}
