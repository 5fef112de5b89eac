// YAML for yaml.marshal / yaml.unmarshal / yaml.is_valid, following what OPA gets from
// sigs.k8s.io/yaml over go-yaml v2:
//   - reading: YAML 1.1 scalars (yes/no/on/off/y/n are booleans, 0777 is octal), timestamps and
//     sexagesimal numbers stay strings, merge keys apply, only the first document is the value
//     but every document must be well-formed, map keys become strings ("1", "true"), and
//     infinities are refused (they have no JSON form). Loading is safe: no custom constructors,
//     alias expansion bounded, integers exact.
//   - writing: keys in go-yaml's natural order, block style, sequences not indented inside
//     maps, strings that would read back as another type double-quoted, multi-line strings as
//     literal blocks.

import { Document, Pair, Scalar, YAMLMap, YAMLSeq, parseAllDocuments } from "yaml";
import { Float, fromBigInt, fromJS, toJS as numToJS } from "../number.js";
import { type Value, RObject, RSet } from "../value.js";
import { formatFloat } from "./go-ftoa.js";
import { jsonMembers } from "./go-json.js";

export class YAMLError extends Error {}

const MAX_ALIASES = 100;

interface TagLike {
  tag: string;
  format?: string;
}

// go-yaml v2 reads timestamps and base-60 numbers as strings, and knows no !!set/!!omap/!!pairs
const READ_TAGS = (tags: TagLike[]): TagLike[] =>
  tags.filter(
    (t) =>
      t.format !== "TIME" &&
      t.tag !== "tag:yaml.org,2002:timestamp" &&
      t.tag !== "tag:yaml.org,2002:set" &&
      t.tag !== "tag:yaml.org,2002:omap" &&
      t.tag !== "tag:yaml.org,2002:pairs",
  );

const READ_OPTIONS = {
  version: "1.1",
  schema: "yaml-1.1",
  customTags: READ_TAGS,
  intAsBigInt: true,
  uniqueKeys: false,
  prettyErrors: false,
} as const;

/** The value of the first document of `text` (null when there is none). */
export function yamlToValue(text: string): Value {
  let docs;
  try {
    docs = parseAllDocuments(text, READ_OPTIONS as never);
  } catch (e) {
    throw new YAMLError(describe(e));
  }
  const list = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs)) {
    // an empty stream parses to an EmptyStream: no documents
    const errs = (docs as { errors?: { message: string }[] }).errors ?? [];
    if (errs.length > 0) throw new YAMLError(firstLine(errs[0]!.message));
  }
  for (const d of list) {
    if (d.errors.length > 0) throw new YAMLError(firstLine(d.errors[0]!.message));
  }
  if (list.length === 0) return null;
  let js: unknown;
  try {
    js = list[0]!.toJS({ maxAliasCount: MAX_ALIASES, mapAsMap: true });
  } catch (e) {
    throw new YAMLError(describe(e));
  }
  try {
    return convert(js, 0);
  } catch (e) {
    if (e instanceof YAMLError) throw e;
    throw new YAMLError(describe(e));
  }
}

function describe(e: unknown): string {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return "document nested too deeply";
  return firstLine((e as Error).message ?? String(e));
}

const firstLine = (s: string): string => s.split("\n")[0]!;

const MAX_DEPTH = 10_000;

function convert(x: unknown, depth: number): Value {
  if (depth > MAX_DEPTH) throw new YAMLError(`document nested deeper than ${MAX_DEPTH} levels`);
  switch (typeof x) {
    case "string":
    case "boolean":
      return x;
    case "bigint":
      return fromBigInt(x);
    case "number":
      if (!Number.isFinite(x)) throw new YAMLError(`json: unsupported value: ${formatFloat(x, "g", -1)}`);
      return fromJS(x);
    case "undefined":
      return null;
  }
  if (x === null) return null;
  if (Array.isArray(x)) return x.map((e) => convert(e, depth + 1));
  if (x instanceof Map) {
    const o = new RObject();
    for (const [k, v] of x) o.set(keyString(k), convert(v, depth + 1));
    return o;
  }
  if (x instanceof Set) {
    const o = new RObject();
    for (const k of x) o.set(keyString(k), null);
    return o;
  }
  if (x instanceof Uint8Array) return new TextDecoder().decode(x);
  if (x instanceof Date) return x.toISOString();
  throw new YAMLError(`unsupported YAML value`);
}

