// npm run bench:engine — evaluates a realistic IaC policy (iterate resource changes, look up
// attributes, comprehensions) over synthetic plans of 1k, 10k and 100k resources, and prints
// the time per run and its ratio to JSON.parse of the same input.

import { syntheticPlan } from "./synthetic-plan.js";

// The engine is loaded from the compiled output (npm run build), as users run it.
const engine = (await import(new URL("../lib/rego/index.js", import.meta.url).href)) as typeof import("../src/rego/index.js");
const { adoptJSON, compile } = engine;

const POLICY = `package bench
import rego.v1

stateful_types := {"aws_db_instance", "aws_ebs_volume", "aws_s3_bucket", "aws_dynamodb_table"}

destructive(rc) if "delete" in rc.change.actions

deny contains msg if {
  some rc in input.resource_changes
  rc.type in stateful_types
  destructive(rc)
  msg := sprintf("%s would be destroyed", [rc.address])
}

deny contains msg if {
  some rc in input.resource_changes
  rc.type == "aws_db_instance"
  rc.change.after.deletion_protection == false
  msg := sprintf("%s has no deletion protection", [rc.address])
}

warn contains msg if {
  some rc in input.resource_changes
  rc.change.after.tags.env == "production"
  rc.change.after.backup_retention_period < 7
  msg := sprintf("%s keeps backups for %d days", [rc.address, rc.change.after.backup_retention_period])
}

by_type[t] := count([rc | some rc in input.resource_changes; rc.type == t]) if some t in stateful_types

production := {rc.address | some rc in input.resource_changes; rc.change.after.tags.env == "production"}
`;

function time(fn: () => void, minRuns = 3, minMs = 300): number {
  fn(); // warm-up
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
    if (times.length >= 50) break;
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const ps = compile({ "bench.rego": POLICY });
const sizes = (process.argv[2] ?? "1000,10000,100000").split(",").map(Number);
console.log("resources  size(MB)  JSON.parse  convert  eval     convert+eval  ratio(eval/parse)  ratio(convert+eval/parse)  deny");
for (const n of sizes) {
  const text = JSON.stringify(syntheticPlan(n));
  const parseMs = time(() => JSON.parse(text));
  // loading = JSON.parse + adopting the parsed objects as engine values (done once per input)
  const convertMs = Math.max(0, time(() => adoptJSON(JSON.parse(text))) - parseMs);
  const input = adoptJSON(JSON.parse(text));
  let denies = 0;
  const evalMs = time(() => {
    const rs = ps.eval("data.bench", { input });
    denies = ((rs[0]!.expressions[0]!.value as { get(k: string): unknown }).get("deny") as { size: number }).size;
  });
  console.log(
    [
      String(n).padStart(9),
      (text.length / 1e6).toFixed(1).padStart(8),
      `${parseMs.toFixed(1)}ms`.padStart(10),
      `${convertMs.toFixed(1)}ms`.padStart(8),
      `${evalMs.toFixed(1)}ms`.padStart(8),
      `${(convertMs + evalMs).toFixed(1)}ms`.padStart(12),
      (evalMs / parseMs).toFixed(2).padStart(18),
      ((convertMs + evalMs) / parseMs).toFixed(2).padStart(26),
      String(denies).padStart(5),
    ].join("  "),
  );
}
