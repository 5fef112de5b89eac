// Types of the engine's public API (implemented in policyset.ts, re-exported by index.ts).

import type { Location } from "./errors.js";
import type { Value } from "./value.js";

export type RegoVersion = "v0" | "v1";

export interface CompileOptions {
  /** Syntax of the modules: "v1" (default, OPA 1.x) or "v0" (`p { ... }`, `deny[msg] { ... }`). */
  regoVersion?: RegoVersion;
  /** Per-file syntax override, e.g. for mixing user v0 policies with shipped v1 ones. */
  regoVersionOf?: (file: string) => RegoVersion | undefined;
  /** OPA's strict mode: unused imports, unused local assignments, deprecated builtins are errors. */
  strict?: boolean;
}

export interface Limits {
  /** Maximum evaluation steps (expressions and iterations); default 50,000,000. */
  maxSteps?: number;
  /** Wall-clock budget in milliseconds; default 30,000. */
  timeoutMs?: number;
  /** Maximum nesting of rule and function calls; default 2,000. */
  maxDepth?: number;
}

export interface EvalOptions {
  /** The input document: plain JS data (JSON.parse output) or an engine Value. */
  input?: unknown;
  /** Base documents under `data`: plain JS data or an engine Value (an object). */
  data?: unknown;
  /** Builtin errors are errors (OPA's strict-builtin-errors); otherwise they make the expression undefined. */
  strictBuiltinErrors?: boolean;
  limits?: Limits;
  /**
   * Receives each line printed by print(), with the location of the print() call; by default
   * lines go nowhere.
   */
  print?: (line: string, location?: Location) => void;
  /** Environment variables visible through opa.runtime(). */
  env?: Record<string, string>;
  /** Fixed time for time.now_ns(), in nanoseconds since the epoch (default: now). */
  nowNs?: bigint;
}

export interface ExpressionResult {
  value: Value;
  text: string;
  location: { row: number; col: number };
}

export interface Result {
  expressions: ExpressionResult[];
  /** Bindings of the query's variables (generated variables excluded). */
  bindings: Record<string, Value>;
}

/** OPA's result-set shape: one entry per solution of the query; empty when undefined. */
export type ResultSet = Result[];

export interface Annotations {
  scope: "package" | "rule" | "document" | "subpackages";
  title?: string;
  description?: string;
  custom?: Record<string, unknown>;
  /** every key of the METADATA block, as parsed YAML */
  raw: Record<string, unknown>;
  location: Location;
  /** the annotated rule's path (for rule/document scope) or package path */
  path: string;
}

export interface TestResult {
  /** e.g. data.policy_check.backups_test.test_copy_required */
  name: string;
  file: string;
  location: Location;
  outcome: "pass" | "fail" | "error";
  error?: string;
  durationMs: number;
}
