// Builtins: strings family. Strings are indexed by Unicode code point (OPA indexes by rune),
// case mapping, trimming and replacing follow Go's strings package (go-strings.ts), and
// strings.render_template is a subset of Go's text/template (go-template.ts).

import { Float, numCeil, numFloor, numSign } from "../number.js";
import { type Value, RObject, RSet } from "../value.js";
import { int64Operand } from "./go-operands.js";
import {
  advanceRunes,
  goReplace,
  goToLower,
  goToUpper,
  goTrimCutset,
  goTrimSpace,
  isASCII,
  runeLength,
} from "./go-strings.js";
import { renderTemplate } from "./go-template.js";
import {
  type BuiltinContext,
  type BuiltinDef,
  BuiltinError,
  elementErr,
  num,
  obj,
  operandErr,
  str,
  strings,
  typeErr,
} from "./registry.js";

const fn2 = (name: string, f: (a: string, b: string) => Value): BuiltinDef => ({
  name,
  arity: 2,
  fn: (args) => f(str(args, 0), str(args, 1)),
});

// ---------------------------------------------------------------------------------------------
// concat, split

function concat(args: readonly Value[], ctx: BuiltinContext): Value {
  const sep = str(args, 0);
  const c = args[1]!;
  let items: readonly Value[];
  if (Array.isArray(c)) items = c as readonly Value[];
  else if (c instanceof RSet) items = c.values();
  else throw typeErr(2, c, "set", "array");
  let size = 0;
  for (const x of items) {
    if (typeof x !== "string") throw elementErr(2, c, x, "string");
    size += x.length + sep.length;
  }
  ctx.charge(size);
  return (items as readonly string[]).join(sep);
}

/** strings.Split */
function goSplit(s: string, sep: string): string[] {
  return sep === "" ? [...s] : s.split(sep);
}

function split(args: readonly Value[], ctx: BuiltinContext): Value {
  const s = str(args, 0);
  const sep = str(args, 1);
  if (!s.includes(sep)) return [s];
  ctx.charge(s.length);
  return goSplit(s, sep);
}

function splitN(args: readonly Value[], ctx: BuiltinContext): Value {
  const s = str(args, 0);
  const sep = str(args, 1);
  const n = int64Operand(args, 2);
  ctx.charge(s.length);
  const parts = goSplit(s, sep);
  if (n >= 0n) return parts.slice(0, n > BigInt(parts.length) ? parts.length : Number(n));
  const start = BigInt(parts.length) + n;
  return start <= 0n ? parts : parts.slice(Number(start));
}

// ---------------------------------------------------------------------------------------------
// searching

function indexOf(args: readonly Value[]): Value {
  const base = str(args, 0);
  const search = str(args, 1);
  if (search === "") throw new BuiltinError("empty search character");
  const i = base.indexOf(search);
  if (i <= 0) return i;
  return runeLength(base.slice(0, i));
}

function indexOfN(args: readonly Value[], ctx: BuiltinContext): Value {
  const base = str(args, 0);
  const search = str(args, 1);
  if (search === "") throw new BuiltinError("empty search character");
  const out: Value[] = [];
  let runes = 0; // code points before `pos`
  let pos = 0;
  let i = base.indexOf(search);
  while (i >= 0) {
    runes += runeLength(base.slice(pos, i));
    pos = i;
    out.push(runes);
    ctx.charge(1);
    i = base.indexOf(search, advanceRunes(base, i, 1));
  }
  return out;
}

function substring(args: readonly Value[]): Value {
  const base = str(args, 0);
  const start = int64Operand(args, 1);
  const length = int64Operand(args, 2);
  if (start < 0n) throw new BuiltinError("negative offset");
  if (base === "" || start >= BigInt(base.length)) return "";
  const from = isASCII(base) ? Number(start) : advanceRunes(base, 0, Number(start));
  if (length < 0n) return base.slice(from);
  const len = length > BigInt(base.length) ? base.length : Number(length);
  const to = isASCII(base) ? from + len : advanceRunes(base, from, len);
  return base.slice(from, to);
}

function count(args: readonly Value[]): Value {
  const s = str(args, 0);
  const sub = str(args, 1);
  if (sub === "") return runeLength(s) + 1;
  return s.split(sub).length - 1;
}

// ---------------------------------------------------------------------------------------------
// strings.any_prefix_match, strings.any_suffix_match

function affixOperand(args: readonly Value[], i: number): string[] {
  const v = args[i]!;
  if (typeof v === "string") return [v];
  if (Array.isArray(v) || v instanceof RSet) return strings(args, i);
  throw typeErr(i + 1, v, "string", "set", "array");
}

const reverseUnits = (s: string): string => s.split("").reverse().join("");

