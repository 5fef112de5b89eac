// `lifecycle { prevent_destroy }` from Terraform sources (--tf-dir): plan and state JSON do not
// carry lifecycle blocks, so the pipeline runs `loadLifecycle(ctx.tfDirs)` once before reading
// and hands the index to the readers through `LifecycleContext.lifecycle`.
//
// Each directory is a root module. `*.tf` files are parsed with @cdktf/hcl2json, `*.tf.json`
// files as Terraform JSON; override files (`override.tf`, `*_override.tf`) apply last. Module
// calls with local sources (`./modules/db`) are followed recursively; other sources through
// `.terraform/modules/modules.json` when `terraform init` wrote it. Entries are keyed by
// configuration address (`module.db.aws_db_instance.main`), so every count/for_each instance
// of a resource and of its modules inherits its block's setting.

import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { InputError } from "../input-error.js";
import { readText } from "../policy-files.js";
import { configAddress } from "./addresses.js";
import { parsePlainJSON } from "./plain-json.js";
import { isRecord, own } from "./paths.js";

export interface LifecycleEntry {
  /** true/false from the block (absent = false); null when it is not a literal */
  prevent_destroy: boolean | null;
  /** the file that declares the resource */
  file: string;
}

export interface LifecycleIndex {
  /** the root directories read */
  dirs: readonly string[];
  /** configuration address -> lifecycle of that resource block */
  resources: ReadonlyMap<string, LifecycleEntry>;
  /** what could not be read (remote modules, conflicts), for Source notes */
  notes: readonly string[];
}

/** What the Terraform readers accept on top of ReadContext. */
export interface LifecycleContext {
  /** the result of `loadLifecycle(ctx.tfDirs)`; absent/null when no --tf-dir was given */
  lifecycle?: LifecycleIndex | null;
}

const MAX_MODULE_DEPTH = 32;
const MAX_FILES = 5_000;

interface ModuleJob {
  dir: string;
  /** configuration path: "" or `module.a.module.b` */
  path: string;
  /** modules.json key: "" or `a.b` */
  key: string;
  depth: number;
}

/**
 * Reads the lifecycle blocks of every resource under the given root directories. Returns null
 * when `dirs` is empty. Errors are InputErrors naming the directory or file.
 */
export async function loadLifecycle(dirs: readonly string[]): Promise<LifecycleIndex | null> {
  if (dirs.length === 0) return null;
  const merged = new Map<string, LifecycleEntry>();
  const notes: string[] = [];
  for (const root of dirs) {
    const one = await loadRoot(root, notes);
    for (const [addr, entry] of one) {
      const prev = merged.get(addr);
      if (prev && prev.prevent_destroy !== entry.prevent_destroy) {
        notes.push(`${addr}: prevent_destroy differs between ${prev.file} and ${entry.file}; treated as unknown`);
        merged.set(addr, { prevent_destroy: null, file: prev.file });
      } else if (!prev) merged.set(addr, entry);
    }
  }
  return { dirs: [...dirs], resources: merged, notes };
}

/** The lifecycle entry for a resource, by its module address (instance keys allowed) and name. */
export function lifecycleFor(
  index: LifecycleIndex | null | undefined,
  moduleAddress: string | null | undefined,
  mode: string,
  type: string,
  name: string,
): LifecycleEntry | undefined {
  if (!index || mode !== "managed") return undefined;
  return index.resources.get(configAddress(moduleAddress, mode, type, name));
}

