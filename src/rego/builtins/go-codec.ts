// Go's byte codecs as OPA's encoding builtins use them: encoding/base64 (standard and URL
// alphabets, padded or raw, newlines ignored, error offsets in input bytes), encoding/hex and
// net/url's query escaping. A Go string is UTF-8 bytes: inputs are encoded to UTF-8, decoded
// bytes become a string with invalid sequences replaced by U+FFFD.

import { goQuote } from "./go-quote.js";
import { isPrint } from "./go-fmt.js";

export class CodecError extends Error {}

const utf8 = new TextEncoder();
const lenient = new TextDecoder("utf-8");
const strict = new TextDecoder("utf-8", { fatal: true });

export const toBytes = (s: string): Uint8Array => utf8.encode(s);
export const fromBytes = (b: Uint8Array): string => lenient.decode(b);

// ---------------------------------------------------------------------------------------------
// base64

const STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function decodeMap(alphabet: string): Uint8Array {
  const m = new Uint8Array(256).fill(0xff);
  for (let i = 0; i < alphabet.length; i++) m[alphabet.charCodeAt(i)] = i;
  return m;
}
const STD_MAP = decodeMap(STD);
const URL_MAP = decodeMap(URL);

export function base64Encode(s: string, url: boolean, pad: boolean): string {
  let out = Buffer.from(toBytes(s)).toString(url ? "base64url" : "base64");
  if (url && pad) while (out.length % 4 !== 0) out += "=";
  if (!pad) out = out.replace(/=+$/, "");
  return out;
}

const corrupt = (offset: number): CodecError => new CodecError(`illegal base64 data at input byte ${offset}`);

/**
 * OPA's base64url.decode (also the JWT decoder's): URLEncoding.DecodeString after restoring the
 * padding a string without it lacks (RFC 7515 appendix C); a length of 1 mod 4 cannot be padded.
 */
export function base64urlDecode(s: string): Uint8Array {
  if (!s.endsWith("=")) {
    switch (s.length % 4) {
      case 2:
        s += "==";
        break;
      case 3:
        s += "=";
        break;
      case 1:
        throw new CodecError(`illegal base64url string: ${s}`);
    }
  }
  return base64Decode(s, true, true);
}

/** base64.StdEncoding / URLEncoding (`pad`) or RawStdEncoding / RawURLEncoding .DecodeString. */
export function base64Decode(s: string, url: boolean, pad: boolean): Uint8Array {
  const src = toBytes(s);
  const map = url ? URL_MAP : STD_MAP;
  const out = new Uint8Array(Math.floor((src.length * 3) / 4) + 3);
  let n = 0;
  let si = 0;
  const q = [0, 0, 0, 0];
  const isNL = (b: number | undefined): boolean => b === 10 || b === 13;
  for (;;) {
    let dlen = 4;
    let trailing: CodecError | undefined;
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return out.subarray(0, n);
        if (j === 1 || pad) throw corrupt(si - j);
        dlen = j;
        break;
      }
      const b = src[si++]!;
      const d = map[b]!;
      if (d !== 0xff) {
        q[j] = d;
        continue;
      }
      if (isNL(b)) {
        j--;
        continue;
      }
      if (!pad || b !== 61 /* = */) throw corrupt(si - 1);
      // padding: the end of the data
      if (j === 0 || j === 1) throw corrupt(si - 1);
      if (j === 2) {
        // "==" expected; the first "=" is consumed
        while (si < src.length && isNL(src[si])) si++;
        if (si === src.length) throw corrupt(src.length);
        if (src[si] !== 61) throw corrupt(si - 1);
        si++;
      }
      while (si < src.length && isNL(src[si])) si++;
      if (si < src.length) trailing = corrupt(si);
      dlen = j;
      break;
    }
    const val = (q[0]! << 18) | (q[1]! << 12) | ((dlen > 2 ? q[2]! : 0) << 6) | (dlen > 3 ? q[3]! : 0);
    if (dlen >= 2) out[n++] = (val >> 16) & 0xff;
    if (dlen >= 3) out[n++] = (val >> 8) & 0xff;
    if (dlen >= 4) out[n++] = val & 0xff;
    if (trailing) throw trailing;
    if (dlen < 4) return out.subarray(0, n);
  }
}

// ---------------------------------------------------------------------------------------------
// hex

export function hexEncode(s: string): string {
  return Buffer.from(toBytes(s)).toString("hex");
}

