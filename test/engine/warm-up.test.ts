// The warm-up before a large evaluation (src/check/warm-up.ts): which resources and tokens it
// takes, that it leaves no trace (no prints, no errors, the model unchanged) and that the
// findings of a warmed-up evaluation are those of a cold one.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OwnEngine } from "../../src/engine/own-engine.js";
import type { PolicyEngine } from "../../src/engine/engine.js";
import { WARM_UP_MIN_ITEMS, warmUpFor, warmUpSample } from "../../src/check/warm-up.js";
import { normalizedModel } from "../../src/check/run-check.js";
import { structuredModel } from "../../src/check/model-copy.js";
import { prepareEngine } from "../../src/check/prepare-engine.js";
import { findingsFromResults } from "../../src/evaluate/engine-findings.js";
import { loadInputs } from "../../src/load/load-inputs.js";
import { DIRECTORY_READERS, READERS } from "../../src/load/readers.js";
import { resolveConfig } from "../../src/cli/check-command.js";
import { compile } from "../../src/rego/index.js";
import { decisionRules } from "../../src/evaluate/policy-set.js";
import { MODEL_VERSION, type PolicyInput, type Resource, type Token } from "../../src/model/types.js";
import { syntheticPlan } from "../../scripts/synthetic-plan.js";

const resource = (type: string, action: string, i: number) => ({ id: `r${i}`, address: `${type}.r${i}`, type, action, after: { n: i } }) as unknown as Resource;
const token = (provider: string, kind: string, i: number) => ({ id: `t${i}`, provider, holder: { kind, name: null } }) as unknown as Token;
const modelOf = (resources: Resource[], tokens: Token[] = []): PolicyInput => ({ model_version: MODEL_VERSION, sources: [], resources, tokens, environments: ["production"], raw: { big: true } });

describe("warmUpSample", () => {
  it("takes the first resource of each type and action and the first token of each provider and holder kind, as copies, without raw documents", () => {
    const rs = [resource("a", "create", 0), resource("a", "create", 1), resource("a", "delete", 2), resource("b", "no-op", 3), resource("a", "delete", 4)];
    const ts = [token("aws", "ci", 0), token("aws", "ci", 1), token("aws", "agent", 2), token("github", "ci", 3)];
    const model = modelOf(rs, ts);
    const sample = warmUpSample(model);
    assert.deepEqual(sample.resources.map((r) => r.id), ["r0", "r2", "r3"]);
    assert.deepEqual(sample.tokens.map((t) => t.id), ["t0", "t2", "t3"]);
    assert.equal(sample.raw, null);
    assert.deepEqual(sample.environments, ["production"]);
    assert.notEqual(sample.resources[0], rs[0], "a copy the engine may adopt");
    assert.equal(model.resources.length, 5);
    assert.deepEqual(model.raw, { big: true });
  });

  it("takes at most 200 resources", () => {
    const rs = Array.from({ length: 500 }, (_, i) => resource(`type_${i}`, "create", i));
    assert.equal(warmUpSample(modelOf(rs)).resources.length, 200);
  });
});

describe("warmUpFor", () => {
  const spy = () => {
    const calls: unknown[] = [];
    const engine = { kind: "own", label: "spy", entrypoints: () => [], evaluate: async () => [], close: async () => {}, warmUp: async (input: unknown) => void calls.push(input) } as PolicyEngine;
    return { engine, calls };
  };

  it("warms up only inputs of at least WARM_UP_MIN_ITEMS resources and tokens", async () => {
    const small = spy();
    await warmUpFor(small.engine, modelOf(Array.from({ length: WARM_UP_MIN_ITEMS - 1 }, (_, i) => resource("a", "create", i))), []);
    assert.equal(small.calls.length, 0);
    const large = spy();
    await warmUpFor(large.engine, modelOf(Array.from({ length: WARM_UP_MIN_ITEMS - 1 }, (_, i) => resource("a", "create", i)), [token("aws", "ci", 0)]), []);
    assert.equal(large.calls.length, 1);
  });

  it("does nothing for engines that cannot warm up", async () => {
    const engine = { kind: "wasm", label: "bundle", entrypoints: () => [], evaluate: async () => [], close: async () => {} } as PolicyEngine;
    await warmUpFor(engine, modelOf(Array.from({ length: WARM_UP_MIN_ITEMS }, (_, i) => resource("a", "create", i))), []);
  });
});

describe("OwnEngine.warmUp", () => {
  it("prints nothing and swallows the errors of the rules it runs", async () => {
    const set = compile({
      "w.rego": `package w
import rego.v1

deny contains x if {
	print("evaluating")
	some x in input.names
}

deny contains "conflict" if {
	f(1)
}

f(x) := 1 if true
f(x) := 2 if true
`,
    });
    const printed: string[] = [];
    const engine = new OwnEngine({ set, data: {}, rules: decisionRules(set, ["w"]).map((r) => r.rule), limits: { timeoutMs: 10_000, maxSteps: 1_000_000 }, print: (l) => printed.push(l) });
    await engine.warmUp({ names: ["a"] }, ["w/deny"]);
    assert.deepEqual(printed, []);
    await assert.rejects(engine.evaluate({ names: ["a"] }, ["w/deny"]), /conflict/, "the real evaluation still reports the error");
    assert.deepEqual(printed, ["evaluating"]);
  });

  it("leaves the findings of the shipped policies as a cold evaluation gives them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pc-warm-"));
    try {
      const file = join(dir, "plan.json");
      writeFileSync(file, JSON.stringify(syntheticPlan(300)));
      const config = resolveConfig({ policy: [], namespace: [], shipped: true });
      const findings = async (warm: boolean) => {
        const loaded = loadInputs([file], { readers: READERS, directoryReaders: DIRECTORY_READERS, tfDirs: [], workspace: null, lifecycle: null });
        const model = normalizedModel(loaded, config);
        const prepared = await prepareEngine({ choice: { kind: "own" }, config, namespaces: config.policies.namespaces });
        if (warm) await prepared.engine.warmUp!(warmUpSample(model), prepared.entrypoints);
        const results = await prepared.engine.evaluate(structuredModel(model), prepared.entrypoints, { handOver: true });
        return JSON.stringify(findingsFromResults(results, prepared.table, model));
      };
      const cold = await findings(false);
      assert.ok(JSON.parse(cold).length > 50);
      assert.equal(await findings(true), cold);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
