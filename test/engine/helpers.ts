// Shared by the engine tests: assembling the OPA-ABI test module (test/fixtures/wasm/opa-abi.wat)
// with wabt, writing bundles (.wasm, .tar.gz with a manifest) and temp directories.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";
import wabt from "wabt";

export const WAT = new URL("../fixtures/wasm/opa-abi.wat", import.meta.url);

/** Behaviours of the test module, by entrypoint id (see the .wat's header). */
export const B = { input: 0, data: 1, undefined: 2, abort: 3, builtin1: 4, builtin2: 5, builtin2r: 6, loop: 7, println: 8, builtin0: 9 } as const;

export interface ModuleSpec {
  minor?: 1 | 2;
  builtins?: Record<string, number>;
  entrypoints: Record<string, number>;
  /** the constant argument of behaviours 5 and 6, as Rego/JSON text */
  constant?: string;
}

/** Text as the contents of a wat string literal: quotes, backslashes and non-ASCII escaped. */
function watString(s: string): string {
  let out = "";
  for (const b of Buffer.from(s, "utf8")) {
    if (b === 0x22 || b === 0x5c || b < 0x20 || b > 0x7e) out += "\\" + b.toString(16).padStart(2, "0");
    else out += String.fromCharCode(b);
  }
  return out;
}

let wabtModule: Awaited<ReturnType<typeof wabt>> | undefined;

export async function assemble(spec: ModuleSpec): Promise<Uint8Array> {
  const source = readFileSync(WAT, "utf8")
    .replaceAll("{{MINOR}}", String(spec.minor ?? 2))
    .replaceAll("{{BUILTINS}}", watString(JSON.stringify(spec.builtins ?? {})))
    .replaceAll("{{ENTRYPOINTS}}", watString(JSON.stringify(spec.entrypoints)))
    .replaceAll("{{CONST}}", watString(spec.constant ?? "null"));
  return assembleText(source, "opa-abi.wat");
}

/** Any WebAssembly text, assembled and validated. */
export async function assembleText(source: string, name = "test.wat"): Promise<Uint8Array> {
  wabtModule ??= await wabt();
  const mod = wabtModule.parseWat(name, source);
  try {
    mod.resolveNames();
    mod.validate();
    return mod.toBinary({}).buffer;
  } finally {
    mod.destroy();
  }
}

const dirs: string[] = [];

export function tempDir(prefix = "pc-engine-"): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

export function cleanup(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A .tar.gz with the given files (names as opa build writes them: "/policy.wasm", "/.manifest"). */
export async function tarGz(files: Record<string, string | Uint8Array>): Promise<Buffer> {
  const p = pack();
  for (const [name, content] of Object.entries(files)) p.entry({ name, mode: 0o644 }, Buffer.from(content));
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

export interface BundleSpec {
  wasm: Uint8Array;
  entrypoints?: string[];
  data?: unknown;
  /** other files, e.g. "/policy/x.rego" */
  files?: Record<string, string>;
  /** the .manifest text, instead of one built from `entrypoints` */
  manifest?: string;
}

/** Writes a bundle like `opa build -t wasm -e ...` makes it; returns its path. */
export async function writeBundle(dir: string, spec: BundleSpec, name = "bundle.tar.gz"): Promise<string> {
  const files: Record<string, string | Uint8Array> = { "/policy.wasm": spec.wasm };
  if (spec.data !== undefined) files["/data.json"] = JSON.stringify(spec.data);
  const manifest = spec.manifest ?? (spec.entrypoints ? JSON.stringify({ revision: "", roots: [""], wasm: spec.entrypoints.map((e) => ({ entrypoint: e, module: "/policy.wasm" })), rego_version: 1 }) : undefined);
  if (manifest !== undefined) files["/.manifest"] = manifest;
  Object.assign(files, spec.files ?? {});
  const path = join(dir, name);
  writeFileSync(path, await tarGz(files));
  return path;
}

const cliEntry = new URL("./cli-entry.ts", import.meta.url).pathname;
const tsxLoader = import.meta.resolve("tsx");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the policy-check CLI in a separate Node process (sources through tsx). */
export function runCli(args: readonly string[], env: Record<string, string | undefined> = {}, cwd?: string): Promise<CliRun> {
  return runScript(cliEntry, args, { NO_COLOR: "1", TF_WORKSPACE: undefined, ...env }, cwd);
}

/** Runs a TypeScript entry point in a separate Node process through tsx, in the repository root by default. */
export function runScript(entry: string, args: readonly string[], env: Record<string, string | undefined> = {}, cwd?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", tsxLoader, entry, ...args], {
      cwd: cwd ?? new URL("../../", import.meta.url).pathname,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
