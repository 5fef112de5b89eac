// The policy engine interface: what the checker needs from whatever evaluates the policies.
//
//   own   the project's Rego engine (src/rego/), the default
//   wasm  a pre-built OPA wasm bundle (`opa build -t wasm`), run with @open-policy-agent/opa-wasm
//   opa   the `opa` binary (`opa eval --format json`), for OPA's own semantics
//
// An engine evaluates entrypoints (rule paths such as `policy_check/tokens/deny`) against one
// input and gives back plain JSON values; an evaluation that fails throws an EngineError (one
// line), never an empty result.

import type { Value } from "../rego/index.js";

export type EngineKind = "own" | "wasm" | "opa";

export const ENGINE_KINDS: readonly EngineKind[] = ["own", "wasm", "opa"];

/** One value a rule produced. */
export interface RuleOutput {
  /** plain JSON (sets are arrays; numbers from opa may be bigint or JSONNumber, kept exact) */
  value: unknown;
  /** the rule definition that produced it, when the engine can tell (the own engine) */
  origin?: { file: string; row: number };
  /** the same value as the project's engine holds it (the own engine), so that it is not converted back */
  native?: Value;
}

export interface EntrypointResult {
  /** slash-separated rule path, e.g. `policy_check/tokens/deny` */
  entrypoint: string;
  /**
   * What the rule produced: nothing when it is undefined. The own engine gives one output per
   * value of each rule definition (a `contains` rule's elements); wasm and opa give one output,
   * the rule's whole value.
   */
  outputs: RuleOutput[];
}

export interface EvaluateOptions {
  /**
   * The caller hands the input over: an engine may adopt its objects in place instead of
   * copying them (cheap on large plans); the caller must not read the input's values afterwards.
   */
  handOver?: boolean;
}

export interface PolicyEngine {
  readonly kind: EngineKind;
  /** what runs, for messages: `bundle policy.tar.gz`, `opa (/usr/local/bin/opa)` */
  readonly label: string;
  /** the entrypoints this engine offers (own/opa: the decision rules found; wasm: the bundle's) */
  entrypoints(): readonly string[];
  /**
   * Evaluates entrypoints against an input (plain JSON data: objects, arrays, strings, numbers,
   * booleans, null; exact numbers as bigint or JSONNumber are kept exact).
   */
  evaluate(input: unknown, entrypoints: readonly string[], opts?: EvaluateOptions): Promise<EntrypointResult[]>;
  /**
   * Evaluates entrypoints once on a small input and discards everything it gives (values,
   * prints, errors), so that the real evaluation runs on code the JavaScript engine has already
   * seen run (engines evaluated in this process only). The input is handed over.
   */
  warmUp?(input: unknown, entrypoints: readonly string[]): Promise<void>;
  /** Releases what the engine holds (a worker thread); safe to call twice. */
  close(): Promise<void>;
}

/**
 * The policies could not be evaluated: no engine (opa missing), nothing to evaluate (no decision
 * rules), an evaluation error, a time budget exceeded. The message is one line, shown as is.
 */
export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EngineError";
  }
}

/** `policy_check/tokens/deny` -> ["policy_check", "tokens", "deny"] */
export function entrypointPath(entrypoint: string): string[] {
  return entrypoint.split("/").filter((s) => s !== "");
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A Rego reference to an entrypoint: `data.policy_check.tokens.deny`, `data["a-b"].deny`. */
export function entrypointRef(entrypoint: string): string {
  return "data" + entrypointPath(entrypoint).map((s) => (IDENT.test(s) ? "." + s : `[${JSON.stringify(s)}]`)).join("");
}
