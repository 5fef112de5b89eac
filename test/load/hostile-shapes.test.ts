// Real inputs with one part swapped for a value of the wrong shape (null where an object was, an
// object where a string was, a list of nulls, a key named __proto__, a deep chain, ...): every
// mutant either loads and is checked, or is refused with an InputError in the reader's own
// words. An error message from the JavaScript engine ("Cannot read properties of null") means a
// reader met a shape it did not expect and only the last-resort guard caught it.
//
// Six mutants per input by default (about 450 runs, under two seconds). To search harder:
// MUTANTS=200 SEED=7 node --import tsx --test test/load/hostile-shapes.test.ts (SHOW_REFUSALS=1
// prints the refusals).

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultConfig } from "../../src/config/load-config.js";
import { normalizedModel } from "../../src/check/run-check.js";
import { structuredModel } from "../../src/check/model-copy.js";
import { prepareEngine } from "../../src/check/prepare-engine.js";
import { findingsFromResults } from "../../src/evaluate/engine-findings.js";
import { InputError } from "../../src/load/input-error.js";
import { loadInputs } from "../../src/load/load-inputs.js";
import { DIRECTORY_READERS, READERS } from "../../src/load/readers.js";
import { parse as parseYAML } from "yaml";
import { runCheck } from "../../src/check/run-check.js";
import { REPORTERS } from "../../src/report/index.js";
import { rng } from "../random.js";

const CORPUS = new URL("../../../shared/iac-corpus/", import.meta.url).pathname;
const ROOT = new URL("../../", import.meta.url).pathname;

/**
 * Inputs small enough to mutate many times: the corpus's, and the shipped examples' plans, token
 * configurations and workflows (YAML, mutated as data and written back as JSON, which is YAML too).
 */
function inputs(): string[] {
  const out: string[] = [];
  for (const dir of ["tf-plan", "tf-state", "pulumi", "cdktf"]) {
    const d = join(CORPUS, dir);
    for (const f of readdirSync(d)) if (f.endsWith(".json") && statSync(join(d, f)).size < 150_000) out.push(join(d, f));
  }
  for (const example of ["incident", "hardened"])
    for (const f of ["plan.json", "tokens.yaml", "deploy-workflow.yml"]) out.push(join(ROOT, "examples", example, f));
  for (const dir of ["test/fixtures/tokens", "test/fixtures/workflows"])
    for (const f of readdirSync(join(ROOT, dir))) if (/\.ya?ml$/.test(f)) out.push(join(ROOT, dir, f));
  return out;
}

function readData(file: string): unknown {
  const text = readFileSync(file, "utf8");
  return file.endsWith(".json") ? JSON.parse(text) : parseYAML(text);
}

/** Messages of the JavaScript engine, not of a reader. */
const ENGINE_WORDS = /Cannot read propert|Cannot set propert|is not a function|is not iterable|is not a constructor|Cannot convert|Cannot create property|Maximum call stack|Invalid array length|Invalid string length/;

function hostileValue(rand: () => number): unknown {
  const deep = (): unknown => {
    let v: unknown = "x";
    for (let i = 0; i < 200; i++) v = rand() < 0.5 ? [v] : { k: v };
    return v;
  };
  const pick = [
    () => null,
    () => 0,
    () => -1,
    () => 1e308,
    () => "",
    () => "(known after apply)",
    () => true,
    () => [],
    () => ({}),
    () => [null],
    () => [{}],
    () => ({ "": null }),
    () => JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
    () => "x".repeat(10_000),
    () => "<img src=x onerror=alert(1)>](javascript:alert(1))",
    deep,
  ];
  return pick[Math.floor(rand() * pick.length)]!();
}

/** Every container below the root, as the path to it (objects by key, arrays by position). */
function paths(doc: unknown): (string | number)[][] {
  const out: (string | number)[][] = [];
  const stack: { v: unknown; p: (string | number)[] }[] = [{ v: doc, p: [] }];
  while (stack.length > 0 && out.length < 20_000) {
    const { v, p } = stack.pop()!;
    if (Array.isArray(v)) v.forEach((c, i) => (out.push([...p, i]), stack.push({ v: c, p: [...p, i] })));
    else if (typeof v === "object" && v !== null)
      for (const k of Object.keys(v)) {
        out.push([...p, k]);
        stack.push({ v: (v as Record<string, unknown>)[k], p: [...p, k] });
      }
  }
  return out;
}

