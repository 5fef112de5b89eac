// Small helpers for engine tests: compile sources and read results as JSON text.
import { compile, toJSONText, type EvalOptions, type CompileOptions } from "../../src/rego/index.js";

export function evalOne(modules: Record<string, string> | string, query: string, opts: EvalOptions = {}, copts: CompileOptions = {}): string | undefined {
  const mods = typeof modules === "string" ? { "test.rego": modules } : modules;
  const rs = compile(mods, copts).eval(query, opts);
  if (rs.length === 0) return undefined;
  return toJSONText(rs[0]!.expressions[0]!.value);
}

export function evalAll(modules: Record<string, string> | string, query: string, opts: EvalOptions = {}): Record<string, string>[] {
  const mods = typeof modules === "string" ? { "test.rego": modules } : modules;
  const rs = compile(mods).eval(query, opts);
  return rs.map((r) => Object.fromEntries(Object.entries(r.bindings).map(([k, v]) => [k, toJSONText(v)])));
}
