// npm run bench — the full check (load, normalize, evaluate the shipped policies, decide, JSON
// report) on synthetic Terraform plans of 1k, 10k and 100k resources (every section terraform
// show -json writes, about 4.4 KB per resource: see synthetic-plan.ts). Every measurement runs in
// a fresh process, as a user's run does, so peak RSS is the run's own and neither side profits
// from a warmed-up JIT: the bare JSON.parse of the same file (read included) and the check run
// in turns, RUNS pairs, so that a machine that speeds up or slows down during the run (shared
// CPUs do) moves both sides alike; the ratio is the median of the pairs' ratios, the times are
// the medians of each side. Usage: npm run bench [-- 1000 10000]

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { syntheticPlan } from "./synthetic-plan.js";

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = sizes.length > 0 ? sizes : [1_000, 10_000, 100_000];
const child = new URL("./bench-child.mjs", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "policy-check-bench-"));

const RUNS = 5;

interface Measure {
  ms: number;
  maxRssMiB: number;
  findings?: number;
}

function once(mode: "parse" | "check", file: string): Measure {
  const r = spawnSync(process.execPath, ["--max-old-space-size=4096", child, mode, file], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${mode} ${file} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Measure;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** RUNS pairs of fresh processes, parse then check: the medians, the median ratio, the largest peak RSS of the checks. */
function measure(file: string): { parse: number; check: number; ratio: number; maxRssMiB: number; findings?: number } {
  const pairs = Array.from({ length: RUNS }, () => ({ parse: once("parse", file), check: once("check", file) }));
  return {
    parse: median(pairs.map((p) => p.parse.ms)),
    check: median(pairs.map((p) => p.check.ms)),
    ratio: median(pairs.map((p) => p.check.ms / p.parse.ms)),
    maxRssMiB: Math.max(...pairs.map((p) => p.check.maxRssMiB)),
    findings: pairs[0]!.check.findings,
  };
}

try {
  console.log(`${RUNS} fresh processes each, parse and check in turns: medians`);
  console.log("resources  file MiB  B/resource  JSON.parse ms  check ms  ratio  peak RSS MiB  findings");
  for (const n of SIZES) {
    const file = join(dir, `plan-${n}.json`);
    writeFileSync(file, JSON.stringify(syntheticPlan(n)));
    const mib = statSync(file).size / 2 ** 20;
    const m = measure(file);
    console.log(
      `${String(n).padStart(9)}  ${mib.toFixed(1).padStart(8)}  ${String(Math.round((mib * 2 ** 20) / n)).padStart(10)}  ${m.parse.toFixed(0).padStart(13)}  ${m.check.toFixed(0).padStart(8)}  ${m.ratio.toFixed(2).padStart(5)}  ${m.maxRssMiB.toFixed(0).padStart(12)}  ${String(m.findings).padStart(8)}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
