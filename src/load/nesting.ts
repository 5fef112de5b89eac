// Input nesting bound, checked once when a file is read, before any reader walks it: every
// reader, the model, the engine's conversion and the reports recurse into values, and a
// 100,000-deep document would exhaust the JavaScript stack somewhere along the way. Real
// plans, previews and token files nest a few dozen levels; anything deeper than
// MAX_INPUT_DEPTH is refused in one line naming the file and where it gets too deep.
//
// JSON is checked on its text (a scan that skips strings natively, before any parser sees
// it); YAML, which has no cheap textual depth, on its parsed data (iteratively, see
// tokens/structure-check.ts, which also bounds alias expansion).

import { InputError } from "./input-error.js";

export const MAX_INPUT_DEPTH = 1000;

const QUOTE = 34;
const BACKSLASH = 92;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const COMMA = 44;

/** End of the JSON string opening at `start` (the offset after its closing quote), or -1. */
function stringEnd(text: string, start: number): number {
  let j = text.indexOf('"', start + 1);
  while (j !== -1) {
    let k = j - 1;
    while (text.charCodeAt(k) === BACKSLASH) k--;
    // an even number of backslashes before the quote: it closes the string
    if ((j - 1 - k) % 2 === 0) return j + 1;
    j = text.indexOf('"', j + 1);
  }
  return -1;
}

/**
 * The offset of the bracket that opens level `max + 1` of a JSON text, or -1 when it nests no
 * deeper than `max`. Brackets inside strings do not count; invalid text is left to the parser.
 */
export function jsonDepthExceeded(text: string, max: number): number {
  let depth = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) return -1;
      i = end;
      continue;
    }
    if (c === LBRACE || c === LBRACKET) {
      if (++depth > max) return i;
    } else if (c === RBRACE || c === RBRACKET) depth--;
    i++;
  }
  return -1;
}

type Segment = string | number;

/** The path to the container opening at `offset` of a JSON text (a second, slower pass, only on refusal). */
function jsonPathAt(text: string, offset: number): Segment[] {
  const path: Segment[] = [];
  const isArray: boolean[] = [];
  let expectKey = false;
  let i = 0;
  while (i < offset) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) break;
      if (expectKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, end)) as string;
        } catch {
          key = text.slice(i + 1, end - 1);
        }
        path[path.length - 1] = key;
        expectKey = false;
      }
      i = end;
      continue;
    }
    if (c === LBRACE || c === LBRACKET) {
      isArray.push(c === LBRACKET);
      path.push(c === LBRACKET ? 0 : "");
      expectKey = c === LBRACE;
    } else if (c === RBRACE || c === RBRACKET) {
      isArray.pop();
      path.pop();
      expectKey = false;
    } else if (c === COMMA && path.length > 0) {
      if (isArray[isArray.length - 1]) path[path.length - 1] = (path[path.length - 1] as number) + 1;
      else expectKey = true;
    }
    i++;
  }
  return path;
}

/** `$.planned_values.root_module["a b"][0]…[0]`: the first segments, and the last one. */
export function formatPath(path: readonly Segment[]): string {
  const seg = (s: Segment) => {
    if (typeof s === "number") return `[${s}]`;
    const shown = s.length > 40 ? s.slice(0, 40) + "…" : s;
    return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(s) ? `.${shown}` : `[${JSON.stringify(shown)}]`;
  };
  if (path.length <= 10) return "$" + path.map(seg).join("");
  return "$" + path.slice(0, 8).map(seg).join("") + "…" + seg(path[path.length - 1]!);
}

export function tooDeepMessage(max: number, path: readonly Segment[] | null): string {
  const where = path ? ` at ${formatPath(path)}` : "";
  return `nested deeper than ${max} levels${where}; refused (policy-check reads documents nested up to ${max} levels)`;
}

/** Throws an InputError naming the file and the place when a JSON text nests deeper than `max`. */
export function checkJSONTextDepth(text: string, file: string, max = MAX_INPUT_DEPTH): void {
  const at = jsonDepthExceeded(text, max);
  if (at < 0) return;
  const path = jsonPathAt(text, at);
  // the path leads to the container that opens level max + 1; show where it is
  throw new InputError(file, tooDeepMessage(max, path));
}
