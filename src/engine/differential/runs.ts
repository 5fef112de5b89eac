// A compliance case as the evaluations to compare: modules, query, input, data, strictness and
// environment, in either suite format (a regorus case with several inputs is several runs).
// A case neither side could be given the same way is skipped, with the reason.

import type { RegoVersion } from "../../rego/api.js";
import { type Case, skipOf } from "../../rego/conformance/index.js";
import { isRecord } from "../../rego/conformance/cases.js";
import { plainToJSONValue, plainToValue } from "../../rego/conformance/compare.js";
import type { Plain } from "../../rego/conformance/yaml.js";
import { type Value, RObject, RSet, parseValue } from "../../rego/index.js";

export interface Run {
  /** the case's name, and the input's position when it has several */
  name: string;
  modules: string[];
  regoVersion: RegoVersion;
  query: string;
  input?: Value;
  data?: Value;
  strictBuiltinErrors: boolean;
  /** environment visible to opa.runtime() */
  env?: Record<string, string>;
}

export type CaseRuns = { runs: Run[] } | { skip: string };

/** Whether a value can be written as JSON (the only form `opa eval` takes input and data in). */
function jsonable(v: Value): boolean {
  if (v instanceof RSet) return false;
  if (Array.isArray(v)) return (v as readonly Value[]).every(jsonable);
  if (v instanceof RObject) {
    for (const [k, x] of v.entries()) if (typeof k !== "string" || !jsonable(x)) return false;
  }
  return true;
}

function strings(p: Plain | undefined): string[] {
  return Array.isArray(p) ? p.filter((x): x is string => typeof x === "string") : [];
}

function manyOrOne(p: Plain | undefined): Plain[] | undefined {
  if (p === undefined) return undefined;
  if (isRecord(p) && Object.keys(p).length === 1 && Array.isArray(p["many!"])) return p["many!"] as Plain[];
  return [p];
}

export function caseName(c: Case): string {
  return `${c.file}#${c.index}${c.note && c.note !== `${c.file}#${c.index}` ? ` (${c.note})` : ""}`;
}

export function runsOf(c: Case): CaseRuns {
  const skip = skipOf(c);
  if (skip) return { skip: skip.reason };
  const f = c.fields;
  const base = { modules: strings(f["modules"]), regoVersion: c.regoVersion, query: typeof f["query"] === "string" ? f["query"] : "" };
  const name = caseName(c);
  if (c.format === "opa") {
    let input: Value | undefined;
    if (f["input_term"] !== undefined) {
      try {
        input = parseValue(String(f["input_term"]));
      } catch (e) {
        return { skip: `input_term does not parse (${(e as Error).message})` };
      }
    } else if (f["input"] !== undefined && f["input"] !== null) input = plainToJSONValue(f["input"]);
    const data = f["data"] !== undefined && f["data"] !== null ? plainToJSONValue(f["data"]) : undefined;
    if (input !== undefined && !jsonable(input)) return { skip: "its input holds a set or a non-string key, which `opa eval` cannot be given" };
    const run: Run = { ...base, name, strictBuiltinErrors: f["strict_error"] === true };
    if (input !== undefined) run.input = input;
    if (data !== undefined) run.data = data;
    if (isRecord(f["env"])) run.env = Object.fromEntries(Object.entries(f["env"]).map(([k, v]) => [k, String(v)]));
    return { runs: [run] };
  }
  const data = f["data"] !== undefined && f["data"] !== null ? plainToValue(f["data"]) : undefined;
  if (data !== undefined && !jsonable(data)) return { skip: "its data holds a set or a non-string key, which `opa eval` cannot be given" };
  const inputs = manyOrOne(f["input"]);
  const runs: Run[] = [];
  for (const [i, p] of (inputs ?? [undefined]).entries()) {
    const run: Run = { ...base, name: inputs && inputs.length > 1 ? `${name} input ${i + 1}` : name, strictBuiltinErrors: f["strict"] === undefined ? true : f["strict"] === true };
    if (p !== undefined) {
      const input = plainToValue(p);
      if (!jsonable(input)) return { skip: "its input holds a set or a non-string key, which `opa eval` cannot be given" };
      run.input = input;
    }
    if (data !== undefined) run.data = data;
    runs.push(run);
  }
  return { runs };
}
