// Parses a large JSON file without ever holding its whole text. JSON.parse needs the text and
// builds the document beside it, so a 200 MB plan would need its 200 MB of text and the parsed
// document at once (and, until the next full garbage collection, the text even after that).
// Here the file is scanned once in blocks (strings skipped with memchr) to find the members of
// every container larger than a chunk (4 MB), down to 8 levels; then runs of small
// members — resource changes, planned resources — are read and parsed together with JSON.parse,
// a few megabytes at a time. The peak is the document plus one chunk.
//
// The scan costs time (about as much again as JSON.parse), so only files of 128 MB and more
// take this path: below that, the text beside the document fits easily (a 104 MB plan of
// 100,000 resources peaks at 430 MB while loading whole, 384 MB in chunks, and loads a second
// faster whole).
//
// It only ever accepts what parseJSONText (parse-document.ts) accepts, with the same result: any
// doubt (invalid JSON, nesting beyond the input limit) returns undefined, and the caller reads
// the file whole for a precise, located message.

import { readSync } from "node:fs";
import { afterBOM, isJSONSpace, skipJSONSpace } from "./json-check.js";
import { readFully, withFile } from "./open-file.js";
import { MAX_INPUT_DEPTH } from "./nesting.js";
import { parseJSONText } from "./parse-document.js";

export interface ChunkSizes {
  /** files smaller than this are read whole (the usual path) */
  largeFile: number;
  /** containers up to this size are parsed with one JSON.parse; runs of members up to it too */
  chunk: number;
  /** bytes read at a time by the scan */
  block: number;
  /** containers are split down to this many levels below the scanned one; deeper large ones are scanned again */
  splitDepth: number;
}

// splitDepth 4 reaches the resource lists of a plan (planned_values.root_module.resources,
// prior_state.values.root_module.resources) in one pass; a large container deeper down (a big
// child module) is scanned again. Tracking every container down to 8 levels made the scan a
// quarter slower on a 428 MB plan (5.7 s -> 4.3 s for the whole read at 4).
export const CHUNK_SIZES: Readonly<ChunkSizes> = Object.freeze({ largeFile: 128 * 1024 * 1024, chunk: 4 * 1024 * 1024, block: 1024 * 1024, splitDepth: 4 });

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

/** Not valid JSON, or not something this reader is sure of: read the file whole instead. */
class Unsure extends Error {}

/** A container larger than a chunk, with its members' byte ranges. */
interface Node {
  kind: "array" | "object";
  /** per member: key start, key end (objects; quotes included), value start, value end */
  members: Float64Array;
  count: number;
  /** members that are themselves large containers, by member index */
  children: Map<number, Node> | null;
}

/** An open container during the scan. */
interface Frame {
  kind: "array" | "object";
  start: number;
  /** where this frame's members begin in the member log */
  logStart: number;
  count: number;
  state: "key" | "colon" | "value";
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueSeen: boolean;
  /** the member's value is a container that has closed: only a separator may follow */
  done: boolean;
  children: Map<number, Node> | null;
}

class ChunkedFile {
  private readonly block: Buffer;
  /** members of the open frames, four numbers each, as a stack */
  private log = new Float64Array(4096);
  private logLength = 0;

  constructor(
    private readonly fd: number,
    private readonly path: string,
    private readonly sizes: ChunkSizes,
  ) {
    this.block = Buffer.allocUnsafe(sizes.block);
  }

  private read(start: number, end: number): Buffer {
    const buf = Buffer.allocUnsafe(end - start);
    if (!readFully(this.fd, buf, start)) throw new Unsure("file changed while reading");
    return buf;
  }

  /** The value in [start, end) at nesting `depth` (0 for the document). */
  value(start: number, end: number, depth: number): unknown {
    if (end - start <= this.sizes.chunk) return this.parseText(this.read(start, end).toString("utf8"), depth);
    const node = this.scan(start, end, depth);
    if (node === null) return this.parseText(this.read(start, end).toString("utf8"), depth);
    return this.build(node, depth);
  }

