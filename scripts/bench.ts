// npm run bench — the full check (load, normalize, evaluate the shipped policies, decide, JSON
// report) on synthetic Terraform plans of 1k, 10k and 100k resources (every section terraform
// show -json writes, about 4.4 KB per resource: see synthetic-plan.ts). Every measurement runs in
// a fresh process, as a user's run does, so peak RSS is the run's own and neither side profits
// from a warmed-up JIT: the check and the bare JSON.parse of the same file (read included) are
// each run RUNS times and their medians compared. Usage: npm run bench [-- 1000 10000]

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { syntheticPlan } from "./synthetic-plan.js";

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = sizes.length > 0 ? sizes : [1_000, 10_000, 100_000];
const child = new URL("./bench-child.mjs", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "policy-check-bench-"));

const RUNS = 3;

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

/** The median time of RUNS fresh processes, the largest peak RSS among them. */
function measure(mode: "parse" | "check", file: string): Measure {
  const runs = Array.from({ length: RUNS }, () => once(mode, file));
  const times = runs.map((m) => m.ms).sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, maxRssMiB: Math.max(...runs.map((m) => m.maxRssMiB)), findings: runs[0]!.findings };
}

try {
  console.log(`median of ${RUNS} fresh processes each`);
  console.log("resources  file MiB  B/resource  JSON.parse ms  check ms  ratio  peak RSS MiB  findings");
  for (const n of SIZES) {
    const file = join(dir, `plan-${n}.json`);
    writeFileSync(file, JSON.stringify(syntheticPlan(n)));
    const mib = statSync(file).size / 2 ** 20;
    const parse = measure("parse", file);
    const check = measure("check", file);
    console.log(
      `${String(n).padStart(9)}  ${mib.toFixed(1).padStart(8)}  ${String(Math.round((mib * 2 ** 20) / n)).padStart(10)}  ${parse.ms.toFixed(0).padStart(13)}  ${check.ms.toFixed(0).padStart(8)}  ${(check.ms / parse.ms).toFixed(2).padStart(5)}  ${check.maxRssMiB.toFixed(0).padStart(12)}  ${String(check.findings).padStart(8)}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
