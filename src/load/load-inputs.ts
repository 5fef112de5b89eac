// Loads every input the user named (files, or directories such as cdktf.out/) through the
// reader that recognizes it, and gathers sources, resources, tokens and raw documents.

import { statSync } from "node:fs";
import type { Resource, Source, Token } from "../model/types.js";
import { InputError } from "./input-error.js";
import { parseLargeJSONFile } from "./json-chunks.js";
import { parseInputText } from "./parse-document.js";
import { readText } from "./policy-files.js";
import { parseWithoutMembers, type CutCheck, type UnreadMember } from "./unread-members.js";
import { type InputReader, type RawDocument, type ReadContext, type ReadResult, UnsupportedInputError } from "./types.js";
import type { LifecycleIndex } from "./terraform/lifecycle-hcl.js";

export interface LoadedInputs {
  sources: Source[];
  resources: Resource[];
  tokens: Token[];
  raws: unknown[];
  /**
   * Documents read without their unread members (LoadOptions.unread) only stand once each of
   * these says valid; otherwise the inputs must be loaded again without cuts (see
   * unread-members.ts).
   */
  checked: Promise<CutCheck>[];
}

export interface DirectoryReader {
  /** whether the directory is this reader's (e.g. a cdktf.out folder with manifest.json) */
  detect(dir: string): boolean;
  read(dir: string, ctx: ReadContext): ReadResult;
}

export interface LoadOptions {
  readers: readonly InputReader[];
  directoryReaders: readonly DirectoryReader[];
  tfDirs: readonly string[];
  workspace: string | null;
  lifecycle: LifecycleIndex | null;
  /** whether the raw documents must be whole (policies read input.raw); default true */
  raw?: boolean;
  /** top-level members of large JSON files not to build (only when raw is false) */
  unread?: readonly UnreadMember[];
  /** files from this size on are read without the unread members (default MIN_PARTIAL_SIZE) */
  unreadMinSize?: number;
}

export function loadInputs(paths: readonly string[], opts: LoadOptions): LoadedInputs {
  const out: LoadedInputs = { sources: [], resources: [], tokens: [], raws: [], checked: [] };
  let n = 0;
  for (const path of paths) {
    const ctx: ReadContext = { sourceId: `s${++n}`, tfDirs: opts.tfDirs, workspace: opts.workspace, lifecycle: opts.lifecycle, raw: opts.raw ?? true };
    // a directory yielding several sources (CDKTF stacks) numbers them s1.1, s1.2, ...
    const result = guard(path, () => readPath(path, ctx, opts, out.checked));
    out.sources.push(...result.sources);
    out.resources.push(...result.resources);
    out.tokens.push(...result.tokens);
    out.raws.push(result.raw);
  }
  return out;
}

function readPath(path: string, ctx: ReadContext, opts: LoadOptions, checked: Promise<CutCheck>[]): ReadResult {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new InputError(path, "no such file or directory");
  }
  if (st.isDirectory()) {
    const dr = opts.directoryReaders.find((r) => r.detect(path));
    if (!dr) throw new InputError(path, "is a directory without anything policy-check reads (expected a cdktf.out/ folder with manifest.json, or name the plan file)");
    return dr.read(path, ctx);
  }
  // a large JSON file is parsed in chunks, never held whole as text (see json-chunks.ts)
  const large = parseLargeJSONFile(path);
  const partial = large === undefined && opts.raw === false && opts.unread && opts.unread.length > 0 ? parseWithoutMembers(path, opts.unread, opts.unreadMinSize) : null;
  if (partial) checked.push(partial.checked);
  const doc: RawDocument =
    large !== undefined ? { path, data: large, syntax: "json" } : partial ? { path, data: partial.data, syntax: "json" } : parseInputText(readText(path), path);
  const reader = opts.readers.find((r) => r.detect(doc));
  if (!reader) throw new InputError(path, unknownShape(doc.data, opts.readers));
  return reader.read(doc, ctx);
}

function unknownShape(data: unknown, readers: readonly InputReader[]): string {
  const keys = data && typeof data === "object" && !Array.isArray(data) ? Object.keys(data).slice(0, 6) : [];
  const what = Array.isArray(data) ? "a JSON array" : data === null ? "null" : keys.length ? `an object with keys ${keys.map((k) => JSON.stringify(k)).join(", ")}` : typeof data === "object" ? "an empty object" : `a ${typeof data}`;
  return `unknown input format (found ${what}); policy-check reads: ${readers.filter((r) => !r.refuses).map((r) => r.label).join(", ")} — looked for resource_changes/format_version (Terraform plan), values.root_module (Terraform state), steps (Pulumi preview), deployment/checkpoint (Pulumi stack), resource + terraform blocks (CDKTF), kind: policy-check/tokens (token config), jobs + on (GitHub workflow)`;
}

/** Runs a read, turning crashes on hostile input into one-line input errors. */
function guard<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof InputError) throw e;
    if (e instanceof UnsupportedInputError) throw new InputError(path, e.message.startsWith(path + ": ") ? e.message.slice(path.length + 2) : e.message);
    if (e instanceof RangeError) throw new InputError(path, `cannot be read: nested too deeply or too large (${e.message})`);
    throw new InputError(path, `cannot be read: ${(e as Error).message}`);
  }
}
