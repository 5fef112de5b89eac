// regex.globs_match: whether two globs of the glob-intersection syntax (OPA uses the Go library
// yashtewari/glob-intersection) have a non-empty string in common. The syntax: a character,
// `\` escaping the next one, `.` any character, `[...]` a set of characters and ranges (`a-z`),
// each optionally followed by `*` (zero or more) or `+` (one or more). Errors are the
// library's texts. The test itself is exact: a breadth-first search of the product of the two
// automata (polynomial), where the library uses a backtracking heuristic.

import { BuiltinError } from "./registry.js";

type CharSet = "any" | readonly (readonly [number, number])[]; // sorted, merged ranges

interface Token {
  set: CharSet;
  flag: "" | "*" | "+";
}

function invalid(index: number, msg: string): BuiltinError {
  return new BuiltinError(`pos:${index}:${msg}: the input provided is invalid`);
}

function normalize(runes: number[][]): CharSet {
  const sorted = runes.slice().sort((a, b) => a[0]! - b[0]!);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo! <= last[1] + 1) last[1] = Math.max(last[1], hi!);
    else out.push([lo!, hi!]);
  }
  return out;
}

function tokenize(input: string): Token[] {
  const runes = Array.from(input, (c) => c.codePointAt(0)!);
  const n = runes.length;
  // nextRune: [rune, escaped, newIndex]
  const nextRune = (i: number): [number, boolean, number] => {
    if (runes[i] === 0x5c) {
      if (i === n - 1) throw invalid(i, "input ends with a \\ (escape) character");
      return [runes[i + 1]!, true, i + 2];
    }
    return [runes[i]!, false, i + 1];
  };
  const tokens: Token[] = [];
  let i = 0;
  while (i < n) {
    const [r, escaped, ni] = nextRune(i);
    i = ni;
    let set: CharSet;
    if (escaped) {
      set = [[r, r]];
    } else if (r === 0x2e) {
      set = "any";
    } else if (r === 0x5d) {
      throw invalid(i, "set-close ']' with no preceding '['");
    } else if (r === 0x2b || r === 0x2a) {
      throw invalid(i, `flag '${String.fromCodePoint(r)}' must be preceded by a non-flag`);
    } else if (r === 0x5b) {
      const ranges: number[][] = [];
      let prev = -1;
      let complete = false;
      while (i < n) {
        const [c, esc, ci] = nextRune(i);
        i = ci;
        if (!esc && c === 0x5d) {
          complete = true;
          break;
        }
        if (!esc && c === 0x2d) {
          if (prev < 0) throw invalid(i, "range character '-' must be preceded by a Unicode character");
          if (i >= n - 1) throw invalid(i, "range character '-' must be followed by a Unicode character");
          const [hi, hiEsc, hni] = nextRune(i);
          i = hni;
          if (!hiEsc && (hi === 0x5d || hi === 0x2d)) throw invalid(i, "range character '-' cannot be followed by a special symbol");
          if (hi < prev)
            throw invalid(i, `range is out of order: '${String.fromCodePoint(hi)}' comes before '${String.fromCodePoint(prev)}' in Unicode`);
          ranges.push([prev, hi]);
          prev = -1;
          continue;
        }
        ranges.push([c, c]);
        prev = c;
      }
      if (!complete) throw invalid(i, "found [ without matching ]");
      set = normalize(ranges);
    } else {
      set = [[r, r]];
    }
    let flag: Token["flag"] = "";
    if (i < n) {
      const [f, fesc, fi] = nextRune(i);
      if (!fesc && (f === 0x2a || f === 0x2b)) {
        flag = f === 0x2a ? "*" : "+";
        i = fi;
      }
    }
    tokens.push({ set, flag });
  }
  return simplify(tokens);
}

function sameSet(a: CharSet, b: CharSet): boolean {
  if (a === "any" || b === "any") return a === b;
  return a.length === b.length && a.every(([lo, hi], k) => lo === b[k]![0] && hi === b[k]![1]);
}

/** The library's Simplify: adjacent flagged tokens of the same characters merge (+ wins). */
function simplify(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const last = out[out.length - 1];
    if (last && last.flag && t.flag && sameSet(last.set, t.set)) {
      if (t.flag === "+") last.flag = "+";
      continue;
    }
    out.push({ ...t });
  }
  return out;
}

function intersects(a: CharSet, b: CharSet): boolean {
  if (a === "any") return b === "any" || b.length > 0;
  if (b === "any") return a.length > 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [alo, ahi] = a[i]!;
    const [blo, bhi] = b[j]!;
    if (ahi < blo) i++;
    else if (bhi < alo) j++;
    else return true;
  }
  return false;
}

/** x+ is x x*: the automaton only needs plain and starred tokens */
function expand(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    if (t.flag === "+") out.push({ set: t.set, flag: "" }, { set: t.set, flag: "*" });
    else out.push(t);
  }
  return out;
}

export function globsIntersect(lhs: string, rhs: string, charge: (n: number) => void = () => {}): boolean {
  const g1 = tokenize(lhs);
  const g2 = tokenize(rhs);
  if (g1.length === 0 && g2.length === 0) return true;
  const a = expand(g1);
  const b = expand(g2);
  const n = a.length;
  const m = b.length;
  charge((n + 1) * (m + 1));
  // closure over starred tokens: the positions reachable without consuming
  const skip = (g: Token[], i: number): number => {
    while (i < g.length && g[i]!.flag === "*") i++;
    return i;
  };
  const seen = new Uint8Array((n + 1) * (m + 1) * 2);
  const queue: number[] = [];
  const visit = (i: number, j: number, consumed: number): void => {
    // every position of the closure is a state
    const ei = skip(a, i);
    const ej = skip(b, j);
    for (let x = i; x <= ei; x++) {
      for (let y = j; y <= ej; y++) {
        const id = (x * (m + 1) + y) * 2 + consumed;
        if (!seen[id]) {
          seen[id] = 1;
          queue.push(id);
        }
      }
    }
  };
  visit(0, 0, 0);
  while (queue.length) {
    const id = queue.pop()!;
    const consumed = id % 2;
    const cell = (id - consumed) / 2;
    const x = Math.floor(cell / (m + 1));
    const y = cell % (m + 1);
    if (consumed && x === n && y === m) return true;
    if (x === n || y === m) continue;
    const ta = a[x]!;
    const tb = b[y]!;
    if (!intersects(ta.set, tb.set)) continue;
    visit(ta.flag === "*" ? x : x + 1, tb.flag === "*" ? y : y + 1, 1);
  }
  return false;
}
