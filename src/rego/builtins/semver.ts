// Builtins: semver.is_valid and semver.compare. Versions are strict Semantic Versioning 2.0.0
// (https://semver.org): MAJOR.MINOR.PATCH without a "v" prefix and without leading zeros, an
// optional pre-release of dot-separated identifiers (numeric ones without leading zeros) and
// optional build metadata, which is ignored for precedence. As OPA, the numeric parts must fit
// a 64-bit signed integer.

import type { Value } from "../value.js";
import { type BuiltinDef, BuiltinError, str } from "./registry.js";
import { goQuote } from "./go-quote.js";

interface Version {
  readonly core: [bigint, bigint, bigint];
  readonly pre: readonly string[];
}

const NUM = "(0|[1-9][0-9]*)";
const PRE_ID = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
const BUILD_ID = "[0-9A-Za-z-]+";
// a fixed pattern (not user input), linear to match
const SEMVER_RE = new RegExp(
  `^${NUM}\\.${NUM}\\.${NUM}(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+${BUILD_ID}(?:\\.${BUILD_ID})*)?$`,
);
const INT64_MAX = (1n << 63n) - 1n;

function parse(s: string): Version | undefined {
  const m = SEMVER_RE.exec(s);
  if (!m) return undefined;
  const core: [bigint, bigint, bigint] = [BigInt(m[1]!), BigInt(m[2]!), BigInt(m[3]!)];
  if (core.some((n) => n > INT64_MAX)) return undefined;
  return { core, pre: m[4] === undefined ? [] : m[4].split(".") };
}

const isNumeric = (id: string) => /^[0-9]+$/.test(id);

function compareIdentifiers(a: string, b: string): number {
  const an = isNumeric(a);
  const bn = isNumeric(b);
  if (an && bn) {
    // no leading zeros: a longer numeral is larger
    if (a.length !== b.length) return a.length < b.length ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (an !== bn) return an ? -1 : 1; // numeric identifiers sort before alphanumeric ones
  return a < b ? -1 : a > b ? 1 : 0; // ASCII order
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    if (a.core[i]! !== b.core[i]!) return a.core[i]! < b.core[i]! ? -1 : 1;
  }
  // a version without a pre-release has the higher precedence
  if (a.pre.length === 0 || b.pre.length === 0) {
    return a.pre.length === b.pre.length ? 0 : a.pre.length === 0 ? 1 : -1;
  }
  const n = Math.min(a.pre.length, b.pre.length);
  for (let i = 0; i < n; i++) {
    const c = compareIdentifiers(a.pre[i]!, b.pre[i]!);
    if (c !== 0) return c;
  }
  return a.pre.length === b.pre.length ? 0 : a.pre.length < b.pre.length ? -1 : 1;
}

function operand(args: readonly Value[], i: number): Version {
  const s = str(args, i);
  const v = parse(s);
  if (v === undefined) throw new BuiltinError(`operand ${i + 1}: string ${goQuote(s)} is not a valid SemVer`);
  return v;
}

export const builtins: BuiltinDef[] = [
  {
    name: "semver.is_valid",
    arity: 1,
    fn: (args) => {
      const v = args[0]!;
      return typeof v === "string" && parse(v) !== undefined;
    },
  },
  {
    name: "semver.compare",
    arity: 2,
    fn: (args) => {
      // as OPA: both operands' types are checked before either version is parsed
      str(args, 0);
      str(args, 1);
      return compare(operand(args, 0), operand(args, 1));
    },
  },
];
