// Finding and running the `opa` binary: OPA_BIN, or `opa` on PATH. Every run has a time budget
// (the process is killed past it) and every failure is one line: opa missing, opa exiting
// with an error, output that is not the JSON `--format json` promises.

import { spawn } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { parseExactJSON } from "../rego/exact-json.js";
import { EngineError } from "./engine.js";

/** Where opa was found, and how. */
export interface OpaLocation {
  path: string;
  via: "OPA_BIN" | "PATH";
}

function executable(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * OPA_BIN when set (it must name an executable file), otherwise the first `opa` on PATH;
 * null when there is none. The message says why, for the caller to report.
 */
export function findOpa(env: NodeJS.ProcessEnv = process.env): { found: OpaLocation } | { found: null; why: string } {
  const bin = env["OPA_BIN"];
  if (bin !== undefined && bin !== "") {
    if (executable(bin)) return { found: { path: bin, via: "OPA_BIN" } };
    return { found: null, why: `OPA_BIN=${bin} is not an executable file` };
  }
  const names = process.platform === "win32" ? ["opa.exe", "opa"] : ["opa"];
  for (const dir of (env["PATH"] ?? "").split(delimiter)) {
    if (dir === "") continue;
    for (const n of names) {
      const p = join(dir, n);
      if (executable(p)) return { found: { path: p, via: "PATH" } };
    }
  }
  return { found: null, why: "OPA_BIN is not set and there is no opa on PATH" };
}

/** findOpa, or an EngineError naming what to do. */
export function requireOpa(env: NodeJS.ProcessEnv = process.env): OpaLocation {
  const r = findOpa(env);
  if (r.found) return r.found;
  throw new EngineError(`--engine opa: ${r.why} (install OPA, or set OPA_BIN to its path)`);
}

export interface OpaRun {
  args: readonly string[];
  stdin?: string;
  timeoutMs: number;
  cwd?: string;
  /** environment of the process (default: this process's) */
  env?: NodeJS.ProcessEnv;
}

export interface OpaOutput {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs opa and collects its output; kills it past the time budget. */
export function runOpa(opa: OpaLocation, run: OpaRun): Promise<OpaOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(opa.path, [...run.args], { cwd: run.cwd, env: run.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, run.timeoutMs);
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new EngineError(`cannot run ${opa.path}: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return reject(new EngineError(`opa did not finish within ${run.timeoutMs} ms and was stopped (opa ${run.args[0] ?? ""})`));
      resolve({ code, signal, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
    // opa may exit before reading its input (a usage error): that is reported by its exit code
    child.stdin.on("error", () => {});
    child.stdin.end(run.stdin ?? "");
  });
}

/** One error as `opa eval --format json` reports it. */
export interface OpaError {
  code?: string;
  message: string;
  location?: { file?: string; row?: number; col?: number };
}

export interface OpaEvalOutput {
  /** opa's result set: empty when the query is undefined */
  result: { expressions: { value: unknown; text?: string }[]; bindings?: Record<string, unknown> }[];
}

function firstLine(s: string): string {
  return s.trim().split("\n")[0]?.trim() ?? "";
}

export function describeOpaError(e: OpaError): string {
  const loc = e.location && (e.location.file || e.location.row) ? `${e.location.file ?? ""}:${e.location.row ?? 0}: ` : "";
  return `${loc}${e.code ? e.code + ": " : ""}${e.message}`;
}

/** Thrown when opa answered with errors (compile or evaluation): keeps them for comparisons. */
export class OpaReportedError extends EngineError {
  constructor(readonly errors: OpaError[]) {
    super(`opa: ${describeOpaError(errors[0]!)}${errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? "s" : ""})` : ""}`);
    this.name = "OpaReportedError";
  }
}

/**
 * Reads `opa eval --format json` output: the result set, or OpaReportedError for the errors
 * opa reported, or EngineError when it failed otherwise. Numbers are read exactly.
 */
export function parseEvalOutput(out: OpaOutput): OpaEvalOutput {
  let doc: unknown;
  const text = out.stdout.trim();
  if (text !== "") {
    try {
      doc = parseExactJSON(text, true);
    } catch {
      doc = undefined;
    }
  }
  if (typeof doc === "object" && doc !== null && !Array.isArray(doc)) {
    const d = doc as Record<string, unknown>;
    if (Array.isArray(d["errors"]) && d["errors"].length > 0) {
      throw new OpaReportedError(d["errors"].map((e) => normalizeError(e)));
    }
    if (out.code === 0) {
      const result = d["result"];
      if (result === undefined) return { result: [] };
      if (Array.isArray(result)) return { result: result as OpaEvalOutput["result"] };
      throw new EngineError(`opa eval: "result" is not a list in its JSON output`);
    }
  }
  if (out.code !== 0) {
    const why = firstLine(out.stderr) || firstLine(out.stdout) || (out.signal ? `killed by ${out.signal}` : "no output");
    throw new EngineError(`opa eval failed (exit code ${out.code ?? out.signal}): ${why}`);
  }
  throw new EngineError(`opa eval did not print the JSON of --format json: ${firstLine(out.stdout) || "no output"}`);
}

function normalizeError(e: unknown): OpaError {
  if (typeof e !== "object" || e === null) return { message: String(e) };
  const r = e as Record<string, unknown>;
  const out: OpaError = { message: typeof r["message"] === "string" ? r["message"] : JSON.stringify(e) };
  if (typeof r["code"] === "string") out.code = r["code"];
  const loc = r["location"];
  if (typeof loc === "object" && loc !== null) {
    const l = loc as Record<string, unknown>;
    out.location = {};
    if (typeof l["file"] === "string") out.location.file = l["file"];
    if (typeof l["row"] === "number" || typeof l["row"] === "object") out.location.row = Number(l["row"]);
    if (typeof l["col"] === "number" || typeof l["col"] === "object") out.location.col = Number(l["col"]);
  }
  return out;
}
