// Builtins: glob family. glob.match reads the pattern as gobwas/glob does (OPA's glob library):
//   *      any run of characters that are not delimiters     **  any run of characters
//   ?      one character that is not a delimiter              [abc] [!abc] [a-z] [!a-z]  one character
//   {a,b}  alternatives (nested patterns)                     \c  the character c
// and matches it as the regular language it denotes: the pattern is compiled to an RE2 regex
// (re2js, linear time), never to a backtracking matcher. Delimiters: null means none, an empty
// array means ["."]. Syntax errors are the library's texts.

import { RE2JS } from "re2js";
import { type Value, RSet } from "../value.js";
import { type BuiltinContext, type BuiltinDef, BuiltinError, elementErr, str, typeErr } from "./registry.js";

type GlobNode =
  | { k: "text"; v: string }
  | { k: "any" }
  | { k: "super" }
  | { k: "single" }
  | { k: "list"; chars: string; not: boolean }
  | { k: "range"; lo: string; hi: string; not: boolean }
  | { k: "anyOf"; alts: GlobNode[][] };

type Tok =
  | { k: "text"; v: string }
  | { k: "any" | "super" | "single" | "rangeOpen" | "rangeClose" | "not" | "between" | "termsOpen" | "termsClose" | "separator" }
  | { k: "lo" | "hi"; v: string };

/** gobwas/glob's lexer (v0.2.3); throws the lexer's error text */
function lex(pattern: string): Tok[] {
  const runes = Array.from(pattern);
  const toks: Tok[] = [];
  let i = 0;
  let terms = 0;
  const fetchText = (breakers: string): void => {
    let data = "";
    let escaped = false;
    while (i < runes.length) {
      const r = runes[i]!;
      if (!escaped) {
        if (r === "\\") {
          // a trailing backslash escapes nothing and is dropped
          escaped = true;
          i++;
          continue;
        }
        if (breakers.includes(r)) break;
      }
      escaped = false;
      data += r;
      i++;
    }
    if (data) toks.push({ k: "text", v: data });
  };
  while (i < runes.length) {
    const r = runes[i]!;
    if (r === "{") {
      terms++;
      toks.push({ k: "termsOpen" });
      i++;
    } else if (r === "," && terms > 0) {
      toks.push({ k: "separator" });
      i++;
    } else if (r === "}" && terms > 0) {
      toks.push({ k: "termsClose" });
      terms--;
      i++;
    } else if (r === "[") {
      toks.push({ k: "rangeOpen" });
      i++;
      let wantHi = false;
      let wantClose = false;
      let seenNot = false;
      for (;;) {
        if (i >= runes.length) throw new BuiltinError("unexpected end of input");
        const c = runes[i]!;
        if (wantClose) {
          if (c !== "]") throw new BuiltinError("expected close range character");
          toks.push({ k: "rangeClose" });
          i++;
          break;
        }
        if (wantHi) {
          toks.push({ k: "hi", v: c });
          i++;
          wantClose = true;
          continue;
        }
        if (!seenNot && c === "!") {
          toks.push({ k: "not" });
          seenNot = true;
          i++;
          continue;
        }
        if (runes[i + 1] === "-") {
          toks.push({ k: "lo", v: c }, { k: "between" });
          i += 2;
          wantHi = true;
          continue;
        }
        fetchText("]");
        wantClose = true;
      }
    } else if (r === "?") {
      toks.push({ k: "single" });
      i++;
    } else if (r === "*") {
      if (runes[i + 1] === "*") {
        toks.push({ k: "super" });
        i += 2;
      } else {
        toks.push({ k: "any" });
        i++;
      }
    } else {
      fetchText(terms > 0 ? "?*[{},]" : "?*[{");
    }
  }
  return toks;
}

