// The shipped policies' unit tests (`*_test.rego`) run by both: the project's test runner and
// `opa test --format json`, compared test by test (pass, fail, error, skip).

import { compile } from "../../rego/index.js";
import { runTests } from "../../rego/testing.js";
import { loadPolicyFiles } from "../../load/policy-files.js";
import { EngineError } from "../engine.js";
import { type OpaLocation, runOpa } from "../opa-binary.js";
import { parseExactJSON } from "../../rego/exact-json.js";

export type TestOutcome = "pass" | "fail" | "error" | "skip";

export function ourTests(dirs: readonly string[], timeoutMs: number): Map<string, TestOutcome> {
  const files = loadPolicyFiles(dirs);
  const ps = compile(files.modules, { regoVersion: "v1" });
  const { results, skipped } = runTests(ps, { data: files.data, limits: { timeoutMs } });
  const out = new Map<string, TestOutcome>();
  for (const r of results) out.set(r.name, r.outcome);
  for (const s of skipped) out.set(s, "skip");
  return out;
}

/** `opa test --format json DIR...`: one entry per test, `package` + `name` naming it. */
export async function opaTests(opa: OpaLocation, dirs: readonly string[], timeoutMs: number): Promise<Map<string, TestOutcome>> {
  const out = await runOpa(opa, { args: ["test", "--format", "json", ...dirs], timeoutMs });
  let doc: unknown;
  try {
    doc = parseExactJSON(out.stdout, true);
  } catch {
    doc = undefined;
  }
  if (!Array.isArray(doc)) {
    const why = (out.stderr.trim() || out.stdout.trim()).split("\n")[0] || "no output";
    throw new EngineError(`opa test did not print a JSON list of results (exit code ${out.code ?? out.signal}): ${why}`);
  }
  const results = new Map<string, TestOutcome>();
  for (const e of doc) {
    const r = (typeof e === "object" && e !== null ? e : {}) as Record<string, unknown>;
    if (typeof r["package"] !== "string" || typeof r["name"] !== "string") throw new EngineError("opa test: a result without package and name");
    const outcome: TestOutcome = r["error"] !== undefined && r["error"] !== null ? "error" : r["fail"] === true ? "fail" : r["skip"] === true ? "skip" : "pass";
    results.set(`${r["package"]}.${r["name"]}`, outcome);
  }
  return results;
}
