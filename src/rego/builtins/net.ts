// Builtins: net.cidr_* (OPA's cidr.go), IPv4 and IPv6, computed locally (no DNS:
// net.lookup_ip_addr is not provided here). Addresses and networks follow Go's net package
// (go-net.ts), so results print as OPA prints them.

import { type Value, RObject, RSet } from "../value.js";
import { type BuiltinContext, type BuiltinDef, BuiltinError, str, typeErr } from "./registry.js";
import {
  type IP, type IPNet, bigIntToIP, cidrMask, defaultMask, ipMask, ipNetString, ipString, ipToBigInt,
  maskSize, netContains, parseCIDR, parseIP, to4,
} from "./go-net.js";

/** A CIDR operand (OPA reports every operand of these builtins as operand 1). */
function cidrOperand(v: Value): IPNet {
  if (typeof v !== "string") throw typeErr(1, v, "string");
  return parseCIDR(v).net;
}

/** The last address of a network (OPA's getLastIP). */
function lastIP(n: IPNet): IP {
  const [ones, bits] = maskSize(n.mask);
  if (ones === 0 && bits === 0) throw new BuiltinError("CIDR mask is in non-standard format");
  if (ones === bits) return n.ip;
  const host = (1n << BigInt(bits - ones)) - 1n;
  return bigIntToIP(ipToBigInt(n.ip) | host, bits / 8);
}

function cidrContains(a: Value, b: Value): boolean {
  const netA = cidrOperand(a);
  if (typeof b !== "string") throw typeErr(1, b, "string");
  const ip = parseIP(b);
  if (ip !== undefined) return netContains(netA, ip);
  let netB: IPNet;
  try {
    netB = parseCIDR(b).net;
  } catch {
    throw new BuiltinError(`not a valid textual representation of an IP address or CIDR: ${b}`);
  }
  // A contains B when it contains B's first and last addresses
  return netContains(netA, netB.ip) && netContains(netA, lastIP(netB));
}

// ---------------------------------------------------------------------------------------------
// net.cidr_contains_matches

/** The CIDR or IP of an element: a string, or the first element of an array. */
function matchTerm(operand: number, x: Value): Value {
  if (typeof x === "string") return x;
  if (Array.isArray(x) && x.length > 0) return (x as readonly Value[])[0]!;
  throw new BuiltinError(`operand ${operand}: element must be string or non-empty array`);
}

/** [cidr, key] pairs of an operand: a string is its own key; arrays, sets, objects as OPA. */
function matchEntries(operand: number, v: Value): [Value, Value][] {
  if (typeof v === "string") return [[v, v]];
  if (Array.isArray(v)) return (v as readonly Value[]).map((x, i) => [matchTerm(operand, x), i]);
  if (v instanceof RSet) return v.values().map((x) => [matchTerm(operand, x), x]);
  if (v instanceof RObject) return [...v.entries()].map(([k, x]) => [matchTerm(operand, x), k]);
  return []; // other types match nothing (OPA's type checker rejects them)
}