/** Whether any of strs starts with any of prefixes (sorted strs: those with a prefix follow it). */
function anyStartsWithAny(strs: string[], prefixes: string[]): boolean {
  if (strs.length === 0 || prefixes.length === 0) return false;
  strs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const p of prefixes) {
    let lo = 0;
    let hi = strs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (strs[mid]! < p) lo = mid + 1;
      else hi = mid;
    }
    if (lo < strs.length && strs[lo]!.startsWith(p)) return true;
  }
  return false;
}

function anyAffixMatch(args: readonly Value[], ctx: BuiltinContext, suffix: boolean): Value {
  let strs = affixOperand(args, 0);
  let affixes = affixOperand(args, 1);
  ctx.charge(strs.length + affixes.length);
  if (suffix) {
    strs = strs.map(reverseUnits);
    affixes = affixes.map(reverseUnits);
  }
  return anyStartsWithAny(strs, affixes);
}

// ---------------------------------------------------------------------------------------------
// format_int

function formatInt(args: readonly Value[], ctx: BuiltinContext): Value {
  const input = num(args, 0);
  const base = num(args, 1);
  if (base !== 2 && base !== 8 && base !== 10 && base !== 16) throw operandErr(2, "must be one of {2, 8, 10, 16}");
  if (input instanceof Float) {
    // an astronomically large float has as many integer digits as its exponent says
    if (input.exp > 0) ctx.charge(Math.ceil((input.exp + 64) / Math.log2(base)));
    // the integer part, truncated towards zero
    const t = numSign(input) < 0 ? numCeil(input) : numFloor(input);
    return BigInt(t as number | bigint).toString(base);
  }
  return BigInt(input).toString(base);
}

// ---------------------------------------------------------------------------------------------
// replace

function replaceN(args: readonly Value[], ctx: BuiltinContext): Value {
  const patterns = obj(args, 0);
  const s = str(args, 1);
  const pairs: [string, string][] = [];
  for (const k of patterns.keys()) {
    if (typeof k !== "string") throw operandErr(1, "non-string key found in pattern object");
    const v = patterns.get(k)!;
    if (typeof v !== "string") throw operandErr(1, "non-string value found in pattern object");
    pairs.push([k, v]);
  }
  return goReplace(s, pairs, (n) => ctx.charge(n));
}

function renderTemplateBuiltin(args: readonly Value[], ctx: BuiltinContext): Value {
  const template = str(args, 0);
  const vars = args[1]!;
  if (!(vars instanceof RObject)) throw typeErr(2, vars, "object");
  return renderTemplate(template, vars, (n) => ctx.charge(n));
}

export const builtins: BuiltinDef[] = [
  { name: "concat", arity: 2, fn: concat },
  fn2("contains", (s, sub) => s.includes(sub)),
  fn2("startswith", (s, p) => s.startsWith(p)),
  fn2("endswith", (s, p) => s.endsWith(p)),
  { name: "format_int", arity: 2, fn: formatInt },
  { name: "indexof", arity: 2, fn: indexOf },
  { name: "indexof_n", arity: 2, fn: indexOfN },
  { name: "lower", arity: 1, fn: (args) => goToLower(str(args, 0)) },
  { name: "upper", arity: 1, fn: (args) => goToUpper(str(args, 0)) },
  {
    name: "replace",
    arity: 3,
    fn: (args, ctx) => goReplace(str(args, 0), [[str(args, 1), str(args, 2)]], (n) => ctx.charge(n)),
  },
  { name: "split", arity: 2, fn: split },
  { name: "strings.split_n", arity: 3, fn: splitN },
  { name: "strings.replace_n", arity: 2, fn: replaceN },
  { name: "strings.reverse", arity: 1, fn: (args) => [...str(args, 0)].reverse().join("") },
  { name: "strings.any_prefix_match", arity: 2, fn: (args, ctx) => anyAffixMatch(args, ctx, false) },
  { name: "strings.any_suffix_match", arity: 2, fn: (args, ctx) => anyAffixMatch(args, ctx, true) },
  { name: "strings.count", arity: 2, fn: count },
  { name: "substring", arity: 3, fn: substring },
  fn2("trim", (s, c) => goTrimCutset(s, c, true, true)),
  fn2("trim_left", (s, c) => goTrimCutset(s, c, true, false)),
  fn2("trim_right", (s, c) => goTrimCutset(s, c, false, true)),
  fn2("trim_prefix", (s, p) => (s.startsWith(p) ? s.slice(p.length) : s)),
  fn2("trim_suffix", (s, p) => (p !== "" && s.endsWith(p) ? s.slice(0, s.length - p.length) : s)),
  { name: "trim_space", arity: 1, fn: (args) => goTrimSpace(str(args, 0)) },
  { name: "strings.render_template", arity: 2, fn: renderTemplateBuiltin },
];
