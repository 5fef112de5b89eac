// `policy-check test DIR...`: runs the test_* rules of Rego files, like `opa test`.

import pc from "picocolors";
import { compile } from "../rego/index.js";
import { runTests } from "../rego/testing.js";
import { loadPolicyFiles } from "../load/policy-files.js";
import { EXIT_FINDINGS, EXIT_OK } from "./fail.js";

export interface TestCommandOptions {
  regoVersion: "v0" | "v1";
  run?: string;
  verbose: boolean;
  format: "pretty" | "json";
  timeout: number;
}

const RULE = "-".repeat(80);

export function runTestCommand(paths: string[], opts: TestCommandOptions, out: (s: string) => void): number {
  const files = loadPolicyFiles(paths);
  const ps = compile(files.modules, { regoVersion: opts.regoVersion });
  const prints = new Map<string, string[]>();
  const testOpts: Parameters<typeof runTests>[1] = {
    data: files.data,
    limits: { timeoutMs: opts.timeout },
    print: (name, line) => {
      const l = prints.get(name) ?? [];
      l.push(line);
      prints.set(name, l);
    },
  };
  if (opts.run) testOpts.filter = new RegExp(opts.run);
  const { results, skipped } = runTests(ps, testOpts);
  if (opts.format === "json") {
    out(JSON.stringify(results.map((r) => ({ ...r, durationMs: Math.round(r.durationMs * 1000) / 1000 })), null, 2) + "\n");
  } else {
    const failed = results.filter((r) => r.outcome !== "pass");
    const byFile = new Map<string, typeof results>();
    for (const r of results) {
      const l = byFile.get(r.file) ?? [];
      l.push(r);
      byFile.set(r.file, l);
    }
    if (opts.verbose) {
      for (const [file, rs] of byFile) {
        out(`${file}:\n`);
        for (const r of rs) {
          out(`${r.name}: ${label(r.outcome)} (${fmtMs(r.durationMs)})\n`);
          for (const line of prints.get(r.name) ?? []) out(`  ${line}\n`);
          if (r.error && r.outcome === "error") out(`  ${r.error}\n`);
        }
      }
      out(`${RULE}\n`);
    } else if (failed.length > 0) {
      out(`FAILURES\n${RULE}\n`);
      for (const r of failed) {
        out(`${r.name}: ${label(r.outcome)} (${fmtMs(r.durationMs)})\n`);
        if (r.error) out(`  ${r.error}\n`);
        for (const line of prints.get(r.name) ?? []) out(`  ${line}\n`);
        out("\n");
      }
      out(`SUMMARY\n${RULE}\n`);
      for (const [file, rs] of byFile) {
        out(`${file}:\n`);
        for (const r of rs) out(`${r.name}: ${label(r.outcome)} (${fmtMs(r.durationMs)})\n`);
      }
      out(`${RULE}\n`);
    }
    const n = results.length;
    const pass = results.filter((r) => r.outcome === "pass").length;
    const fail = results.filter((r) => r.outcome === "fail").length;
    const err = results.filter((r) => r.outcome === "error").length;
    if (n === 0) out("no tests found\n");
    if (pass > 0) out(pc.green(`PASS: ${pass}/${n}`) + "\n");
    if (fail > 0) out(pc.red(`FAIL: ${fail}/${n}`) + "\n");
    if (err > 0) out(pc.red(`ERROR: ${err}/${n}`) + "\n");
    if (skipped.length > 0) out(pc.yellow(`SKIPPED: ${skipped.length}/${n + skipped.length}`) + "\n");
  }
  const ok = results.length > 0 && results.every((r) => r.outcome === "pass");
  return ok ? EXIT_OK : EXIT_FINDINGS;
}

function label(o: string): string {
  return o === "pass" ? pc.green("PASS") : o === "fail" ? pc.red("FAIL") : pc.red("ERROR");
}

function fmtMs(ms: number): string {
  return ms < 1 ? `${Math.round(ms * 1000)}µs` : `${ms.toFixed(ms < 10 ? 2 : 0)}ms`;
}