function cidrContainsMatches(a: Value, b: Value, ctx: BuiltinContext): RSet {
  const result = new RSet();
  const xs = matchEntries(1, a);
  if (xs.length === 0) return result;
  const ys = matchEntries(2, b);
  ctx.charge(xs.length * ys.length);
  const memo = new Map<string, boolean>();
  for (const [c1, k1] of xs) {
    for (const [c2, k2] of ys) {
      let hit: boolean;
      if (typeof c1 === "string" && typeof c2 === "string") {
        const key = c1 + "\u0000" + c2;
        const m = memo.get(key);
        hit = m ?? cidrContains(c1, c2);
        if (m === undefined) memo.set(key, hit);
      } else {
        hit = cidrContains(c1, c2);
      }
      if (hit) result.add([k1, k2]);
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// net.cidr_expand

function cidrExpand(s: string, ctx: BuiltinContext): RSet {
  const { ip, net } = parseCIDR(s);
  const [ones, bits] = maskSize(net.mask);
  const count = 1n << BigInt(bits - ones);
  ctx.charge(Number(count));
  const start = ipMask(ip, net.mask)!;
  const out = new RSet();
  const n = Number(count);
  if (start.length === 4) {
    const base = ((start[0]! << 24) >>> 0) + (start[1]! << 16) + (start[2]! << 8) + start[3]!;
    for (let i = 0; i < n; i++) {
      const v = base + i;
      out.add(`${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`);
    }
    return out;
  }
  const base = ipToBigInt(start);
  for (let i = 0n; i < count; i++) {
    const addr = bigIntToIP(base + i, 16);
    if (!netContains(net, addr)) break;
    out.add(ipString(addr));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// net.cidr_merge: the smallest set of CIDRs covering the inputs (OPA's algorithm: sort the
// address ranges, join overlapping or adjacent ones, and split each joined range into CIDRs;
// a network that joined nothing is printed as it was given)

const V4_BASE = 0xffffn << 32n; // ::ffff:0.0.0.0
const V4_END = V4_BASE + 0xffffffffn;

interface Range {
  first: bigint; // in the 128-bit space, IPv4 as IPv4-mapped IPv6
  last: bigint;
  network: IPNet | null;
}

function mergeOperand(x: Value): IPNet {
  if (typeof x !== "string") throw new BuiltinError("element must be string");
  const ip = parseIP(x);
  if (ip === undefined) return parseCIDR(x).net;
  if (to4(ip) !== undefined) return { ip, mask: defaultMask(ip)! };
  throw new BuiltinError("IPv6 invalid: needs prefix length");
}

function addressRange(n: IPNet): Range {
  const v4 = to4(n.ip);
  if (v4 !== undefined) {
    const m = n.mask.length === 16 ? n.mask.subarray(12) : n.mask;
    const first = ipToBigInt(ipMask(v4, m)!);
    const host = ~ipToBigInt(m) & 0xffffffffn;
    return { first: V4_BASE + first, last: V4_BASE + (first | host), network: n };
  }
  const first = ipToBigInt(ipMask(n.ip, n.mask)!);
  const host = ~ipToBigInt(n.mask) & ((1n << 128n) - 1n);
  return { first, last: first | host, network: n };
}

/** The CIDR blocks exactly covering [first, last] (offsets within a family of `bits` bits). */
function rangeToCIDRs(first: bigint, last: bigint, bits: number, emit: (start: bigint, ones: number) => void): void {
  while (first <= last) {
    let size = first === 0n ? 1n << BigInt(bits) : first & -first;
    while (first + size - 1n > last) size >>= 1n;
    emit(first, bits - (size.toString(2).length - 1));
    first += size;
  }
}

function cidrMerge(v: Value, ctx: BuiltinContext): RSet {
  let items: readonly Value[];
  if (Array.isArray(v)) items = v as readonly Value[];
  else if (v instanceof RSet) items = v.values();
  else throw new BuiltinError("operand must be an array");
  ctx.charge(items.length);
  const ranges = items.map((x) => addressRange(mergeOperand(x)));
  ranges.sort((a, b) => (a.last !== b.last ? (a.last < b.last ? -1 : 1) : a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  for (let i = ranges.length - 1; i > 0; i--) {
    const cur = ranges[i]!;
    const prev = ranges[i - 1]!;
    const before = cur.first === 0n || cur.first === V4_BASE ? cur.first : cur.first - 1n;
    if (before <= prev.last) {
      ranges[i - 1] = { first: prev.first < cur.first ? prev.first : cur.first, last: cur.last, network: null };
      ranges.splice(i, 1);
    }
  }
  const out = new RSet();
  for (const r of ranges) {
    if (r.network !== null) {
      out.add(ipNetString(r.network));
    } else if (r.first >= V4_BASE && r.last <= V4_END) {
      rangeToCIDRs(r.first - V4_BASE, r.last - V4_BASE, 32, (start, ones) =>
        out.add(ipNetString({ ip: bigIntToIP(start, 4), mask: cidrMask(ones, 32) })));
    } else {
      rangeToCIDRs(r.first, r.last, 128, (start, ones) =>
        out.add(ipNetString({ ip: bigIntToIP(start, 16), mask: cidrMask(ones, 128) })));
    }
  }
  return out;
}

export const builtins: BuiltinDef[] = [
  {
    name: "net.cidr_contains",
    arity: 2,
    fn: (args) => cidrContains(args[0]!, args[1]!),
  },
  {
    name: "net.cidr_intersects",
    arity: 2,
    fn: (args) => {
      const a = cidrOperand(args[0]!);
      const b = cidrOperand(args[1]!);
      return netContains(a, b.ip) || netContains(b, a.ip);
    },
  },
  {
    name: "net.cidr_contains_matches",
    arity: 2,
    fn: (args, ctx) => cidrContainsMatches(args[0]!, args[1]!, ctx),
  },
  {
    name: "net.cidr_expand",
    arity: 1,
    fn: (args, ctx) => cidrExpand(str(args, 0), ctx),
  },
  {
    name: "net.cidr_is_valid",
    arity: 1,
    fn: (args) => {
      const v = args[0]!;
      if (typeof v !== "string") return false;
      try {
        parseCIDR(v);
        return true;
      } catch {
        return false;
      }
    },
  },
  {
    name: "net.cidr_merge",
    arity: 1,
    fn: (args, ctx) => cidrMerge(args[0]!, ctx),
  },
];
