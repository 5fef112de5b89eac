// Runs the policy-check CLI as a user would: a separate Node process (the TypeScript sources
// through tsx, no build needed), with its exit code, stdout and stderr.

import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

export const root = resolve(fileURLToPath(new URL("../../", import.meta.url)));
const entry = fileURLToPath(new URL("./cli-entry.ts", import.meta.url));
// absolute, so that the CLI can run in any directory (config discovery starts at its cwd)
const tsx = import.meta.resolve("tsx");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** extra Node flags, e.g. --max-old-space-size=... */
  nodeArgs?: string[];
  timeoutMs?: number;
}

export function runCli(args: readonly string[], opts: CliOptions = {}): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1" };
  delete env["TF_WORKSPACE"];
  const spawnOpts: SpawnSyncOptions = {
    cwd: opts.cwd ?? root,
    env: { ...env, ...opts.env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: opts.timeoutMs ?? 120_000,
  };
  const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), "--import", tsx, entry, ...args], spawnOpts);
  if (r.error) throw r.error;
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/**
 * The CLI's error contract: exit code 2 and exactly one line on stderr, starting with
 * `policy-check: <file>: `, and no stack trace or internal error anywhere.
 */
export function assertInputError(run: CliRun, file: string, pattern: RegExp): string {
  const lines = run.stderr.split("\n").filter((l) => l !== "" && !l.includes("still working"));
  const where = `exit ${run.code}, stderr: ${run.stderr.slice(0, 2000)}`;
  if (run.code !== 2) throw new Error(`expected exit code 2: ${where}`);
  if (lines.length !== 1) throw new Error(`expected one line on stderr: ${where}`);
  const line = lines[0]!;
  if (!line.startsWith(`policy-check: ${file}: `)) throw new Error(`expected the line to name ${file}: ${where}`);
  if (/internal error|RangeError|TypeError|Maximum call stack|\n\s+at /.test(run.stderr + run.stdout)) throw new Error(`stack trace or internal error: ${where}`);
  if (!pattern.test(line)) throw new Error(`expected ${pattern}: ${line}`);
  return line;
}

/** A Terraform plan (plan JSON) deleting a production volume; `before` adds to the volume's attributes, `extra` to the document. */
export function volumeDeletionPlan(before: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format_version: "1.2",
    terraform_version: "1.9.5",
    resource_changes: [
      {
        address: "aws_ebs_volume.data",
        mode: "managed",
        type: "aws_ebs_volume",
        name: "data",
        provider_name: "registry.terraform.io/hashicorp/aws",
        change: { actions: ["delete"], before: { id: "vol-1", tags: { Environment: "production" }, ...before }, after: null, after_unknown: {}, before_sensitive: false, after_sensitive: false },
      },
    ],
    configuration: { root_module: {} },
    ...extra,
  };
}
