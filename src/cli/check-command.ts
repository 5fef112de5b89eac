// `policy-check [check] INPUT...`: load, normalize, evaluate, decide, report.

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { defaultConfig, findConfig, loadConfig } from "../config/load-config.js";
import type { Config } from "../config/types.js";
import { SEVERITIES, type Severity } from "../config/schema.js";
import { runCheck } from "../check/run-check.js";
import type { EngineChoice } from "../check/prepare-engine.js";
import { ENGINE_KINDS } from "../engine/engine.js";
import { REPORTERS, type CheckResult } from "../report/index.js";
import { SHIPPED_DOCS_BASE, linkAllDocs } from "../report/docs-links.js";
import { EXIT_FINDINGS, EXIT_OK, UsageError } from "./fail.js";

export interface CheckCommandOptions {
  config?: string;
  policy: string[];
  namespace: string[];
  shipped: boolean;
  regoVersion?: "v0" | "v1";
  raw: boolean;
  tfDir: string[];
  workspace?: string;
  failOn?: string;
  format: string;
  output: string[];
  color?: boolean;
  /** own | wasm | opa */
  engine?: string;
  /** a pre-built OPA wasm bundle (implies --engine wasm) */
  bundle?: string;
}

/** --engine and --bundle: which engine runs the policies. */
export function engineChoice(opts: Pick<CheckCommandOptions, "engine" | "bundle" | "policy">): EngineChoice {
  const kind = opts.engine ?? (opts.bundle !== undefined ? "wasm" : "own");
  if (!(ENGINE_KINDS as readonly string[]).includes(kind)) throw new UsageError(`--engine must be one of ${ENGINE_KINDS.join(", ")}, got ${kind}`);
  if (kind === "wasm") {
    if (opts.bundle === undefined) throw new UsageError("--engine wasm needs --bundle FILE (a policy.wasm or a bundle .tar.gz from `opa build -t wasm`)");
    if (opts.policy.length > 0) throw new UsageError("--policy does not apply to a wasm bundle: the bundle holds the policies (compile them into it with `opa build -t wasm`)");
    return { kind: "wasm", bundle: opts.bundle };
  }
  if (opts.bundle !== undefined) throw new UsageError(`--bundle runs the wasm engine, it cannot be used with --engine ${kind}`);
  return { kind: kind as "own" | "opa" };
}

export function resolveConfig(opts: Pick<CheckCommandOptions, "config" | "policy" | "namespace" | "shipped" | "regoVersion" | "failOn">, cwd = process.cwd()): Config {
  const file = opts.config ?? findConfig(cwd);
  const config = file ? loadConfig(file) : defaultConfig();
  if (opts.policy.length > 0) config.policies.paths = [...config.policies.paths, ...opts.policy.map((p) => resolve(cwd, p))];
  if (opts.namespace.length > 0) config.policies.namespaces = opts.namespace;
  if (!opts.shipped) config.policies.shipped = false;
  if (opts.regoVersion) config.policies.regoVersion = opts.regoVersion;
  if (opts.failOn) {
    if (![...SEVERITIES, "none"].includes(opts.failOn)) throw new UsageError(`--fail-on must be one of ${[...SEVERITIES, "none"].join(", ")}, got ${opts.failOn}`);
    config.failOn = opts.failOn as Severity | "none";
  }
  return config;
}

export async function runCheckCommand(inputs: string[], opts: CheckCommandOptions, out: (s: string) => void): Promise<number> {
  if (inputs.length === 0) throw new UsageError("no input given: name a plan (terraform show -json), a Pulumi preview, a cdktf.out directory or a token file");
  const formats = [opts.format, ...opts.output.map((o) => o.split("=")[0]!)];
  for (const f of formats) if (!REPORTERS.has(f)) throw new UsageError(`unknown format '${f}' (known: ${[...REPORTERS.keys()].join(", ")})`);
  const outputs = opts.output.map((o) => {
    const i = o.indexOf("=");
    if (i <= 0 || i === o.length - 1) throw new UsageError(`--output takes FORMAT=FILE, got '${o}'`);
    return { format: o.slice(0, i), file: o.slice(i + 1) };
  });
  const engine = engineChoice(opts);
  const config = resolveConfig(opts);
  const slow = setTimeout(() => process.stderr.write("policy-check: still working (large input)...\n"), 3000);
  let result;
  try {
    ({ result } = await runCheck({
      inputs,
      config,
      tfDirs: opts.tfDir,
      workspace: opts.workspace ?? process.env["TF_WORKSPACE"] ?? null,
      raw: opts.raw,
      engine,
      print: (line) => process.stderr.write(line + "\n"),
    }));
  } finally {
    clearTimeout(slow);
  }
  const color = opts.color ?? (process.stdout.isTTY === true && !process.env["NO_COLOR"]);
  out(render(opts.format, result, color));
  for (const o of outputs) {
    mkdirSync(dirname(resolve(o.file)), { recursive: true });
    writeFileSync(o.file, render(o.format, result, false));
  }
  return result.decision.status === "fail" ? EXIT_FINDINGS : EXIT_OK;
}

/** Reports read outside the checkout (Markdown, SARIF) link the shipped policies' published pages. */
const LINKED_FORMATS = new Set(["markdown", "sarif"]);

function render(format: string, result: CheckResult, color: boolean): string {
  const r = LINKED_FORMATS.has(format)
    ? { ...result, decision: { ...result.decision, findings: linkAllDocs(result.decision.findings, { docsBase: SHIPPED_DOCS_BASE, repoBase: null }) } }
    : result;
  return REPORTERS.get(format)!.render(r, { color });
}
