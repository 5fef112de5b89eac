// Reads a JSON document into an engine value: fast path through JSON.parse when every number
// fits a double exactly, the exact parser otherwise; errors name the file and position.

import { fromJSON, type Value } from "../rego/index.js";
import { parseJSONValue } from "../rego/json-text.js";
import { InputError } from "./input-error.js";

// a number literal with more than 15 significant digits (or an exponent) may not survive a double
const RISKY_NUMBER = /[0-9]{16,}|[0-9][eE][+-]?[0-9]|\.[0-9]*[0-9]{16,}/;

export function parseJSONDocument(text: string, file: string, maxDepth = 10_000): Value {
  if (text.trim() === "") throw new InputError(file, "empty file");
  if (!RISKY_NUMBER.test(text) && !deeperThan(text, maxDepth)) {
    let plain: unknown;
    try {
      plain = JSON.parse(text);
    } catch {
      // fall through to the exact parser for a located message
      plain = undefined;
    }
    if (plain !== undefined) return fromJSON(plain);
  }
  try {
    return parseJSONValue(text, { maxDepth });
  } catch (e) {
    const msg = (e as Error).message;
    // valid JSON, but deeper than the engine reads: say so, not "not valid JSON"
    if (msg.startsWith("nesting deeper than")) throw new InputError(file, `${msg.replace(/^nesting deeper than (\d+)/, "nested deeper than $1 levels")}; refused`);
    throw new InputError(file, `not valid JSON: ${msg}`);
  }
}

/** Cheap scan: whether brackets nest deeper than `max` (strings skipped). */
function deeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inStr) {
      if (c === 92) i++;
      else if (c === 34) inStr = false;
      continue;
    }
    if (c === 34) inStr = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}
