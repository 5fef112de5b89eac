// JSON text read with every number exact: integers a double holds are numbers, larger integers
// bigint, any other number a double would round a JSONNumber (its text). Used for documents
// whose numbers must survive untouched: an input with a 20-digit id, what OPA prints, the JSON a
// wasm policy hands to a builtin. `verbatim` keeps the text of every number that is not an
// integer (1.50 stays 1.50, as OPA's json.Number keeps it).

import { isSafeNumber, parse } from "lossless-json";
import { JSONNumber } from "./number.js";

export function parseExactJSON(text: string, verbatim = false): unknown {
  return parse(text, null, verbatim ? verbatimNumber : exactNumber);
}

const INTEGER = /^-?\d+$/;

function exactNumber(n: string): number | bigint | JSONNumber {
  if (isSafeNumber(n)) return Number(n);
  return INTEGER.test(n) ? BigInt(n) : new JSONNumber(n);
}

function verbatimNumber(n: string): number | bigint | JSONNumber {
  if (!INTEGER.test(n)) return new JSONNumber(n);
  return isSafeNumber(n) ? Number(n) : BigInt(n);
}
