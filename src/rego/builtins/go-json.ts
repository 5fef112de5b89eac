// Go's encoding/json output for engine values, as OPA's json.marshal produces it: ast.JSON
// (sets become arrays, non-string object keys become their JSON text) then json.Marshal or
// json.MarshalIndent (keys sorted by bytes, HTML characters and U+2028/U+2029 escaped, invalid
// UTF-8 as U+FFFD). Iterative, so deeply nested values cannot overflow the call stack.

import { Float, numToString } from "../number.js";
import { type Value, RObject, RSet } from "../value.js";

const HEX = "0123456789abcdef";
// characters json.Marshal escapes (with escapeHTML): controls, " \ < > &, U+2028/9, surrogates
const NEEDS_ESCAPE = /["\\<>&\u0000-\u001f\u2028\u2029\ud800-\udfff]/;

/** A string as Go's json.Marshal writes it (quotes included). */
export function goJSONString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  let out = '"';
  let chunk = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string;
    if (c >= 0x20 && c !== 34 && c !== 92 && c !== 60 && c !== 62 && c !== 38 && c !== 0x2028 && c !== 0x2029 && (c < 0xd800 || c > 0xdfff)) continue;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++; // a valid pair: written as is
        continue;
      }
    }
    switch (c) {
      case 34:
        rep = '\\"';
        break;
      case 92:
        rep = "\\\\";
        break;
      case 8:
        rep = "\\b";
        break;
      case 12:
        rep = "\\f";
        break;
      case 10:
        rep = "\\n";
        break;
      case 13:
        rep = "\\r";
        break;
      case 9:
        rep = "\\t";
        break;
      default:
        if (c >= 0xd800 && c <= 0xdfff) rep = "\\ufffd";
        else rep = "\\u" + HEX[(c >> 12) & 15] + HEX[(c >> 8) & 15] + HEX[(c >> 4) & 15] + HEX[c & 15];
    }
    out += s.slice(chunk, i) + rep;
    chunk = i + 1;
  }
  return out + s.slice(chunk) + '"';
}

/** Compares strings by code point (= UTF-8 byte order, Go's string order). */
export function cmpCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs === ys) return x < y ? -1 : 1;
    // a surrogate (a code point >= U+10000) sorts after every BMP character
    return xs ? 1 : -1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** An object's members with string keys (ast.JSON), in Go's sorted map order. */
export function jsonMembers(o: RObject): [string, Value][] {
  const out: [string, Value][] = [];
  if (o.onlyStringKeys) {
    for (const k of o.keys()) out.push([k as string, o.get(k)!]);
    return out;
  }
  const byKey = new Map<string, Value>();
  for (const [k, v] of o.entries()) byKey.set(typeof k === "string" ? k : goJSONMarshal(k), v);
  for (const k of [...byKey.keys()].sort(cmpCodePoints)) out.push([k, byKey.get(k)!]);
  return out;
}

export interface IndentOptions {
  prefix: string;
  indent: string;
}

interface Frame {
  /** array items, or object members */
  items: readonly Value[] | [string, Value][];
  obj: boolean;
  i: number;
}

/**
 * json.Marshal (or json.MarshalIndent when `indent` is given; like Go, the first line is not
 * prefixed). `charge` is called with the size of the output as it grows.
 */
export function goJSONMarshal(v: Value, indent?: IndentOptions, charge?: (units: number) => void): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  let size = 0;
  let charged = 0;
  const newline = (depth: number): void => {
    if (!indent) return;
    out.push("\n", indent.prefix);
    for (let d = 0; d < depth; d++) out.push(indent.indent);
    if (charge) {
      size += 1 + indent.prefix.length + depth * indent.indent.length;
      if (size - charged > 4096) {
        charge(size - charged);
        charged = size;
      }
    }
  };
  const colon = indent ? ": " : ":";
  let cur: Value = v;
  for (;;) {
    // write `cur`, or open it
    if (cur === null) out.push("null");
    else if (typeof cur === "string") out.push(goJSONString(cur));
    else if (typeof cur === "boolean") out.push(cur ? "true" : "false");
    else if (typeof cur === "number" || typeof cur === "bigint") out.push(String(cur));
    else if (cur instanceof Float) out.push(numToString(cur));
    else if (cur instanceof RObject) {
      const members = jsonMembers(cur);
      if (members.length === 0) out.push("{}");
      else {
        out.push("{");
        stack.push({ items: members, obj: true, i: 0 });
      }
    } else {
      const items = cur instanceof RSet ? cur.values() : (cur as readonly Value[]);
      if (items.length === 0) out.push("[]");
      else {
        out.push("[");
        stack.push({ items, obj: false, i: 0 });
      }
    }
    // advance to the next value to write, closing finished containers
    for (;;) {
      const f = stack[stack.length - 1];
      if (f === undefined) {
        if (charge) charge(Math.max(0, size - charged));
        return out.join("");
      }
      if (f.i < f.items.length) {
        if (f.i > 0) out.push(",");
        newline(stack.length);
        if (f.obj) {
          const [k, val] = (f.items as [string, Value][])[f.i++]!;
          out.push(goJSONString(k), colon);
          cur = val;
        } else {
          cur = (f.items as readonly Value[])[f.i++]!;
        }
        break;
      }
      stack.pop();
      newline(stack.length);
      out.push(f.obj ? "}" : "]");
    }
  }
}
