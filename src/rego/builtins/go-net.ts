// IP addresses and networks as Go's net package models them (net.IP, net.IPNet,
// net.ParseIP, net.ParseCIDR with netip's strict parser), which OPA's net.* builtins expose:
// an IP is 4 or 16 bytes, IPv4 addresses parsed from text are 16 bytes (IPv4-mapped IPv6), and
// an IPv4 CIDR's network is 4 bytes. No network access.

import { BuiltinError } from "./registry.js";

export type IP = Uint8Array;

export interface IPNet {
  readonly ip: IP;
  readonly mask: Uint8Array;
}

const V4_IN_V6_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

// ---------------------------------------------------------------------------------------------
// parsing (netip.ParseAddr, without zones)

function parseIPv4Fields(s: string, out: Uint8Array, at: number): boolean {
  let val = 0;
  let pos = 0;
  let digLen = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digLen === 1 && val === 0) return false; // leading zero
      val = val * 10 + (c - 48);
      digLen++;
      if (val > 255) return false;
    } else if (c === 46) {
      if (i === 0 || i === s.length - 1 || s[i - 1] === ".") return false;
      if (pos === 3) return false; // too long
      out[at + pos] = val;
      pos++;
      val = 0;
      digLen = 0;
    } else {
      return false;
    }
  }
  if (pos < 3) return false;
  out[at + 3] = val;
  return true;
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function parseIPv6(s: string): IP | undefined {
  if (s.includes("%")) return undefined; // zones are refused by ParseIP and ParseCIDR
  const ip = new Uint8Array(16);
  let ellipsis = -1;
  if (s.startsWith("::")) {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return ip;
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const h = hexVal(s.charCodeAt(off));
      if (h < 0) break;
      if (off > 3) return undefined; // more than four hex digits
      acc = acc * 16 + h;
    }
    if (off === 0) return undefined;
    if (off < s.length && s[off] === ".") {
      // an embedded IPv4 address replacing the last two groups
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return undefined;
      if (!parseIPv4Fields(s, ip, i)) return undefined;
      i += 4;
      s = "";
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ":" || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ":") {
      if (ellipsis >= 0) return undefined; // a second ::
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j]!;
    ip.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) {
    return undefined; // :: must stand for at least one group
  }
  return ip;
}

/** netip.ParseAddr: the 16-byte form and whether it is an IPv4 address, or undefined. */
function parseAddr(s: string): { ip: IP; is4: boolean } | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === ".") {
      const ip = new Uint8Array(16);
      ip.set(V4_IN_V6_PREFIX);
      return parseIPv4Fields(s, ip, 12) ? { ip, is4: true } : undefined;
    }
    if (c === ":") {
      const ip = parseIPv6(s);
      return ip ? { ip, is4: false } : undefined;
    }
    if (c === "%") return undefined;
  }
  return undefined;
}

/** net.ParseIP: a 16-byte address, or undefined. */
export function parseIP(s: string): IP | undefined {
  return parseAddr(s)?.ip;
}

export function cidrMask(ones: number, bits: number): Uint8Array {
  const m = new Uint8Array(bits / 8);
  for (let i = 0; i < m.length; i++) {
    const n = Math.min(8, Math.max(0, ones - i * 8));
    m[i] = (0xff00 >> n) & 0xff;
  }
  return m;
}

/** net.ParseCIDR: the address and the network; throws Go's "invalid CIDR address: s". */
export function parseCIDR(s: string): { ip: IP; net: IPNet } {
  const fail = () => new BuiltinError(`invalid CIDR address: ${s}`);
  const slash = s.indexOf("/");
  if (slash < 0) throw fail();
  const addr = parseAddr(s.slice(0, slash));
  if (addr === undefined) throw fail();
  const maskText = s.slice(slash + 1);
  if (!/^[0-9]+$/.test(maskText)) throw fail();
  const bits = addr.is4 ? 32 : 128;
  const digits = maskText.replace(/^0+(?=[0-9])/, "");
  const n = digits.length > 8 ? Infinity : Number(digits);
  if (n > bits) throw fail();
  const mask = cidrMask(n, bits);
  return { ip: addr.ip, net: { ip: ipMask(addr.ip, mask)!, mask } };
}

// ---------------------------------------------------------------------------------------------
// net.IP and net.IPNet methods

function isV4InV6(ip: IP): boolean {
  return ip.length === 16 && V4_IN_V6_PREFIX.every((b, i) => ip[i] === b);
}

