// The copy of the normalized model an engine is given: it may adopt the copy's objects in place
// (see OwnEngine), while the caller keeps reading its own model's fields.

import type { PolicyInput } from "../model/types.js";

/** A copy of the model the engine may adopt in place: its own arrays and top-level objects, sharing their values. */
export function structuredModel(m: PolicyInput): PolicyInput {
  return {
    ...m,
    sources: m.sources.map((s) => ({ ...s, notes: [...s.notes] })),
    resources: m.resources.map((r) => ({ ...r })),
    tokens: m.tokens.map((t) => ({ ...t })),
    environments: [...m.environments],
  };
}