  /** The container of a node at nesting `depth`, its members parsed in runs. */
  private build(node: Node, depth: number): unknown {
    if (depth + 1 > MAX_INPUT_DEPTH) throw new Unsure("too deep");
    const isObject = node.kind === "object";
    const array: unknown[] = [];
    const record: Record<string, unknown> = {};
    const put = (key: string, v: unknown) => {
      // as JSON.parse does: `__proto__` is an ordinary own property, never the prototype
      if (key === "__proto__") Object.defineProperty(record, key, { value: v, enumerable: true, writable: true, configurable: true });
      else record[key] = v;
    };
    const ms = node.members;
    const keyStart = (i: number) => ms[4 * i]!;
    const keyEnd = (i: number) => ms[4 * i + 1]!;
    const start = (i: number) => ms[4 * i + 2]!;
    const end = (i: number) => ms[4 * i + 3]!;
    const large = (i: number) => node.children?.has(i) === true || end(i) - start(i) > this.sizes.chunk;
    for (let i = 0; i < node.count; ) {
      if (large(i)) {
        const child = node.children?.get(i);
        const v = child ? this.build(child, depth + 1) : this.value(start(i), end(i), depth + 1);
        if (!isObject) array.push(v);
        else {
          const key = JSON.parse(this.read(keyStart(i), keyEnd(i)).toString("utf8")) as unknown;
          if (typeof key !== "string") throw new Unsure("object key");
          put(key, v);
        }
        i++;
        continue;
      }
      // consecutive small members, parsed together: `[a, b, ...]` or `{"k": a, ...}` (their
      // separators included), up to a chunk
      const from = isObject ? keyStart(i) : start(i);
      let j = i + 1;
      while (j < node.count && !large(j) && end(j) - from <= this.sizes.chunk) j++;
      const text = this.read(from, end(j - 1)).toString("utf8");
      // the scan has checked the nesting of every member
      const part = this.parseText(isObject ? `{${text}}` : `[${text}]`, depth, true);
      if (!isObject) {
        if ((part as unknown[]).length !== j - i) throw new Unsure("members");
        for (const v of part as unknown[]) array.push(v);
      } else for (const k of Object.keys(part as Record<string, unknown>)) put(k, (part as Record<string, unknown>)[k]);
      i = j;
    }
    return isObject ? record : array;
  }

  /** JSON text of one chunk at nesting `depth`, as parseJSONText reads it (exact numbers included). */
  private parseText(text: string, depth: number, checked = false): unknown {
    try {
      return parseJSONText(text, this.path, checked ? Infinity : MAX_INPUT_DEPTH - depth);
    } catch {
      throw new Unsure("invalid chunk");
    }
  }

  private logMember(f: Frame, end: number): void {
    if (f.state !== "value" || !f.valueSeen) throw new Unsure("member");
    if (this.logLength + 4 > this.log.length) {
      const grown = new Float64Array(this.log.length * 2);
      grown.set(this.log);
      this.log = grown;
    }
    this.log[this.logLength++] = f.keyStart;
    this.log[this.logLength++] = f.keyEnd;
    this.log[this.logLength++] = f.valueStart;
    this.log[this.logLength++] = end;
    f.count++;
  }

  /**
   * One pass over the bytes of [start, end): the tree of containers larger than a chunk
   * (down to sizes.splitDepth levels) with their members; null when the range holds a scalar. The
   * range is a value at nesting `depth`: nesting beyond MAX_INPUT_DEPTH anywhere is refused.
   */
  private scan(start: number, end: number, depth: number): Node | null {
    const frames: Frame[] = [];
    let root: Node | null = null;
    // nesting below the deepest frame (containers not split)
    let deeper = 0;
    let closed = false;
    let inString = false;
    // backslashes just before the end of the previous block, inside a string
    let carry = 0;
    this.logLength = 0;

    const open = (kind: "array" | "object", at: number) => {
      if (depth + frames.length + 1 > MAX_INPUT_DEPTH) throw new Unsure("too deep");
      frames.push({ kind, start: at, logStart: this.logLength, count: 0, state: kind === "object" ? "key" : "value", keyStart: -1, keyEnd: -1, valueStart: at + 1, valueSeen: false, done: false, children: null });
    };
    const close = (f: Frame, at: number) => {
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) parent.done = true;
      if (at + 1 - f.start > this.sizes.chunk || !parent) {
        const node: Node = { kind: f.kind, members: this.log.slice(f.logStart, this.logLength), count: f.count, children: f.children };
        if (parent) (parent.children ??= new Map()).set(parent.count, node);
        else root = node;
      }
      this.logLength = f.logStart;
    };

