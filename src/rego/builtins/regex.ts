// Builtins: regex family. Patterns are Go RE2 syntax, compiled with re2js (linear-time matching,
// never JS RegExp) and cached per query in ctx.cache; the operations follow Go's regexp package
// (FindAllString, FindAllStringSubmatch, Split, ReplaceAllString with $1 / ${name} expansion).
// Compile errors are Go's texts ("error parsing regexp: missing closing ]: `[`").

import { RE2JS } from "re2js";
import type { Value } from "../value.js";
import { globsIntersect } from "./glob-intersect.js";
import { quoteString } from "./go-fmt.js";
import { int64Operand } from "./go-operands.js";
import { type BuiltinContext, type BuiltinDef, BuiltinError, str } from "./registry.js";

type RE2 = ReturnType<RE2JS["re2"]>;

interface Compiled {
  readonly re: RE2;
  readonly hasPattern: boolean;
  /** regex.match results by subject (short subjects only): policies match the same tag keys and names over and over */
  readonly matched: Map<string, boolean>;
}

const MAX_CACHED = 1000;
/** Subjects up to this length have their match result remembered, up to MAX_MATCHED per pattern. */
const MAX_MATCHED_LENGTH = 256;
const MAX_MATCHED = 10_000;

function compileUncached(pattern: string): Compiled | BuiltinError {
  try {
    return { re: RE2JS.compile(pattern).re2(), hasPattern: pattern.length > 0, matched: new Map() };
  } catch (e) {
    return new BuiltinError(e instanceof Error ? e.message : String(e));
  }
}

/** Compiles (or finds in the query's cache) a Go regular expression; throws Go's error text. */
export function compileRegex(ctx: BuiltinContext, pattern: string, prefix = "regex:"): Compiled {
  const key = prefix + pattern;
  let c = ctx.cache.get(key) as Compiled | BuiltinError | undefined;
  if (c === undefined) {
    ctx.charge(pattern.length);
    c = compileUncached(pattern);
    if (ctx.cache.size < MAX_CACHED) ctx.cache.set(key, c);
  }
  if (c instanceof BuiltinError) throw new BuiltinError(c.message);
  return c;
}

/** n of Go's FindAll*(s, n): negative means all. */
function limit(n: bigint, s: string): number {
  if (n < 0n) return -1;
  return n > BigInt(s.length + 1) ? s.length + 1 : Number(n);
}

function match(args: readonly Value[], ctx: BuiltinContext): Value {
  const pattern = str(args, 0);
  const s = str(args, 1);
  const c = compileRegex(ctx, pattern);
  const known = c.matched.get(s);
  if (known !== undefined) return known;
  ctx.charge(s.length);
  const m = c.re.match(s) as boolean;
  if (s.length <= MAX_MATCHED_LENGTH && c.matched.size < MAX_MATCHED) c.matched.set(s, m);
  return m;
}

function isValid(args: readonly Value[], ctx: BuiltinContext): Value {
  const pattern = args[0]!;
  if (typeof pattern !== "string") return false;
  try {
    compileRegex(ctx, pattern);
    return true;
  } catch (e) {
    if (e instanceof BuiltinError) return false;
    throw e;
  }
}

