// Parses JSON text the readers open themselves (CDKTF stacks of a cdktf.out directory, a
// manifest, `*.tf.json` sources) into plain data, with a one-line error naming the file and a
// nesting limit checked before parsing.

import { InputError } from "../input-error.js";
import { MAX_VALUE_DEPTH } from "./paths.js";

export function parsePlainJSON(text: string, file: string): unknown {
  if (text.trim() === "") throw new InputError(file, "empty file");
  if (nestsDeeperThan(text, MAX_VALUE_DEPTH)) throw new InputError(file, `JSON nests deeper than ${MAX_VALUE_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(file, `not valid JSON: ${(e as Error).message.split("\n")[0]}`);
  }
}

/** Cheap scan: whether brackets nest deeper than `max` (strings skipped). */
function nestsDeeperThan(text: string, max: number): boolean {
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
