// Turning failures into the CLI's contract: one line on stderr, exit code 2, no stack trace.

import { RegoError } from "../rego/index.js";
import { InputError } from "../load/input-error.js";
import { EngineError } from "../engine/engine.js";

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** A usage or configuration problem detected by the CLI itself. */
export class UsageError extends Error {}

export function describeError(e: unknown): string {
  // several problems with one file (a configuration): one line each, every line naming the file
  if (e instanceof InputError) {
    const file = `${e.file}: `;
    return e.problem
      .split("\n")
      .map((line) => (line.startsWith(file) ? line : file + line))
      .join("\n");
  }
  if (e instanceof UsageError || e instanceof EngineError) return e.message;
  if (e instanceof RegoError) {
    if (e.errors.length === 1) return e.message;
    return e.errors.map((d) => `${d.location ? `${d.location.file}:${d.location.row}: ` : ""}${d.code}: ${d.message}`).join("\n");
  }
  if (e instanceof RangeError && /call stack|Invalid string length|Array buffer allocation/i.test(e.message)) {
    return `input too large or too deeply nested (${e.message})`;
  }
  return `internal error: ${(e as Error)?.message ?? String(e)}`;
}

/** Prints the error (one line per error) and exits with code 2. */
export function exitWithError(e: unknown): never {
  process.stderr.write(`policy-check: ${describeError(e).replace(/\n/g, "\npolicy-check: ")}\n`);
  process.exit(EXIT_ERROR);
}
