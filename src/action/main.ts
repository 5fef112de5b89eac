// Entry point of the GitHub Action (bundled into dist/index.js by scripts/build-action.mjs):
// wires @actions/core and the real checker into runAction.

import * as core from "@actions/core";
import { runCheck, VERSION } from "../check/run-check.js";
import { resolve } from "node:path";
import { engineChoice, resolveConfig } from "../cli/check-command.js";
import { describeError } from "../cli/fail.js";
import { runAction, type ActionIO, type CheckFn } from "./run.js";

const io: ActionIO = {
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  notice: (m) => core.notice(m),
  warning: (m) => core.warning(m),
  setSecret: (s) => core.setSecret(s),
  setOutput: (k, v) => core.setOutput(k, v),
  appendSummary: async (md) => {
    await core.summary.addRaw(md, true).write();
  },
  command: (line) => process.stdout.write(line + "\n"),
};

const check: CheckFn = async (req) => {
  const config = resolveConfig(
    { config: req.config ?? undefined, policy: req.policies, namespace: [], shipped: true, failOn: req.failOn ?? undefined },
    req.cwd,
  );
  const engine = engineChoice({ policy: req.policies, ...(req.engine ? { engine: req.engine } : {}), ...(req.bundle ? { bundle: resolve(req.cwd, req.bundle) } : {}) });
  const { result } = await runCheck({ inputs: req.inputs, config, tfDirs: req.tfDirs, workspace: req.workspace, raw: false, engine });
  return result;
};

export async function main(): Promise<void> {
  try {
    const outcome = await runAction({ env: process.env, io, check, version: VERSION, describeError });
    if (outcome.failure) core.setFailed(outcome.failure);
  } catch (e) {
    // runAction handles its own failures; this is the last guard: one line, no stack, no secret
    core.setFailed(`policy-check: ${describeError(e)}`);
  }
}

await main();
