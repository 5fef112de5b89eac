// A whole `cdktf.out/` directory: `manifest.json` lists the stacks
// (`stacks.<name>.synthesizedStackPath`), each read as one Source (workspace = stack name).
// Without a manifest, `stacks/*/cdk.tf.json` (cdktf ≥0.6) or `*.tf.json` at the top (older
// layouts) are read. The manifest itself is also a document a user may pass: the manifest
// reader reads the stacks next to it.

import { readdirSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { InputError } from "../input-error.js";
import { readText } from "../policy-files.js";
import type { InputReader, RawDocument, ReadContext, ReadResult } from "../types.js";
import { isRecord, own } from "../terraform/paths.js";
import { parsePlainJSON } from "../terraform/plain-json.js";
import { isCdktfSynth, readCdktfStack } from "./synth-reader.js";

export interface StacksDirOptions {
  /** source ids for the stacks; default `<ctx.sourceId>-1`, `<ctx.sourceId>-2`, ... */
  nextSourceId?: () => string;
}

const MAX_STACKS = 1_000;

/** `manifest.json` of a cdktf.out directory. */
export function isCdktfManifest(data: unknown): boolean {
  const stacks = own(data, "stacks");
  if (!isRecord(stacks)) return false;
  const names = Object.keys(stacks);
  return names.length > 0 && names.every((n) => typeof own(stacks[n], "synthesizedStackPath") === "string");
}

export const cdktfManifestReader: InputReader = {
  kind: "cdktf-synth",
  label: "CDKTF manifest (cdktf.out/manifest.json)",
  detect: (doc) => isCdktfManifest(doc.data),
  read: (doc, ctx) => readStacksFromManifest(doc.data, doc.path, ctx),
};

/** Whether a directory looks like a cdktf.out directory (for the loader's directory handling). */
export function isCdktfOutDir(dir: string): boolean {
  return exists(join(dir, "manifest.json")) || stackFilesWithoutManifest(dir).length > 0;
}

/** Reads every stack of a `cdktf.out/` directory. */
export function readCdktfOutDir(dir: string, ctx: ReadContext, opts: StacksDirOptions = {}): ReadResult {
  if (!isDirectory(dir)) throw new InputError(dir, "no such directory");
  const manifestPath = join(dir, "manifest.json");
  if (exists(manifestPath)) {
    const manifest = parsePlainJSON(readText(manifestPath), manifestPath);
    if (!isCdktfManifest(manifest))
      throw new InputError(manifestPath, 'not a CDKTF manifest: expected "stacks" with a "synthesizedStackPath" for each stack');
    return readStacksFromManifest(manifest, manifestPath, ctx, opts);
  }
  const files = stackFilesWithoutManifest(dir);
  if (files.length === 0)
    throw new InputError(dir, "no CDKTF stacks here: no manifest.json, stacks/*/cdk.tf.json or *.tf.json; run `cdktf synth` first");
  const ids = idAllocator(ctx, opts);
  // the synth's own stackName first (a copied stack keeps its name), else the file/dir name
  return merge(files.map((f) => readStackFile(f.file, undefined, ctx, ids(), f.name)));
}

function readStacksFromManifest(manifest: unknown, manifestPath: string, ctx: ReadContext, opts: StacksDirOptions = {}): ReadResult {
  const stacks = own(manifest, "stacks");
  if (!isRecord(stacks)) throw new InputError(manifestPath, 'not a CDKTF manifest: no "stacks"');
  const names = Object.keys(stacks);
  if (names.length === 0) throw new InputError(manifestPath, "the manifest lists no stacks; run `cdktf synth` first");
  if (names.length > MAX_STACKS) throw new InputError(manifestPath, `more than ${MAX_STACKS} stacks`);
  const base = dirname(resolve(manifestPath));
  const ids = idAllocator(ctx, opts);
  const parts: ReadResult[] = [];
  for (const name of names) {
    const rel = own(stacks[name], "synthesizedStackPath");
    if (typeof rel !== "string" || rel === "") throw new InputError(manifestPath, `stack ${JSON.stringify(name)} has no synthesizedStackPath`);
    const full = resolve(base, rel);
    const inside = relative(base, full);
    if (isAbsolute(rel) || inside.startsWith("..") || isAbsolute(inside))
      throw new InputError(manifestPath, `stack ${JSON.stringify(name)}: synthesizedStackPath ${JSON.stringify(rel)} points outside the cdktf.out directory`);
    const shown = join(dirname(manifestPath), rel);
    parts.push(readStackFile(shown, name, ctx, ids()));
  }
  return merge(parts);
}

function readStackFile(file: string, stackName: string | undefined, ctx: ReadContext, sourceId: string, fallbackName?: string): ReadResult {
  const data = parsePlainJSON(readText(file), file);
  const doc: RawDocument = { path: file, data, syntax: "json" };
  if (!isCdktfSynth(data)) throw new InputError(file, "not a CDKTF stack (cdk.tf.json): no resource/terraform blocks or stack metadata");
  return readCdktfStack(doc, ctx, { sourceId, stackName: stackName ?? metadataStackName(data) ?? fallbackName });
}

function metadataStackName(data: unknown): string | undefined {
  const name = own(own(own(data, "//"), "metadata"), "stackName");
  return typeof name === "string" ? name : undefined;
}

function merge(parts: ReadResult[]): ReadResult {
  return {
    sources: parts.flatMap((p) => p.sources),
    resources: parts.flatMap((p) => p.resources),
    tokens: parts.flatMap((p) => p.tokens),
    raw: parts.map((p) => p.raw),
  };
}

function idAllocator(ctx: ReadContext, opts: StacksDirOptions): () => string {
  if (opts.nextSourceId) return opts.nextSourceId;
  let n = 0;
  return () => `${ctx.sourceId}-${++n}`;
}

/** Stacks without a manifest: stacks/<name>/cdk.tf.json, else <name>.tf.json at the top. */
function stackFilesWithoutManifest(dir: string): { file: string; name: string }[] {
  const out: { file: string; name: string }[] = [];
  const stacksDir = join(dir, "stacks");
  if (isDirectory(stacksDir)) {
    for (const name of safeList(stacksDir).sort()) {
      const f = join(stacksDir, name, "cdk.tf.json");
      if (exists(f)) out.push({ file: f, name });
    }
  }
  if (out.length > 0) return out;
  for (const n of safeList(dir).sort())
    if (n.endsWith(".tf.json") && exists(join(dir, n))) out.push({ file: join(dir, n), name: n === "cdk.tf.json" ? basename(resolve(dir)) : n.slice(0, -".tf.json".length) });
  return out;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function exists(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
