// Differential testing against OPA (`npm run conformance -- --against-opa`): every compliance
// case and every shipped policy test, through the project's engine and through `opa`, and
// every difference listed.

import { type SuiteFormat, loadSuite } from "../../rego/conformance/index.js";
import { EngineError } from "../engine.js";
import { type OpaLocation, runOpa } from "../opa-binary.js";
import { ours, sameOutcome, showOutcome, theirs } from "./outcome.js";
import { opaTests, ourTests } from "./policy-tests.js";
import { caseName, runsOf, type Run } from "./runs.js";

export interface AgainstOpaOptions {
  opa: OpaLocation;
  /** compliance suites (OPA's or regorus's format) */
  suites: readonly string[];
  /** folders of policies with *_test.rego files (the shipped rego/) */
  testDirs: readonly string[];
  /** only cases whose file or note contains this text */
  filter?: string;
  /** the suites' format, instead of detecting it */
  format?: SuiteFormat;
  /** budget of one evaluation on either side, in milliseconds */
  timeoutMs?: number;
  /** opa processes at once */
  concurrency?: number;
}

export interface Difference {
  what: "case" | "test";
  name: string;
  ours: string;
  opa: string;
}

export interface Tally {
  same: number;
  different: number;
  skipped: number;
}

export interface AgainstOpaReport {
  opaVersion: string;
  suites: { root: string; format: string; tally: Tally }[];
  tests: Tally;
  differences: Difference[];
  skipped: { name: string; reason: string }[];
}

const newTally = (): Tally => ({ same: 0, different: 0, skipped: 0 });

async function pool<T>(items: readonly T[], n: number, f: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await f(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, n) }, worker));
}

/** `opa version`'s first line, e.g. "Version: 1.4.2" -> "1.4.2". */
export async function opaVersion(opa: OpaLocation, timeoutMs = 30_000): Promise<string> {
  const out = await runOpa(opa, { args: ["version"], timeoutMs });
  const m = /Version:\s*(\S+)/.exec(out.stdout);
  if (out.code !== 0 || !m) throw new EngineError(`${opa.path} version did not answer like opa (exit code ${out.code ?? out.signal}: ${(out.stderr || out.stdout).trim().split("\n")[0] ?? ""})`);
  return m[1]!;
}

export async function againstOpa(opts: AgainstOpaOptions): Promise<AgainstOpaReport> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const report: AgainstOpaReport = { opaVersion: await opaVersion(opts.opa), suites: [], tests: newTally(), differences: [], skipped: [] };
  for (const root of opts.suites) {
    const suite = loadSuite(root, opts.format);
    const tally = newTally();
    const work: { name: string; runs: Run[] }[] = [];
    for (const c of suite.cases) {
      if (opts.filter && !c.file.includes(opts.filter) && !c.note.includes(opts.filter)) continue;
      const r = runsOf(c);
      if ("skip" in r) {
        tally.skipped++;
        report.skipped.push({ name: caseName(c), reason: r.skip });
      } else work.push({ name: caseName(c), runs: r.runs });
    }
    for (const u of suite.unreadable) {
      tally.skipped++;
      report.skipped.push({ name: u.file, reason: u.reason });
    }
    const found: Difference[][] = work.map(() => []);
    await pool(work.map((w, i) => ({ ...w, i })), opts.concurrency ?? 2, async (w) => {
      for (const run of w.runs) {
        const a = ours(run, timeoutMs);
        const b = await theirs(opts.opa, run, timeoutMs);
        if (!sameOutcome(a, b)) found[w.i]!.push({ what: "case", name: run.name, ours: showOutcome(a), opa: showOutcome(b) });
      }
    });
    for (const d of found) {
      if (d.length > 0) tally.different++;
      else tally.same++;
      report.differences.push(...d);
    }
    report.suites.push({ root, format: suite.format, tally });
  }
  if (opts.testDirs.length > 0) {
    const mine = ourTests(opts.testDirs, timeoutMs);
    const theirsTests = await opaTests(opts.opa, opts.testDirs, Math.max(timeoutMs, 120_000));
    for (const name of [...new Set([...mine.keys(), ...theirsTests.keys()])].sort()) {
      const a = mine.get(name) ?? "absent";
      const b = theirsTests.get(name) ?? "absent";
      if (a === b) report.tests.same++;
      else {
        report.tests.different++;
        report.differences.push({ what: "test", name, ours: a, opa: b });
      }
    }
  }
  return report;
}

/** The report as lines: every difference, then one summary line per suite and for the tests. */
export function reportLines(r: AgainstOpaReport, verbose = false): string[] {
  const lines: string[] = [];
  for (const d of r.differences) lines.push(`DIFF ${d.what} ${d.name}\n  ours: ${d.ours}\n  opa:  ${d.opa}`);
  if (verbose) for (const s of r.skipped) lines.push(`SKIP ${s.name}: ${s.reason}`);
  for (const s of r.suites) lines.push(`${s.root} (${s.format} format) against opa ${r.opaVersion}: ${s.tally.same} same, ${s.tally.different} different, ${s.tally.skipped} skipped`);
  lines.push(`policy tests against opa ${r.opaVersion}: ${r.tests.same} same, ${r.tests.different} different`);
  const total = r.suites.reduce((t, s) => ({ same: t.same + s.tally.same, different: t.different + s.tally.different, skipped: t.skipped + s.tally.skipped }), { ...r.tests });
  lines.push(`${total.different === 0 ? "no differences" : `${r.differences.length} difference${r.differences.length === 1 ? "" : "s"}`}: ${total.same} same, ${total.different} different, ${total.skipped} skipped`);
  return lines;
}
