// A minimal builtin context for calling builtins directly in unit tests.
import type { BuiltinContext } from "../../../src/rego/builtins/registry.js";

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
