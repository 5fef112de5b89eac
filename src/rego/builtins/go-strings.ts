// Go's strings package semantics over JS strings, for the string builtins: Unicode code points
// stand for Go's runes (a Go string is UTF-8; OPA indexes strings by rune), simple per-rune
// case mapping (unicode.ToLower/ToUpper), Go's notion of white space, and the priority rules
// of strings.NewReplacer.

/** Number of code points in s. */
export function runeLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

export function isASCII(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s);
}

/** UTF-16 offset of the code point `count` code points after offset `from` (clamped to the end). */
export function advanceRunes(s: string, from: number, count: number): number {
  let i = from;
  while (count > 0 && i < s.length) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    count--;
  }
  return i;
}

// ---------------------------------------------------------------------------------------------
// case mapping: one rune at a time, as Go's unicode.ToLower / ToUpper (no special casing)

/** Runes whose full case mapping has several code points: Go's simple mapping instead. */
const SIMPLE_LOWER: Record<number, number> = { 0x130: 0x69 };

function simpleUpper(c: number): number {
  // Greek letters with ypogegrammeni: the simple uppercase is the titlecase letter
  if ((c >= 0x1f80 && c <= 0x1f87) || (c >= 0x1f90 && c <= 0x1f97) || (c >= 0x1fa0 && c <= 0x1fa7)) return c + 8;
  if (c === 0x1fb3) return 0x1fbc;
  if (c === 0x1fc3) return 0x1fcc;
  if (c === 0x1ff3) return 0x1ffc;
  return c; // ß, ŉ, ǰ, ligatures, ...: no simple uppercase
}

const caseCache = new Map<string, string>();

function mapRunes(s: string, upper: boolean): string {
  if (isASCII(s)) return upper ? s.toUpperCase() : s.toLowerCase();
  let out = "";
  for (const ch of s) {
    const key = (upper ? "U" : "L") + ch;
    let m = caseCache.get(key);
    if (m === undefined) {
      m = upper ? ch.toUpperCase() : ch.toLowerCase();
      if (runeLength(m) !== 1) {
        // several code points: the full mapping differs from Go's simple one
        const c = ch.codePointAt(0)!;
        m = String.fromCodePoint(upper ? simpleUpper(c) : (SIMPLE_LOWER[c] ?? c));
      }
      if (caseCache.size < 10_000) caseCache.set(key, m);
    }
    out += m;
  }
  return out;
}

export const goToLower = (s: string): string => mapRunes(s, false);
export const goToUpper = (s: string): string => mapRunes(s, true);

// ---------------------------------------------------------------------------------------------
// trimming

/** unicode.IsSpace */
export function isGoSpace(c: number): boolean {
  switch (c) {
    case 0x09:
    case 0x0a:
    case 0x0b:
    case 0x0c:
    case 0x0d:
    case 0x20:
    case 0x85:
    case 0xa0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202f:
    case 0x205f:
    case 0x3000:
      return true;
  }
  return c >= 0x2000 && c <= 0x200a;
}

function trimBy(s: string, test: (c: number) => boolean, left: boolean, right: boolean): string {
  let start = 0;
  let end = s.length;
  if (left) {
    while (start < end) {
      const c = s.codePointAt(start)!;
      if (!test(c)) break;
      start += c > 0xffff ? 2 : 1;
    }
  }
  if (right) {
    while (end > start) {
      let i = end - 1;
      const lo = s.charCodeAt(i);
      if (lo >= 0xdc00 && lo <= 0xdfff && i > start && (s.charCodeAt(i - 1) & 0xfc00) === 0xd800) i--;
      if (!test(s.codePointAt(i)!)) break;
      end = i;
    }
  }
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

export const goTrimSpace = (s: string): string => trimBy(s, isGoSpace, true, true);

/** strings.Trim / TrimLeft / TrimRight with a cutset of runes. */
export function goTrimCutset(s: string, cutset: string, left: boolean, right: boolean): string {
  if (s === "" || cutset === "") return s;
  const set = new Set<number>();
  for (const ch of cutset) set.add(ch.codePointAt(0)!);
  return trimBy(s, (c) => set.has(c), left, right);
}

// ---------------------------------------------------------------------------------------------
// strings.NewReplacer(old1, new1, old2, new2, ...).Replace(s)

const UTF8_LEN = (c: number): number => (c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4);

interface TrieNode {
  next: Map<number, TrieNode>;
  value?: string;
  priority: number;
}

/**
 * Replaces, left to right and without overlaps, the occurrences of the old strings; where
 * several match at one position, the earliest pair wins. An empty old string matches at every
 * position (once between two other matches). Go's replacer steps over bytes: where it inserts
 * inside a multi-byte character, that character's bytes become invalid UTF-8, which OPA
 * outputs as one U+FFFD per byte; so does this.
 */
export function goReplace(s: string, pairs: readonly (readonly [string, string])[], charge?: (n: number) => void): string {
  if (pairs.length === 0) return s;
  if (pairs.length === 1 && pairs[0]![0] !== "") return s.split(pairs[0]![0]).join(pairs[0]![1]);
  const root: TrieNode = { next: new Map(), priority: 0 };
  pairs.forEach(([old, val], idx) => {
    let node = root;
    for (let i = 0; i < old.length; i++) {
      const c = old.charCodeAt(i);
      let n = node.next.get(c);
      if (n === undefined) {
        n = { next: new Map(), priority: 0 };
        node.next.set(c, n);
      }
      node = n;
    }
    if (node.priority === 0) {
      node.value = val;
      node.priority = pairs.length - idx;
    }
  });
  charge?.(s.length);
  const hasEmpty = root.priority > 0;
  const out: string[] = [];
  let last = 0;
  let prevMatchEmpty = false;
  let i = 0;
  while (i <= s.length) {
    if (i < s.length && !hasEmpty && !root.next.has(s.charCodeAt(i))) {
      i++;
      continue;
    }
    // lookup: the highest-priority key that is a prefix of s[i:]
    let best = 0;
    let val = "";
    let keylen = 0;
    let found = false;
    let node: TrieNode | undefined = root;
    let n = 0;
    while (node !== undefined) {
      if (node.priority > best && !(prevMatchEmpty && node === root)) {
        best = node.priority;
        val = node.value!;
        keylen = n;
        found = true;
      }
      if (i + n >= s.length) break;
      node = node.next.get(s.charCodeAt(i + n));
      n++;
    }
    prevMatchEmpty = found && keylen === 0;
    if (found) {
      out.push(s.slice(last, i), val);
      i += keylen;
      last = i;
      continue;
    }
    if (i >= s.length) break;
    const c = s.codePointAt(i)!;
    const units = c > 0xffff ? 2 : 1;
    if (hasEmpty && UTF8_LEN(c) > 1) {
      // the empty key is inserted between the bytes of this character
      const bytes = UTF8_LEN(c);
      out.push(s.slice(last, i));
      for (let b = 0; b < bytes; b++) {
        if (b > 0) out.push(root.value!);
        out.push("\ufffd");
      }
      i += units;
      last = i;
      continue;
    }
    i += units;
  }
  out.push(s.slice(last));
  return out.join("");
}
