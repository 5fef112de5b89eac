// Running one case: compile its modules, evaluate its query, check the outcome the way the
// suite's own runner does. Nothing a case does can take the runner down: every failure of the
// engine (including a JavaScript exception, which is an engine bug) is the case's failure.

import type { EvalOptions, ResultSet } from "../api.js";
import { RegoError } from "../errors.js";
import { type PolicySet, compile, parseValue } from "../policyset.js";
import type { Value } from "../value.js";
import { type Case, isRecord } from "./cases.js";
import {
  type MaybeValue,
  opaActual,
  opaExpected,
  plainToJSONValue,
  plainToValue,
  regorusExpected,
  regorusResults,
  sameMaybe,
  sameSolutions,
  showSolutions,
  showValue,
} from "./compare.js";
import { skipOf } from "./skips.js";
import type { Plain } from "./yaml.js";

export type Status = "pass" | "fail" | "skip";

export interface CaseResult {
  case: Case;
  status: Status;
  /** skip reason, or a one-line description of the failure */
  reason?: string;
  /** for failures: what the case wanted and what the engine produced */
  want?: string;
  got?: string;
  /** an expected error occurred but its message does not contain the expected text */
  errorTextOnly?: boolean;
}

export interface RunOptions {
  /** wall-clock budget of one evaluation, in milliseconds */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** A fixed clock, so that time-dependent builtins are reproducible. */
const NOW_NS = 1_700_000_000_000_000_000n;

export function runCase(c: Case, opts: RunOptions = {}): CaseResult {
  const skip = skipOf(c);
  if (skip) return { case: c, status: "skip", reason: skip.reason };
  try {
    return c.format === "opa" ? runOPA(c, opts) : runRegorus(c, opts);
  } catch (e) {
    return { case: c, status: "fail", reason: `runner: ${describe(e)}` };
  }
}

function describe(e: unknown): string {
  if (e instanceof RegoError) return e.message;
  if (e instanceof Error) return `${e.name}: ${e.message} (engine crash) ${(e.stack ?? "").split("\n").slice(1, 3).join(" ").trim()}`;
  return String(e);
}

function strings(p: Plain | undefined): string[] {
  return Array.isArray(p) ? p.filter((x): x is string => typeof x === "string") : [];
}

function str(p: Plain | undefined): string | undefined {
  return typeof p === "string" ? p : undefined;
}

// ---------------------------------------------------------------------------------------------
// OPA

type Outcome = { ok: true; value: ResultSet } | { ok: false; error: unknown };

function attempt(f: () => ResultSet): Outcome {
  try {
    return { ok: true, value: f() };
  } catch (error) {
    return { ok: false, error };
  }
}

function runOPA(c: Case, opts: RunOptions): CaseResult {
  const f = c.fields;
  const modules: Record<string, string> = {};
  strings(f["modules"]).forEach((m, i) => (modules[`test-${i}.rego`] = m));
  const wantError = str(f["want_error"]);
  const wantCode = str(f["want_error_code"]);
  const wantResult = Array.isArray(f["want_result"]) ? f["want_result"] : undefined;
  const env: Record<string, string> = {};
  if (isRecord(f["env"])) for (const [k, v] of Object.entries(f["env"])) env[k] = String(v);

  const outcome = attempt(() => {
    const ps = compile(modules, { regoVersion: c.regoVersion });
    const input = f["input_term"] !== undefined ? parseValue(String(f["input_term"])) : f["input"] !== undefined && f["input"] !== null ? plainToJSONValue(f["input"]) : undefined;
    const evalOpts: EvalOptions = {
      strictBuiltinErrors: f["strict_error"] === true,
      env,
      nowNs: NOW_NS,
      limits: { timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS },
    };
    if (input !== undefined) evalOpts.input = input;
    if (f["data"] !== undefined && f["data"] !== null) evalOpts.data = plainToJSONValue(f["data"]);
    return ps.eval(str(f["query"]) ?? "", evalOpts);
  });

  if (wantError !== undefined || wantCode !== undefined) {
    const want = [wantCode, wantError !== undefined ? JSON.stringify(wantError) : undefined].filter(Boolean).join(" ");
    if (outcome.ok) return fail(c, "expected an error, evaluation succeeded", `error ${want}`, showSolutions(opaActual(outcome.value, false)));
    const e = outcome.error;
    const code = e instanceof RegoError ? e.code : undefined;
    const msg = e instanceof Error ? e.message : String(e);
    const codeOK = wantCode === undefined || code === wantCode;
    const textOK = wantError === undefined || msg.includes(wantError);
    if (codeOK && textOK) return { case: c, status: "pass" };
    const r = fail(c, !codeOK ? "wrong error code" : "error message differs", `error ${want}`, describe(e));
    if (codeOK) r.errorTextOnly = true;
    return r;
  }
  if (!outcome.ok) {
    return fail(c, "unexpected error", wantResult ? showSolutions(opaExpected(wantResult)) : "success", describe(outcome.error));
  }
  if (wantResult === undefined) return fail(c, "case has none of want_result, want_error_code, want_error");
  const want = opaExpected(wantResult);
  const got = opaActual(outcome.value, f["sort_bindings"] === true);
  if (sameSolutions(want, got)) return { case: c, status: "pass" };
  return fail(c, "wrong result", showSolutions(want), showSolutions(got));
}

function fail(c: Case, reason: string, want?: string, got?: string): CaseResult {
  const r: CaseResult = { case: c, status: "fail", reason };
  if (want !== undefined) r.want = want;
  if (got !== undefined) r.got = got;
  return r;
}

// ---------------------------------------------------------------------------------------------
// regorus

function manyOrOne(p: Plain | undefined): Plain[] | undefined {
  if (p === undefined) return undefined;
  if (isRecord(p) && Object.keys(p).length === 1 && Array.isArray(p["many!"])) return p["many!"] as Plain[];
  return [p];
}

function runRegorus(c: Case, opts: RunOptions): CaseResult {
  const f = c.fields;
  const modules: Record<string, string> = {};
  strings(f["modules"]).forEach((m, i) => (modules[`rego_${i}`] = m));
  const wantError = str(f["error"]);
  const wantResults = manyOrOne(f["want_result"]);
  const noResult = f["no_result"] === true;
  const strict = f["strict"] === undefined ? true : f["strict"] === true;
  const inputs = manyOrOne(f["input"]);
  const prints: string[] = [];

  let results: Value[] = [];
  let error: unknown;
  try {
    const ps: PolicySet = compile(modules, { regoVersion: c.regoVersion });
    const query = str(f["query"]) ?? "";
    const base: EvalOptions = {
      strictBuiltinErrors: strict,
      nowNs: NOW_NS,
      limits: { timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS },
      print: (line, loc) => prints.push(loc ? `${loc.file}:${loc.row}: ${line}` : line),
    };
    if (f["data"] !== undefined && f["data"] !== null) base.data = plainToValue(f["data"]);
    for (const input of inputs ?? [undefined]) {
      const o: EvalOptions = { ...base };
      if (input !== undefined) o.input = plainToValue(input);
      results = results.concat(regorusResults(ps.eval(query, o)));
    }
  } catch (e) {
    error = e;
  }

  if (error !== undefined) {
    if (wantError === undefined) return fail(c, "unexpected error", wantResults ? showList(wantResults.map(regorusExpected)) : "success", describe(error));
    const msg = error instanceof Error ? error.message : String(error);
    if (msg.includes(wantError)) return { case: c, status: "pass" };
    const r = fail(c, "error message differs", `error ${JSON.stringify(wantError)}`, describe(error));
    r.errorTextOnly = error instanceof RegoError;
    return r;
  }
  if (wantError !== undefined) return fail(c, "expected an error, evaluation succeeded", `error ${JSON.stringify(wantError)}`, showList(results));
  if (wantResults === undefined) {
    return noResult ? { case: c, status: "pass" } : fail(c, "case has neither want_result nor error");
  }
  const want = wantResults.map(regorusExpected);
  if (want.length !== results.length || !want.every((w, i) => sameMaybe(results[i]!, w))) {
    return fail(c, "wrong result", showList(want), showList(results));
  }
  const wantPrints = f["want_prints"];
  if (Array.isArray(wantPrints)) {
    const wp = wantPrints.map((x) => String(x));
    if (wp.length !== prints.length || wp.some((l, i) => l !== prints[i])) {
      return fail(c, "wrong print output", JSON.stringify(wp), JSON.stringify(prints));
    }
  }
  return { case: c, status: "pass" };
}

function showList(xs: readonly MaybeValue[]): string {
  return "[" + xs.map(showValue).join(", ") + "]";
}
