// The compliance-suite runner behind `npm run conformance` and test/rego/conformance.test.ts.
//
//   const run = runSuite("/work/shared/rego-compliance");   // OPA's format (v0/ and v1/)
//   const run = runSuite("/work/shared/regorus-cases");     // regorus's format, detected
//   run.counts -> { passed, failed, skipped }; run.results -> one CaseResult per case

import { type Case, type LoadedSuite, type SuiteFormat, loadSuite } from "./cases.js";
import { type Counts, count } from "./report.js";
import { type CaseResult, type RunOptions, runCase } from "./run.js";

export { loadSuite, type Case, type SuiteFormat } from "./cases.js";
export { runCase, type CaseResult, type RunOptions } from "./run.js";
export { SKIP_RULES, NETWORK_BUILTINS, skipOf } from "./skips.js";
export { byFolder, count, detail, folderLine, summaryLine, type Counts, type FolderCounts } from "./report.js";

export interface SuiteOptions extends RunOptions {
  /** run only cases whose file path or note contains this text */
  filter?: string;
  /** force the format instead of detecting it */
  format?: SuiteFormat;
}

export interface SuiteRun {
  root: string;
  format: SuiteFormat;
  results: CaseResult[];
  counts: Counts;
}

export function runSuite(root: string, opts: SuiteOptions = {}): SuiteRun {
  const suite: LoadedSuite = loadSuite(root, opts.format);
  const keep = (file: string, note: string) => !opts.filter || file.includes(opts.filter) || note.includes(opts.filter);
  const results: CaseResult[] = [];
  for (const c of suite.cases) {
    if (!keep(c.file, c.note)) continue;
    results.push(runCase(c, opts));
  }
  // a file no parser can read: one skipped entry naming the file and the parsers' messages
  for (const u of suite.unreadable) {
    if (!keep(u.file, "")) continue;
    const c: Case = { format: suite.format, file: u.file, folder: u.folder, index: 0, note: u.file, regoVersion: "v1", fields: {} };
    results.push({ case: c, status: "skip", reason: u.reason });
  }
  return { root, format: suite.format, results, counts: count(results) };
}
