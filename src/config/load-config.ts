// Finds, reads and validates .policy-check.yml. Every problem is reported on its own line with
// its path in the file, and unknown keys get a did-you-mean suggestion.

import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { newAjv, type Ajv, type ErrorObject } from "./ajv.js";
import { parseDocument } from "yaml";
import { InputError } from "../load/input-error.js";
import { readText } from "../load/policy-files.js";
import { CONFIG_SCHEMA, type Severity } from "./schema.js";
import type { Config } from "./types.js";
import { didYouMean } from "./did-you-mean.js";
import { defaultEnvironments } from "./default-environments.js";

export const CONFIG_NAMES = [".policy-check.yml", ".policy-check.yaml"];

export function defaultConfig(): Config {
  return {
    file: null,
    failOn: "high",
    policies: { paths: [], namespaces: ["policy_check"], shipped: true, regoVersion: "v1", enable: null, disable: [], severity: {} },
    environments: defaultEnvironments(),
    exceptions: [],
    limits: { timeoutMs: 30_000, maxSteps: 50_000_000 },
  };
}

/** The config file upward from `cwd`, or null. */
export function findConfig(cwd: string): string | null {
  let dir = resolve(cwd);
  while (true) {
    for (const n of CONFIG_NAMES) {
      const p = join(dir, n);
      if (existsSync(p)) return p;
    }
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

let validator: ReturnType<Ajv["compile"]> | null = null;
function validate(doc: unknown): ErrorObject[] {
  if (!validator) {
    const ajv = newAjv({ allErrors: true, strict: true }, ["date"]);
    validator = ajv.compile(CONFIG_SCHEMA);
  }
  return validator(doc) ? [] : [...(validator.errors ?? [])];
}

export function loadConfig(file: string): Config {
  const text = readText(file);
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    // without prettyErrors the parser gives only an offset: count lines and columns from it
    const [line, col] = e.linePos?.[0] ? [e.linePos[0].line, e.linePos[0].col] : lineCol(text, e.pos[0]);
    throw new InputError(file, `not valid YAML at line ${line} column ${col}: ${e.message.split("\n")[0]}`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    throw new InputError(file, `YAML could not be read: ${(e as Error).message}`);
  }
  if (data === null || data === undefined) data = {};
  const errors = validate(data);
  // one line per problem, each with its path (the CLI prefixes every line with the file)
  if (errors.length > 0) throw new InputError(file, errors.map(describe).join("\n"));
  return toConfig(data as RawConfig, file);
}

/** 1-based line and column of a character offset. */
function lineCol(text: string, offset: number): [number, number] {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lastNl = before.lastIndexOf("\n");
  return [before.split("\n").length, before.length - lastNl];
}

interface RawConfig {
  fail_on?: Severity | "none";
  policies?: { paths?: string[]; namespaces?: string[]; shipped?: boolean; rego_version?: "v0" | "v1"; enable?: string[]; disable?: string[]; severity?: Record<string, Severity> };
  environments?: Record<string, { workspaces?: string[]; stacks?: string[]; accounts?: string[]; tags?: Record<string, string | string[]>; paths?: string[] }>;
  exceptions?: { policy: string; resource: string; reason: string; owner: string; expires?: string }[];
  limits?: { timeout_ms?: number; max_steps?: number };
}

function toConfig(raw: RawConfig, file: string): Config {
  const c = defaultConfig();
  c.file = file;
  if (raw.fail_on) c.failOn = raw.fail_on;
  const base = dirname(file);
  const p = raw.policies ?? {};
  if (p.paths) c.policies.paths = p.paths.map((x) => resolve(base, x));
  if (p.namespaces) c.policies.namespaces = p.namespaces;
  if (p.shipped !== undefined) c.policies.shipped = p.shipped;
  if (p.rego_version) c.policies.regoVersion = p.rego_version;
  if (p.enable) c.policies.enable = p.enable;
  if (p.disable) c.policies.disable = p.disable;
  if (p.severity) c.policies.severity = { ...p.severity };
  if (raw.environments !== undefined) c.environments = {};
  for (const [name, e] of Object.entries(raw.environments ?? {})) {
    const tags: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(e.tags ?? {})) tags[k] = Array.isArray(v) ? v : [v];
    c.environments[name] = { workspaces: e.workspaces ?? [], stacks: e.stacks ?? [], accounts: e.accounts ?? [], tags, paths: e.paths ?? [] };
  }
  c.exceptions = (raw.exceptions ?? []).map((x) => ({ policy: x.policy, resource: x.resource, reason: x.reason, owner: x.owner, expires: x.expires ?? null }));
  if (raw.limits?.timeout_ms) c.limits.timeoutMs = raw.limits.timeout_ms;
  if (raw.limits?.max_steps) c.limits.maxSteps = raw.limits.max_steps;
  return c;
}

/** One ajv error as "at <path>: <problem>". */
function describe(e: ErrorObject): string {
  const path = e.instancePath === "" ? "the top level" : e.instancePath.slice(1).replace(/\//g, ".");
  switch (e.keyword) {
    case "additionalProperties": {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = allowedKeys(e.schemaPath);
      const hint = didYouMean(key, allowed);
      return `unknown key '${key}' at ${path}${hint ? ` (did you mean '${hint}'?)` : allowed.length ? ` (allowed: ${allowed.join(", ")})` : ""}`;
    }
    case "required":
      return `${path}: missing required key '${(e.params as { missingProperty: string }).missingProperty}'`;
    case "enum":
      return `${path}: must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `${path}: must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    case "format":
      return `${path}: must be a ${(e.params as { format: string }).format} (YYYY-MM-DD)`;
    default:
      return `${path}: ${e.message ?? e.keyword}`;
  }
}

/** The property names allowed at the schema location of an additionalProperties error. */
function allowedKeys(schemaPath: string): string[] {
  // schemaPath like "#/properties/policies/additionalProperties"
  const parts = schemaPath.replace(/^#\//, "").split("/").slice(0, -1);
  let node: unknown = CONFIG_SCHEMA;
  for (const p of parts) node = (node as Record<string, unknown>)?.[p];
  const props = (node as { properties?: Record<string, unknown> })?.properties;
  return props ? Object.keys(props) : [];
}
