// JSON Schema as OPA's json.verify_schema / json.match_schema see it: the semantics of OPA's
// internal copy of gojsonschema (drafts 4, 6 and 7 detected from "$schema", otherwise its
// "hybrid" mode that accepts the keywords of all three), with its error types, fields and
// messages, its schema-compilation error texts, and its choice of the "closest" branch for
// anyOf / oneOf errors. Numbers are compared exactly (as rationals). "$ref"s resolve within the
// schema document (and the draft meta-schemas); nothing is ever fetched: a reference to
// another document fails with an error saying so.
//
// Object members are visited in sorted key order (gojsonschema uses Go map order, so OPA's
// order of several errors is not fixed).

import { createRequire } from "node:module";
import { Float, type Num, numToString } from "../number.js";
import { type Value, RObject, RSet } from "../value.js";
import { goJSONString, jsonMembers } from "./go-json.js";
import { isValidEmail, isValidURI, isValidURIReference, isValidURITemplate, isValidTimeFormat } from "./go-formats.js";
import { parseIP } from "./go-net.js";

// ---------------------------------------------------------------------------------------------
// JSON data: objects as Maps with string keys (so that "$ref"s can be rewritten in place)

export type J = null | boolean | string | Num | J[] | JMap;
export type JMap = Map<string, J>;

const isMap = (x: J | undefined): x is JMap => x instanceof Map;
const isNum = (x: J | undefined): x is Num => typeof x === "number" || typeof x === "bigint" || x instanceof Float;

/** ast.JSON of a value: sets become arrays, non-string keys their JSON text. */
export function toJ(v: Value): J {
  if (v === null || typeof v === "boolean" || typeof v === "string" || typeof v === "number" || typeof v === "bigint") return v;
  if (v instanceof Float) return v;
  if (v instanceof RObject) {
    const m: JMap = new Map();
    for (const [k, x] of jsonMembers(v)) m.set(k, toJ(x));
    return m;
  }
  const items = v instanceof RSet ? v.values() : (v as readonly Value[]);
  return items.map(toJ);
}

export class SchemaError extends Error {}

// ---------------------------------------------------------------------------------------------
// exact numbers

interface Rat {
  n: bigint;
  d: bigint;
}

/** The decimal digits of a number: value = (neg ? -1 : 1) * 0.digits * 10^exp. */
function decimal(x: Num): { neg: boolean; digits: string; exp: number } {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(numToString(x))!;
  const int = m[2] ?? "";
  const frac = m[3] ?? "";
  let digits = int + frac;
  let exp = int.length + (m[4] ? Number(m[4]) : 0);
  const lead = digits.length - digits.replace(/^0+/, "").length;
  digits = digits.slice(lead).replace(/0+$/, "");
  exp -= lead;
  return { neg: m[1] === "-", digits, exp: digits === "" ? 0 : exp };
}

function toRat(x: Num): Rat {
  if (typeof x === "number") return { n: BigInt(x), d: 1n };
  if (typeof x === "bigint") return { n: x, d: 1n };
  const { neg, digits, exp } = decimal(x);
  const shift = exp - digits.length; // value = digits * 10^shift
  let n = BigInt(digits || "0");
  let d = 1n;
  if (shift >= 0) n *= 10n ** BigInt(shift);
  else d = 10n ** BigInt(-shift);
  return { n: neg ? -n : n, d };
}

const ratCmp = (a: Rat, b: Rat): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};

/** a / b is an integer (b > 0). */
const ratDivides = (a: Rat, b: Rat): boolean => (a.n * b.d) % (a.d * b.n) === 0n;

/** big.Float's %v (shortest %g: exponent form below 1e-4 and from 1e6) of a number. */
function goFloatText(x: Num): string {
  const { neg, digits, exp } = decimal(x);
  if (digits === "") return "0";
  const sign = neg ? "-" : "";
  const e = exp - 1;
  if (e < -4 || e >= 6) {
    const mant = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    const ae = Math.abs(e);
    return `${sign}${mant}e${e < 0 ? "-" : "+"}${ae < 10 ? "0" + ae : ae}`;
  }
  if (exp <= 0) return `${sign}0.${"0".repeat(-exp)}${digits}`;
  if (exp >= digits.length) return sign + digits + "0".repeat(exp - digits.length);
  return `${sign}${digits.slice(0, exp)}.${digits.slice(exp)}`;
}

