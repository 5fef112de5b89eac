// Runs rendered fixtures through the checker the way `policy-check check` does (the readers,
// --tf-dir lifecycle, token extraction, environment mapping, the shipped policies), with the
// policies compiled once for the whole matrix instead of once per file.

import { adoptJSON } from "../../src/rego/index.js";
import { defaultConfig } from "../../src/config/load-config.js";
import type { EnvironmentRule } from "../../src/config/types.js";
import type { Finding } from "../../src/evaluate/finding.js";
import { decisionRules, loadPolicies, type DecisionRule, type LoadedPolicies } from "../../src/evaluate/policy-set.js";
import { evaluatePolicies } from "../../src/evaluate/run-policies.js";
import { loadInputs, type LoadedInputs } from "../../src/load/load-inputs.js";
import { DIRECTORY_READERS, READERS } from "../../src/load/readers.js";
import { loadLifecycle } from "../../src/load/terraform/lifecycle-hcl.js";
import { tokenConfigReader } from "../../src/load/tokens/config-reader.js";
import type { InputReader } from "../../src/load/types.js";
import { applyEnvironments, EnvironmentMap } from "../../src/model/environments.js";
import { MODEL_VERSION, type PolicyInput, type Token } from "../../src/model/types.js";

export interface CheckRun {
  findings: Finding[];
  model: PolicyInput;
}

type ExtractTokens = (loaded: LoadedInputs) => Token[];

async function optionalImport<T>(spec: string, pick: (m: Record<string, unknown>) => T | undefined): Promise<T | undefined> {
  try {
    return pick((await import(spec)) as Record<string, unknown>);
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_MODULE_NOT_FOUND" && String((e as Error).message).includes(spec.replace(/^\.\.\/\.\.\//, "").replace(/\.js$/, ""))) return undefined;
    throw e;
  }
}

function isReader(v: unknown): v is InputReader {
  return typeof v === "object" && v !== null && typeof (v as InputReader).detect === "function" && typeof (v as InputReader).read === "function" && typeof (v as InputReader).kind === "string";
}

export class PolicyHarness {
  private constructor(
    readonly policies: LoadedPolicies,
    readonly rules: DecisionRule[],
    readonly readers: InputReader[],
    private readonly extract: ExtractTokens | undefined,
  ) {}

  /** The readers this tree has: the registered ones, plus the token and Pulumi readers while they are not registered yet. */
  static async create(): Promise<PolicyHarness> {
    const config = defaultConfig();
    const policies = loadPolicies({ shipped: true, paths: [], regoVersion: "v1" });
    const rules = decisionRules(policies.set, config.policies.namespaces);
    const readers = [...READERS];
    if (!readers.some((r) => r.kind === "token-config")) readers.push(tokenConfigReader);
    if (!readers.some((r) => r.kind === "pulumi-preview")) {
      const pulumi = await optionalImport("../../src/load/pulumi/index.js", (m) => Object.values(m).filter(isReader));
      for (const r of pulumi ?? []) if (!readers.includes(r)) readers.push(r);
    }
    const extract = await optionalImport("../../src/load/tokens/extract.js", (m) => m["extractTokens"] as ExtractTokens | undefined);
    return new PolicyHarness(policies, rules, readers, extract);
  }

  /** Whether a reader for this kind of document is there. */
  reads(kind: "pulumi-preview" | "token-config"): boolean {
    return this.readers.some((r) => r.kind === kind);
  }

  get extractsTokens(): boolean {
    return this.extract !== undefined;
  }

  async check(inputs: string[], opts: { tfDirs?: string[]; workspace?: string | null } = {}): Promise<CheckRun> {
    const config = defaultConfig();
    const tfDirs = opts.tfDirs ?? [];
    const lifecycle = tfDirs.length > 0 ? await loadLifecycle(tfDirs) : null;
    const loaded = loadInputs(inputs, { readers: this.readers, directoryReaders: DIRECTORY_READERS, tfDirs, workspace: opts.workspace ?? null, lifecycle });
    const envs = new EnvironmentMap(config.environments as Record<string, EnvironmentRule>);
    applyEnvironments(envs, loaded.sources, loaded.resources);
    // tokens minted in the input reach the environments of the resources around them: after the mapping
    const tokens = [...loaded.tokens, ...(this.extract ? this.extract(loaded) : [])];
    const model: PolicyInput = {
      model_version: MODEL_VERSION,
      sources: loaded.sources,
      resources: loaded.resources,
      tokens,
      environments: envs.names,
      raw: loaded.raws.length === 1 ? loaded.raws[0] : loaded.raws,
    };
    const engineInput = adoptJSON({
      ...model,
      sources: model.sources.map((s) => ({ ...s, notes: [...s.notes] })),
      resources: model.resources.map((r) => ({ ...r })),
      tokens: model.tokens.map((t) => ({ ...t })),
      environments: [...model.environments],
    });
    const findings = evaluatePolicies(this.policies.set, this.rules, engineInput, model, { limits: config.limits, data: this.policies.data });
    return { findings, model };
  }
}

/**
 * The resource and token names a finding is about, from the model. A token minted by a resource
 * shares that resource's id (`aws_iam_access_key.key` mints "github-ci access key"), so a finding
 * with that id is about both.
 */
export function subjectNames(f: Finding, model: PolicyInput): string[] {
  if (!f.resource_id) return [];
  const out: string[] = [];
  for (const r of model.resources) if (r.id === f.resource_id) out.push(r.name);
  for (const t of model.tokens) if (t.id === f.resource_id) out.push(t.name);
  return out;
}

/** Policy ids on the subject: `ID` or `ID?` (undecided), sorted, without the ids `ignore` matches. */
export function idsOn(run: CheckRun, subject: string, ignore: (id: string) => boolean): string[] {
  const ids = new Set<string>();
  for (const f of run.findings) {
    if (ignore(f.policy)) continue;
    if (!subjectNames(f, run.model).includes(subject)) continue;
    ids.add(f.undecided ? `${f.policy}?` : f.policy);
  }
  return [...ids].sort();
}

export function describeFindings(run: CheckRun): string {
  return run.findings.map((f) => `  ${f.policy}${f.undecided ? "?" : ""} ${f.resource ?? "-"}: ${f.message}`).join("\n") || "  (no findings)";
}