/** IP.To4: the 4-byte form of an IPv4 address, or undefined. */
export function to4(ip: IP): IP | undefined {
  if (ip.length === 4) return ip;
  if (isV4InV6(ip)) return ip.subarray(12);
  return undefined;
}

/** IP.Mask. */
export function ipMask(ip: IP, mask: Uint8Array): IP | undefined {
  if (mask.length === 16 && ip.length === 4 && mask.subarray(0, 12).every((b) => b === 0xff)) mask = mask.subarray(12);
  if (mask.length === 4 && ip.length === 16 && isV4InV6(ip)) ip = ip.subarray(12);
  if (ip.length !== mask.length) return undefined;
  return ip.map((b, i) => b & mask[i]!);
}

function networkNumberAndMask(n: IPNet): [IP, Uint8Array] | undefined {
  let ip = to4(n.ip);
  if (ip === undefined) {
    ip = n.ip;
    if (ip.length !== 16) return undefined;
  }
  let m = n.mask;
  if (m.length === 4) {
    if (ip.length !== 4) return undefined;
  } else if (m.length === 16) {
    if (ip.length === 4) m = m.subarray(12);
  } else {
    return undefined;
  }
  return [ip, m];
}

/** IPNet.Contains. */
export function netContains(n: IPNet, ip: IP): boolean {
  const nm = networkNumberAndMask(n);
  if (nm === undefined) return false;
  const [nn, m] = nm;
  const x = to4(ip) ?? ip;
  if (x.length !== nn.length) return false;
  for (let i = 0; i < x.length; i++) if ((nn[i]! & m[i]!) !== (x[i]! & m[i]!)) return false;
  return true;
}

/** IPMask.Size: [ones, bits], or [0, 0] for a non-canonical mask. */
export function maskSize(mask: Uint8Array): [number, number] {
  const ones = simpleMaskLength(mask);
  return ones < 0 ? [0, 0] : [ones, mask.length * 8];
}

function simpleMaskLength(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    let v = mask[i]!;
    if (v === 0xff) {
      n += 8;
      continue;
    }
    // the rest must be 0 bits after some leading 1 bits
    while (v & 0x80) {
      n++;
      v = (v << 1) & 0xff;
    }
    if (v !== 0) return -1;
    for (i++; i < mask.length; i++) if (mask[i] !== 0) return -1;
    break;
  }
  return n;
}

/** IP.String: dotted IPv4 (also for IPv4-mapped addresses), RFC 5952 IPv6. */
export function ipString(ip: IP): string {
  if (ip.length === 0) return "<nil>";
  const v4 = to4(ip);
  if (v4 !== undefined) return `${v4[0]}.${v4[1]}.${v4[2]}.${v4[3]}`;
  if (ip.length !== 16) return "?" + Buffer.from(ip).toString("hex");
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip[i]! << 8) | ip[i + 1]!);
  // the first longest run of at least two zero groups becomes "::"
  let zs = -1;
  let ze = -1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i >= 2 && j - i > ze - zs) {
      zs = i;
      ze = j;
    }
  }
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (i === zs) {
      out += "::";
      i = ze - 1;
      continue;
    }
    if (i > 0 && i !== ze) out += ":";
    out += groups[i]!.toString(16);
  }
  return out;
}

/** IPNet.String: "network/ones" (the address as stored, which ParseCIDR has masked). */
export function ipNetString(n: IPNet): string {
  const nm = networkNumberAndMask(n);
  if (nm === undefined) return "<nil>";
  const [nn, m] = nm;
  const l = simpleMaskLength(m);
  if (l === -1) return `${ipString(nn)}/${Buffer.from(m).toString("hex")}`;
  return `${ipString(nn)}/${l}`;
}

/** IP.DefaultMask: the classful mask of an IPv4 address. */
export function defaultMask(ip: IP): Uint8Array | undefined {
  const v4 = to4(ip);
  if (v4 === undefined) return undefined;
  if (v4[0]! < 0x80) return cidrMask(8, 32);
  if (v4[0]! < 0xc0) return cidrMask(16, 32);
  return cidrMask(24, 32);
}

// ---------------------------------------------------------------------------------------------
// addresses as integers

export function ipToBigInt(ip: IP): bigint {
  let x = 0n;
  for (const b of ip) x = (x << 8n) | BigInt(b);
  return x;
}

export function bigIntToIP(x: bigint, len: number): IP {
  const ip = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    ip[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return ip;
}
