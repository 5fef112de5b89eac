// Reading the suites' YAML files with exact numbers.
//
// Test expectations hold integers beyond 2^53 (nanosecond timestamps) and decimals whose exact
// text matters, so numbers are rebuilt from their source text with the engine's own number
// parser instead of going through a JS double. The `yaml` package (YAML 1.2 core schema, big
// integers kept as bigint) reads every file; a file it rejects is retried with js-yaml (whose
// number types are replaced by ones that keep the source text), because the two packages reject
// different indentation quirks of hand-written files.

import { readFileSync } from "node:fs";
import jsyaml from "js-yaml";
import { type Document, type Node, isAlias, isMap, isScalar, isSeq, parseDocument } from "yaml";
import { Float, type Num, fromJS, parseNumber } from "../number.js";

/**
 * Plain data read from YAML: records (null prototype), arrays, strings, booleans, null and exact
 * numbers. A mapping with a key that is not a string (`1: x`, `null: y`) is a Map keeping the
 * key's type: regorus reads such keys as numbers, null, booleans; OPA's runner (YAML to JSON)
 * as strings, see plainKeyText.
 */
export type Plain = null | boolean | string | Num | Plain[] | { [key: string]: Plain } | Map<Plain, Plain>;

export interface LoadedYAML {
  data: Plain;
  /** which parser read the file */
  parser: "yaml" | "js-yaml";
}

export class YAMLLoadError extends Error {}

/** Reads a YAML file; throws YAMLLoadError naming both parsers' messages when neither can read it. */
export function loadYAMLFile(path: string): LoadedYAML {
  return loadYAMLText(readFileSync(path, "utf8"));
}

export function loadYAMLText(text: string): LoadedYAML {
  const doc = parseDocument(text, { intAsBigInt: true, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length === 0) return { data: fromNode(doc.contents, doc), parser: "yaml" };
  const first = doc.errors[0]!.message.split("\n")[0]!;
  try {
    return { data: fromJsYaml(jsyaml.load(text, { schema: EXACT_SCHEMA })), parser: "js-yaml" };
  } catch (e) {
    const second = (e as Error).message.split("\n")[0]!;
    throw new YAMLLoadError(`yaml: ${first}; js-yaml: ${second}`);
  }
}

// ---------------------------------------------------------------------------------------------
// the `yaml` package's node tree

function fromNode(node: unknown, doc: Document): Plain {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return fromNode(node.resolve(doc), doc);
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === "number" || typeof v === "bigint") return exactNumber(node.source, v);
    if (v === null || typeof v === "string" || typeof v === "boolean") return v;
    return String(v);
  }
  if (isSeq(node)) return node.items.map((x) => fromNode(x, doc));
  if (isMap(node)) {
    const entries = node.items.map((pair) => [fromNode(pair.key as Node | null, doc), fromNode(pair.value as Node | null, doc)] as [Plain, Plain]);
    if (entries.some(([k]) => typeof k !== "string")) return new Map(entries);
    const out: { [key: string]: Plain } = Object.create(null);
    for (const [k, v] of entries) define(out, k as string, v);
    return out;
  }
  throw new YAMLLoadError(`unsupported YAML node ${String(node)}`);
}

function exactNumber(source: string | undefined, value: number | bigint): Num {
  if (source !== undefined) {
    const n = parseNumber(source.startsWith("+") ? source.slice(1) : source);
    if (n !== undefined) return n;
  }
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) && BigInt(Number(value)) === value ? Number(value) : value;
  return fromJS(value);
}

/** A mapping key as a string, as JSON (and OPA's YAML-to-JSON conversion) has it. */
export function plainKeyText(k: Plain): string {
  if (typeof k === "string") return k;
  if (k === null) return "null";
  if (typeof k === "boolean" || typeof k === "number" || typeof k === "bigint") return String(k);
  if (k instanceof Float) return k.toString();
  return JSON.stringify(k);
}

function define(rec: { [key: string]: Plain }, key: string, value: Plain): void {
  if (key === "__proto__") Object.defineProperty(rec, key, { value, enumerable: true, writable: true, configurable: true });
  else rec[key] = value;
}

// ---------------------------------------------------------------------------------------------
// js-yaml fallback: its int and float types replaced by ones that keep the scalar's text

class NumberText {
  constructor(
    readonly text: string,
    readonly fallback: () => unknown,
  ) {}
}

interface JsYamlTypeLike {
  resolve: (data: string) => boolean;
  construct: (data: string) => unknown;
}

const jsTypes = (jsyaml as unknown as { types: Record<string, JsYamlTypeLike> }).types;

const EXACT_SCHEMA = jsyaml.CORE_SCHEMA.extend({
  implicit: [
    new jsyaml.Type("tag:yaml.org,2002:int", {
      kind: "scalar",
      resolve: (data: string) => jsTypes["int"]!.resolve(data),
      construct: (data: string) => new NumberText(data, () => jsTypes["int"]!.construct(data)),
    }),
    new jsyaml.Type("tag:yaml.org,2002:float", {
      kind: "scalar",
      resolve: (data: string) => jsTypes["float"]!.resolve(data),
      construct: (data: string) => new NumberText(data, () => jsTypes["float"]!.construct(data)),
    }),
  ],
});

function fromJsYaml(x: unknown): Plain {
  if (x === null || x === undefined) return null;
  if (x instanceof NumberText) {
    const text = x.text.replace(/_/g, "");
    const n = parseNumber(text.startsWith("+") ? text.slice(1) : text);
    if (n !== undefined) return n;
    const v = x.fallback();
    return typeof v === "number" ? fromJS(v) : String(v);
  }
  if (typeof x === "string" || typeof x === "boolean") return x;
  if (typeof x === "number") return fromJS(x);
  if (Array.isArray(x)) return x.map(fromJsYaml);
  if (typeof x === "object") {
    const out: { [key: string]: Plain } = Object.create(null);
    for (const [k, v] of Object.entries(x as Record<string, unknown>)) define(out, k, fromJsYaml(v));
    return out;
  }
  return String(x);
}
