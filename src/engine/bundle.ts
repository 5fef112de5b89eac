// Reading a pre-built OPA wasm bundle: a bare `policy.wasm`, or the `.tar.gz` that
// `opa build -t wasm -e ENTRYPOINT ...` writes (`/policy.wasm`, `/data.json`, `/.manifest`
// naming the entrypoints, and the `.rego` sources). Every problem is an InputError naming the
// file: one line, exit code 2.

import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { extract } from "tar-stream";
import { load as loadYAML, JSON_SCHEMA } from "js-yaml";
import { InputError } from "../load/input-error.js";
import { parseJSONText } from "../load/parse-document.js";
import { isRecord } from "../load/terraform/paths.js";

export interface Bundle {
  /** the file given */
  file: string;
  /** the compiled (validated) policy module */
  module: WebAssembly.Module;
  /** where the module was found: the file itself or its path inside the tarball */
  wasmName: string;
  /** base documents: data.json / data.yaml files merged under their directories */
  data: Record<string, unknown>;
  /** entrypoints from the manifest (`policy_check/tokens/deny`); null: the module's own list */
  entrypoints: string[] | null;
  /** the bundle's Rego sources, path -> text (read for METADATA only) */
  modules: Record<string, string>;
}

/** Largest bundle accepted, compressed and uncompressed. */
export const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;
const MAX_ENTRIES = 100_000;
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

export async function readBundle(file: string): Promise<Bundle> {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(file, code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory, expected a bundle .tar.gz or a policy.wasm" : `cannot read (${code ?? (e as Error).message})`);
  }
  if (buf.length > MAX_BUNDLE_BYTES) throw new InputError(file, `bundle larger than ${MAX_BUNDLE_BYTES} bytes`);
  if (isWasm(buf)) {
    return { file, module: compileModule(file, buf, file), wasmName: file, data: {}, entrypoints: null, modules: {} };
  }
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    let tar: Buffer;
    try {
      tar = gunzipSync(buf, { maxOutputLength: MAX_BUNDLE_BYTES });
    } catch (e) {
      throw new InputError(file, `not a readable gzip file (${(e as Error).message})`);
    }
    return fromTar(file, tar);
  }
  if (buf.length >= 262 && buf.subarray(257, 262).toString("latin1") === "ustar") return fromTar(file, buf);
  throw new InputError(file, "not an OPA bundle: expected a wasm module (policy.wasm) or a bundle .tar.gz from `opa build -t wasm`");
}

function isWasm(buf: Uint8Array): boolean {
  return buf.length >= 4 && WASM_MAGIC.every((b, i) => buf[i] === b);
}

function compileModule(file: string, bytes: Uint8Array, name: string): WebAssembly.Module {
  const where = name === file ? "" : `${name}: `;
  if (!isWasm(bytes)) throw new InputError(file, `${where}not a wasm module (no \\0asm header)`);
  try {
    return new WebAssembly.Module(new Uint8Array(bytes));
  } catch (e) {
    throw new InputError(file, `${where}not a valid wasm module (${(e as Error).message.replace(/^WebAssembly\.Module\(\): /, "")})`);
  }
}

/** `/policy.wasm`, `./policy.wasm` -> `policy.wasm` */
function normalize(name: string): string {
  return name.replace(/^(\.?\/)+/, "");
}

async function readEntries(file: string, tar: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const ex = extract();
  const done = (async () => {
    let count = 0;
    for await (const entry of ex) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      if (++count > MAX_ENTRIES) throw new Error(`more than ${MAX_ENTRIES} entries`);
      if (entry.header.type === "file" || entry.header.type === "contiguous-file") files.set(normalize(entry.header.name), Buffer.concat(chunks));
    }
  })();
  ex.end(tar);
  try {
    await done;
  } catch (e) {
    throw new InputError(file, `not a readable tar archive (${(e as Error).message})`);
  }
  return files;
}

interface ManifestWasm {
  entrypoint: string;
  module: string;
}

