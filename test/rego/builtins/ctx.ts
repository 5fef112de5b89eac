// A minimal builtin context for calling builtins directly in unit tests.
import assert from "node:assert/strict";
import { BUILTINS, BuiltinError } from "../../../src/rego/builtins/index.js";
import type { BuiltinContext } from "../../../src/rego/builtins/registry.js";
import { parseValue, toJSONText } from "../../../src/rego/index.js";
import type { Value } from "../../../src/rego/value.js";

export function testCtx(overrides: Partial<BuiltinContext> = {}): BuiltinContext {
  return {
    nowNs: 1_700_000_000_000_000_000n,
    cache: new Map(),
    print() {},
    env: {},
    charge() {},
    ...overrides,
  };
}

const shared = testCtx();

/** The result as JSON text (exact for every number). */
export function call(name: string, ...args: string[]): string | undefined {
  const out = BUILTINS.get(name)!.fn(args.map((a) => parseValue(a)), shared) as Value | undefined;
  return out === undefined ? undefined : toJSONText(out);
}

/** The code and message of the BuiltinError `run` throws; fails the test (saying `what`) when it throws none. */
export function builtinError(run: () => unknown, what: string): [string, string] {
  try {
    run();
  } catch (e) {
    assert.ok(e instanceof BuiltinError, `expected a BuiltinError, got ${String(e)}`);
    return [e.code, e.message];
  }
  assert.fail(what);
}

export function fail(name: string, ...args: string[]): [string, string] {
  return builtinError(() => BUILTINS.get(name)!.fn(args.map((a) => parseValue(a)), shared), `${name}(${args.join(", ")}) did not fail`);
}


/** The builtin's result for engine values (a relation's results as they come). */
export function callValue(name: string, ...args: Value[]): Value | undefined {
  return BUILTINS.get(name)!.fn(args, shared) as Value | undefined;
}

/** The BuiltinError's code and message of a call that must fail. */
export function failValue(name: string, ...args: Value[]): [string, string] {
  return builtinError(() => callValue(name, ...args), `${name} did not fail`);
}
