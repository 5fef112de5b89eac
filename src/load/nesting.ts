// Input nesting bound, checked once when a file is read, before any reader walks it: every
// reader, the model, the engine's conversion and the reports recurse into values, and a
// 100,000-deep document would exhaust the JavaScript stack somewhere along the way. Real
// plans, previews and token files nest a few dozen levels; anything deeper than
// MAX_INPUT_DEPTH is refused in one line naming the file and where it gets too deep.
//
// JSON is checked on its parsed data, in the same pass that looks for numbers a double may not
// have kept (scanParsedJSON): V8's JSON.parse is iterative, so parsing a deep text is safe and
// only what walks the result afterwards needs the bound. YAML is checked on its parsed data too
// (iteratively, see tokens/structure-check.ts, which also bounds alias expansion).
// checkJSONTextDepth remains for texts checked before parsing (jsonDepthExceeded is also the
// reference the parsed scan is tested against); where parsed JSON gets too deep is named by the
// YAML walk, checkStructure, which finds the same place.

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

// ---------------------------------------------------------------------------------------------
// parsed JSON

/** 2^53: integers from here on may not be what the text said */
const EXACT_LIMIT = 9007199254740992;

export interface ParsedScan {
  /** some container opens level max + 1 */
  tooDeep: boolean;
  /**
   * some number may differ from its text: an integer part beyond 2^53 (digits a double drops) or
   * an overflow to Infinity. (An underflow to 0 cannot be told from a literal 0.)
   */
  inexact: boolean;
}

/**
 * One iterative pass over freshly parsed JSON (no cycles, no prototypes): nesting beyond `max`
 * levels (the root container is level 1) and numbers a double may not have kept. Stops at the
 * first container too deep.
 */
export function scanParsedJSON(root: unknown, max: number): ParsedScan {
  const out: ParsedScan = { tooDeep: false, inexact: false };
  if (typeof root !== "object" || root === null) {
    out.inexact = typeof root === "number" && !(Math.abs(root) < EXACT_LIMIT);
    return out;
  }
  const nodes: unknown[] = [root];
  const levels: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop() as object;
    const level = levels.pop()!;
    if (level > max) {
      out.tooDeep = true;
      return out;
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const c: unknown = node[i];
        if (typeof c === "number") {
          if (!(Math.abs(c) < EXACT_LIMIT)) out.inexact = true;
        } else if (typeof c === "object" && c !== null) {
          nodes.push(c);
          levels.push(level + 1);
        }
      }
    } else {
      const rec = node as Record<string, unknown>;
      for (const k in rec) {
        const c = rec[k];
        if (typeof c === "number") {
          if (!(Math.abs(c) < EXACT_LIMIT)) out.inexact = true;
        } else if (typeof c === "object" && c !== null) {
          nodes.push(c);
          levels.push(level + 1);
        }
      }
    }
  }
  return out;
}
