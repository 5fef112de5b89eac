// The policy-check command line.

import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { runEval } from "./eval-command.js";
import { runTestCommand } from "./test-command.js";
import { runCheckCommand } from "./check-command.js";
import { exitWithError } from "./fail.js";
import { runPoliciesCommand } from "./policies-command.js";
import { runInit } from "./init-command.js";
import { resolveConfig } from "./check-command.js";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

const write = (s: string) => process.stdout.write(s);

/** A repeatable option (`-p a -p b`): never variadic, so it cannot swallow the inputs after it. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function regoVersionOption(): Option {
  return new Option("--rego-version <version>", "Rego syntax of the policies").choices(["v0", "v1"]).default("v1");
}

function timeoutOption(): Option {
  return new Option("--timeout <ms>", "evaluation time budget in milliseconds").default(30_000).argParser((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--timeout must be a positive integer, got ${v}`);
    return n;
  });
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("policy-check")
    .description("Reviews infrastructure-as-code changes with Rego policies and blocks the ones that can destroy data.")
    .version(pkg.version)
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .exitOverride((err) => {
      process.exit(err.exitCode === 0 ? 0 : 2);
    });

  program
    .command("check", { isDefault: true })
    .description("check IaC changes and credentials against the policies (the default command)")
    .argument("[inputs...]", "Terraform plan/state JSON, Pulumi preview/stack JSON, cdk.tf.json or cdktf.out/, token YAML, GitHub workflow")
    .option("-c, --config <file>", "configuration file (default: .policy-check.yml found upward from the current directory)")
    .option("-p, --policy <path>", "your own Rego policies (files or directories), added to the shipped ones (repeatable)", collect, [])
    .option("-n, --namespace <package>", "package prefixes whose deny/violation/warn rules run (default: policy_check; with --raw: main) (repeatable)", collect, [])
    .option("--no-shipped", "do not load the shipped policy library")
    .addOption(new Option("--rego-version <version>", "Rego syntax of your policies").choices(["v0", "v1"]))
    .option("--raw", "conftest compatibility: give each input's raw document to the policies as `input`", false)
    .option("--tf-dir <dir>", "Terraform sources, to read lifecycle { prevent_destroy } (repeatable)", collect, [])
    .option("-w, --workspace <name>", "Terraform workspace of the plan (default: TF_WORKSPACE)")
    .option("--fail-on <severity>", "lowest severity that fails the run: critical, high, medium, low, info, none")
    .addOption(new Option("-f, --format <format>", "report format on stdout").choices(["text", "json", "sarif", "junit", "markdown", "github"]).default("text"))
    .option("-o, --output <format=file>", "also write a report to a file, e.g. sarif=results.sarif (repeatable)", collect, [])
    .option("--no-color", "plain output")
    .addOption(new Option("--engine <engine>", "what evaluates the policies: own (policy-check's Rego engine), wasm (a pre-built OPA bundle), opa (the opa binary: OPA_BIN or PATH)").choices(["own", "wasm", "opa"]))
    .option("--bundle <file>", "a pre-built OPA wasm bundle: policy.wasm or the bundle .tar.gz of `opa build -t wasm` (implies --engine wasm)")
    .action(async (inputs: string[], opts) => {
      try {
        process.exitCode = await runCheckCommand(inputs, { ...opts, color: opts.color === false ? false : undefined }, write);
      } catch (e) {
        exitWithError(e);
      }
    });

  program
    .command("eval")
    .description("evaluate a Rego query and print the result as `opa eval --format json` does")
    .argument("<query>", "Rego query, e.g. data.policy_check.deny")
    .option("-d, --data <path>", "Rego files, data files (JSON/YAML) or directories (repeatable)", collect, [])
    .option("-i, --input <file>", "input document (JSON)")
    .addOption(regoVersionOption())
    .option("--strict-builtin-errors", "treat builtin errors as evaluation errors", false)
    .addOption(timeoutOption())
    .action((query: string, opts) => {
      try {
        process.exitCode = runEval(query, { data: opts.data, input: opts.input, regoVersion: opts.regoVersion, strictBuiltinErrors: opts.strictBuiltinErrors, timeout: opts.timeout }, write);
      } catch (e) {
        exitWithError(e);
      }
    });

  program
    .command("test")
    .description("run the test_* rules of Rego policies, like `opa test`")
    .argument("<paths...>", "Rego files or directories")
    .addOption(regoVersionOption())
    .option("-r, --run <regex>", "only run tests whose name matches")
    .option("-v, --verbose", "list every test and its print() output", false)
    .addOption(new Option("-f, --format <format>", "output format").choices(["pretty", "json"]).default("pretty"))
    .addOption(timeoutOption())
    .action((paths: string[], opts) => {
      try {
        process.exitCode = runTestCommand(paths, { regoVersion: opts.regoVersion, run: opts.run, verbose: opts.verbose, format: opts.format, timeout: opts.timeout }, write);
      } catch (e) {
        exitWithError(e);
      }
    });

  program
    .command("policies")
    .description("list the policies a check applies: id, severity, title")
    .option("-c, --config <file>", "configuration file (default: .policy-check.yml found upward from the current directory)")
    .option("-p, --policy <path>", "your own Rego policies, listed with the shipped ones (repeatable)", collect, [])
    .option("-n, --namespace <package>", "package prefixes whose deny/violation/warn rules are listed (repeatable)", collect, [])
    .option("--no-shipped", "leave out the shipped policy library")
    .addOption(new Option("--rego-version <version>", "Rego syntax of your policies").choices(["v0", "v1"]))
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json", "markdown"]).default("text"))
    .option("--no-color", "plain output")
    .action((opts) => {
      try {
        const config = resolveConfig({ config: opts.config, policy: opts.policy, namespace: opts.namespace, shipped: opts.shipped, regoVersion: opts.regoVersion });
        const color = opts.color !== false && process.stdout.isTTY === true && !process.env["NO_COLOR"];
        process.exitCode = runPoliciesCommand(config, { format: opts.format, color }, write);
      } catch (e) {
        exitWithError(e);
      }
    });

  program
    .command("init")
    .description("write a starter .policy-check.yml and a GitHub Actions workflow")
    .option("--dir <dir>", "repository root to write into", ".")
    .addOption(new Option("--tool <tool>", "the IaC tool the workflow plans with").choices(["terraform", "pulumi", "cdktf"]).default("terraform"))
    .option("--force", "overwrite existing files", false)
    .action((opts) => {
      try {
        process.exitCode = runInit({ dir: opts.dir, force: opts.force, tool: opts.tool }, write);
      } catch (e) {
        exitWithError(e);
      }
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    exitWithError(e);
  }
}
