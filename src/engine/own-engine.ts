// The project's own Rego engine behind the PolicyEngine interface. A decision rule is evaluated
// one definition at a time, so that every value is attributed to the definition (and METADATA)
// that produced it; any other entrypoint is evaluated as a query.

import { type Value, type PolicySet, type Rule, RegoError, adoptJSON, fromJSON, toJS } from "../rego/index.js";
import type { EntrypointResult, EvaluateOptions, PolicyEngine, RuleOutput } from "./engine.js";
import { EngineError, entrypointRef } from "./engine.js";

export interface OwnEngineOptions {
  set: PolicySet;
  /** base documents */
  data: Record<string, unknown>;
  /** the rules evaluated definition by definition (deny/violation/warn) */
  rules: readonly Rule[];
  limits: { timeoutMs: number; maxSteps: number };
  print?: (line: string) => void;
}

/** Time a warm-up may take at most: it runs on a handful of resources. */
const WARM_UP_TIMEOUT_MS = 500;

export class OwnEngine implements PolicyEngine {
  readonly kind = "own" as const;
  readonly label = "policy-check's Rego engine";
  private readonly byEntrypoint = new Map<string, Rule[]>();

  constructor(private readonly opts: OwnEngineOptions) {
    for (const r of opts.rules) {
      const ep = r.path.join("/");
      const l = this.byEntrypoint.get(ep);
      if (l) l.push(r);
      else this.byEntrypoint.set(ep, [r]);
    }
  }

  entrypoints(): readonly string[] {
    return [...this.byEntrypoint.keys()];
  }

  async evaluate(input: unknown, entrypoints: readonly string[], opts: EvaluateOptions = {}): Promise<EntrypointResult[]> {
    const inputValue: Value = opts.handOver ? adoptJSON(input) : fromJSON(input);
    const session = this.opts.set.session({
      input: inputValue,
      data: this.opts.data,
      limits: { timeoutMs: this.opts.limits.timeoutMs, maxSteps: this.opts.limits.maxSteps },
      ...(this.opts.print ? { print: this.opts.print } : {}),
    });
    const results: EntrypointResult[] = [];
    for (const ep of entrypoints) {
      const outputs: RuleOutput[] = [];
      const defs = this.byEntrypoint.get(ep);
      if (defs) {
        for (const rule of defs) {
          for (const v of evalNamed(session, rule)) outputs.push(nativeOutput(v, { file: rule.loc.file, row: rule.loc.row }));
        }
      } else {
        const rs = session.eval(entrypointRef(ep));
        if (rs.length > 0) outputs.push({ value: toJS(rs[0]!.expressions[0]!.value) });
      }
      results.push({ entrypoint: ep, outputs });
    }
    return results;
  }

  async warmUp(input: unknown, entrypoints: readonly string[]): Promise<void> {
    const session = this.opts.set.session({
      input: adoptJSON(input),
      data: this.opts.data,
      limits: { timeoutMs: Math.min(this.opts.limits.timeoutMs, WARM_UP_TIMEOUT_MS), maxSteps: this.opts.limits.maxSteps },
    });
    for (const ep of entrypoints) {
      for (const rule of this.byEntrypoint.get(ep) ?? []) {
        try {
          session.evalRule(rule);
        } catch {
          // the real evaluation meets (and reports) whatever failed here
        }
      }
    }
  }

  async close(): Promise<void> {}
}

/**
 * A rule definition's values; a budget exceeded (time, steps, depth) names the definition that
 * was running, since the engine's message alone does not say which policy is at fault.
 */
function evalNamed(session: ReturnType<PolicySet["session"]>, rule: Rule): Value[] {
  try {
    return session.evalRule(rule);
  } catch (e) {
    if (e instanceof RegoError && e.code === "eval_cancel_error") {
      throw new EngineError(`${rule.loc.file}:${rule.loc.row}: ${rule.path.join(".")}: ${e.message.replace(/^eval_cancel_error: /, "")}`);
    }
    throw e;
  }
}

/** An output whose plain JSON is made only when someone reads it (the checker reads `native`). */
function nativeOutput(v: Value, origin: { file: string; row: number }): RuleOutput {
  let plain: unknown;
  let made = false;
  const out: RuleOutput = {
    get value(): unknown {
      if (!made) {
        plain = toJS(v);
        made = true;
      }
      return plain;
    },
    origin,
  };
  // not enumerable: the output reads (and serializes) as plain JSON
  Object.defineProperty(out, "native", { value: v, enumerable: false });
  return out;
}
