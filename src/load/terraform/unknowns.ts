// Values only known after apply: Terraform's `after_unknown` mirrors `after` with `true` where a
// value is unknown (and the key is usually absent from `after`). Each such path is listed in
// `unknown` and its value set to "(known after apply)" — never absent, never false.

import { UNKNOWN_VALUE, type Path } from "../../model/types.js";
import { maskPaths, PathWriter, isRecord, type Rec } from "./paths.js";

export interface WithUnknowns {
  value: Rec | null;
  unknown: Path[];
}

/**
 * Marks the unknown paths of `after_unknown` in `after` (copy-on-write). `after_unknown: true`
 * (the whole object unknown) gives the empty path.
 */
export function applyAfterUnknown(after: Rec | null, afterUnknown: unknown, where: string): WithUnknowns {
  const paths = maskPaths(afterUnknown, where);
  if (paths.length === 0) return { value: after, unknown: [] };
  if (paths.some((p) => p.length === 0)) return { value: after, unknown: [[]] };
  if (after === null) return { value: null, unknown: [] };
  const w = new PathWriter(after);
  const unknown: Path[] = [];
  for (const p of paths) if (w.set(p, UNKNOWN_VALUE, true)) unknown.push(p);
  return { value: isRecord(w.value) ? w.value : after, unknown };
}

/** Marks explicit paths unknown (CDKTF expressions); the paths exist in `value`. */
export function markUnknownPaths(value: Rec, paths: readonly Path[]): Rec {
  if (paths.length === 0) return value;
  const w = new PathWriter(value);
  for (const p of paths) w.set(p, UNKNOWN_VALUE, false);
  return isRecord(w.value) ? w.value : value;
}