/** gobwas/glob's parser: an unclosed { ends with the pattern */
function parse(pattern: string): GlobNode[] {
  const toks = lex(pattern);
  const root: GlobNode[] = [];
  // the stack of open alternatives: the list being filled and its anyOf node
  const stack: { list: GlobNode[]; anyOf: GlobNode & { k: "anyOf" } }[] = [];
  let cur = root;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    switch (t.k) {
      case "text":
        cur.push({ k: "text", v: t.v });
        break;
      case "any":
      case "super":
      case "single":
        cur.push({ k: t.k });
        break;
      case "termsOpen": {
        const anyOf: GlobNode & { k: "anyOf" } = { k: "anyOf", alts: [[]] };
        cur.push(anyOf);
        stack.push({ list: cur, anyOf });
        cur = anyOf.alts[0]!;
        break;
      }
      case "separator": {
        const top = stack[stack.length - 1]!;
        const alt: GlobNode[] = [];
        top.anyOf.alts.push(alt);
        cur = alt;
        break;
      }
      case "termsClose":
        cur = stack.pop()!.list;
        break;
      case "rangeOpen": {
        let not = false;
        let lo = "";
        let hi = "";
        let chars = "";
        for (i++; ; i++) {
          const r = toks[i];
          if (r === undefined) throw new BuiltinError("unexpected end");
          if (r.k === "not") not = true;
          else if (r.k === "lo") lo = r.v;
          else if (r.k === "hi") {
            hi = r.v;
            if (hi.codePointAt(0)! < lo.codePointAt(0)!)
              throw new BuiltinError(`hi character '${hi}' should be greater than lo '${lo}'`);
          } else if (r.k === "text") chars = r.v;
          else if (r.k === "rangeClose") break;
        }
        const isRange = lo !== "" && hi !== "";
        if ((chars !== "") === isRange) throw new BuiltinError("could not parse range");
        cur.push(isRange ? { k: "range", lo, hi, not } : { k: "list", chars, not });
        break;
      }
      default:
        throw new BuiltinError(`unexpected token: ${t.k}`);
    }
  }
  return root;
}

/** a character for an RE2 pattern, in or out of a class */
function reChar(c: string): string {
  return /^[\x00-\x7f]$/.test(c) && !/^[0-9A-Za-z]$/.test(c) ? "\\" + c : c;
}

const reText = (s: string): string => Array.from(s, reChar).join("");

function toRegex(nodes: GlobNode[], seps: string[]): string {
  const notSep = seps.length ? "[^" + seps.map(reChar).join("") + "]" : ".";
  return nodes
    .map((n) => {
      switch (n.k) {
        case "text":
          return reText(n.v);
        case "any":
          return notSep + "*";
        case "super":
          return ".*";
        case "single":
          return notSep;
        case "list":
          return "[" + (n.not ? "^" : "") + reText(n.chars) + "]";
        case "range":
          return "[" + (n.not ? "^" : "") + reChar(n.lo) + "-" + reChar(n.hi) + "]";
        case "anyOf":
          return "(?:" + n.alts.map((a) => toRegex(a, seps)).join("|") + ")";
      }
    })
    .join("");
}

type Matcher = ReturnType<RE2JS["re2"]>;

function compileGlob(ctx: BuiltinContext, pattern: string, seps: string[]): Matcher {
  const key = `glob.match:${seps.join("")}\u0000${pattern}`;
  const cached = ctx.cache.get(key) as Matcher | BuiltinError | undefined;
  if (cached instanceof BuiltinError) throw new BuiltinError(cached.message);
  if (cached) return cached;
  ctx.charge(pattern.length);
  let m: Matcher | BuiltinError;
  try {
    m = RE2JS.compile("^(?s:" + toRegex(parse(pattern), seps) + ")$").re2();
  } catch (e) {
    m = e instanceof BuiltinError ? e : new BuiltinError(e instanceof Error ? e.message : String(e));
  }
  if (ctx.cache.size < 1000) ctx.cache.set(key, m);
  if (m instanceof BuiltinError) throw new BuiltinError(m.message);
  return m;
}

function delimiters(args: readonly Value[]): string[] {
  const v = args[1]!;
  if (v === null) return [];
  if (!Array.isArray(v) || v instanceof RSet) throw typeErr(2, v, "array", "null");
  const out: string[] = [];
  for (const x of v as readonly Value[]) {
    if (typeof x !== "string") throw elementErr(2, v, x, "string");
    const runes = Array.from(x);
    if (runes.length !== 1) throw elementErr(2, v, x, "rune");
    out.push(runes[0]!);
  }
  return out.length ? out : ["."];
}

function globMatch(args: readonly Value[], ctx: BuiltinContext): Value {
  const pattern = str(args, 0);
  const seps = delimiters(args);
  const s = str(args, 2);
  ctx.charge(s.length);
  return compileGlob(ctx, pattern, seps).match(s) as boolean;
}

/** gobwas/glob's QuoteMeta: escapes * ? \ [ ] { } */
function quoteMeta(args: readonly Value[]): Value {
  return str(args, 0).replace(/[*?\\[\]{}]/g, "\\$&");
}

export const builtins: BuiltinDef[] = [
  { name: "glob.match", arity: 3, fn: globMatch, predicate: true },
  { name: "glob.quote_meta", arity: 1, fn: quoteMeta },
];
