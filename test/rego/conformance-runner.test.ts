// The compliance runner's own pieces: exact YAML numbers, both case formats, the comparisons.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadYAMLText } from "../../src/rego/conformance/yaml.js";
import { runSuite, summaryLine } from "../../src/rego/conformance/index.js";
import { numToString } from "../../src/rego/number.js";

test("YAML numbers stay exact (big integers, decimals as written); non-string keys are kept", () => {
  const { data, parser } = loadYAMLText("a: 1700000000000000000123\nb: 0.1\nc: 1e400\nd:\n  1: x\n  null: y\n");
  assert.equal(parser, "yaml");
  const rec = data as Record<string, unknown>;
  assert.equal(rec["a"], 1700000000000000000123n);
  assert.equal(numToString(rec["b"] as never), "0.1");
  assert.equal(rec["c"], 10n ** 400n);
  assert.ok(rec["d"] instanceof Map);
});

test("YAML the `yaml` package rejects is read by js-yaml, numbers still exact", () => {
  const text = "x:\n  set!: [\n  1,\n  12345678901234567890123,\n  ]\n";
  const { data, parser } = loadYAMLText(text);
  assert.equal(parser, "js-yaml");
  assert.deepEqual((data as { x: { "set!": unknown[] } }).x["set!"], [1, 12345678901234567890123n]);
});

function suite(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "conformance-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

test("OPA format: solutions compared as sets, sort_bindings, errors, skips", () => {
  const dir = suite({
    "v1/a/t.yaml": `cases:
- note: a/set of solutions
  modules: ["package t\\nxs := [3, 1, 2]"]
  query: x := data.t.xs[_]
  want_result: [{x: 2}, {x: 3}, {x: 1}]
- note: a/sort bindings
  modules: ["package t\\ns := {x | some x in [3, 1]}"]
  query: x := [y | some y in data.t.s]
  sort_bindings: true
  want_result: [{x: [1, 3]}]
- note: a/error
  modules: ["package t\\np := 1 / 0"]
  query: x := data.t.p
  strict_error: true
  want_error_code: eval_builtin_error
  want_error: divide by zero
- note: a/wrong
  modules: ["package t\\np := 1"]
  query: x := data.t.p
  want_result: [{x: 2}]
- note: a/network
  modules: ["package t\\np := http.send({})"]
  query: x := data.t.p
  want_result: []
`,
  });
  const run = runSuite(dir);
  assert.equal(run.format, "opa");
  assert.equal(summaryLine(run.counts), "3 passed, 1 failed, 1 skipped");
  assert.match(run.results.find((r) => r.status === "skip")!.reason!, /network/);
});

test("regorus format: many!, set!/object! encodings, error text, want_prints", () => {
  const dir = suite({
    "x/t.yaml": `cases:
- note: many inputs
  modules: ["package t\\np = input.x"]
  input: {many!: [{x: 1}, {x: 2}]}
  query: data.t.p
  want_result: {many!: [1, 2]}
- note: sets and objects
  modules: ["package t\\ns = {1}\\no = {1: 2}"]
  query: data.t
  want_result: {s: {set!: [1]}, o: {object!: [{key: 1, value: 2}]}}
- note: error
  modules: ["package t\\np = 1 / 0"]
  query: data.t.p
  error: divide by zero
- note: prints
  modules: ["package t\\np { print(1) }"]
  query: data.t.p
  want_result: true
  want_prints: ["rego_0:2: 1"]
`,
  });
  const run = runSuite(dir);
  assert.equal(run.format, "regorus");
  assert.equal(summaryLine(run.counts), "4 passed, 0 failed, 0 skipped", run.results.map((r) => r.reason).join("; "));
});
