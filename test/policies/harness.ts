// Runs rendered fixtures through the checker the way `policy-check check` does (the readers,
// --tf-dir lifecycle, the normalized model of runCheck, the own engine and the findings it
// gives), with the policies compiled once for the whole matrix instead of once per file.

import { defaultConfig } from "../../src/config/load-config.js";
import { normalizedModel } from "../../src/check/run-check.js";
import { structuredModel } from "../../src/check/model-copy.js";
import { prepareEngine, type PreparedEngine } from "../../src/check/prepare-engine.js";
import type { Finding } from "../../src/evaluate/finding.js";
import { findingsFromResults } from "../../src/evaluate/engine-findings.js";
import type { DecisionRule } from "../../src/evaluate/policy-set.js";
import { loadInputs } from "../../src/load/load-inputs.js";
import { DIRECTORY_READERS, READERS } from "../../src/load/readers.js";
import { loadLifecycle } from "../../src/load/terraform/lifecycle-hcl.js";
import type { PolicyInput } from "../../src/model/types.js";

export interface CheckRun {
  findings: Finding[];
  model: PolicyInput;
}

export class PolicyHarness {
  private constructor(private readonly prepared: PreparedEngine) {}

  static async create(): Promise<PolicyHarness> {
    const config = defaultConfig();
    return new PolicyHarness(await prepareEngine({ choice: { kind: "own" }, config, namespaces: config.policies.namespaces }));
  }

  /** The shipped decision rules (deny/violation/warn definitions) with their METADATA. */
  get rules(): readonly DecisionRule[] {
    return this.prepared.table.rules;
  }

  /** Whether a reader for this kind of document is registered. */
  reads(kind: string): boolean {
    return READERS.some((r) => r.kind === kind);
  }

  async check(inputs: string[], opts: { tfDirs?: string[]; workspace?: string | null } = {}): Promise<CheckRun> {
    const config = defaultConfig();
    const tfDirs = opts.tfDirs ?? [];
    const lifecycle = tfDirs.length > 0 ? await loadLifecycle(tfDirs) : null;
    const loaded = loadInputs(inputs, { readers: READERS, directoryReaders: DIRECTORY_READERS, tfDirs, workspace: opts.workspace ?? null, lifecycle });
    const model = normalizedModel(loaded, config);
    const { engine, entrypoints, table } = this.prepared;
    const results = await engine.evaluate(structuredModel(model), entrypoints, { handOver: true });
    return { findings: findingsFromResults(results, table, model), model };
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
