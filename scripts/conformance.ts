// npm run conformance -- [DIR] [--filter TEXT] [--verbose] [--format opa|regorus]
// npm run conformance -- --against-opa [DIR] [--filter TEXT] [--tests DIR] [--verbose]
//
// Runs a Rego compliance suite against the engine and prints one line per folder and, last,
// `N passed, M failed, K skipped`. With no DIR it runs OPA's suite (../shared/rego-compliance)
// and then regorus's (../shared/regorus-cases), each reported on its own. --verbose prints every
// failure with what was wanted and what the engine produced, and every skip with its reason.
//
// --against-opa runs every case, and every test of the shipped policies (rego/*_test.rego, or
// the --tests folders), through both the project's engine and `opa` (OPA_BIN, or opa on PATH),
// and lists every difference; exit code 1 when there is one. Without opa it says, in one line,
// that it was not run and why, and exits 0.

import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type SuiteFormat, type SuiteRun, byFolder, detail, folderLine, runSuite, summaryLine } from "../src/rego/conformance/index.js";
import { againstOpa, reportLines } from "../src/engine/differential/index.js";
import { findOpa } from "../src/engine/opa-binary.js";
import { EngineError } from "../src/engine/engine.js";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const OPA_SUITE = join(repo, "..", "shared", "rego-compliance");
const REGORUS_SUITE = join(repo, "..", "shared", "regorus-cases");
const SHIPPED_POLICIES = join(repo, "rego");

interface Args {
  dirs: string[];
  filter?: string;
  verbose: boolean;
  format?: SuiteFormat;
  againstOpa: boolean;
  tests: string[];
}

function parseArgs(argv: string[]): Args {
  const a: Args = { dirs: [], verbose: false, againstOpa: false, tests: [] };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i]!;
    if (x === "--verbose" || x === "-v") a.verbose = true;
    else if (x === "--against-opa") a.againstOpa = true;
    else if (x === "--tests") a.tests.push(resolve(argv[++i] ?? ""));
    else if (x === "--filter") a.filter = argv[++i];
    else if (x.startsWith("--filter=")) a.filter = x.slice(9);
    else if (x === "--format") a.format = argv[++i] as SuiteFormat;
    else if (x.startsWith("--format=")) a.format = x.slice(9) as SuiteFormat;
    else if (x === "--help" || x === "-h") {
      console.log("usage: npm run conformance -- [DIR] [--filter TEXT] [--verbose] [--format opa|regorus]");
      console.log("       npm run conformance -- --against-opa [DIR] [--filter TEXT] [--tests DIR] [--verbose]");
      process.exit(0);
    } else if (x.startsWith("-")) {
      console.error(`unknown option ${x}`);
      process.exit(2);
    } else a.dirs.push(resolve(x));
  }
  if (a.format !== undefined && a.format !== "opa" && a.format !== "regorus") {
    console.error(`--format must be opa or regorus`);
    process.exit(2);
  }
  return a;
}

function report(run: SuiteRun, verbose: boolean): void {
  console.log(`${run.root} (${run.format} format)`);
  if (verbose) {
    for (const r of run.results) if (r.status !== "pass") console.log(detail(r));
  }
  for (const f of byFolder(run.results)) console.log(folderLine(f));
  const textOnly = run.results.filter((r) => r.status === "fail" && r.errorTextOnly).length;
  if (textOnly > 0) console.log(`(${textOnly} of the failures did fail as expected, with a message that does not contain the expected text)`);
  console.log(summaryLine(run.counts));
}

async function runAgainstOpa(args: Args, dirs: string[]): Promise<number> {
  const found = findOpa();
  if (!found.found) {
    console.log(`against-opa: not run: ${found.why} (set OPA_BIN to an opa binary to compare the engine with OPA)`);
    return 0;
  }
  try {
    const report = await againstOpa({
      opa: found.found,
      suites: dirs,
      testDirs: args.tests.length > 0 ? args.tests : [SHIPPED_POLICIES],
      ...(args.filter !== undefined ? { filter: args.filter } : {}),
      ...(args.format !== undefined ? { format: args.format } : {}),
    });
    for (const line of reportLines(report, args.verbose)) console.log(line);
    return report.differences.length > 0 ? 1 : 0;
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    console.error(`against-opa: ${e.message}`);
    return 2;
  }
}

const args = parseArgs(process.argv.slice(2));
const dirs = args.dirs.length > 0 ? args.dirs : [OPA_SUITE, REGORUS_SUITE];
for (const dir of dirs) {
  if (!existsSync(dir)) {
    console.error(`no such suite: ${dir}`);
    process.exit(2);
  }
}
if (args.againstOpa) {
  process.exitCode = await runAgainstOpa(args, dirs);
} else {
  let first = true;
  for (const dir of dirs) {
    if (!first) console.log("");
    first = false;
    const opts: Parameters<typeof runSuite>[1] = {};
    if (args.filter !== undefined) opts.filter = args.filter;
    if (args.format !== undefined) opts.format = args.format;
    report(runSuite(dir, opts), args.verbose);
  }
}