/** A json.Number that is an integer and fits int64 (gojsonschema's mustBeInteger). */
function mustBeInteger(x: J | undefined): number | undefined {
  if (typeof x === "number") return x;
  if (typeof x === "bigint" && x >= -(1n << 63n) && x < 1n << 63n) return Number(x);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// JSON text as gojsonschema compares const / enum values: re-encoded through float64

function jsonNoNumber(x: J): string {
  if (x === null) return "null";
  if (typeof x === "boolean") return x ? "true" : "false";
  if (typeof x === "string") return goJSONString(x);
  if (isNum(x)) {
    const f = typeof x === "number" ? x : Number(numToString(x));
    return Number.isFinite(f) ? JSON.stringify(f) : "null";
  }
  if (Array.isArray(x)) return "[" + x.map(jsonNoNumber).join(",") + "]";
  const keys = [...x.keys()].sort(cmpUTF8);
  return "{" + keys.map((k) => goJSONString(k) + ":" + jsonNoNumber(x.get(k)!)).join(",") + "}";
}

function cmpUTF8(a: string, b: string): number {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return Buffer.compare(x, y);
}

// ---------------------------------------------------------------------------------------------
// messages (gojsonschema's default locale)

const TYPES = ["array", "boolean", "integer", "number", "null", "object", "string"];
const STRING_SCHEMA = "valid schema";

const invalidType = (expected: string, given: string) => new SchemaError(`Invalid type. Expected: ${expected}, given: ${given}`);
const mustBeOfA = (x: string, y: string) => new SchemaError(`${x} must be of a ${y}`);
const mustBeOfAn = (x: string, y: string) => new SchemaError(`${x} must be of an ${y}`);
const mustBeOfType = (key: string, type: string) => new SchemaError(`${key} must be of type ${type}`);
const mustBeGTEZero = (key: string) => new SchemaError(`${key} must be greater than or equal to 0`);
const parseError = () => new SchemaError(`Expected: ${STRING_SCHEMA}, given: Invalid JSON`);

// ---------------------------------------------------------------------------------------------
// references: URIs as strings, without an empty fragment ("x#" and "x" are the same)

const HYBRID = 0x7fffffff;
type Draft = 4 | 6 | 7 | typeof HYBRID;

const META: Record<string, { draft: Draft; file: string }> = {
  "http://json-schema.org/draft-04/schema": { draft: 4, file: "ajv-draft-04/dist/refs/json-schema-draft-04.json" },
  "http://json-schema.org/draft-06/schema": { draft: 6, file: "ajv/dist/refs/json-schema-draft-06.json" },
  "http://json-schema.org/draft-07/schema": { draft: 7, file: "ajv/dist/refs/json-schema-draft-07.json" },
};

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

function normRef(s: string): string {
  return s.endsWith("#") ? s.slice(0, -1) : s;
}

const splitFragment = (s: string): [string, string | undefined] => {
  const i = s.indexOf("#");
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
};

/** Resolves `ref` against `base` (RFC 3986 for absolute bases; fragment-only refs otherwise). */
function resolve(base: string, ref: string): string {
  if (SCHEME.test(ref)) return normRef(ref);
  if (ref.startsWith("#")) return normRef(splitFragment(base)[0] + ref);
  if (SCHEME.test(base)) {
    try {
      return normRef(new URL(ref, base).href);
    } catch {
      return normRef(ref);
    }
  }
  if (ref === "") return splitFragment(base)[0];
  // relative base: replace the last path segment
  const [b] = splitFragment(base);
  const slash = b.lastIndexOf("/");
  return normRef(ref.startsWith("/") || slash < 0 ? ref : b.slice(0, slash + 1) + ref);
}

function draftOf(doc: J): Draft | undefined {
  if (typeof doc === "boolean") return undefined;
  if (!isMap(doc)) throw new SchemaError("schema is invalid");
  const s = doc.get("$schema");
  if (s === undefined) return undefined;
  if (typeof s !== "string") throw mustBeOfType("$schema", "string");
  return META[normRef(s)]?.draft;
}

interface PoolDoc {
  doc: J;
  draft: Draft | undefined;
}

class Pool {
  readonly docs = new Map<string, PoolDoc>();

  /** Registers a document under `ref` and its "$id"s, rewriting its "$ref"s as absolute. */
  add(doc: J, ref: string): void {
    if (this.docs.has(ref)) throw new SchemaError(`Reference already exists: "${ref}"`);
    const draft = draftOf(doc);
    this.walk(doc, ref, draft);
    this.docs.set(ref, { doc, draft });
  }

  private walk(doc: J, ref: string, draft: Draft | undefined): void {
    if (Array.isArray(doc)) {
      for (const v of doc) this.walk(v, ref, draft);
      return;
    }
    if (!isMap(doc)) return;
    let local = ref;
    const id = doc.get(doc.has("id") ? "id" : "$id");
    if (typeof id === "string") {
      local = resolve(ref, id);
      if (this.docs.has(local)) throw new SchemaError(`Reference already exists: "${local}"`);
      this.docs.set(local, { doc, draft });
    }
    const r = doc.get("$ref");
    if (typeof r === "string") doc.set("$ref", resolve(local, r));
    for (const [k, v] of doc) {
      if (k === "const" || k === "enum") continue;
      if (k === "properties" || k === "dependencies" || k === "patternProperties") {
        if (isMap(v)) for (const c of v.values()) this.walk(c, local, draft);
      } else {
        this.walk(v, local, draft);
      }
    }
  }

  get(ref: string): PoolDoc {
    const hit = this.docs.get(ref);
    if (hit) return hit;
    const [base, frag] = splitFragment(ref);
    const cached = this.docs.get(base);
    if (cached) {
      const doc = pointer(cached.doc, frag ?? "");
      const spd = { doc, draft: cached.draft };
      this.docs.set(ref, spd);
      return spd;
    }
    if (!SCHEME.test(ref)) throw new SchemaError(`Reference ${ref} must be canonical`);
    const meta = META[base];
    if (meta) {
      const doc = loadMeta(meta.file);
      this.add(doc, base);
      return { doc: pointer(doc, frag ?? ""), draft: meta.draft };
    }
    throw new SchemaError(
      `reference ${ref} is not available: policy-check does not fetch schemas during policy evaluation (only references within the schema document resolve)`,
    );
  }
}

const require = createRequire(import.meta.url);

function loadMeta(file: string): J {
  let raw: unknown;
  try {
    raw = require(file);
  } catch {
    throw new SchemaError(`meta-schema ${file} is not installed`);
  }
  const conv = (x: unknown): J => {
    if (Array.isArray(x)) return x.map(conv);
    if (x !== null && typeof x === "object") {
      const m: JMap = new Map();
      for (const [k, v] of Object.entries(x)) m.set(k, conv(v));
      return m;
    }
    return x as J;
  };
  return conv(raw);
}

/** A JSON pointer (a URI fragment, %-decoded) into a document. */
function pointer(doc: J, fragment: string): J {
  let frag: string;
  try {
    frag = decodeURIComponent(fragment);
  } catch {
    frag = fragment;
  }
  if (frag === "") return doc;
  if (!frag.startsWith("/")) throw new SchemaError(`JSON pointer must be empty or start with a "/"`);
  let cur = doc;
  for (const raw of frag.slice(1).split("/")) {
    const tok = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (isMap(cur)) {
      const next = cur.get(tok);
      if (next === undefined) throw new SchemaError(`Object has no key '${tok}'`);
      cur = next;
    } else if (Array.isArray(cur)) {
      if (!/^-?\d+$/.test(tok)) throw new SchemaError(`Invalid array index '${tok}'`);
      const i = Number(tok);
      if (i < 0 || i >= cur.length) throw new SchemaError(`Out of bound array[0,${cur.length}] index '${i}'`);
      cur = cur[i]!;
    } else {
      throw new SchemaError(`Invalid token reference '${tok}'`);
    }
  }
  return cur;
}

// ---------------------------------------------------------------------------------------------
// compiled schemas

export type RegexTest = (pattern: string) => ((s: string) => boolean) | undefined;

interface Sub {
  draft?: Draft;
  property: string;
  parent?: Sub;
  pass?: boolean;
  types: string[];
  refSchema?: Sub;
  itemsChildren: Sub[];
  itemsSingle: boolean;
  properties: Sub[];
  multipleOf?: Rat;
  maximum?: Rat;
  exclusiveMaximum?: Rat;
  minimum?: Rat;
  exclusiveMinimum?: Rat;
  maxText?: string;
  exMaxText?: string;
  minText?: string;
  exMinText?: string;
  multipleText?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: { src: string; test: (s: string) => boolean };
  format: string;
  minProperties?: number;
  maxProperties?: number;
  required: string[];
  dependencies?: Map<string, string[] | Sub>;
  additionalProperties?: boolean | Sub;
  patternProperties?: [string, (s: string) => boolean, Sub][];
  propertyNames?: Sub;
  minItems?: number;
  maxItems?: number;
  uniqueItems: boolean;
  contains?: Sub;
  additionalItems?: boolean | Sub;
  constText?: string;
  enum: string[];
  enumPresent: boolean;
  oneOf: Sub[];
  anyOf: Sub[];
  allOf: Sub[];
  not?: Sub;
  if?: Sub;
  then?: Sub;
  else?: Sub;
}

const newSub = (property: string, parent?: Sub, draft?: Draft): Sub => ({
  ...(draft !== undefined ? { draft } : {}),
  property,
  ...(parent ? { parent } : {}),
  types: [],
  itemsChildren: [],
  itemsSingle: false,
  properties: [],
  format: "",
  required: [],
  uniqueItems: false,
  enum: [],
  enumPresent: false,
  oneOf: [],
  anyOf: [],
  allOf: [],
});

export class Schema {
  private readonly refs = new Map<string, Sub>();
  readonly root: Sub;

  /** Compiles a schema document; throws SchemaError with gojsonschema's message. */
  constructor(
    doc: J,
    private readonly regex: RegexTest,
  ) {
    const pool = new Pool();
    pool.add(doc, "");
    this.pool = pool;
    const draft = draftOf(doc) ?? HYBRID;
    this.root = newSub("(root)", undefined, draft);
    this.parse(doc, this.root);
  }

  private readonly pool: Pool;

  private parse(node: J, s: Sub): void {
    if (s.draft === undefined) s.draft = s.parent!.draft!;
    const draft = s.draft;
    if (draft >= 6 && typeof node === "boolean") {
      s.pass = node;
      return;
    }
    if (!isMap(node)) throw parseError();
    const m = node;
    const getString = (key: string): string | undefined => {
      const v = m.get(key);
      if (v === undefined) return undefined;
      if (typeof v !== "string") throw invalidType("string", key);
      return v;
    };
    const getSlice = (key: string): J[] | undefined => {
      const v = m.get(key);
      if (v === undefined) return undefined;
      if (!Array.isArray(v)) throw mustBeOfAn(key, "array");
      return v;
    };
    const child = (property: string, node: J): Sub => {
      const c = newSub(property, s);
      this.parse(node, c);
      return c;
    };
    const schemaLike = (x: J | undefined): boolean => typeof x === "boolean" || isMap(x);

    const keyID = draft === 4 ? "id" : draft === HYBRID && m.has("id") ? "id" : "$id";
    getString(keyID);

    const defs = m.get("definitions");
    if (defs !== undefined) {
      if (!isMap(defs)) throw invalidType("array of schemas", "definitions");
      for (const k of [...defs.keys()].sort()) {
        const dv = defs.get(k)!;
        if (!schemaLike(dv)) throw invalidType("array of schemas", "definitions");
        child("definitions", dv);
      }
    }
    getString("title");
    getString("description");

    const ref = getString("$ref");
    if (ref !== undefined) {
      const known = this.refs.get(ref);
      if (known) s.refSchema = known;
      else {
        const target = newSub("$ref", s);
        this.refs.set(ref, target);
        const spd = this.pool.get(ref);
        if (spd.draft !== undefined) target.draft = spd.draft;
        if (!schemaLike(spd.doc)) throw mustBeOfType(STRING_SCHEMA, "object");
        this.parse(spd.doc, target);
        s.refSchema = target;
        return;
      }
    }

    const typ = m.get("type");
    if (typ !== undefined) {
      const add = (t: string) => {
        if (!TYPES.includes(t)) {
          throw new SchemaError(`has a primitive type that is NOT VALID -- given: /${t}/ Expected valid values are:[${TYPES.join(" ")}]`);
        }
        if (s.types.includes(t)) throw new SchemaError(`${t} type is duplicated`);
        s.types.push(t);
      };
      if (typeof typ === "string") add(typ);
      else if (Array.isArray(typ)) {
        for (const t of typ) {
          if (typeof t !== "string") throw invalidType("type", "string/array of strings");
          add(t);
        }
      } else throw invalidType("type", "string/array of strings");
    }

    const props = m.get("properties");
    if (props !== undefined) {
      if (!isMap(props)) throw mustBeOfType("properties", "object");
      for (const k of [...props.keys()].sort()) s.properties.push(child(k, props.get(k)!));
    }

    const ap = m.get("additionalProperties");
    if (ap !== undefined) {
      if (typeof ap === "boolean") s.additionalProperties = ap;
      else if (isMap(ap)) s.additionalProperties = child("additionalProperties", ap);
      else throw invalidType("boolean/" + STRING_SCHEMA, "additionalProperties");
    }

    const pp = m.get("patternProperties");
    if (pp !== undefined) {
      if (!isMap(pp)) throw invalidType(STRING_SCHEMA, "patternProperties");
      if (pp.size > 0) {
        s.patternProperties = [];
        for (const k of [...pp.keys()].sort()) {
          const test = this.regex(k);
          if (!test) throw new SchemaError(`Invalid regex pattern '${k}'`);
          s.patternProperties.push([k, test, child(k, pp.get(k)!)]);
        }
      }
    }

    const pn = m.get("propertyNames");
    if (pn !== undefined && draft >= 6) {
      if (!schemaLike(pn)) throw invalidType(STRING_SCHEMA, "patternProperties");
      s.propertyNames = child("propertyNames", pn);
    }

    const deps = m.get("dependencies");
    if (deps !== undefined) {
      if (!isMap(deps)) throw mustBeOfType("dependencies", "object");
      s.dependencies = new Map();
      for (const k of [...deps.keys()].sort()) {
        const v = deps.get(k)!;
        if (Array.isArray(v)) {
          const names: string[] = [];
          for (const x of v) {
            if (typeof x !== "string") throw mustBeOfType("dependency", "schema or array of strings");
            names.push(x);
            s.dependencies.set(k, names);
          }
        } else if (schemaLike(v)) {
          s.dependencies.set(k, child(k, v));
        } else throw mustBeOfType("dependency", "schema or array of strings");
      }
    }

    const items = m.get("items");
    if (items !== undefined) {
      if (Array.isArray(items)) {
        for (const it of items) {
          if (!schemaLike(it)) throw invalidType(STRING_SCHEMA + "/array of schemas", "items");
          s.itemsChildren.push(child("items", it));
          s.itemsSingle = false;
        }
      } else if (schemaLike(items)) {
        s.itemsChildren.push(child("items", items));
        s.itemsSingle = true;
      } else throw invalidType(STRING_SCHEMA + "/array of schemas", "items");
    }

    const ai = m.get("additionalItems");
    if (ai !== undefined) {
      if (typeof ai === "boolean") s.additionalItems = ai;
      else if (isMap(ai)) s.additionalItems = child("additionalItems", ai);
      else throw invalidType("boolean/" + STRING_SCHEMA, "additionalItems");
    }

    const mo = m.get("multipleOf");
    if (mo !== undefined) {
      if (!isNum(mo)) throw invalidType("number", "multipleOf");
      const r = toRat(mo);
      if (r.n <= 0n) throw new SchemaError("multipleOf must be strictly greater than 0");
      s.multipleOf = r;
      s.multipleText = goFloatText(mo);
    }

    const bound = (key: "minimum" | "maximum", exKey: "exclusiveMinimum" | "exclusiveMaximum") => {
      const v = m.get(key);
      let val: Rat | undefined;
      let text: string | undefined;
      if (v !== undefined) {
        if (!isNum(v)) throw mustBeOfA(key, "number");
        val = toRat(v);
        text = goFloatText(v);
      }
      let ex: Rat | undefined;
      let exText: string | undefined;
      const e = m.get(exKey);
      if (e !== undefined) {
        const asBool = () => {
          if (val === undefined) throw new SchemaError(`${exKey} cannot be used without ${key}`);
          if (e === true) {
            ex = val;
            exText = text;
            val = undefined;
            text = undefined;
          }
        };
        if (draft === 4) {
          if (typeof e !== "boolean") throw invalidType("boolean", exKey);
          asBool();
        } else if (draft === HYBRID) {
          if (typeof e === "boolean") asBool();
          else if (isNum(e)) {
            ex = toRat(e);
            exText = goFloatText(e);
          } else throw invalidType("boolean/number", exKey);
        } else {
          if (!isNum(e)) throw invalidType("number", exKey);
          ex = toRat(e);
          exText = goFloatText(e);
        }
      }
      if (key === "minimum") {
        if (val) [s.minimum, s.minText] = [val, text];
        if (ex) [s.exclusiveMinimum, s.exMinText] = [ex, exText];
      } else {
        if (val) [s.maximum, s.maxText] = [val, text];
        if (ex) [s.exclusiveMaximum, s.exMaxText] = [ex, exText];
      }
    };
    bound("minimum", "exclusiveMinimum");
    bound("maximum", "exclusiveMaximum");

    const count = (key: string): number | undefined => {
      const v = m.get(key);
      if (v === undefined) return undefined;
      const n = mustBeInteger(v);
      if (n === undefined) throw mustBeOfAn(key, "integer");
      if (n < 0) throw mustBeGTEZero(key);
      return n;
    };
    const setIf = <K extends keyof Sub>(k: K, v: Sub[K] | undefined) => {
      if (v !== undefined) s[k] = v as Sub[K];
    };
    setIf("minLength", count("minLength"));
    setIf("maxLength", count("maxLength"));
    if (s.minLength !== undefined && s.maxLength !== undefined && s.minLength > s.maxLength) {
      throw new SchemaError("minLength cannot be greater than maxLength");
    }

    const pattern = getString("pattern");
    if (pattern !== undefined) {
      const test = this.regex(pattern);
      if (!test) throw new SchemaError("pattern must be a valid regex");
      s.pattern = { src: pattern, test };
    }
    s.format = getString("format") ?? "";

    setIf("minProperties", count("minProperties"));
    setIf("maxProperties", count("maxProperties"));
    if (s.minProperties !== undefined && s.maxProperties !== undefined && s.minProperties > s.maxProperties) {
      throw new SchemaError("minProperties cannot be greater than maxProperties");
    }

    for (const r of getSlice("required") ?? []) {
      if (typeof r !== "string") throw invalidType("string", "required");
      if (s.required.includes(r)) throw new SchemaError("required items must be unique");
      s.required.push(r);
    }

    setIf("minItems", count("minItems"));
    setIf("maxItems", count("maxItems"));

    const ui = m.get("uniqueItems");
    if (ui !== undefined) {
      if (typeof ui !== "boolean") throw mustBeOfA("uniqueItems", "boolean");
      s.uniqueItems = ui;
    }

    const contains = m.get("contains");
    if (contains !== undefined && draft >= 6) s.contains = child("contains", contains);

    const c = m.get("const");
    if (c !== undefined && draft >= 6) s.constText = jsonNoNumber(c);

    const en = getSlice("enum");
    s.enumPresent = m.has("enum");
    for (const v of en ?? []) {
      const t = jsonNoNumber(v);
      if (s.enum.includes(t)) throw new SchemaError("enum items must be unique");
      s.enum.push(t);
    }

    for (const v of getSlice("oneOf") ?? []) s.oneOf.push(child("oneOf", v));
    for (const v of getSlice("anyOf") ?? []) s.anyOf.push(child("anyOf", v));
    for (const v of getSlice("allOf") ?? []) s.allOf.push(child("allOf", v));

    const sub = (key: "not" | "if" | "then" | "else") => {
      const v = m.get(key);
      if (v === undefined) return;
      if (!schemaLike(v)) throw mustBeOfAn(key, "object");
      s[key] = child(key, v);
    };
    sub("not");
    if (draft >= 7) {
      sub("if");
      sub("then");
      sub("else");
    }
  }

  validate(doc: J): Result {
    const r = new Result();
    validateRecursive(this.root, doc, r, ROOT);
    return r;
  }
}

// ---------------------------------------------------------------------------------------------
// validation

/** A path in the document: "(root)" then keys / indexes. */
interface Ctx {
  head: string;
  tail?: Ctx;
}
const ROOT: Ctx = { head: "(root)" };
const sub = (head: string, tail: Ctx): Ctx => ({ head, tail });

function ctxString(c: Ctx): string {
  const parts: string[] = [];
  for (let x: Ctx | undefined = c; x; x = x.tail) parts.push(x.head);
  return parts.reverse().join(".");
}

export interface ResultError {
  type: string;
  field: string;
  description: string;
}

export class Result {
  errors: ResultError[] = [];
  score = 0;
  get valid(): boolean {
    return this.errors.length === 0;
  }
  add(type: string, ctx: Ctx, description: (field: string) => string): void {
    const c = ctxString(ctx);
    const field = c.startsWith("(root).") ? c.slice(7) : c;
    this.errors.push({ type, field, description: description(field) });
    this.score -= 2;
  }
  merge(o: Result): void {
    this.errors.push(...o.errors);
    this.score += o.score;
  }
}

function subValidate(s: Sub, doc: J, ctx: Ctx): Result {
  const r = new Result();
  validateRecursive(s, doc, r, ctx);
  return r;
}

const typesString = (t: string[]) => (t.length === 0 ? "undefined" : t.length > 1 ? `[${t.join(",")}]` : t[0]!);

function validateRecursive(s: Sub, node: J, r: Result, ctx: Ctx): void {
  if (++steps >= 1024) {
    charge(steps);
    steps = 0;
  }
  if (s.pass !== undefined) {
    if (!s.pass) r.add("false", ctx, () => "False always fails validation");
    return;
  }
  if (s.refSchema) {
    validateRecursive(s.refSchema, node, r, ctx);
    return;
  }
  const typeErr = (given: string) =>
    r.add("invalid_type", ctx, () => `Invalid type. Expected: ${typesString(s.types)}, given: ${given}`);
  const typed = s.types.length > 0;
  if (node === null) {
    if (typed && !s.types.includes("null")) return typeErr("null");
    validateSchema(s, node, r, ctx);
    validateCommon(s, node, r, ctx);
  } else if (isNum(node)) {
    const isInt = !(node instanceof Float);
    const ok = s.types.includes("number") || (isInt && s.types.includes("integer"));
    if (typed && !ok) return typeErr(isInt ? "integer" : "number");
    validateSchema(s, node, r, ctx);
    validateNumber(s, node, r, ctx);
    validateCommon(s, node, r, ctx);
  } else if (Array.isArray(node)) {
    if (typed && !s.types.includes("array")) return typeErr("array");
    validateSchema(s, node, r, ctx);
    validateArray(s, node, r, ctx);
    validateCommon(s, node, r, ctx);
  } else if (isMap(node)) {
    if (typed && !s.types.includes("object")) return typeErr("object");
    validateSchema(s, node, r, ctx);
    validateObject(s, node, r, ctx);
    validateCommon(s, node, r, ctx);
    for (const p of s.properties) {
      const next = node.get(p.property);
      if (next !== undefined) validateRecursive(p, next, r, sub(p.property, ctx));
    }
  } else if (typeof node === "boolean") {
    if (typed && !s.types.includes("boolean")) return typeErr("boolean");
    validateSchema(s, node, r, ctx);
    validateCommon(s, node, r, ctx);
  } else {
    if (typed && !s.types.includes("string")) return typeErr("string");
    validateSchema(s, node, r, ctx);
    validateCommon(s, node, r, ctx);
    validateString(s, node, r, ctx);
  }
  r.score++;
}

function validateSchema(s: Sub, node: J, r: Result, ctx: Ctx): void {
  if (s.anyOf.length > 0) {
    let ok = false;
    let best: Result | undefined;
    for (const a of s.anyOf) {
      if (ok) break;
      const res = subValidate(a, node, ctx);
      ok = res.valid;
      if (!ok && (best === undefined || res.score > best.score)) best = res;
    }
    if (!ok) {
      r.add("number_any_of", ctx, () => "Must validate at least one schema (anyOf)");
      if (best) r.merge(best);
    }
  }
  if (s.oneOf.length > 0) {
    let n = 0;
    let best: Result | undefined;
    for (const o of s.oneOf) {
      const res = subValidate(o, node, ctx);
      if (res.valid) n++;
      else if (n === 0 && (best === undefined || res.score > best.score)) best = res;
    }
    if (n !== 1) {
      r.add("number_one_of", ctx, () => "Must validate one and only one schema (oneOf)");
      if (n === 0 && best) r.merge(best);
    }
  }
  if (s.allOf.length > 0) {
    let n = 0;
    for (const a of s.allOf) {
      const res = subValidate(a, node, ctx);
      if (res.valid) n++;
      r.merge(res);
    }
    if (n !== s.allOf.length) r.add("number_all_of", ctx, () => "Must validate all the schemas (allOf)");
  }
  if (s.not && subValidate(s.not, node, ctx).valid) {
    r.add("number_not", ctx, () => "Must not validate the schema (not)");
  }
  if (s.dependencies && s.dependencies.size > 0 && isMap(node)) {
    for (const key of [...node.keys()].sort()) {
      const dep = s.dependencies.get(key);
      if (dep === undefined) continue;
      if (Array.isArray(dep)) {
        for (const d of dep) {
          if (!node.has(d)) r.add("missing_dependency", ctx, () => `Has a dependency on ${d}`);
        }
      } else {
        validateRecursive(dep, node, r, ctx);
      }
    }
  }
  if (s.if) {
    const ifValid = subValidate(s.if, node, ctx).valid;
    if (s.then && ifValid) {
      const res = subValidate(s.then, node, ctx);
      if (!res.valid) {
        r.add("condition_then", ctx, () => 'Must validate "then" as "if" was valid');
        r.merge(res);
      }
    }
    if (s.else && !ifValid) {
      const res = subValidate(s.else, node, ctx);
      if (!res.valid) {
        r.add("condition_else", ctx, () => 'Must validate "else" as "if" was not valid');
        r.merge(res);
      }
    }
  }
  r.score++;
}

function validateCommon(s: Sub, node: J, r: Result, ctx: Ctx): void {
  if (s.constText !== undefined) {
    const t = jsonNoNumber(node);
    if (t !== s.constText) r.add("const", ctx, (field) => `${field} does not match: ${s.constText}`);
  }
  if (s.enumPresent) {
    const t = jsonNoNumber(node);
    if (!s.enum.includes(t)) {
      const allowed = s.enum.length === 0 ? "(none)" : s.enum.join(", ");
      r.add("enum", ctx, (field) => `${field} must be one of the following: ${allowed}`);
    }
  }
  if (s.format !== "" && !isFormat(s.format, node)) {
    r.add("format", ctx, () => `Does not match format '${s.format}'`);
  }
  r.score++;
}

function validateArray(s: Sub, items: J[], r: Result, ctx: Ctx): void {
  const n = items.length;
  if (s.itemsSingle) {
    for (let i = 0; i < n; i++) r.merge(subValidate(s.itemsChildren[0]!, items[i]!, sub(String(i), ctx)));
  } else if (s.itemsChildren.length > 0) {
    const k = s.itemsChildren.length;
    for (let i = 0; i < k && i < n; i++) r.merge(subValidate(s.itemsChildren[i]!, items[i]!, sub(String(i), ctx)));
    if (k < n) {
      if (s.additionalItems === false) r.add("array_no_additional_items", ctx, () => "No additional items allowed on array");
      else if (typeof s.additionalItems === "object") {
        for (let i = k; i < n; i++) r.merge(subValidate(s.additionalItems, items[i]!, sub(String(i), ctx)));
      }
    }
  }
  if (s.minItems !== undefined && n < s.minItems) r.add("array_min_items", ctx, () => `Array must have at least ${s.minItems} items`);
  if (s.maxItems !== undefined && n > s.maxItems) r.add("array_max_items", ctx, () => `Array must have at most ${s.maxItems} items`);
  if (s.uniqueItems) {
    const seen = new Map<string, number>();
    items.forEach((v, j) => {
      const t = jsonNoNumber(v);
      const i = seen.get(t);
      if (i !== undefined) r.add("unique", ctx, () => `array items[${i},${j}] must be unique`);
      seen.set(t, j);
    });
  }
  if (s.contains) {
    let ok = false;
    let best: Result | undefined;
    for (let i = 0; i < n; i++) {
      const res = subValidate(s.contains, items[i]!, sub(String(i), ctx));
      if (res.valid) {
        ok = true;
        break;
      }
      if (best === undefined || res.score > best.score) best = res;
    }
    if (!ok) {
      r.add("contains", ctx, () => "At least one of the items must match");
      if (best) r.merge(best);
    }
  }
  r.score++;
}

function validateObject(s: Sub, obj: JMap, r: Result, ctx: Ctx): void {
  if (s.minProperties !== undefined && obj.size < s.minProperties) {
    r.add("array_min_properties", ctx, () => `Must have at least ${s.minProperties} properties`);
  }
  if (s.maxProperties !== undefined && obj.size > s.maxProperties) {
    r.add("array_max_properties", ctx, () => `Must have at most ${s.maxProperties} properties`);
  }
  for (const req of s.required) {
    if (obj.has(req)) r.score++;
    else r.add("required", ctx, () => `${req} is required`);
  }
  const keys = [...obj.keys()].sort();
  for (const pk of keys) {
    const found = s.properties.some((p) => p.property === pk);
    let ppMatch = false;
    for (const [, test, ps] of s.patternProperties ?? []) {
      if (test(pk)) {
        ppMatch = true;
        r.merge(subValidate(ps, obj.get(pk)!, sub(pk, ctx)));
      }
    }
    if (ppMatch) r.score++;
    if (!found && !ppMatch) {
      const ap = s.additionalProperties;
      if (ap === false) r.add("additional_property_not_allowed", ctx, () => `Additional property ${pk} is not allowed`);
      else if (typeof ap === "object") r.merge(subValidate(ap, obj.get(pk)!, sub(pk, ctx)));
    }
  }
  if (s.propertyNames) {
    for (const pk of keys) {
      const res = subValidate(s.propertyNames, pk, ctx);
      if (!res.valid) {
        r.add("invalid_property_name", ctx, () => `Property name of "${pk}" does not match`);
        r.merge(res);
      }
    }
  }
  r.score++;
}

function validateString(s: Sub, str: string, r: Result, ctx: Ctx): void {
  const len = s.minLength !== undefined || s.maxLength !== undefined ? Array.from(str).length : 0;
  if (s.minLength !== undefined && len < s.minLength) {
    r.add("string_gte", ctx, () => `String length must be greater than or equal to ${s.minLength}`);
  }
  if (s.maxLength !== undefined && len > s.maxLength) {
    r.add("string_lte", ctx, () => `String length must be less than or equal to ${s.maxLength}`);
  }
  if (s.pattern && !s.pattern.test(str)) {
    r.add("pattern", ctx, () => `Does not match pattern '${s.pattern!.src}'`);
  }
  r.score++;
}

function validateNumber(s: Sub, x: Num, r: Result, ctx: Ctx): void {
  const v = toRat(x);
  if (s.multipleOf && !ratDivides(v, s.multipleOf)) r.add("multiple_of", ctx, () => `Must be a multiple of ${s.multipleText}`);
  if (s.maximum && ratCmp(v, s.maximum) > 0) r.add("number_lte", ctx, () => `Must be less than or equal to ${s.maxText}`);
  if (s.exclusiveMaximum && ratCmp(v, s.exclusiveMaximum) >= 0) r.add("number_lt", ctx, () => `Must be less than ${s.exMaxText}`);
  if (s.minimum && ratCmp(v, s.minimum) < 0) r.add("number_gte", ctx, () => `Must be greater than or equal to ${s.minText}`);
  if (s.exclusiveMinimum && ratCmp(v, s.exclusiveMinimum) <= 0) r.add("number_gt", ctx, () => `Must be greater than ${s.exMinText}`);
  r.score++;
}

// ---------------------------------------------------------------------------------------------
// formats (unknown formats pass; non-strings pass)

const HOSTNAME = /^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9])(\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]))*$/;
const UUID = /^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$/;
const JSON_POINTER = /^(?:\/(?:[^~/]|~0|~1)*)*$/u;
const REL_JSON_POINTER = /^(?:0|[1-9][0-9]*)(?:#|(?:\/(?:[^~/]|~0|~1)*)*)$/u;

let formatRegex: RegexTest = () => undefined;
let charge: (units: number) => void = () => {};
let steps = 0;

function isFormat(format: string, node: J): boolean {
  if (typeof node !== "string") return true;
  switch (format) {
    case "date":
    case "time":
    case "date-time":
      return isValidTimeFormat(format, node);
    case "hostname":
      return HOSTNAME.test(node) && Buffer.byteLength(node) < 256;
    case "email":
    case "idn-email":
      return isValidEmail(node);
    case "ipv4":
      return parseIP(node) !== undefined && node.includes(".");
    case "ipv6":
      return parseIP(node) !== undefined && node.includes(":");
    case "uri":
    case "iri":
      return isValidURI(node);
    case "uri-reference":
    case "iri-reference":
      return isValidURIReference(node);
    case "uri-template":
      return isValidURITemplate(node);
    case "uuid":
      return UUID.test(node);
    case "regex":
      return node === "" || formatRegex(node) !== undefined;
    case "json-pointer":
      return JSON_POINTER.test(node);
    case "relative-json-pointer":
      return REL_JSON_POINTER.test(node);
    default:
      return true;
  }
}

/** Compiles a schema with `regex` as the Go regexp compiler; throws SchemaError. */
export function compileSchema(doc: J, regex: RegexTest): Schema {
  formatRegex = regex;
  try {
    return new Schema(doc, regex);
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw new SchemaError("schema nested too deeply");
    throw e;
  }
}

/**
 * Validates with `regex` as the Go regexp compiler (for the "regex" format); `budget` is charged
 * with the number of schema/value pairs visited.
 */
export function validate(schema: Schema, doc: J, regex: RegexTest, budget: (units: number) => void): Result {
  formatRegex = regex;
  charge = budget;
  steps = 0;
  try {
    return schema.validate(doc);
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw new SchemaError("document nested too deeply");
    throw e;
  }
}