function readManifest(file: string, text: string): ManifestWasm[] | null {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, `.manifest is not valid JSON (${(e as Error).message})`);
  }
  if (typeof m !== "object" || m === null || Array.isArray(m)) throw new InputError(file, ".manifest must hold a JSON object");
  const wasm = (m as Record<string, unknown>)["wasm"];
  if (wasm === undefined || wasm === null) return null;
  if (!Array.isArray(wasm)) throw new InputError(file, `.manifest: "wasm" must be a list of {entrypoint, module}`);
  return wasm.map((w, i) => {
    const e = w as Record<string, unknown> | null;
    if (typeof e !== "object" || e === null || typeof e["entrypoint"] !== "string" || e["entrypoint"] === "" || typeof e["module"] !== "string") {
      throw new InputError(file, `.manifest: wasm[${i}] must have a string "entrypoint" and "module"`);
    }
    return { entrypoint: e["entrypoint"], module: normalize(e["module"]) };
  });
}

async function fromTar(file: string, tar: Buffer): Promise<Bundle> {
  const files = await readEntries(file, tar);
  const manifestText = files.get(".manifest");
  const wasmEntries = manifestText !== undefined ? readManifest(file, manifestText.toString("utf8")) : null;
  const moduleNames = [...new Set((wasmEntries ?? []).map((w) => w.module))];
  if (moduleNames.length > 1) throw new InputError(file, `bundle holds several wasm modules (${moduleNames.join(", ")}); build one with all entrypoints`);
  const wasmName = moduleNames[0] ?? "policy.wasm";
  const bytes = files.get(wasmName);
  if (!bytes) {
    const others = [...files.keys()].filter((n) => n.endsWith(".wasm"));
    throw new InputError(file, `no ${wasmName} in the bundle${others.length ? ` (has ${others.join(", ")})` : ""}: build it with \`opa build -t wasm -e ENTRYPOINT\``);
  }
  const module = compileModule(file, bytes, wasmName);
  const data = Object.create(null) as Record<string, unknown>;
  const modules: Record<string, string> = {};
  for (const [name, content] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const base = name.slice(name.lastIndexOf("/") + 1);
    const dir = name.includes("/") ? name.slice(0, name.lastIndexOf("/")).split("/") : [];
    if (name.endsWith(".rego")) modules[name] = content.toString("utf8");
    else if (base === "data.json") mergeData(file, name, data, dir, parseJSON(file, name, content.toString("utf8")));
    else if (base === "data.yaml" || base === "data.yml") mergeData(file, name, data, dir, parseYAML(file, name, content.toString("utf8")));
  }
  return { file, module, wasmName, data, entrypoints: wasmEntries ? wasmEntries.map((w) => w.entrypoint) : null, modules };
}

function parseJSON(file: string, name: string, text: string): unknown {
  // as the inputs are read: numbers a double cannot hold are kept exactly (JSONNumber, bigint)
  try {
    return parseJSONText(text, name);
  } catch (e) {
    throw new InputError(file, `${name} is not valid JSON (${e instanceof InputError ? e.problem : (e as Error).message})`);
  }
}

function parseYAML(file: string, name: string, text: string): unknown {
  try {
    return loadYAML(text, { schema: JSON_SCHEMA, filename: name });
  } catch (e) {
    throw new InputError(file, `${name} is not valid YAML (${(e as Error).message.split("\n")[0]})`);
  }
}

/** Places a data file's document under its directory, merging objects as OPA does. */
function mergeData(file: string, name: string, root: Record<string, unknown>, dir: string[], doc: unknown): void {
  if (doc === null || doc === undefined) return;
  if (!isRecord(doc)) throw new InputError(file, `${name} must hold an object`);
  let t = root;
  for (const seg of dir) {
    const next = Object.prototype.hasOwnProperty.call(t, seg) ? t[seg] : undefined;
    if (next === undefined) {
      const o = Object.create(null) as Record<string, unknown>;
      setKey(t, seg, o);
      t = o;
    } else if (isRecord(next)) t = next;
    else throw new InputError(file, `${name}: data conflicts at ${dir.join(".")}`);
  }
  mergeInto(file, name, t, doc, dir);
}

function mergeInto(file: string, name: string, t: Record<string, unknown>, doc: Record<string, unknown>, at: string[]): void {
  for (const [k, v] of Object.entries(doc)) {
    const prev = Object.prototype.hasOwnProperty.call(t, k) ? t[k] : undefined;
    if (prev === undefined) setKey(t, k, v);
    else if (isRecord(prev) && isRecord(v)) mergeInto(file, name, prev, v, [...at, k]);
    else throw new InputError(file, `${name}: data conflicts at ${[...at, k].join(".")}`);
  }
}

/** An own property, also for `__proto__`. */
function setKey(t: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(t, k, { value: v, enumerable: true, writable: true, configurable: true });
}
