// The project's engine behind the PolicyEngine interface: decision rules evaluated definition by
// definition (each value attributed to its definition), other entrypoints as queries, plain
// JSON out, and the input copied unless it is handed over.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { OwnEngine } from "../../src/engine/own-engine.js";
import { entrypointRef } from "../../src/engine/engine.js";
import { RuleTable } from "../../src/evaluate/rule-table.js";
import { decisionRules } from "../../src/evaluate/policy-set.js";
import { findingsFromResults } from "../../src/evaluate/engine-findings.js";
import { compile } from "../../src/rego/index.js";
import { MODEL_VERSION, type PolicyInput } from "../../src/model/types.js";

const SRC = `package acme

# METADATA
# custom:
#   id: ACME-1
#   severity: critical
deny contains msg if {
	some name in input.names
	startswith(name, "prod")
	msg := sprintf("%s is production", [name])
}

# METADATA
# custom:
#   id: ACME-2
#   severity: medium
deny contains "always" if true

labels := {n: upper(n) | some n in input.names}
`;

const set = compile({ "acme.rego": SRC });
const rules = decisionRules(set, ["acme"]);
const limits = { timeoutMs: 10_000, maxSteps: 1_000_000 };
const model: PolicyInput = { model_version: MODEL_VERSION, sources: [], resources: [], tokens: [], environments: [], raw: {} };

describe("OwnEngine", () => {
  it("attributes each value to its definition; other entrypoints are queries", async () => {
    const engine = new OwnEngine({ set, data: {}, rules: rules.map((r) => r.rule), limits });
    assert.deepEqual([...engine.entrypoints()], ["acme/deny"]);
    const input = { names: ["prod-db", "dev-db"] };
    const results = await engine.evaluate(input, ["acme/deny", "acme/labels", "acme/nothing"]);
    assert.deepEqual(JSON.parse(JSON.stringify(results)), [
      { entrypoint: "acme/deny", outputs: [{ value: "prod-db is production", origin: { file: "acme.rego", row: 7 } }, { value: "always", origin: { file: "acme.rego", row: 17 } }] },
      { entrypoint: "acme/labels", outputs: [{ value: { "dev-db": "DEV-DB", "prod-db": "PROD-DB" } }] },
      { entrypoint: "acme/nothing", outputs: [] },
    ]);
    // copied, not adopted: the caller's input is untouched
    assert.equal(Object.getPrototypeOf(input), Object.prototype);
    const findings = findingsFromResults(results, new RuleTable(rules, ""), model);
    assert.deepEqual(findings.map((f) => [f.policy, f.severity, f.message]), [
      ["ACME-1", "critical", "prod-db is production"],
      ["ACME-2", "medium", "always"],
    ]);
  });

  it("the same values, merged as a bundle or opa gives them, keep only the METADATA both definitions agree on", () => {
    const findings = findingsFromResults([{ entrypoint: "acme/deny", outputs: [{ value: ["prod-db is production", "always"] }] }], new RuleTable(rules, ""), model);
    assert.deepEqual(findings.map((f) => [f.policy, f.severity, f.message]), [
      ["acme.deny", "high", "prod-db is production"],
      ["acme.deny", "high", "always"],
    ]);
  });

  it("entrypoint references", () => {
    assert.equal(entrypointRef("policy_check/tokens/deny"), "data.policy_check.tokens.deny");
    assert.equal(entrypointRef("/a-b/c d/deny"), 'data["a-b"]["c d"].deny');
  });
});
