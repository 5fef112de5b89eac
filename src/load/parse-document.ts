// Parses an input file (JSON or YAML text) into plain data for the readers. JSON goes through
// JSON.parse, or an exact parser when a number would not survive a double; YAML is loaded
// safely (YAML 1.2 core schema, no custom tags, bounded aliases).

import { parseDocument } from "yaml";
import { parseExactJSON } from "../rego/exact-json.js";
import { InputError } from "./input-error.js";
import { checkJSONTextDepth, MAX_INPUT_DEPTH, scanParsedJSON, tooDeepMessage } from "./nesting.js";
import { pulumiTextRefusal } from "./pulumi/index.js";
import { checkStructure } from "./tokens/structure-check.js";
import type { RawDocument } from "./types.js";

export function parseInputText(text: string, path: string): RawDocument {
  const trimmed = text.trimStart();
  if (trimmed === "") throw new InputError(path, "empty file");
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) return { path, data: refusingText(text, path, () => parseJSONText(text, path)), syntax: "json" };
  if (/^(PK\u0003\u0004|\u001f\u008b|tfplan)/.test(trimmed) || text.includes("\u0000")) {
    throw new InputError(path, "this is a binary file (a saved Terraform plan?); run `terraform show -json plan.out > plan.json` and check plan.json");
  }
  const data = refusingText(text, path, () => parseYAMLText(text, path));
  // a display that happens to be one YAML scalar is still a display
  if (typeof data === "string") refuseText(text, path);
  return { path, data, syntax: "yaml" };
}

/**
 * Parses, and when the text is not one JSON or YAML document, says so in Pulumi's terms if it
 * is Pulumi output: the display of `pulumi preview`/`up` or a JSON Lines engine event stream
 * (`--event-log`, `pulumi up --json`, streaming previews) is refused with what to run instead.
 */
function refusingText<T>(text: string, path: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof InputError && !/nested (deeper|too deeply)/.test(e.problem)) refuseText(text, path);
    throw e;
  }
}

function refuseText(text: string, path: string): void {
  const refusal = pulumiTextRefusal(text);
  if (refusal !== null) throw new InputError(path, refusal);
}

/** `maxDepth`: how deep the text may nest (less for a part of a document, see json-chunks.ts). */
export function parseJSONText(text: string, path: string, maxDepth = MAX_INPUT_DEPTH): unknown {
  // JSON.parse is iterative (any depth is safe to parse); the result is bounded before any
  // reader walks it (see nesting.ts), and read again exactly when a double lost a number
  let data: unknown;
  let parsed = false;
  try {
    data = JSON.parse(text);
    parsed = true;
  } catch {
    // fall through for a located message
  }
  if (parsed) {
    const scan = scanParsedJSON(data, maxDepth);
    if (scan.tooDeep) {
      // the structure walk names the container that opens the level beyond the limit
      checkStructure(data, path, { maxDepth, maxAliasExpansion: Infinity });
      throw new InputError(path, tooDeepMessage(maxDepth, null));
    }
    if (!scan.inexact) return data;
  } else if (maxDepth !== Infinity) {
    // invalid JSON: the exact parser below recurses per level and locates the error
    checkJSONTextDepth(text, path, maxDepth);
  }
  try {
    return parseExactJSON(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      const line = before.split("\n").length;
      const col = pos - before.lastIndexOf("\n");
      const truncated = pos >= text.trimEnd().length - 1;
      throw new InputError(path, `not valid JSON at line ${line} column ${col}${truncated ? " (the file ends too early: truncated?)" : ""}: ${msg.replace(/ \(char \d+\)| at position \d+/g, "")}`);
    }
    throw new InputError(path, `not valid JSON: ${msg}`);
  }
}

export function parseYAMLText(text: string, path: string): unknown {
  const doc = parseDocument(text, { version: "1.2", schema: "core", uniqueKeys: true, prettyErrors: false, intAsBigInt: false, customTags: [] });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    // the YAML parser recurses per level: a document deep enough exhausts its stack
    if (/call stack/i.test(e.message)) throw new InputError(path, "YAML nested too deeply to read (the YAML parser ran out of stack); refused");
    const at = e.linePos?.[0] ?? (e.pos ? lineCol(text, e.pos[0]) : null);
    const where = at ? ` at line ${at.line} column ${at.col}` : "";
    throw new InputError(path, `neither JSON nor valid YAML${where}: ${e.message.split("\n")[0]}`);
  }
  // only comments (or a lone `---`): no document at all
  if (doc.contents === null) throw new InputError(path, "empty file (no YAML document, only comments)");
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message))
      throw new InputError(path, "YAML nested too deeply to read (the YAML parser ran out of stack); refused");
    if (/excessive alias count/i.test((e as Error).message))
      throw new InputError(path, "YAML aliases expand this document too far (an alias bomb?); refused");
    throw new InputError(path, `YAML could not be read: ${(e as Error).message.split("\n")[0]}`);
  }
  // nesting and alias expansion bounded before any reader walks it
  checkStructure(data, path, { maxDepth: MAX_INPUT_DEPTH, maxAliasExpansion: 1_000_000 });
  return data;
}

/** 1-based line and column of an offset. */
function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const nl = before.lastIndexOf("\n");
  return { line: before.split("\n").length, col: before.length - nl };
}
