// One run on both sides: the project's engine and `opa eval`, each reduced to an outcome that
// can be compared: the solutions (bindings; the expressions' values for a query without
// variables) as a set, numbers by value, or an error code.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asJSONValue, sameSolutions, showSolutions } from "../../rego/conformance/compare.js";
import { type Value, RObject, RegoError, compile, fromJSON, toJSONText } from "../../rego/index.js";
import { EngineError } from "../engine.js";
import { type OpaLocation, OpaReportedError, parseEvalOutput, runOpa } from "../opa-binary.js";
import type { Run } from "./runs.js";

export type Outcome =
  | { kind: "result"; solutions: Value[] }
  | { kind: "error"; code: string; message: string }
  /** opa itself failed (crashed, timed out, printed no JSON): not a Rego outcome */
  | { kind: "failure"; message: string };

/** A variable the query writer did not name: generated (`__x__`) or a wildcard (`$x`). */
const hidden = (name: string): boolean => name.startsWith("__") || name.startsWith("$");

function solution(bindings: [string, Value][], values: () => Value[]): Value {
  const o = new RObject();
  const visible = bindings.filter(([k]) => !hidden(k));
  if (visible.length > 0) {
    const b = new RObject();
    for (const [k, v] of visible) b.set(k, asJSONValue(v));
    o.set("bindings", b);
  } else o.set("values", values().map(asJSONValue));
  return o;
}

export function ours(run: Run, timeoutMs: number): Outcome {
  const modules: Record<string, string> = {};
  run.modules.forEach((m, i) => (modules[`test-${i}.rego`] = m));
  try {
    const ps = compile(modules, { regoVersion: run.regoVersion });
    const rs = ps.eval(run.query, {
      ...(run.input !== undefined ? { input: run.input } : {}),
      ...(run.data !== undefined ? { data: run.data } : {}),
      strictBuiltinErrors: run.strictBuiltinErrors,
      ...(run.env ? { env: run.env } : {}),
      limits: { timeoutMs },
    });
    return { kind: "result", solutions: rs.map((r) => solution(Object.entries(r.bindings), () => r.expressions.map((e) => e.value))) };
  } catch (e) {
    if (e instanceof RegoError) return { kind: "error", code: e.code, message: e.message };
    return { kind: "error", code: "crash", message: `${(e as Error)?.name}: ${(e as Error)?.message}` };
  }
}

/** The `opa eval` arguments for a run whose modules and data are written to `dir`. */
export function opaArgs(run: Run, dir: string): string[] {
  const args = ["eval", "--format", "json"];
  if (run.regoVersion === "v0") args.push("--v0-compatible");
  if (run.strictBuiltinErrors) args.push("--strict-builtin-errors");
  args.push("--data", dir);
  if (run.input !== undefined) args.push("--stdin-input");
  args.push(run.query);
  return args;
}

export async function theirs(opa: OpaLocation, run: Run, timeoutMs: number): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), "pc-against-opa-"));
  try {
    run.modules.forEach((m, i) => writeFileSync(join(dir, `test-${i}.rego`), m));
    if (run.data !== undefined) writeFileSync(join(dir, "data.json"), toJSONText(run.data));
    const out = await runOpa(opa, {
      args: opaArgs(run, dir),
      ...(run.input !== undefined ? { stdin: toJSONText(run.input) } : {}),
      timeoutMs,
      // opa.runtime().env is the process's environment: only the case's, when it sets one
      ...(run.env ? { env: { ...run.env } } : {}),
    });
    const { result } = parseEvalOutput(out);
    return {
      kind: "result",
      solutions: result.map((r) => solution(Object.entries(r.bindings ?? {}).map(([k, v]) => [k, fromJSON(v)]), () => r.expressions.map((e) => fromJSON(e.value)))),
    };
  } catch (e) {
    if (e instanceof OpaReportedError) return { kind: "error", code: e.errors[0]!.code ?? "error", message: e.message };
    if (e instanceof EngineError) return { kind: "failure", message: e.message };
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function sameOutcome(a: Outcome, b: Outcome): boolean {
  if (a.kind === "result" && b.kind === "result") return sameSolutions(a.solutions, b.solutions);
  if (a.kind === "error" && b.kind === "error") return a.code === b.code;
  return false;
}

export function showOutcome(o: Outcome): string {
  switch (o.kind) {
    case "result":
      return o.solutions.length === 0 ? "undefined" : showSolutions(o.solutions);
    case "error":
      return `error ${o.code}: ${o.message.split("\n")[0]}`;
    case "failure":
      return `opa failed: ${o.message}`;
  }
}
