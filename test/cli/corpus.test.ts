// The whole checker on every file of ../shared/iac-corpus/ (real Terraform plans and states,
// Pulumi previews and stack exports, CDKTF synths). Each file either loads and is checked (a
// decision and a valid report in every format), or is refused with one clear line naming the
// file and saying what to run instead. Never a crash. In-process for speed; a handful through
// the CLI for the exit codes and stderr.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { InputError } from "../../src/load/input-error.js";
import { describeError } from "../../src/cli/fail.js";
import { REPORTERS } from "../../src/report/index.js";
import type { CheckResult } from "../../src/report/types.js";
import { check, jsonReportErrors, parseXml, root, sarifErrors } from "../report/helpers.js";
import { assertInputError, runCli } from "./helpers.js";

const CORPUS = resolve(root, "../shared/iac-corpus");
const KINDS = ["tf-plan", "tf-state", "pulumi", "cdktf"];

function corpusFiles(): string[] {
  return KINDS.flatMap((k) =>
    readdirSync(join(CORPUS, k))
      .sort()
      .map((f) => join(CORPUS, k, f))
      .filter((p) => statSync(p).isFile()),
  );
}

type Outcome = { file: string; result: CheckResult; ms: number } | { file: string; refused: string; ms: number };

const outcomes: Outcome[] = [];

test("every corpus file is checked or refused in one clear line, never a crash", async () => {
  const files = corpusFiles();
  assert.ok(files.length >= 90, `${files.length} corpus files under ${CORPUS} (see ../shared/README.md)`);
  const crashes: string[] = [];
  for (const file of files) {
    const started = performance.now();
    try {
      outcomes.push({ file, result: await check({ inputs: [file] }), ms: performance.now() - started });
    } catch (e) {
      if (e instanceof InputError) outcomes.push({ file, refused: describeError(e), ms: performance.now() - started });
      else crashes.push(`${file}: ${(e as Error)?.stack ?? String(e)}`);
    }
  }
  assert.deepEqual(crashes, []);
  const refused = outcomes.filter((o) => "refused" in o);
  assert.ok(refused.length < files.length / 4, `most of the corpus is read: ${refused.length} refused`);
  for (const o of refused) {
    assert.ok(!o.refused.includes("\n"), `one line: ${o.refused}`);
    assert.ok(o.refused.startsWith(`${o.file}: `), `names the file: ${o.refused}`);
    assert.match(o.refused, /\brun `[^`]+`/, `says what to run instead: ${o.refused}`);
    assert.doesNotMatch(o.refused, /internal error|TypeError|RangeError|\bat .+:\d+:\d+/);
  }
});

test("every checked corpus file has a decision and a valid report in every format", () => {
  assert.ok(outcomes.length > 0, "runs after the corpus test");
  for (const o of outcomes) {
    if (!("result" in o)) continue;
    const { result: r, file } = o;
    const d = r.decision;
    assert.ok(d.status === "pass" || d.status === "fail", file);
    assert.equal(r.sources.length, 1, file);
    assert.equal(r.sources[0]!.path, file);
    const json = JSON.parse(REPORTERS.get("json")!.render(r, { color: false }));
    assert.deepEqual(jsonReportErrors(json), [], file);
    assert.deepEqual(sarifErrors(JSON.parse(REPORTERS.get("sarif")!.render(r, { color: false }))), [], file);
    assert.equal(parseXml(REPORTERS.get("junit")!.render(r, { color: false })).name, "testsuites", file);
    const text = REPORTERS.get("text")!.render(r, { color: false });
    const summary = text.trimEnd().split("\n").at(-1)!;
    assert.match(summary, d.status === "fail" ? /^FAIL / : /^PASS /, file);
    assert.equal(/^(PASS|FAIL) no findings/.test(summary), d.findings.length === 0, `${file}: ${summary}`);
    assert.match(REPORTERS.get("markdown")!.render(r, { color: false }), /^### (✅|❌) policy-check: /, file);
    for (const line of REPORTERS.get("github")!.render(r, { color: false }).trimEnd().split("\n")) assert.match(line, /^::(error|warning|notice) [^\r\n]*::/, file);
    // a finding about a resource points at this file
    for (const f of d.findings) if (f.resource_id) assert.equal(f.file, file, `${file}: ${f.policy} ${f.resource}`);
  }
});

test("the corpus covers both outcomes and every tool", () => {
  const checked = outcomes.filter((o): o is Extract<Outcome, { result: CheckResult }> => "result" in o);
  assert.ok(checked.some((o) => o.result.decision.status === "fail"));
  assert.ok(checked.some((o) => o.result.decision.status === "pass"));
  const kinds = new Set(checked.map((o) => o.result.sources[0]!.kind));
  for (const k of ["terraform-plan", "terraform-state", "pulumi-preview", "pulumi-stack", "cdktf-synth"]) assert.ok(kinds.has(k as never), `${k} in ${[...kinds].join(", ")}`);
});

test("through the CLI: exit 0 or 1 with a report for read files, exit 2 in one line for refused ones", () => {
  // a Terraform plan that fails, a Pulumi file, and the first refused file (the rest in-process)
  const picks = [
    outcomes.find((o) => "result" in o && o.file.includes("/tf-plan/") && o.result.decision.status === "fail"),
    outcomes.find((o) => "result" in o && o.file.includes("/pulumi/")),
  ].filter((o): o is Outcome => o !== undefined);
  assert.equal(picks.length, 2);
  const refused = outcomes.find((o) => "refused" in o);
  for (const o of picks) {
    if (!("result" in o)) continue;
    const run = runCli(["-f", "json", o.file]);
    assert.doesNotMatch(run.stderr, /internal error|\n\s+at /, run.stderr);
    assert.equal(run.code, o.result.decision.status === "fail" ? 1 : 0, `${o.file}: ${run.stderr}`);
    const report = JSON.parse(run.stdout) as { status: string; findings: unknown[] };
    assert.equal(report.status, o.result.decision.status);
    assert.equal(report.findings.length, o.result.decision.findings.length);
  }
  if (refused && "refused" in refused) {
    const run = runCli([refused.file]);
    const line = assertInputError(run, refused.file, /\brun `[^`]+`/);
    assert.equal(`policy-check: ${refused.refused}`, line);
    assert.equal(run.stdout, "");
  }
});
