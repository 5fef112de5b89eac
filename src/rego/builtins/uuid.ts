// Builtins: uuid.rfc4122 (a random version 4 UUID, the same for the same key within one
// evaluation) and uuid.parse (google/uuid's parser and the fields OPA reports).

import { randomBytes } from "node:crypto";
import { type Value, RObject, canonicalKey } from "../value.js";
import { fromBigInt } from "../number.js";
import { type BuiltinDef, str } from "./registry.js";

function newUUID(): string {
  const b = randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const HEX_RE = /^[0-9a-fA-F]{32}$/;

/** uuid.Parse (google/uuid): the 16 bytes, or undefined when the text is not a UUID. */
function parseUUID(text: string): Uint8Array | undefined {
  // Go measures and indexes the UTF-8 bytes
  let s = /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, "utf8").toString("latin1");
  let hex: string;
  switch (s.length) {
    case 36 + 9: // urn:uuid:xxxxxxxx-...
      if (s.slice(0, 9).toLowerCase() !== "urn:uuid:") return undefined;
      s = s.slice(9);
      hex = dashed(s) ?? "";
      break;
    case 36 + 2: // {xxxxxxxx-...}: Go checks neither brace
      hex = dashed(s.slice(1, 37)) ?? "";
      break;
    case 36:
      hex = dashed(s) ?? "";
      break;
    case 32:
      hex = s;
      break;
    default:
      return undefined;
  }
  if (!HEX_RE.test(hex)) return undefined;
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

function dashed(s: string): string | undefined {
  if (s[8] !== "-" || s[13] !== "-" || s[18] !== "-" || s[23] !== "-") return undefined;
  return s.slice(0, 8) + s.slice(9, 13) + s.slice(14, 18) + s.slice(19, 23) + s.slice(24);
}

function variant(b: number): string {
  if ((b & 0xc0) === 0x80) return "RFC4122";
  if ((b & 0xe0) === 0xc0) return "Microsoft";
  if ((b & 0xe0) === 0xe0) return "Future";
  return "Reserved";
}

function macVars(b: number): string {
  if ((b & 0b11) === 0b11) return "local:multicast";
  if ((b & 0b01) === 0b01) return "global:multicast";
  if ((b & 0b10) === 0b10) return "local:unicast";
  return "global:unicast";
}

// 100-ns intervals between 1582-10-15 (the UUID epoch) and 1970-01-01
const G1582 = 122192928000000000n;

/** The fields OPA reports for a parsed UUID. */
function describe(u: Uint8Array): RObject {
  const version = u[6]! >> 4;
  const o = new RObject();
  o.set("version", version);
  o.set("variant", variant(u[8]!));
  if (version === 1 || version === 2) {
    const be = (from: number, to: number) => u.slice(from, to).reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);
    const t = be(0, 4) | (be(4, 6) << 32n) | ((be(6, 8) & 0xfffn) << 48n);
    // (t - epoch) in nanoseconds, as an int64 (Go wraps on overflow)
    o.set("time", fromBigInt(BigInt.asIntN(64, (t - G1582) * 100n)));
    const node = Array.from(u.slice(10, 16), (x) => x.toString(16).padStart(2, "0"));
    o.set("nodeid", node.join("-"));
    o.set("macvariables", macVars(u[10]!));
    o.set("clocksequence", ((u[8]! << 8) | u[9]!) & 0x3fff);
    if (version === 2) {
      o.set("id", Number(be(0, 4)));
      const d = u[9]!;
      o.set("domain", d === 0 ? "Person" : d === 1 ? "Group" : d === 2 ? "Org" : `Domain${d}`);
    }
  }
  return o;
}

export const builtins: BuiltinDef[] = [
  {
    name: "uuid.rfc4122",
    arity: 1,
    nondeterministic: true,
    fn: (args, ctx) => {
      const k = "uuid.rfc4122:" + canonicalKey(str(args, 0));
      const hit = ctx.cache.get(k);
      if (typeof hit === "string") return hit;
      const u = newUUID();
      ctx.cache.set(k, u);
      return u;
    },
  },
  {
    name: "uuid.parse",
    arity: 1,
    fn: (args): Value | undefined => {
      const u = parseUUID(str(args, 0));
      return u === undefined ? undefined : describe(u);
    },
  },
];
