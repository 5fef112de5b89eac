// The check pipeline: load inputs -> normalize -> evaluate policies -> decide -> (report).

import { readFileSync } from "node:fs";
import { type Config, type EnvironmentRule } from "../config/types.js";
import { decide } from "../decide/decide.js";
import type { Finding } from "../evaluate/finding.js";
import { findingsFromResults, holdsDecisions } from "../evaluate/engine-findings.js";
import { EngineError } from "../engine/engine.js";
import { type EngineChoice, prepareEngine } from "./prepare-engine.js";
import { structuredModel } from "./model-copy.js";
import { warmUpFor } from "./warm-up.js";
import { loadInputs, type LoadedInputs, type LoadOptions } from "../load/load-inputs.js";
import { DIRECTORY_READERS, READERS, UNREAD_MEMBERS } from "../load/readers.js";
import { loadLifecycle } from "../load/terraform/index.js";
import { applyEnvironments, EnvironmentMap } from "../model/environments.js";
import { MODEL_VERSION, type PolicyInput } from "../model/types.js";
import { extractTokens } from "../load/tokens/extract.js";
import type { ChangeSummary, CheckResult } from "../report/types.js";

export interface CheckOptions {
  inputs: string[];
  config: Config;
  tfDirs: string[];
  workspace: string | null;
  /** conftest compatibility: each input's raw document is `input` */
  raw: boolean;
  print?: (line: string) => void;
  /** clock for exception expiry (tests) */
  today?: Date;
  /** what evaluates the policies (default: the project's own engine) */
  engine?: EngineChoice;
}

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
export const VERSION = pkg.version;

export async function runCheck(opts: CheckOptions): Promise<{ result: CheckResult; model: PolicyInput }> {
  const { config } = opts;
  const lifecycle = opts.tfDirs.length > 0 ? await loadLifecycle(opts.tfDirs) : null;
  // the policies first: whether they read input.raw decides how much of each raw document the
  // readers keep (redacting a plan's planned values and prior state is a third of reading it)
  const namespaces = opts.raw && config.policies.namespaces.length === 1 && config.policies.namespaces[0] === "policy_check" ? ["main"] : config.policies.namespaces;
  const prepared = await prepareEngine({ choice: opts.engine ?? { kind: "own" }, config, namespaces, ...(opts.print ? { print: opts.print } : {}) });
  const { engine, entrypoints, table } = prepared;
  let loaded: LoadedInputs;
  const workerNotes: string[] = [];
  let model: PolicyInput;
  let findings: Finding[];
  try {
    const load: LoadOptions = { readers: READERS, directoryReaders: DIRECTORY_READERS, tfDirs: opts.tfDirs, workspace: opts.workspace, lifecycle, raw: opts.raw || prepared.readsRaw };
    // members nothing reads are cut out of large plans and checked in a worker thread meanwhile;
    // if a cut turns out not to be valid JSON, everything is read again whole
    loaded = loadInputs(opts.inputs, load.raw ? load : { ...load, unread: UNREAD_MEMBERS });
    const checks = await Promise.all(loaded.checked);
    if (checks.some((c) => !c.valid)) {
      loaded = loadInputs(opts.inputs, load);
      for (const c of checks) if (!c.valid && c.failure) workerNotes.push(`the JSON check of the plan's unread members failed (${c.failure}); the plan was read whole`);
    }
    model = normalizedModel(loaded, config);
    if (opts.raw) {
      findings = [];
      for (let i = 0; i < loaded.raws.length; i++) {
        const source = loaded.sources[i];
        const results = await engine.evaluate(loaded.raws[i], entrypoints);
        checkDecisions(engine.kind, engine.label, entrypoints, results);
        const perFile = findingsFromResults(results, table, { ...model, resources: model.resources.filter((r) => r.source === source?.id) });
        for (const f of perFile) findings.push({ ...f, file: f.file ?? source?.path ?? null });
      }
    } else {
      await warmUpFor(engine, model, entrypoints);
      // the model copy is handed over: the own engine adopts its objects in place (lookups
      // below only read primitive fields of the model)
      const results = await engine.evaluate(structuredModel(model), entrypoints, { handOver: true });
      checkDecisions(engine.kind, engine.label, entrypoints, results);
      findings = findingsFromResults(results, table, model);
    }
  } finally {
    await engine.close();
  }
  const notes = loaded.sources.flatMap((s) => s.notes.map((n) => `${s.path}: ${n}`));
  notes.push(...prepared.notes, ...workerNotes);
  const changes = summarize(model);
  const decision = decide(findings, config, opts.today);
  const result: CheckResult = {
    tool: { name: "policy-check", version: VERSION },
    sources: loaded.sources,
    changes,
    decision,
    notes,
    policies: { files: prepared.files, rules: prepared.rules },
  };
  return { result, model };
}

/** A bundle must offer something that holds findings: a deny/violation/warn rule or a package. */
function checkDecisions(kind: string, label: string, entrypoints: readonly string[], results: Parameters<typeof holdsDecisions>[0]): void {
  if (kind === "wasm" && !holdsDecisions(results)) {
    throw new EngineError(`${label}: no deny, violation or warn rule among its entrypoints (${entrypoints.join(", ")}), and none of them is a package`);
  }
}

/**
 * The normalized model of what was loaded: environments mapped, then the tokens minted in the
 * inputs extracted (they reach the environments of the resources around them).
 */
export function normalizedModel(loaded: LoadedInputs, config: Config): PolicyInput {
  const envs = new EnvironmentMap(config.environments as Record<string, EnvironmentRule>);
  applyEnvironments(envs, loaded.sources, loaded.resources);
  return {
    model_version: MODEL_VERSION,
    sources: loaded.sources,
    resources: loaded.resources,
    tokens: [...loaded.tokens, ...extractTokens(loaded)],
    environments: envs.names,
    raw: loaded.raws.length === 1 ? loaded.raws[0] : loaded.raws,
  };
}

function summarize(m: PolicyInput): ChangeSummary {
  const c: ChangeSummary = { resources: 0, create: 0, update: 0, delete: 0, replace: 0, read: 0, no_op: 0, tokens: m.tokens.length };
  for (const r of m.resources) {
    if (r.mode !== "managed") {
      c.read++;
      continue;
    }
    c.resources++;
    switch (r.action) {
      case "create":
      case "import":
        c.create++;
        break;
      case "update":
        c.update++;
        break;
      case "delete":
        c.delete++;
        break;
      case "replace":
        c.replace++;
        break;
      case "read":
        c.read++;
        break;
      default:
        c.no_op++;
    }
  }
  return c;
}