async function loadRoot(root: string, notes: string[]): Promise<Map<string, LifecycleEntry>> {
  let st;
  try {
    st = statSync(root);
  } catch {
    throw new InputError(root, "no such directory (--tf-dir)");
  }
  if (!st.isDirectory()) throw new InputError(root, "not a directory (--tf-dir expects the Terraform source directory)");
  const installed = readModulesJson(root);
  const out = new Map<string, LifecycleEntry>();
  const queue: ModuleJob[] = [{ dir: root, path: "", key: "", depth: 0 }];
  let files = 0;
  let first = true;
  while (queue.length > 0) {
    const job = queue.shift()!;
    const sources = listSources(job.dir);
    if (first && sources.length === 0) throw new InputError(root, "no Terraform files (*.tf, *.tf.json) in this directory");
    first = false;
    files += sources.length;
    if (files > MAX_FILES) throw new InputError(root, `more than ${MAX_FILES} Terraform files under this directory`);
    for (const file of sources) {
      const doc = await parseSource(file);
      for (const { labels: [type, name], body } of blocks(own(doc, "resource"), 2)) {
        const addr = job.path === "" ? `${type}.${name}` : `${job.path}.${type}.${name}`;
        const pd = preventDestroy(body);
        const prev = out.get(addr);
        // override files only change what they set; a normal file declares the resource
        if (prev && isOverride(file) && pd === undefined) continue;
        out.set(addr, { prevent_destroy: pd === undefined ? (prev?.prevent_destroy ?? false) : pd, file });
      }
      for (const { labels: [name], body } of blocks(own(doc, "module"), 1)) {
        const childPath = job.path === "" ? `module.${name}` : `${job.path}.module.${name}`;
        const childKey = job.key === "" ? name : `${job.key}.${name}`;
        if (job.depth + 1 > MAX_MODULE_DEPTH) {
          notes.push(`${childPath}: modules nest deeper than ${MAX_MODULE_DEPTH} levels; not followed`);
          continue;
        }
        const source = own(body, "source");
        let dir: string | null = null;
        if (typeof source === "string" && (source.startsWith("./") || source.startsWith("../"))) dir = resolve(job.dir, source);
        else if (installed.has(childKey)) dir = resolve(root, installed.get(childKey)!);
        if (dir === null || !isDir(dir)) {
          notes.push(
            `${childPath}: module source ${typeof source === "string" ? JSON.stringify(source) : "(not a string)"} not read` +
              (dir === null ? " (not a local path; run terraform init so .terraform/modules/modules.json lists it)" : " (directory missing)"),
          );
          continue;
        }
        queue.push({ dir, path: childPath, key: childKey, depth: job.depth + 1 });
      }
    }
  }
  return out;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isOverride(file: string): boolean {
  return /(?:^|[/\\_])override\.tf(?:\.json)?$/.test(file);
}

/** `*.tf` and `*.tf.json` in one directory (not recursive), override files last. */
function listSources(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new InputError(dir, `cannot read directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const files = names
    .filter((n) => n.endsWith(".tf") || n.endsWith(".tf.json"))
    .map((n) => join(dir, n))
    .filter((p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    })
    .sort();
  return [...files.filter((f) => !isOverride(f)), ...files.filter(isOverride)];
}

// @cdktf/hcl2json starts a Go WebAssembly runtime when imported (~0.4 s, ~70 MB): load it only
// when --tf-dir is used
let hcl: Promise<typeof import("@cdktf/hcl2json")> | null = null;

async function parseSource(file: string): Promise<unknown> {
  const text = readText(file);
  if (file.endsWith(".json")) return parsePlainJSON(text, file);
  hcl ??= import("@cdktf/hcl2json");
  const { parse } = await hcl;
  try {
    return await parse(file, text);
  } catch (e) {
    const msg = (e as Error).message.replace(/\s+/g, " ").trim();
    throw new InputError(file, `not valid HCL: ${msg}`);
  }
}

/**
 * The labelled blocks of one block type, for both syntaxes: hcl2json gives
 * `{type: {name: [body]}}`, Terraform JSON `{type: {name: body}}` or arrays at any label level.
 */
function blocks(node: unknown, labels: number): { labels: string[]; body: unknown }[] {
  const out: { labels: string[]; body: unknown }[] = [];
  const walk = (v: unknown, got: string[], depth: number): void => {
    if (depth > 2 * labels + 2) return; // arrays nested in arrays: not a block
    if (Array.isArray(v)) {
      for (const item of v) walk(item, got, depth + 1);
      return;
    }
    if (!isRecord(v)) return;
    if (got.length === labels) {
      out.push({ labels: got, body: v });
      return;
    }
    for (const k of Object.keys(v)) walk(v[k], [...got, k], depth + 1);
  };
  walk(node, [], 0);
  return out;
}

/** prevent_destroy of a resource body: true/false, null for an expression, undefined when not set. */
function preventDestroy(body: unknown): boolean | null | undefined {
  let lc = own(body, "lifecycle");
  const list = Array.isArray(lc) ? lc : lc === undefined ? [] : [lc];
  let result: boolean | null | undefined = undefined;
  for (lc of list) {
    if (!isRecord(lc) || !Object.prototype.hasOwnProperty.call(lc, "prevent_destroy")) continue;
    const v = lc["prevent_destroy"];
    result = typeof v === "boolean" ? v : v === "true" || v === "${true}" ? true : v === "false" || v === "${false}" ? false : null;
  }
  return result;
}

/** `.terraform/modules/modules.json`: module key -> installed directory (relative to the root). */
function readModulesJson(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const file = join(root, ".terraform", "modules", "modules.json");
  let text: string;
  try {
    if (!statSync(file).isFile()) return out;
    text = readText(file);
  } catch {
    return out;
  }
  const doc = parsePlainJSON(text, file);
  const mods = own(doc, "Modules");
  if (!Array.isArray(mods)) return out;
  for (const m of mods) {
    const key = own(m, "Key");
    const dir = own(m, "Dir");
    if (typeof key === "string" && key !== "" && typeof dir === "string") out.set(key, dir);
  }
  return out;
}