/** Go's (*Regexp).Split(s, -1) */
function split(args: readonly Value[], ctx: BuiltinContext): Value {
  const pattern = str(args, 0);
  const s = str(args, 1);
  const c = compileRegex(ctx, pattern);
  ctx.charge(s.length);
  if (c.hasPattern && s === "") return [""];
  const matches = (c.re.findAllIndex(s, -1) ?? []) as number[][];
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of matches) {
    end = m[0]!;
    if (m[1] !== 0) out.push(s.slice(beg, end));
    beg = m[1]!;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

function findN(args: readonly Value[], ctx: BuiltinContext): Value {
  const pattern = str(args, 0);
  const s = str(args, 1);
  const n = int64Operand(args, 2);
  const c = compileRegex(ctx, pattern);
  ctx.charge(s.length);
  return ((c.re.findAll(s, limit(n, s)) ?? []) as string[]).slice();
}

function findAllSubmatch(args: readonly Value[], ctx: BuiltinContext): Value {
  const pattern = str(args, 0);
  const s = str(args, 1);
  const n = int64Operand(args, 2);
  const c = compileRegex(ctx, pattern);
  ctx.charge(s.length);
  const matches = (c.re.findAllSubmatch(s, limit(n, s)) ?? []) as (string | null)[][];
  ctx.charge(matches.length * (c.re.numberOfCapturingGroups() + 1));
  return matches.map((m) => m.map((g) => g ?? ""));
}

// ---------------------------------------------------------------------------------------------
// regex.replace: ReplaceAllString(base, repl) with Go's template expansion

const NAME_CHAR = /[\p{L}\p{Nd}_]/u;

/** Go's (*Regexp).Expand: $1, ${1}, $name, ${name}, $$; malformed references are literal. */
function expand(template: string, src: string, m: number[], named: Record<string, number>): string {
  let out = "";
  let rest = template;
  for (;;) {
    const d = rest.indexOf("$");
    if (d < 0) break;
    out += rest.slice(0, d);
    rest = rest.slice(d + 1);
    if (rest.startsWith("$")) {
      out += "$";
      rest = rest.slice(1);
      continue;
    }
    // extract
    let str = rest;
    const brace = str.startsWith("{");
    if (brace) str = str.slice(1);
    let i = 0;
    for (const ch of str) {
      if (!NAME_CHAR.test(ch)) break;
      i += ch.length;
    }
    if (i === 0 || (brace && str[i] !== "}")) {
      out += "$";
      continue;
    }
    const name = str.slice(0, i);
    rest = str.slice(brace ? i + 1 : i);
    let num = /^[0-9]+$/.test(name) && name.length < 9 ? Number(name) : -1;
    if (name.length > 1 && name[0] === "0") num = -1;
    const group = num >= 0 ? num : Object.prototype.hasOwnProperty.call(named, name) ? named[name]! : -1;
    if (group >= 0 && 2 * group + 1 < m.length && m[2 * group]! >= 0) out += src.slice(m[2 * group], m[2 * group + 1]);
  }
  return out + rest;
}

function replace(args: readonly Value[], ctx: BuiltinContext): Value {
  const base = str(args, 0);
  const pattern = str(args, 1);
  const repl = str(args, 2);
  const c = compileRegex(ctx, pattern);
  ctx.charge(base.length);
  const matches = (c.re.findAllSubmatchIndex(base, -1) ?? []) as number[][];
  if (matches.length === 0) return base;
  const named = c.re.namedGroups as Record<string, number>;
  const out: string[] = [];
  let last = 0;
  for (const m of matches) {
    out.push(base.slice(last, m[0]), expand(repl, base, m, named));
    last = m[1]!;
    ctx.charge(repl.length);
  }
  out.push(base.slice(last));
  return out.join("");
}

// ---------------------------------------------------------------------------------------------
// regex.template_match

const UTF8 = new TextEncoder();
const QUOTE_META = /[\\.+*?()|[\]{}^$]/g;

function unbalanced(s: string): BuiltinError {
  return new BuiltinError(`unbalanced braces in ${quoteString(s)}`);
}

/** gorilla/mux's template compiler: the parts between the delimiters are regexes, the rest literal. */
function templateRegex(ctx: BuiltinContext, tpl: string, open: string, close: string): Compiled {
  const key = `regex.template_match:${open}${close}:${tpl}`;
  const cached = ctx.cache.get(key) as Compiled | undefined;
  if (cached) return cached;
  const idxs: number[] = [];
  let level = 0;
  let idx = 0;
  for (let i = 0; i < tpl.length; i++) {
    if (tpl[i] === open) {
      if (++level === 1) idx = i;
    } else if (tpl[i] === close) {
      if (--level === 0) idxs.push(idx, i + 1);
      else if (level < 0) throw unbalanced(tpl);
    }
  }
  if (level !== 0) throw unbalanced(tpl);
  let pattern = "^";
  let end = 0;
  for (let i = 0; i < idxs.length; i += 2) {
    const raw = tpl.slice(end, idxs[i]);
    end = idxs[i + 1]!;
    const part = tpl.slice(idxs[i]! + 1, end - 1);
    compileRegex(ctx, `^${part}$`);
    pattern += raw.replace(QUOTE_META, "\\$&") + "(" + part + ")";
  }
  pattern += tpl.slice(end).replace(QUOTE_META, "\\$&") + "$";
  const c = compileRegex(ctx, pattern);
  if (ctx.cache.size < MAX_CACHED) ctx.cache.set(key, c);
  return c;
}

function templateMatch(args: readonly Value[], ctx: BuiltinContext): Value {
  const pattern = str(args, 0);
  const s = str(args, 1);
  const start = str(args, 2);
  const end = str(args, 3);
  const startLen = UTF8.encode(start).length;
  if (startLen !== 1) throw new BuiltinError(`start delimiter has to be exactly one character long but is ${startLen} long`);
  // OPA reports the start delimiter's length here too
  if (UTF8.encode(end).length !== 1) throw new BuiltinError(`end delimiter has to be exactly one character long but is ${startLen} long`);
  ctx.charge(s.length);
  return templateRegex(ctx, pattern, start, end).re.match(s) as boolean;
}

function globsMatch(args: readonly Value[], ctx: BuiltinContext): Value {
  const a = str(args, 0);
  const b = str(args, 1);
  return globsIntersect(a, b, (n) => ctx.charge(n));
}

export const builtins: BuiltinDef[] = [
  { name: "regex.match", arity: 2, fn: match, predicate: true },
  { name: "re_match", arity: 2, fn: match, predicate: true },
  { name: "regex.is_valid", arity: 1, fn: isValid },
  { name: "regex.split", arity: 2, fn: split },
  { name: "regex.find_n", arity: 3, fn: findN },
  { name: "regex.find_all_string_submatch_n", arity: 3, fn: findAllSubmatch },
  { name: "regex.replace", arity: 3, fn: replace },
  { name: "regex.template_match", arity: 4, fn: templateMatch, predicate: true },
  { name: "regex.globs_match", arity: 2, fn: globsMatch, predicate: true },
];
