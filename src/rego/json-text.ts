// Exact JSON text -> engine Value.
//
// Unlike JSON.parse + fromJSON, numbers are read exactly (integers beyond 2^53 stay exact,
// decimals become number.ts Floats, as OPA reads them with json.Number), and nesting is
// handled with an explicit stack, so a 100,000-deep document is rejected with a clear message
// instead of overflowing the call stack. Objects become RObject over a null-prototype record:
// keys such as `__proto__` and `constructor` are plain data. Duplicate keys: the last wins (as
// in Go's encoding/json). Errors carry a line and column, never a file name (callers add it).

import { type Num, parseNumber } from "./number.js";
import { type Value, RObject } from "./value.js";

export interface ParseJSONOptions {
  /** Deepest nesting of arrays and objects accepted (default 10,000, Go's encoding/json limit). */
  maxDepth?: number;
}

export const DEFAULT_MAX_DEPTH = 10_000;

/** A number's exponent beyond this magnitude is refused: exact reading would cost too much. */
const MAX_EXPONENT = 1000;
/** Likewise for number literals longer than this (no real document has such numbers). */
const MAX_NUMBER_LENGTH = 10_000;

/** Invalid JSON text; `offset` is the UTF-16 offset of the problem, `line`/`column` 1-based. */
export class JSONTextError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = "JSONTextError";
  }
}

/** Parses one JSON document (surrounding whitespace allowed) into a Value; throws JSONTextError. */
export function parseJSONValue(text: string, opts?: ParseJSONOptions): Value {
  return new Parser(text, opts?.maxDepth ?? DEFAULT_MAX_DEPTH, true).document();
}

/**
 * Whether `text` is one valid JSON document (Go's json.Valid, including its depth limit). Numbers
 * are only checked against the grammar, so no size limit applies to them.
 */
export function isValidJSON(text: string, maxDepth = DEFAULT_MAX_DEPTH): boolean {
  try {
    new Parser(text, maxDepth, false).document();
    return true;
  } catch (e) {
    if (e instanceof JSONTextError) return false;
    throw e;
  }
}

// character codes
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** An open container: an array being filled, or an object with the key of the value being read. */
interface Frame {
  arr: Value[] | null;
  rec: Record<string, Value> | null;
  key: string;
}

