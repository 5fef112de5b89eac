// Finding and reading the cases of a suite, in either format:
//
//   opa      OPA's compliance cases (test/cases/testdata): want_result is a list of binding
//            objects compared as a set; want_error_code / want_error; input_term; strict_error.
//            Files under a `v0/` folder are Rego v0, the rest Rego v1.
//   regorus  regorus's interpreter cases: want_result is one value or {many!: [...]}; `error`;
//            no_result; skip; strict (default true); want_prints; input may be {many!: [...]}.
//            Modules are Rego v0 except in binding/bindings.yaml (as regorus runs them).

import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { RegoVersion } from "../api.js";
import { Float } from "../number.js";
import { type Plain, YAMLLoadError, loadYAMLFile } from "./yaml.js";

export type SuiteFormat = "opa" | "regorus";

export interface Case {
  format: SuiteFormat;
  /** path of the file relative to the suite root, with `/` separators */
  file: string;
  /** folder of the file relative to the suite root ("." for the root) */
  folder: string;
  /** position of the case in its file */
  index: number;
  note: string;
  regoVersion: RegoVersion;
  /** the case's fields as read from YAML */
  fields: { [key: string]: Plain };
}

/** A file that could not be read: every case in it is reported as skipped with this reason. */
export interface UnreadableFile {
  file: string;
  folder: string;
  reason: string;
}

export interface LoadedSuite {
  root: string;
  format: SuiteFormat;
  cases: Case[];
  unreadable: UnreadableFile[];
}

/** Every .yaml/.yml file below `dir`, sorted by relative path. */
export function suiteFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".yaml") || name.endsWith(".yml")) out.push(p);
    }
  };
  if (statSync(dir).isDirectory()) walk(dir);
  else out.push(dir);
  return out.sort();
}

const OPA_KEYS = ["want_error_code", "want_error", "input_term", "strict_error", "want_defined", "env", "ignore_generated_vars"];
const REGORUS_KEYS = ["error", "no_result", "skip", "strict", "want_prints", "execution_timer", "global_execution_timer", "time_source", "traces"];

/**
 * The format of a suite: OPA's tree has v0/ and v1/ folders; otherwise the keys of its cases
 * decide (regorus-only keys, `many!` inputs or results), OPA's being the default.
 */
export function detectFormat(dir: string, cases: readonly { [key: string]: Plain }[]): SuiteFormat {
  if (existsSync(join(dir, "v1")) || existsSync(join(dir, "v0"))) return "opa";
  let opa = 0;
  let regorus = 0;
  for (const c of cases) {
    for (const k of Object.keys(c)) {
      if (OPA_KEYS.includes(k)) opa++;
      if (REGORUS_KEYS.includes(k)) regorus++;
    }
    const wr = c["want_result"];
    if (wr !== undefined && !Array.isArray(wr)) regorus++;
    const inp = c["input"];
    if (isRecord(inp) && Array.isArray(inp["many!"])) regorus++;
  }
  return regorus > opa ? "regorus" : "opa";
}

export function loadSuite(root: string, format?: SuiteFormat): LoadedSuite {
  const files = suiteFiles(root);
  const base = statSync(root).isDirectory() ? root : join(root, "..");
  const read: { file: string; folder: string; cases: { [key: string]: Plain }[] }[] = [];
  const unreadable: UnreadableFile[] = [];
  for (const path of files) {
    const file = relative(base, path).split(sep).join("/");
    const folder = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ".";
    try {
      const { data } = loadYAMLFile(path);
      const cs = isRecord(data) ? data["cases"] : undefined;
      if (!Array.isArray(cs)) {
        unreadable.push({ file, folder, reason: "file has no `cases` list" });
        continue;
      }
      read.push({ file, folder, cases: cs.filter(isRecord) });
    } catch (e) {
      if (!(e instanceof YAMLLoadError)) throw e;
      unreadable.push({ file, folder, reason: `YAML the parsers reject (${e.message})` });
    }
  }
  const fmt = format ?? detectFormat(base, read.flatMap((r) => r.cases));
  const cases: Case[] = [];
  for (const r of read) {
    r.cases.forEach((fields, index) => {
      const note = typeof fields["note"] === "string" ? fields["note"] : `${r.file}#${index}`;
      cases.push({ format: fmt, file: r.file, folder: r.folder, index, note, regoVersion: versionOf(fmt, base, r.file), fields });
    });
  }
  return { root, format: fmt, cases, unreadable };
}

function versionOf(format: SuiteFormat, base: string, file: string): RegoVersion {
  if (format === "regorus") return file.endsWith("bindings.yaml") ? "v1" : "v0";
  const full = join(base, file).split(sep).join("/");
  return /(^|\/)v0\//.test(full) ? "v0" : "v1";
}

export function isRecord(x: unknown): x is { [key: string]: Plain } {
  return typeof x === "object" && x !== null && !Array.isArray(x) && !(x instanceof Float) && !(x instanceof Map);
}
