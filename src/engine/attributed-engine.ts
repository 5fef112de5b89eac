// Per-definition attribution for engines that return a rule's whole value (opa, wasm). A rule
// such as the shipped `deny` has many definitions, each with its own METADATA (policy id,
// severity, remediation); `opa eval` and a wasm bundle give back one merged set, so which
// definition produced a finding is lost. The project's own engine evaluates the same policies
// definition by definition: each element of the other engine's value that the own engine also
// produced gets that definition as its origin. Elements only the other engine produced (a
// semantic difference) keep no origin and fall back to the METADATA all definitions agree on.
// The other engine's values are the result; the own engine only names where they come from.

import { fromJSON } from "../rego/index.js";
import { canonicalKey } from "../rego/value.js";
import type { EntrypointResult, EvaluateOptions, PolicyEngine, RuleOutput } from "./engine.js";

type Origin = NonNullable<RuleOutput["origin"]>;

export class AttributedEngine implements PolicyEngine {
  readonly kind: PolicyEngine["kind"];
  readonly label: string;

  constructor(
    private readonly inner: PolicyEngine,
    private readonly oracle: PolicyEngine,
  ) {
    this.kind = inner.kind;
    this.label = inner.label;
  }

  entrypoints(): readonly string[] {
    return this.inner.entrypoints();
  }

  async evaluate(input: unknown, entrypoints: readonly string[], opts: EvaluateOptions = {}): Promise<EntrypointResult[]> {
    // the inner engine reads the input first (it serializes it); the own engine may adopt it in place
    const results = await this.inner.evaluate(input, entrypoints, { handOver: false });
    let own: EntrypointResult[];
    try {
      const known = new Set(this.oracle.entrypoints());
      own = await this.oracle.evaluate(input, entrypoints.filter((e) => known.has(e)), opts);
    } catch {
      // attribution is a convenience: without it the findings keep the merged METADATA
      return results;
    }
    return attribute(results, own);
  }

  async close(): Promise<void> {
    await Promise.all([this.inner.close(), this.oracle.close()]);
  }
}

function keyOf(value: unknown): string | null {
  try {
    return canonicalKey(fromJSON(value));
  } catch {
    return null;
  }
}

/** Splits each result's value into its elements, each with the origin the own engine gives it. */
export function attribute(results: readonly EntrypointResult[], own: readonly EntrypointResult[]): EntrypointResult[] {
  const origins = new Map<string, Map<string, Origin>>();
  for (const r of own) {
    const m = new Map<string, Origin>();
    for (const o of r.outputs) {
      if (!o.origin) continue;
      const k = keyOf(o.value);
      if (k !== null && !m.has(k)) m.set(k, o.origin);
    }
    origins.set(r.entrypoint, m);
  }
  return results.map((r) => {
    const m = origins.get(r.entrypoint);
    if (!m || m.size === 0) return r;
    const outputs: RuleOutput[] = [];
    for (const out of r.outputs) {
      if (out.origin || !Array.isArray(out.value)) {
        outputs.push(out);
        continue;
      }
      const rest: unknown[] = [];
      for (const item of out.value as unknown[]) {
        const k = keyOf(item);
        const origin = k === null ? undefined : m.get(k);
        if (origin) outputs.push({ value: item, origin });
        else rest.push(item);
      }
      if (rest.length > 0) outputs.push({ value: rest });
    }
    return { entrypoint: r.entrypoint, outputs };
  });
}
