// The Pulumi document as policies see it under `input.raw`: every value the model redacted is
// replaced by "(sensitive)" in the raw document too (secret objects, plaintext values under
// secret-like names, provider credentials, secret-like configuration). Copy-on-write: only the
// containers on the way to a secret are copied, the rest stays shared with the parsed file.

import { SENSITIVE_VALUE, type Path } from "../../model/types.js";
import { PathWriter, getAt } from "../terraform/paths.js";

export class RawSecrets {
  private readonly paths: Path[] = [];

  add(paths: readonly Path[]): void {
    for (const p of paths) this.paths.push(p);
  }

  get size(): number {
    return this.paths.length;
  }

  /** The document with every collected path redacted (the document itself when there is none). */
  apply(doc: unknown): unknown {
    if (this.paths.length === 0) return doc;
    const w = new PathWriter(doc);
    for (const p of this.paths) {
      const v = getAt(doc, p);
      if (v !== undefined && v !== null) w.set(p, SENSITIVE_VALUE);
    }
    return w.value;
  }
}
