// Loads Rego modules and base documents from files and directories, as `opa eval -d` does:
// *.rego files are modules; *.json / *.yaml / *.yml files are data placed under the path of
// their directory relative to the root given (data.json at the root merges into data).

import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { load as loadYAML, JSON_SCHEMA } from "js-yaml";
import { InputError } from "./input-error.js";

export interface PolicyFiles {
  /** file path -> Rego source */
  modules: Record<string, string>;
  /** merged base documents */
  data: Record<string, unknown>;
  /** every file read */
  files: string[];
}

const MAX_FILES = 10_000;

export function loadPolicyFiles(paths: readonly string[], opts: { includeTests?: boolean } = {}): PolicyFiles {
  const out: PolicyFiles = { modules: {}, data: Object.create(null) as Record<string, unknown>, files: [] };
  for (const root of paths) {
    let st;
    try {
      st = statSync(root);
    } catch {
      throw new InputError(root, "no such file or directory");
    }
    if (st.isDirectory()) {
      for (const f of walk(root, [])) addFile(out, f, root, opts);
    } else addFile(out, root, dirname(root), opts, true);
  }
  return out;
}

function walk(dir: string, acc: string[]): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".") || name === "node_modules") continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, acc);
    else if (/\.(rego|json|ya?ml)$/.test(name)) acc.push(p);
    if (acc.length > MAX_FILES) throw new InputError(dir, `more than ${MAX_FILES} policy and data files`);
  }
  return acc;
}

function addFile(out: PolicyFiles, file: string, root: string, opts: { includeTests?: boolean }, explicit = false): void {
  const text = readText(file);
  out.files.push(file);
  if (file.endsWith(".rego")) {
    if (opts.includeTests === false && file.endsWith("_test.rego")) return;
    out.modules[file] = text;
    return;
  }
  if (!explicit && !/\.(json|ya?ml)$/.test(file)) return;
  let doc: unknown;
  try {
    doc = file.endsWith(".json") ? JSON.parse(text) : loadYAML(text, { schema: JSON_SCHEMA, filename: file });
  } catch (e) {
    throw new InputError(file, `not valid ${file.endsWith(".json") ? "JSON" : "YAML"}: ${(e as Error).message.split("\n")[0]}`);
  }
  if (doc === undefined || doc === null) return;
  const relDir = relative(root, dirname(file));
  const prefix = relDir === "" ? [] : relDir.split(sep);
  if (prefix.length === 0 && (typeof doc !== "object" || Array.isArray(doc))) {
    throw new InputError(file, `data file at the root must hold an object, got ${Array.isArray(doc) ? "an array" : typeof doc}`);
  }
  mergeAt(out.data, prefix, doc, file);
  void basename;
}

function mergeAt(target: Record<string, unknown>, path: string[], doc: unknown, file: string): void {
  let t = target;
  for (const p of path) {
    const next = Object.prototype.hasOwnProperty.call(t, p) ? t[p] : undefined;
    if (next === undefined) {
      const o = Object.create(null) as Record<string, unknown>;
      t[p] = o;
      t = o;
    } else if (typeof next === "object" && next !== null && !Array.isArray(next)) t = next as Record<string, unknown>;
    else throw new InputError(file, `data conflicts at ${path.join(".")}`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new InputError(file, "data file must hold an object");
  }
  for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
    const prev = Object.prototype.hasOwnProperty.call(t, k) ? t[k] : undefined;
    if (prev !== undefined && typeof prev === "object" && typeof v === "object" && prev && v && !Array.isArray(prev) && !Array.isArray(v)) {
      mergeAt(t, [k], v, file);
    } else if (prev !== undefined) {
      throw new InputError(file, `data conflicts at ${[...path, k].join(".")}`);
    } else t[k] = v;
  }
}

export function readText(file: string): string {
  try {
    // read as bytes, then decoded: twice as fast as decoding while reading (readFileSync with an
    // encoding). The bytes are dropped once decoded; JSON inputs large enough for them to matter
    // are parsed in chunks (json-chunks.ts) and come here only when that fails, to be refused.
    return decodeText(readFileSync(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(file, code === "ENOENT" ? "no such file or directory" : code === "EISDIR" ? "is a directory" : `cannot read (${code ?? (e as Error).message})`);
  }
}

/** Decodes UTF-8 (with or without BOM) and UTF-16 with a BOM (as PowerShell writes files). */
export function decodeText(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2, buf.length - (buf.length % 2)).toString("utf16le");
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2, buf.length - (buf.length % 2)));
    swapped.swap16();
    return swapped.toString("utf16le");
  }
  const s = buf.toString("utf8");
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
