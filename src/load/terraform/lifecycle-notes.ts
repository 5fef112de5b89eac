// The Source notes about lifecycle.prevent_destroy: unknown without --tf-dir, or how many
// resources the Terraform sources covered.

import type { LifecycleIndex } from "./lifecycle-hcl.js";

export function lifecycleNotes(index: LifecycleIndex | null, managed: number, found: number, what: string): string[] {
  if (managed === 0) return index ? [...index.notes] : [];
  if (!index)
    return [
      `prevent_destroy unknown: ${what} does not carry lifecycle blocks; pass --tf-dir with the Terraform sources to read them`,
    ];
  const notes = [...index.notes];
  if (found < managed)
    notes.push(
      `prevent_destroy read from ${index.dirs.join(", ")} for ${found} of ${managed} managed resources; unknown for the other ${managed - found} (not found in those sources)`,
    );
  return notes;
}
