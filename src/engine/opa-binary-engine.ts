// The opa backend: OPA itself evaluates the policies, one `opa eval` per evaluate() call.
//
//   opa eval --format json --stdin-input [--v0-compatible] --data DIR... \
//     'e0 := [x | x := data.policy_check.tokens.deny]; e1 := [...]'
//
// Each entrypoint is collected in a comprehension, so that an undefined rule gives [] instead of
// making the whole query undefined; the input is the JSON on stdin.

import { fromJSON, toJSONText } from "../rego/index.js";
import { EngineError, type EntrypointResult, type PolicyEngine, entrypointRef } from "./engine.js";
import { type OpaLocation, parseEvalOutput, runOpa } from "./opa-binary.js";

export interface OpaBinaryEngineOptions {
  opa: OpaLocation;
  /** policy and data files or directories, each given to opa with --data */
  paths: readonly string[];
  /** the decision rules to offer as entrypoints (found by the caller in the same policies) */
  entrypoints: readonly string[];
  regoVersion: "v0" | "v1";
  timeoutMs: number;
}

export class OpaBinaryEngine implements PolicyEngine {
  readonly kind = "opa" as const;
  readonly label: string;

  constructor(private readonly opts: OpaBinaryEngineOptions) {
    this.label = `opa (${opts.opa.path})`;
  }

  entrypoints(): readonly string[] {
    return this.opts.entrypoints;
  }

  /** The arguments of one evaluation (exposed for tests and messages). */
  evalArgs(entrypoints: readonly string[]): string[] {
    const query = entrypoints.map((ep, i) => `e${i} := [x | x := ${entrypointRef(ep)}]`).join("; ");
    const args = ["eval", "--format", "json", "--stdin-input"];
    if (this.opts.regoVersion === "v0") args.push("--v0-compatible");
    for (const p of this.opts.paths) args.push("--data", p);
    args.push(query);
    return args;
  }

  async evaluate(input: unknown, entrypoints: readonly string[]): Promise<EntrypointResult[]> {
    if (entrypoints.length === 0) return [];
    const out = await runOpa(this.opts.opa, { args: this.evalArgs(entrypoints), stdin: toJSONText(fromJSON(input)), timeoutMs: this.opts.timeoutMs });
    const { result } = parseEvalOutput(out);
    if (result.length !== 1) throw new EngineError(`opa eval gave ${result.length} results for the entrypoints, expected 1`);
    const bindings = result[0]!.bindings ?? {};
    return entrypoints.map((ep, i) => {
      const got = bindings[`e${i}`];
      if (!Array.isArray(got) || got.length > 1) throw new EngineError(`opa eval: no usable value for ${ep} in its output`);
      return { entrypoint: ep, outputs: got.length === 1 ? [{ value: got[0] }] : [] };
    });
  }

  async close(): Promise<void> {}
}