/** The document with the value at one random path replaced, deleted, or a key added beside it. */
function mutate(doc: unknown, rand: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(doc)) as unknown;
  const ps = paths(copy);
  if (ps.length === 0) return hostileValue(rand);
  const p = ps[Math.floor(rand() * ps.length)]!;
  let parent = copy as Record<string | number, unknown>;
  for (const step of p.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = p[p.length - 1]!;
  const r = rand();
  if (r < 0.7) parent[last] = hostileValue(rand);
  else if (r < 0.85 && !Array.isArray(parent)) delete parent[last];
  else if (!Array.isArray(parent)) parent[`${String(last)}_${Math.floor(rand() * 100)}`] = hostileValue(rand);
  else parent[last] = hostileValue(rand);
  return copy;
}

test("inputs with a part of the wrong shape load and are checked, or are refused in the reader's words", async () => {
  const config = defaultConfig();
  const prepared = await prepareEngine({ choice: { kind: "own" }, config, namespaces: config.policies.namespaces });
  const dir = mkdtempSync(join(tmpdir(), "policy-check-hostile-"));
  const rand = rng(Number(process.env.SEED ?? 20261204));
  const files = inputs();
  assert.ok(files.length > 50, `only ${files.length} inputs found`);
  const failures: string[] = [];
  let loaded = 0;
  let refused = 0;
  try {
    for (const file of files) {
      const doc = readData(file);
      for (let m = 0; m < Number(process.env.MUTANTS ?? 6); m++) {
        const mutant = mutate(doc, rand);
        const path = join(dir, `m${m}-${file.split("/").pop()}`);
        writeFileSync(path, JSON.stringify(mutant));
        const what = `${file.split("/").pop()} mutant ${m}`;
        try {
          const model = normalizedModel(
            loadInputs([path], { readers: READERS, directoryReaders: DIRECTORY_READERS, tfDirs: [], workspace: null, lifecycle: null, raw: m % 2 === 0 }),
            config,
          );
          loaded++;
          // the policies run over whatever the reader let through
          const results = await prepared.engine.evaluate(structuredModel(model), prepared.entrypoints);
          findingsFromResults(results, prepared.table, model);
          if (m === 0) {
            // the whole check once per input, every report format rendered
            const { result } = await runCheck({ inputs: [path], config, tfDirs: [], workspace: null, raw: false });
            for (const reporter of REPORTERS.values()) {
              const text = reporter.render(result, { color: true });
              if (reporter.format === "json" || reporter.format === "sarif") JSON.parse(text);
            }
          }
        } catch (e) {
          if (e instanceof InputError && !ENGINE_WORDS.test(e.message)) {
            refused++;
            if (process.env.SHOW_REFUSALS) console.log(e.problem.slice(0, 160));
            continue;
          }
          failures.push(`${what}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`.slice(0, 300));
        }
        assert.equal(({} as Record<string, unknown>)["polluted"], undefined, `${what} polluted Object.prototype`);
      }
    }
  } finally {
    await prepared.engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (process.env.MUTANTS) console.log({ files: files.length, loaded, refused, failures: failures.length });
  assert.deepEqual(failures, [], `${failures.length} of ${loaded + refused + failures.length} mutants crashed a reader or the evaluation`);
  // most mutants still load: the readers tolerate odd parts rather than refusing whole files
  assert.ok(loaded > refused, `loaded ${loaded}, refused ${refused}`);
});

test("root variables of an unexpected shape: a number no double holds, a sensitive value written bare", async () => {
  // found by the test above: a secret variable whose value was 1e308 (read exactly, as an
  // object) had "(sensitive)" written into that object, which then failed to convert
  const plan = JSON.parse(readFileSync(join(CORPUS, "tf-plan", "hashicorp__terraform-json__sanitize__testdata__basic.json"), "utf8")) as Record<string, Record<string, unknown>>;
  plan["variables"]!["toggle_sensitive"] = "__HUGE__";
  // `foo` is declared sensitive; its value written without the {"value": ...} wrapper
  plan["variables"]!["foo"] = "hunter2-secret";
  const dir = mkdtempSync(join(tmpdir(), "policy-check-hostile-"));
  const config = defaultConfig();
  const prepared = await prepareEngine({ choice: { kind: "own" }, config, namespaces: config.policies.namespaces });
  try {
    const path = join(dir, "plan.json");
    writeFileSync(path, JSON.stringify(plan).replace('"__HUGE__"', "1e308"));
    for (const raw of [true, false]) {
      const model = normalizedModel(loadInputs([path], { readers: READERS, directoryReaders: DIRECTORY_READERS, tfDirs: [], workspace: null, lifecycle: null, raw }), config);
      const results = await prepared.engine.evaluate(structuredModel(model), prepared.entrypoints);
      findingsFromResults(results, prepared.table, model);
      const variables = (model.raw as { variables: Record<string, unknown> }).variables;
      assert.equal(variables["foo"], "(sensitive)", `raw ${raw}`);
    }
  } finally {
    await prepared.engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
