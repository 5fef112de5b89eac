// Shared by the Terraform and CDKTF reader tests: the corpus location, reading a corpus file
// into a RawDocument, serializing results, and finding values that must never appear.

import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join, resolve } from "node:path";
import { decodeText } from "../../src/load/policy-files.js";
import type { RawDocument, ReadContext } from "../../src/load/types.js";
import type { Path } from "../../src/model/types.js";

const root = resolve(fileURLToPath(new URL("../../", import.meta.url)));
export const corpus = resolve(root, "../shared/iac-corpus");

export function corpusFiles(sub: string): string[] {
  return readdirSync(join(corpus, sub))
    .sort()
    .map((f) => join(corpus, sub, f));
}

export function readDoc(file: string): RawDocument {
  return { path: file, data: JSON.parse(decodeText(readFileSync(file))), syntax: "json" };
}

export function doc(data: unknown, path = "test.json"): RawDocument {
  return { path, data, syntax: "json" };
}

export function ctx(extra: Partial<ReadContext> = {}): ReadContext {
  return { sourceId: "s1", tfDirs: [], workspace: null, ...extra };
}

export function serialize(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
}

/** Leaf paths of a mirror mask (test-side, independent of the readers' code). */
export function trueLeaves(mask: unknown, path: Path = []): Path[] {
  if (mask === true) return [path];
  if (Array.isArray(mask)) return mask.flatMap((m, i) => trueLeaves(m, [...path, i]));
  if (typeof mask === "object" && mask !== null) return Object.entries(mask).flatMap(([k, m]) => trueLeaves(m, [...path, k]));
  return [];
}

export function at(v: unknown, path: Path): unknown {
  let cur = v;
  for (const s of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return cur;
}

/** Every scalar under a value (the value itself when scalar). */
export function scalars(v: unknown): unknown[] {
  if (Array.isArray(v)) return v.flatMap(scalars);
  if (typeof v === "object" && v !== null) return Object.values(v).flatMap(scalars);
  return [v];
}

/** Whether the serialized text holds `value` as a JSON value (not as an object key). */
export function containsValue(text: string, value: string | number): boolean {
  const needle = JSON.stringify(value).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`${needle}(?!\\s*:)`).test(text);
}