function hexVal(b: number): number {
  if (b >= 48 && b <= 57) return b - 48;
  if (b >= 97 && b <= 102) return b - 87;
  if (b >= 65 && b <= 70) return b - 55;
  return -1;
}

/** "U+0067 'g'" (fmt's %#U of the byte as a rune). */
function runeDesc(b: number): string {
  const u = "U+" + b.toString(16).toUpperCase().padStart(4, "0");
  return isPrint(b) ? `${u} '${String.fromCharCode(b)}'` : u;
}

/** hex.DecodeString, with Go's error texts. */
export function hexDecode(s: string): Uint8Array {
  const src = toBytes(s);
  const out = new Uint8Array(src.length >> 1);
  let j = 1;
  for (; j < src.length; j += 2) {
    const a = hexVal(src[j - 1]!);
    const b = hexVal(src[j]!);
    if (a < 0) throw new CodecError(`encoding/hex: invalid byte: ${runeDesc(src[j - 1]!)}`);
    if (b < 0) throw new CodecError(`encoding/hex: invalid byte: ${runeDesc(src[j]!)}`);
    out[(j - 1) >> 1] = (a << 4) | b;
  }
  if (src.length % 2 === 1) {
    if (hexVal(src[j - 1]!) < 0) throw new CodecError(`encoding/hex: invalid byte: ${runeDesc(src[j - 1]!)}`);
    throw new CodecError("encoding/hex: odd length hex string");
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// net/url query escaping

const UPPER_HEX = "0123456789ABCDEF";

function unreserved(b: number): boolean {
  return (
    (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b === 45 || b === 95 || b === 46 || b === 126
  );
}

/** url.QueryEscape. */
export function queryEscape(s: string): string {
  if (/^[A-Za-z0-9\-_.~]*$/.test(s)) return s;
  const src = toBytes(s);
  let out = "";
  for (const b of src) {
    if (unreserved(b)) out += String.fromCharCode(b);
    else if (b === 32) out += "+";
    else out += "%" + UPPER_HEX[b >> 4] + UPPER_HEX[b & 15];
  }
  return out;
}

/** strconv.Quote of raw bytes (invalid UTF-8 as \x escapes). */
function quoteBytes(b: Uint8Array): string {
  try {
    return goQuote(strict.decode(b));
  } catch {
    let out = '"';
    for (const x of b) {
      if (x === 34 || x === 92) out += "\\" + String.fromCharCode(x);
      else if (x >= 0x20 && x < 0x7f) out += String.fromCharCode(x);
      else out += "\\x" + x.toString(16).padStart(2, "0");
    }
    return out + '"';
  }
}

/** url.QueryUnescape. */
export function queryUnescape(s: string): string {
  if (!/[%+]/.test(s)) return s;
  const src = toBytes(s);
  const out = new Uint8Array(src.length);
  let n = 0;
  for (let i = 0; i < src.length; ) {
    const b = src[i]!;
    if (b === 37 /* % */) {
      if (i + 2 >= src.length || hexVal(src[i + 1]!) < 0 || hexVal(src[i + 2]!) < 0) {
        const bad = src.subarray(i, Math.min(i + 3, src.length));
        throw new CodecError(`invalid URL escape ${quoteBytes(bad)}`);
      }
      out[n++] = (hexVal(src[i + 1]!) << 4) | hexVal(src[i + 2]!);
      i += 3;
    } else {
      out[n++] = b === 43 /* + */ ? 32 : b;
      i++;
    }
  }
  return fromBytes(out.subarray(0, n));
}

/** url.ParseQuery: values by key in order of appearance; the error Go reports, if any. */
export function parseQuery(query: string): { values: Map<string, string[]>; error?: string } {
  const values = new Map<string, string[]>();
  let error: string | undefined;
  for (const part of query === "" ? [] : query.split("&")) {
    if (part.includes(";")) {
      error = "invalid semicolon separator in query";
      continue;
    }
    if (part === "") continue;
    const eq = part.indexOf("=");
    let key: string;
    let value: string;
    try {
      key = queryUnescape(eq < 0 ? part : part.slice(0, eq));
      value = queryUnescape(eq < 0 ? "" : part.slice(eq + 1));
    } catch (e) {
      if (error === undefined) error = (e as Error).message;
      continue;
    }
    const list = values.get(key);
    if (list) list.push(value);
    else values.set(key, [value]);
  }
  return error === undefined ? { values } : { values, error };
}