    for (let base = start; base < end; base += this.sizes.block) {
      const n = readSync(this.fd, this.block, 0, Math.min(this.sizes.block, end - base), base);
      if (n <= 0) throw new Unsure("file changed while reading");
      const b = this.block;
      let i = 0;
      while (i < n) {
        if (inString) {
          const q = b.indexOf(QUOTE, i);
          if (q < 0 || q >= n) {
            // no closing quote in this block: remember the backslashes it ends with
            let k = n - 1;
            while (k >= i && b[k] === BACKSLASH) k--;
            carry = k < i ? carry + (n - i) : n - 1 - k;
            i = n;
            break;
          }
          let k = q - 1;
          while (k >= i && b[k] === BACKSLASH) k--;
          const run = q - 1 - k + (k < i ? carry : 0);
          carry = 0;
          i = q + 1;
          if (run % 2 === 1) continue;
          inString = false;
          const f = frames[frames.length - 1];
          if (deeper === 0 && f && f.state === "key" && f.keyStart >= 0 && f.keyEnd < 0) {
            f.keyEnd = base + q + 1;
            f.state = "colon";
          }
          continue;
        }
        if (deeper > 0) {
          // inside a container that is not split: only strings and brackets matter
          let c = b[i]!;
          while (c !== QUOTE && c !== LBRACE && c !== RBRACE && c !== LBRACKET && c !== RBRACKET && ++i < n) c = b[i]!;
          if (i >= n) break;
          if (c === QUOTE) {
            inString = true;
            carry = 0;
          } else if (c === LBRACE || c === LBRACKET) {
            if (depth + frames.length + ++deeper > MAX_INPUT_DEPTH) throw new Unsure("too deep");
          } else if (--deeper === 0) frames[frames.length - 1]!.done = true;
          i++;
          continue;
        }
        const c = b[i]!;
        if (isJSONSpace(c)) {
          i++;
          continue;
        }
        if (closed) throw new Unsure("text after the document");
        const f = frames[frames.length - 1];
        if (!f) {
          if (c !== LBRACE && c !== LBRACKET) return null;
          open(c === LBRACE ? "object" : "array", base + i);
          i++;
          continue;
        }
        if (f.state === "key") {
          if (c === QUOTE) {
            f.keyStart = base + i;
            inString = true;
            carry = 0;
            i++;
            continue;
          }
          // `{}`
          if (c === RBRACE && f.count === 0 && f.keyStart < 0) {
            close(f, base + i);
            if (frames.length === 0) closed = true;
            i++;
            continue;
          }
          throw new Unsure("expected a key");
        }
        if (f.state === "colon") {
          if (c !== COLON) throw new Unsure("expected a colon");
          f.state = "value";
          f.valueStart = base + i + 1;
          f.valueSeen = false;
          i++;
          continue;
        }
        if (f.done && c !== COMMA && c !== RBRACE && c !== RBRACKET) throw new Unsure("text after a value");
        if (c === COMMA) {
          this.logMember(f, base + i);
          f.done = false;
          if (f.kind === "object") {
            f.state = "key";
            f.keyStart = f.keyEnd = -1;
          }
          f.valueStart = base + i + 1;
          f.valueSeen = false;
          i++;
          continue;
        }
        if (c === RBRACE || c === RBRACKET) {
          if ((c === RBRACE) !== (f.kind === "object")) throw new Unsure("mismatched bracket");
          // `[]`
          if (!(f.kind === "array" && f.count === 0 && !f.valueSeen)) this.logMember(f, base + i);
          close(f, base + i);
          if (frames.length === 0) closed = true;
          i++;
          continue;
        }
        if (f.valueSeen && (c === LBRACE || c === LBRACKET || c === QUOTE)) throw new Unsure("two values");
        f.valueSeen = true;
        if (c === QUOTE) {
          inString = true;
          carry = 0;
        } else if (c === LBRACE || c === LBRACKET) {
          if (frames.length < this.sizes.splitDepth) open(c === LBRACE ? "object" : "array", base + i);
          else if (depth + frames.length + (deeper = 1) > MAX_INPUT_DEPTH) throw new Unsure("too deep");
        } else if (c === RBRACE || c === RBRACKET) throw new Unsure("unbalanced");
        i++;
      }
    }
    if (!closed || inString) throw new Unsure("unterminated");
    return root;
  }
}

/**
 * The parsed document of a large JSON file, read in chunks; undefined when the file is not one
 * JSON object or array, or anything about it is unsure (the caller then reads it whole).
 */
export function parseLargeJSONFile(path: string, sizes: ChunkSizes = CHUNK_SIZES): unknown {
  return withFile(path, (fd, size) => {
    if (size < sizes.largeFile) return undefined;
    // UTF-8 only, starting with a container (a byte order mark is skipped)
    const head = Buffer.alloc(256);
    const got = readSync(fd, head, 0, head.length, 0);
    const start = afterBOM(head);
    const first = skipJSONSpace(head, start, got);
    if (head[first] !== LBRACE && head[first] !== LBRACKET) return undefined;
    try {
      return new ChunkedFile(fd, path, sizes).value(start, size, 0);
    } catch (e) {
      if (e instanceof Unsure || e instanceof SyntaxError) return undefined;
      throw e;
    }
  });
}
