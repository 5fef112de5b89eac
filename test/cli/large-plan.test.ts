// A 200 MB Terraform plan: checked to the end, with a report, and a peak RSS under four times
// the file's size. The CLI runs in its own process with V8's old generation capped at three
// times the file size: the live heap must fit in that (or the run dies), and without a cap V8
// lets garbage grow to several times the live heap before it collects, which says more about
// V8 than about the checker. The peak includes tsx compiling the sources (the built CLI needs less).

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "./helpers.js";
import { writeLargePlan } from "./large-plan.js";

const MiB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), "pc-large-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test("a 200 MB plan is checked with a peak RSS under 4x its size", { timeout: 300_000 }, (t) => {
  const plan = join(dir, "plan.json");
  const { bytes, resources } = writeLargePlan(plan, 200 * MiB);
  assert.ok(bytes >= 190 * MiB && bytes <= 210 * MiB, `${bytes} bytes`);
  const rssFile = join(dir, "rss.txt");
  const heapMiB = Math.floor((3 * bytes) / MiB);
  const started = Date.now();
  const run = runCli(["-f", "json", plan], {
    nodeArgs: [`--max-old-space-size=${heapMiB}`, "--import", fileURLToPath(new URL("./report-rss.mjs", import.meta.url))],
    env: { PC_RSS_FILE: rssFile },
    timeoutMs: 280_000,
  });
  const seconds = (Date.now() - started) / 1000;
  assert.equal(run.code, 1, `exit ${run.code}: ${run.stderr.slice(0, 2000)}`);
  const report = JSON.parse(run.stdout) as { status: string; changes: { resources: number; delete: number }; findings: unknown[] };
  assert.equal(report.status, "fail");
  assert.equal(report.changes.resources, resources);
  assert.ok(report.changes.delete > 0 && report.findings.length > 0);
  assert.ok(existsSync(rssFile), "the run reported its peak RSS");
  const peak = Number(readFileSync(rssFile, "utf8")) * 1024;
  const ratio = peak / bytes;
  t.diagnostic(`plan ${(bytes / MiB).toFixed(0)} MiB, ${resources} resources: peak RSS ${(peak / MiB).toFixed(0)} MiB (${ratio.toFixed(2)}x), ${seconds.toFixed(0)} s`);
  assert.ok(ratio < 4, `peak RSS ${(peak / MiB).toFixed(0)} MiB is ${ratio.toFixed(2)}x the plan's ${(bytes / MiB).toFixed(0)} MiB`);
});
