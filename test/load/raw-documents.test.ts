// How much of a plan's raw document the checker builds: whole (secrets redacted) when a policy
// can read input.raw, else only the configuration and variables the checker itself reads for
// provider credentials. Decided from the compiled policies (PolicySet.inputKeys).

import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCheck } from "../../src/check/run-check.js";
import { defaultConfig } from "../../src/config/load-config.js";
import type { Config } from "../../src/config/types.js";

const dir = mkdtempSync(join(tmpdir(), "pc-raw-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The default configuration plus one policy of package `custom`. */
function withPolicy(name: string, rego: string): Config {
  const d = mkdtempSync(join(dir, `${name}-`));
  writeFileSync(join(d, "p.rego"), rego);
  const c = defaultConfig();
  return { ...c, policies: { ...c.policies, paths: [d], namespaces: [...c.policies.namespaces, "custom"] } };
}

const PLAN = "examples/incident/plan.json";
const check = (config: Config) => runCheck({ inputs: [PLAN], config, tfDirs: [], workspace: "staging", raw: false });

describe("raw documents", () => {
  it("keeps only configuration and variables when no policy reads input.raw, and still finds the provider credentials", async () => {
    const { model, result } = await check(defaultConfig());
    assert.deepEqual(Object.keys(model.raw as object).sort(), ["configuration", "format_version", "terraform_version", "variables"]);
    assert.deepEqual(Object.keys((model.raw as { configuration: object }).configuration), ["provider_config"]);
    const whole = await check(withPolicy("reads-raw", "package custom\nimport rego.v1\n\nwarn contains \"raw\" if input.raw.resource_changes\n"));
    // the same findings from the shipped policies either way (provider tokens come from the configuration)
    const ids = (r: typeof result) => r.decision.findings.filter((f) => f.policy !== "custom.warn").map((f) => `${f.policy} ${f.resource}`).sort();
    assert.deepEqual(ids(result), ids(whole.result));
    assert.ok(result.changes.tokens > 0);
  });

  it("redacts a provider credential written in the configuration in the part it keeps", async () => {
    const plan = JSON.parse(readFileSync(PLAN, "utf8")) as { configuration: { provider_config: Record<string, { expressions: Record<string, unknown> }> } };
    plan.configuration.provider_config["aws"]!.expressions["secret_key"] = { constant_value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
    plan.configuration.provider_config["aws"]!.expressions["access_key"] = { constant_value: "AKIAIOSFODNN7EXAMPLE" };
    const file = join(dir, "literal-key.json");
    writeFileSync(file, JSON.stringify(plan));
    const { model, result } = await runCheck({ inputs: [file], config: defaultConfig(), tfDirs: [], workspace: "staging", raw: false });
    const text = JSON.stringify(model.raw);
    assert.ok(!text.includes("wJalrXUtnFEMI"), text.slice(0, 300));
    assert.ok(text.includes('"secret_key":{"constant_value":"(sensitive)"}'));
    assert.ok(result.decision.findings.some((f) => f.resource === "provider.aws" && /static|literal|written/i.test(f.message)), JSON.stringify(result.decision.findings.map((f) => [f.resource, f.message])));
  });

  for (const [what, rego] of [
    ["input.raw", "warn contains n if n := count(input.raw.resource_changes)"],
    ["input as a whole", "warn contains n if {\n\tx := input\n\tn := count(x.raw.resource_changes)\n}"],
    ["a computed key", "warn contains n if {\n\tsome k in [\"raw\"]\n\tn := count(input[k].resource_changes)\n}"],
    ["an imported input.raw", "import input.raw as plan\n\nwarn contains n if n := count(plan.resource_changes)"],
  ] as const) {
    it(`keeps the whole document when a policy reads ${what}`, async () => {
      const { model, result } = await check(withPolicy(what.replace(/\W+/g, "-"), `package custom\nimport rego.v1\n\n${rego}\n`));
      const raw = model.raw as Record<string, unknown>;
      assert.ok(Array.isArray(raw.resource_changes) && raw.resource_changes.length > 0);
      assert.ok(raw.planned_values !== undefined);
      const custom = result.decision.findings.filter((f) => f.rule?.package === "custom");
      assert.equal(custom.length, 1, JSON.stringify(result.decision.findings.map((f) => f.rule)));
      assert.equal(custom[0]!.message, String((raw.resource_changes as unknown[]).length));
    });
  }
});
