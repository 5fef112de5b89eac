// Checks that a range of bytes is exactly one JSON value (RFC 8259, what JSON.parse accepts),
// without building it: for the parts of a document the checker does not read (see
// unread-members.ts), which must still be valid JSON. Iterative (any depth), and it works on the
// UTF-8 bytes: string contents are not decoded, as JSON.parse's decoding never rejects them.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** JSON's whitespace: space, line feed, carriage return, tab. */
export const isJSONSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** The first index from `i` on, before `end`, that is not JSON whitespace. */
export function skipJSONSpace(b: Uint8Array, i: number, end: number): number {
  while (i < end && isJSONSpace(b[i]!)) i++;
  return i;
}

/** Where the text of a file begins: after a UTF-8 byte order mark, if there is one. */
export function afterBOM(b: Uint8Array): number {
  return b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
}
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** Whether b[start, end) is one JSON value, with only whitespace around it. */
export function isOneJSONValue(b: Uint8Array, start: number, end: number): boolean {
  // -1 past `end`: every read below bounds-checks through at()
  const at = (i: number): number => (i < end ? b[i]! : -1);
  const skipSpace = (i: number): number => skipJSONSpace(b, i, end);
  /** The index after the string starting at i (a quote), or -1. */
  const string = (i: number): number => {
    i++;
    for (;;) {
      if (i >= end) return -1;
      const c = b[i]!;
      if (c === QUOTE) return i + 1;
      if (c < 0x20) return -1;
      if (c !== BACKSLASH) {
        i++;
        continue;
      }
      const e = at(i + 1);
      if (e === 0x75) {
        for (let k = i + 2; k < i + 6; k++) if (!isHex(at(k))) return -1;
        i += 6;
      } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) i += 2;
      else return -1;
    }
  };
  /** The index after the number starting at i, or -1. */
  const number = (i: number): number => {
    if (at(i) === 0x2d) i++;
    if (at(i) === 0x30) i++;
    else if (isDigit(at(i)) && at(i) !== 0x30) while (isDigit(at(i))) i++;
    else return -1;
    if (at(i) === 0x2e) {
      i++;
      if (!isDigit(at(i))) return -1;
      while (isDigit(at(i))) i++;
    }
    if (at(i) === 0x65 || at(i) === 0x45) {
      i++;
      if (at(i) === 0x2b || at(i) === 0x2d) i++;
      if (!isDigit(at(i))) return -1;
      while (isDigit(at(i))) i++;
    }
    return i;
  };
  const literal = (i: number, word: readonly number[]): number => {
    for (let k = 0; k < word.length; k++) if (at(i + k) !== word[k]) return -1;
    return i + word.length;
  };
  /** After `{` or `,` in an object: a key and its colon; the index of the value, or -1. */
  const key = (i: number): number => {
    i = skipSpace(i);
    if (at(i) !== QUOTE) return -1;
    i = string(i);
    if (i < 0) return -1;
    i = skipSpace(i);
    return at(i) === 0x3a ? skipSpace(i + 1) : -1;
  };

  // open containers: true for an object, false for an array
  const open: boolean[] = [];
  let i = skipSpace(start);
  for (;;) {
    // a value starts at i
    const c = at(i);
    if (c === QUOTE) i = string(i);
    else if (c === 0x7b || c === 0x5b) {
      const j = skipSpace(i + 1);
      if (at(j) === (c === 0x7b ? 0x7d : 0x5d)) i = j + 1;
      else {
        open.push(c === 0x7b);
        i = c === 0x7b ? key(i + 1) : j;
        if (i < 0) return false;
        continue;
      }
    } else if (c === 0x74) i = literal(i, TRUE);
    else if (c === 0x66) i = literal(i, FALSE);
    else if (c === 0x6e) i = literal(i, NULL);
    else i = number(i);
    if (i < 0) return false;
    // after a value: a separator, or the ends of containers
    for (;;) {
      i = skipSpace(i);
      if (open.length === 0) return i === end;
      const inObject = open[open.length - 1]!;
      const d = at(i);
      if (d === 0x2c) {
        i = inObject ? key(i + 1) : skipSpace(i + 1);
        if (i < 0) return false;
        break;
      }
      if (d !== (inObject ? 0x7d : 0x5d)) return false;
      open.pop();
      i++;
    }
  }
}

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];
