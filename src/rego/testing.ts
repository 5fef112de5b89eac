// Policy unit tests, as `opa test` runs them: every rule named test_* is evaluated; it passes
// when it is defined and true, fails when undefined or not true, and errors when evaluation
// fails. Rules named todo_test_* are skipped.

import type { EvalOptions, TestResult } from "./api.js";
import type { Rule } from "./ast.js";
import { RegoError } from "./errors.js";
import type { PolicySet } from "./policyset.js";

export interface TestOptions extends Pick<EvalOptions, "data" | "limits" | "strictBuiltinErrors"> {
  /** only tests whose full name matches */
  filter?: RegExp;
  /** receives print() output of each test */
  print?: (test: string, line: string) => void;
}

export interface TestRun {
  results: TestResult[];
  skipped: string[];
}

export function discoverTests(ps: PolicySet): { name: string; rule: Rule; skip: boolean }[] {
  const seen = new Set<string>();
  const out: { name: string; rule: Rule; skip: boolean }[] = [];
  for (const rule of ps.rules()) {
    const last = rule.path[rule.path.length - 1] ?? "";
    const isTest = last.startsWith("test_");
    const isTodo = last.startsWith("todo_test_");
    if (!isTest && !isTodo) continue;
    if (rule.kind === "function") continue;
    const name = ["data", ...rule.path].join(".");
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ name, rule, skip: isTodo });
  }
  out.sort((a, b) => (a.rule.module.file === b.rule.module.file ? a.rule.loc.row - b.rule.loc.row : a.rule.module.file < b.rule.module.file ? -1 : 1));
  return out;
}

export function runTests(ps: PolicySet, opts: TestOptions = {}): TestRun {
  const results: TestResult[] = [];
  const skipped: string[] = [];
  for (const t of discoverTests(ps)) {
    if (opts.filter && !opts.filter.test(t.name)) continue;
    if (t.skip) {
      skipped.push(t.name);
      continue;
    }
    const start = performance.now();
    const r: TestResult = {
      name: t.name,
      file: t.rule.module.file,
      location: t.rule.loc,
      outcome: "fail",
      durationMs: 0,
    };
    try {
      const evalOpts: EvalOptions = { strictBuiltinErrors: opts.strictBuiltinErrors ?? true };
      if (opts.data !== undefined) evalOpts.data = opts.data;
      if (opts.limits) evalOpts.limits = opts.limits;
      const printer = opts.print;
      if (printer) evalOpts.print = (line) => printer(t.name, line);
      const rs = ps.eval(t.name, evalOpts);
      const v = rs[0]?.expressions[0]?.value;
      r.outcome = rs.length > 0 && v === true ? "pass" : "fail";
      if (r.outcome === "fail") r.error = rs.length === 0 ? "undefined" : `result is ${JSON.stringify(v)}, not true`;
    } catch (e) {
      r.outcome = "error";
      r.error = e instanceof RegoError ? e.message : String(e);
    }
    r.durationMs = performance.now() - start;
    results.push(r);
  }
  return { results, skipped };
}
