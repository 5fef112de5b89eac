// Setting up the engine a check runs on, with what the findings need: the entrypoints to
// evaluate and the rules' METADATA.
//
//   own   the shipped and configured policies, compiled by the project's engine
//   opa   the same policies, evaluated by `opa eval`; the project's compiler only finds the
//         deny/violation/warn rules and their METADATA
//   wasm  a pre-built bundle: its entrypoints decide what runs; the shipped and configured
//         policies are not used (compile them into the bundle); METADATA comes from the Rego
//         sources inside the bundle, when it has them

import { compile } from "../rego/index.js";
import type { Config } from "../config/types.js";
import { AttributedEngine } from "../engine/attributed-engine.js";
import { readBundle } from "../engine/bundle.js";
import { EngineError, type PolicyEngine } from "../engine/engine.js";
import { OpaBinaryEngine } from "../engine/opa-binary-engine.js";
import { requireOpa } from "../engine/opa-binary.js";
import { OwnEngine } from "../engine/own-engine.js";
import { WasmEngine } from "../engine/wasm-engine.js";
import { type DecisionRule, SHIPPED_POLICY_DIR, decisionRules, loadPolicies } from "../evaluate/policy-set.js";
import { RuleTable } from "../evaluate/rule-table.js";
import { InputError } from "../load/input-error.js";

export type EngineChoice = { kind: "own" } | { kind: "opa" } | { kind: "wasm"; bundle: string };

export interface PreparedEngine {
  engine: PolicyEngine;
  /** entrypoints to evaluate */
  entrypoints: string[];
  table: RuleTable;
  /** for the report: policy files (or bundle) and rules */
  files: number;
  rules: number;
  /** remarks for the report (METADATA that could not be read, ...) */
  notes: string[];
  /** whether the policies can read `input.raw` (a bundle's may: its sources are not known) */
  readsRaw: boolean;
}

export interface PrepareOptions {
  choice: EngineChoice;
  config: Config;
  namespaces: readonly string[];
  print?: (line: string) => void;
}

function noRules(namespaces: readonly string[]): EngineError {
  return new EngineError(`no deny, violation or warn rules found under namespace${namespaces.length > 1 ? "s" : ""} ${namespaces.join(", ")}`);
}

function uniquePaths(rules: readonly DecisionRule[]): string[] {
  return [...new Set(rules.map((r) => r.rule.path.join("/")))];
}

export async function prepareEngine(opts: PrepareOptions): Promise<PreparedEngine> {
  const { choice, config, namespaces } = opts;
  const limits = config.limits;
  if (choice.kind === "wasm") return prepareWasm(choice.bundle, opts);
  // own and opa: the configured policies, compiled here (for opa: to find the rules and METADATA)
  const opa = choice.kind === "opa" ? requireOpa() : null;
  const policies = loadPolicies({ shipped: config.policies.shipped, paths: config.policies.paths, regoVersion: config.policies.regoVersion });
  const rules = decisionRules(policies.set, namespaces);
  if (rules.length === 0) throw noRules(namespaces);
  const table = new RuleTable(rules, "");
  const entrypoints = uniquePaths(rules);
  const keys = policies.set.inputKeys();
  const base = { entrypoints, table, files: policies.files.length, rules: rules.length, notes: [], readsRaw: keys === null || keys.has("raw") };
  const own = { set: policies.set, data: policies.data, rules: rules.map((r) => r.rule), limits };
  if (opa) {
    const paths = [...(config.policies.shipped ? [SHIPPED_POLICY_DIR] : []), ...config.policies.paths];
    const binary = new OpaBinaryEngine({ opa, paths, entrypoints, regoVersion: config.policies.regoVersion, timeoutMs: limits.timeoutMs });
    // opa returns each rule's merged value: the own engine (which prints nothing) names the
    // definition of each finding
    return { ...base, engine: new AttributedEngine(binary, new OwnEngine(own)) };
  }
  return { ...base, engine: new OwnEngine({ ...own, ...(opts.print ? { print: opts.print } : {}) }) };
}

async function prepareWasm(file: string, opts: PrepareOptions): Promise<PreparedEngine> {
  const bundle = await readBundle(file);
  const notes: string[] = [];
  let rules: DecisionRule[] = [];
  let oracle: OwnEngine | null = null;
  if (Object.keys(bundle.modules).length > 0) {
    try {
      const set = compile(bundle.modules, { regoVersion: opts.config.policies.regoVersion });
      rules = decisionRules(set, set.packages.map((p) => p.join(".")));
      // the bundle returns each rule's merged value: the own engine, on the bundle's sources and
      // data, names the definition of each finding (its METADATA)
      if (rules.length > 0) oracle = new OwnEngine({ set, data: bundle.data, rules: rules.map((r) => r.rule), limits: opts.config.limits });
    } catch (e) {
      notes.push(`${file}: METADATA not read from the bundle's Rego sources (${(e as Error).message.split("\n")[0]})`);
    }
  }
  const engine = await WasmEngine.load({ bundle, timeoutMs: opts.config.limits.timeoutMs, ...(opts.print ? { print: opts.print } : {}) });
  const entrypoints = [...engine.entrypoints()];
  if (entrypoints.length === 0) {
    await engine.close();
    throw new InputError(file, "the bundle has no entrypoints: build it with `opa build -t wasm -e policy_check/.../deny`");
  }
  return { engine: oracle ? new AttributedEngine(engine, oracle) : engine, entrypoints, table: new RuleTable(rules, file), files: 1, rules: entrypoints.length, notes, readsRaw: true };
}
