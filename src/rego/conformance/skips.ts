// The skip list: the only cases the runner does not run, each with the reason it names.
//
// A case is skipped when it needs a network builtin (refused by design: policy-check never
// makes network calls during evaluation) or when it exercises a feature listed here that is
// not part of Rego as OPA defines it. Everything else runs, and fails if the engine is wrong.

import type { Case } from "./cases.js";

export interface SkipRule {
  id: string;
  reason: string;
  applies(c: Case): boolean;
}

/** Builtins that need the network; calling one for real is refused by the engine. */
export const NETWORK_BUILTINS = ["http.send", "net.lookup_ip_addr"] as const;

function sources(c: Case): string {
  const mods = Array.isArray(c.fields["modules"]) ? c.fields["modules"].filter((m): m is string => typeof m === "string") : [];
  const q = typeof c.fields["query"] === "string" ? c.fields["query"] : "";
  return [...mods, q].join("\n");
}

/** The network builtin a case calls without replacing it by a `with` mock, if any. */
export function networkBuiltinOf(c: Case): string | undefined {
  const src = sources(c);
  for (const name of NETWORK_BUILTINS) {
    const esc = name.replace(/\./g, "\\.");
    if (!new RegExp(`(^|[^\\w.])${esc}\\s*\\(`).test(src)) continue;
    if (new RegExp(`with\\s+${esc}\\s+as\\b`).test(src)) continue; // mocked: runs without the network
    return name;
  }
  return undefined;
}

export const SKIP_RULES: readonly SkipRule[] = [
  {
    id: "network",
    reason: "needs a network builtin, which policy-check refuses by design",
    applies: (c) => networkBuiltinOf(c) !== undefined,
  },
  {
    id: "regorus-skip",
    reason: "marked `skip: true` in the regorus suite (regorus does not run it either)",
    applies: (c) => c.format === "regorus" && c.fields["skip"] === true,
  },
  {
    id: "regorus-timer",
    reason: "tests regorus's own execution-timer / time-source machinery (execution_timer, time_source), which has no OPA equivalent",
    applies: (c) =>
      c.format === "regorus" &&
      (c.fields["execution_timer"] !== undefined || c.fields["global_execution_timer"] !== undefined || c.fields["time_source"] !== undefined),
  },
  {
    id: "regorus-extension",
    reason: "regorus language extension (the `or` operator, behind its rego-extensions feature), not part of Rego",
    applies: (c) => c.format === "regorus" && c.folder.startsWith("rego-extensions"),
  },
];

/** The skip rule that applies to a case, if any. */
export function skipOf(c: Case): SkipRule | undefined {
  return SKIP_RULES.find((r) => r.applies(c));
}