/** A map key as sigs.k8s.io/yaml writes it in JSON. */
function keyString(k: unknown): string {
  switch (typeof k) {
    case "string":
      return k;
    case "bigint":
      return k.toString();
    case "boolean":
      return k ? "true" : "false";
    case "number":
      if (Number.isNaN(k)) return ".nan";
      if (!Number.isFinite(k)) return k > 0 ? ".inf" : "-.inf";
      return Number.isInteger(k) && Math.abs(k) < 1e21 ? String(k) : formatFloat(k, "g", -1);
  }
  throw new YAMLError(`unsupported map key of type ${k === null ? "null" : Array.isArray(k) ? "sequence" : typeof k === "object" ? "mapping" : typeof k}`);
}

// ---------------------------------------------------------------------------------------------
// writing

/** go-yaml v2's map key order: runs of digits compare as numbers, letters before other runes. */
export function goYAMLKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a, (c) => c.codePointAt(0)!);
  const br = Array.from(b, (c) => c.codePointAt(0)!);
  const isLetter = (c: number) => /\p{L}/u.test(String.fromCodePoint(c));
  const isDigit = (c: number) => c >= 48 && c <= 57;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]! < br[i]!;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === 48 || br[i] === 48) {
      // a zero inside a number (not a leading zero) counts as part of it
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== 48) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10n + BigInt(ar[ai]! - 48);
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10n + BigInt(br[bi]! - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]! < br[i]!;
  }
  return ar.length < br.length;
}

// go-yaml v2's resolution of a plain scalar: strings that would read back as another type
const NON_STRINGS = new Set([
  "", "~", "null", "Null", "NULL", "<<",
  "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
  "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
  ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN",
]);
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)$/;
const GO_FLOAT = /^[-+]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|inf(?:inity)?|nan)$/i;
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?)?)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function readsAsString(s: string): boolean {
  if (NON_STRINGS.has(s)) return false;
  const c = s.charCodeAt(0);
  const numeric = (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
  if (numeric) {
    const plain = s.replaceAll("_", "");
    if (GO_INT.test(plain) || GO_FLOAT.test(plain)) return false;
    if (TIMESTAMP.test(s) || BASE60_FLOAT.test(s)) return false;
  }
  return true;
}

function stringNode(s: string): Scalar {
  const n = new Scalar(s);
  if (s.includes("\n")) n.type = Scalar.BLOCK_LITERAL;
  else if (!readsAsString(s)) n.type = Scalar.QUOTE_DOUBLE;
  return n;
}

function node(v: Value, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new YAMLError(`value nested deeper than ${MAX_DEPTH} levels`);
  if (v === null || typeof v === "boolean") return new Scalar(v);
  if (typeof v === "string") return stringNode(v);
  if (typeof v === "number") return new Scalar(v);
  if (typeof v === "bigint") return new Scalar(v);
  if (v instanceof Float) return new Scalar(numToJS(v));
  if (v instanceof RObject) {
    const m = new YAMLMap();
    const members = jsonMembers(v);
    members.sort((x, y) => (goYAMLKeyLess(x[0], y[0]) ? -1 : goYAMLKeyLess(y[0], x[0]) ? 1 : 0));
    for (const [k, val] of members) m.items.push(new Pair(stringNode(k), node(val, depth + 1)));
    if (members.length === 0) m.flow = true;
    return m;
  }
  const items = v instanceof RSet ? v.values() : (v as readonly Value[]);
  const s = new YAMLSeq();
  for (const e of items) s.items.push(node(e, depth + 1));
  if (items.length === 0) s.flow = true;
  return s;
}

/** yaml.marshal's text for a value. */
export function valueToYAML(v: Value): string {
  try {
    const doc = new Document(null, { version: "1.1" } as never);
    doc.contents = node(v, 0) as never;
    const text = doc.toString({ indentSeq: false, singleQuote: true, lineWidth: 80, nullStr: "null" });
    // go-yaml indents a top-level block scalar like any other
    if (typeof v === "string" && /^[|>]/.test(text)) {
      const [head, ...body] = text.split("\n");
      return [head, ...body.map((l) => (l === "" ? l : "  " + l))].join("\n");
    }
    return text;
  } catch (e) {
    if (e instanceof YAMLError) throw e;
    throw new YAMLError(describe(e));
  }
}