class Parser {
  private pos = 0;
  private readonly end: number;
  private floats: Map<string, Num> | null = null;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    /** read numbers exactly (false: only check their syntax) */
    private readonly exact: boolean,
  ) {
    this.end = text.length;
  }

  document(): Value {
    const stack: Frame[] = [];
    let depth = 0;
    let value: Value;
    const text = this.text;

    // eslint-disable-next-line no-constant-condition
    for (;;) {
      // --- read a value, or open a container and loop to read its first member
      this.skipWS();
      if (this.pos >= this.end) this.fail();
      const c = text.charCodeAt(this.pos);
      if (c === LBRACE || c === LBRACKET) {
        if (depth >= this.maxDepth) throw this.error(`nesting deeper than ${this.maxDepth}`, this.pos);
        this.pos++;
        this.skipWS();
        if (c === LBRACKET) {
          if (text.charCodeAt(this.pos) === RBRACKET) {
            this.pos++;
            value = [];
          } else {
            const f = stack[depth] ?? (stack[depth] = { arr: null, rec: null, key: "" });
            f.arr = [];
            f.rec = null;
            depth++;
            continue;
          }
        } else if (text.charCodeAt(this.pos) === RBRACE) {
          this.pos++;
          value = new RObject(undefined);
        } else {
          const f = stack[depth] ?? (stack[depth] = { arr: null, rec: null, key: "" });
          f.arr = null;
          f.rec = Object.create(null) as Record<string, Value>;
          f.key = this.memberKey();
          depth++;
          continue;
        }
      } else if (c === QUOTE) {
        value = this.string();
      } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
        value = this.number();
      } else if (c === 116 /* t */) {
        this.literal("true");
        value = true;
      } else if (c === 102 /* f */) {
        this.literal("false");
        value = false;
      } else if (c === 110 /* n */) {
        this.literal("null");
        value = null;
      } else {
        this.fail();
      }

      // --- store the value in the open containers, closing those that end here
      for (;;) {
        if (depth === 0) {
          this.skipWS();
          if (this.pos < this.end) this.fail();
          return value;
        }
        const f = stack[depth - 1]!;
        this.skipWS();
        const d = text.charCodeAt(this.pos);
        if (f.arr !== null) {
          f.arr.push(value);
          if (d === COMMA) {
            this.pos++;
            break;
          }
          if (d !== RBRACKET) this.fail();
          this.pos++;
          value = f.arr;
          f.arr = null;
        } else {
          const rec = f.rec!;
          if (f.key === "__proto__") {
            Object.defineProperty(rec, "__proto__", { value, enumerable: true, writable: true, configurable: true });
          } else {
            rec[f.key] = value;
          }
          if (d === COMMA) {
            this.pos++;
            this.skipWS();
            f.key = this.memberKey();
            break;
          }
          if (d !== RBRACE) this.fail();
          this.pos++;
          value = new RObject(rec);
          f.rec = null;
        }
        depth--;
      }
    }
  }

  /** `"key"` then `:`; leaves pos after the colon. */
  private memberKey(): string {
    if (this.text.charCodeAt(this.pos) !== QUOTE) this.fail();
    const k = this.string();
    this.skipWS();
    if (this.text.charCodeAt(this.pos) !== COLON) this.fail();
    this.pos++;
    return k;
  }

  private skipWS(): void {
    const text = this.text;
    let p = this.pos;
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else break;
    }
    this.pos = p;
  }

  private literal(word: string): void {
    const text = this.text;
    for (let i = 0; i < word.length; i++) {
      if (this.pos >= this.end) this.fail();
      if (text.charCodeAt(this.pos) !== word.charCodeAt(i)) this.fail();
      this.pos++;
    }
  }

  /** A string starting at the opening quote. */
  private string(): string {
    const text = this.text;
    const start = this.pos + 1;
    let p = start;
    // fast path: no escapes
    for (;;) {
      if (p >= this.end) {
        this.pos = p;
        this.fail();
      }
      const c = text.charCodeAt(p);
      if (c === QUOTE) {
        this.pos = p + 1;
        return text.slice(start, p);
      }
      if (c === BACKSLASH) break;
      if (c < 32) {
        this.pos = p;
        this.fail();
      }
      p++;
    }
    // slow path: with escapes
    let out = text.slice(start, p);
    let chunk = p;
    for (;;) {
      if (p >= this.end) {
        this.pos = p;
        this.fail();
      }
      const c = text.charCodeAt(p);
      if (c === QUOTE) {
        this.pos = p + 1;
        return out + text.slice(chunk, p);
      }
      if (c < 32) {
        this.pos = p;
        this.fail();
      }
      if (c !== BACKSLASH) {
        p++;
        continue;
      }
      out += text.slice(chunk, p);
      p++;
      if (p >= this.end) {
        this.pos = p;
        this.fail();
      }
      const e = text.charCodeAt(p);
      switch (e) {
        case QUOTE:
          out += '"';
          break;
        case BACKSLASH:
          out += "\\";
          break;
        case 47:
          out += "/";
          break;
        case 98:
          out += "\b";
          break;
        case 102:
          out += "\f";
          break;
        case 110:
          out += "\n";
          break;
        case 114:
          out += "\r";
          break;
        case 116:
          out += "\t";
          break;
        case 117: {
          const u = this.hex4(p + 1);
          p += 4;
          if (u >= 0xd800 && u < 0xdc00) {
            // a high surrogate must be followed by an escaped low one; Go replaces a lone one
            if (text.charCodeAt(p + 1) === BACKSLASH && text.charCodeAt(p + 2) === 117) {
              const lo = this.hex4(p + 3);
              if (lo >= 0xdc00 && lo < 0xe000) {
                out += String.fromCharCode(u, lo);
                p += 6;
                break;
              }
            }
            out += "\ufffd";
          } else if (u >= 0xdc00 && u < 0xe000) {
            out += "\ufffd";
          } else {
            out += String.fromCharCode(u);
          }
          break;
        }
        default:
          this.pos = p;
          this.fail();
      }
      p++;
      chunk = p;
    }
  }

  /** Four hex digits at `p`. */
  private hex4(p: number): number {
    let v = 0;
    for (let i = 0; i < 4; i++) {
      if (p + i >= this.end) {
        this.pos = p + i;
        this.fail();
      }
      const c = this.text.charCodeAt(p + i);
      let d: number;
      if (c >= ZERO && c <= NINE) d = c - ZERO;
      else if (c >= 97 && c <= 102) d = c - 87;
      else if (c >= 65 && c <= 70) d = c - 55;
      else {
        this.pos = p + i;
        this.fail();
      }
      v = v * 16 + d;
    }
    return v;
  }

  /** A number per the JSON grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
  private number(): Num {
    const text = this.text;
    const start = this.pos;
    let p = start;
    let neg = false;
    if (text.charCodeAt(p) === MINUS) {
      neg = true;
      p++;
    }
    let c = text.charCodeAt(p);
    let acc = 0;
    let digits = 0;
    if (c === ZERO) {
      p++;
    } else if (c > ZERO && c <= NINE) {
      while (c >= ZERO && c <= NINE) {
        acc = acc * 10 + (c - ZERO);
        digits++;
        c = text.charCodeAt(++p);
      }
    } else {
      this.pos = p;
      this.fail();
    }
    c = text.charCodeAt(p);
    let simple = true;
    if (c === DOT) {
      simple = false;
      c = text.charCodeAt(++p);
      if (!(c >= ZERO && c <= NINE)) {
        this.pos = p;
        this.fail();
      }
      while (c >= ZERO && c <= NINE) c = text.charCodeAt(++p);
    }
    if (c === 101 || c === 69) {
      simple = false;
      c = text.charCodeAt(++p);
      if (c === PLUS || c === MINUS) c = text.charCodeAt(++p);
      if (!(c >= ZERO && c <= NINE)) {
        this.pos = p;
        this.fail();
      }
      const expStart = p;
      while (c === ZERO) c = text.charCodeAt(++p);
      const sig = p;
      while (c >= ZERO && c <= NINE) c = text.charCodeAt(++p);
      if (this.exact && (p - sig > 4 || (p > sig && Number(text.slice(sig, p)) > MAX_EXPONENT))) {
        throw this.error(`number exponent out of range (more than ${MAX_EXPONENT})`, expStart);
      }
    }
    this.pos = p;
    if (simple && digits <= 15) return neg ? (acc === 0 ? 0 : -acc) : acc;
    if (!this.exact) return 0;
    if (p - start > MAX_NUMBER_LENGTH) throw this.error(`number too long (more than ${MAX_NUMBER_LENGTH} characters)`, start);
    const lit = text.slice(start, p);
    if (simple) {
      const n = parseNumber(lit);
      if (n === undefined) throw this.error(`invalid number ${lit}`, start);
      return n;
    }
    // decimals repeat often in real documents (0.5, 1.0, ...): read each distinct text once
    let cache = this.floats;
    if (cache === null) cache = this.floats = new Map();
    let n = cache.get(lit);
    if (n === undefined) {
      n = parseNumber(lit);
      if (n === undefined) throw this.error(`invalid number ${lit}`, start);
      if (cache.size < 65536) cache.set(lit, n);
    }
    return n;
  }

  /** Throws for the character at pos (or the end of input). */
  private fail(): never {
    if (this.pos >= this.end) throw this.error("unexpected end of input", this.end);
    const cp = this.text.codePointAt(this.pos)!;
    throw this.error(`unexpected character ${describeChar(cp)}`, this.pos);
  }

  private error(what: string, offset: number): JSONTextError {
    const { line, column } = position(this.text, offset);
    return new JSONTextError(`${what} at line ${line}, column ${column}`, offset, line, column);
  }
}

/** 'x' for a printable character, else U+XXXX. */
function describeChar(cp: number): string {
  const ch = String.fromCodePoint(cp);
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0xfeff || (cp >= 0xd800 && cp <= 0xdfff) || /\s/u.test(ch)) {
    return "U+" + cp.toString(16).toUpperCase().padStart(4, "0");
  }
  return `'${ch}'`;
}

/** 1-based line and column (in characters) of a UTF-16 offset. */
function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  let column = 1;
  for (let i = lineStart; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    // a surrogate pair is one character
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < offset) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) i++;
    }
    column++;
  }
  return { line, column };
}
