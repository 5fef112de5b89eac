// Builtins: encoding family (OPA's encoding.go): json.marshal / marshal_with_options /
// unmarshal / is_valid, yaml.marshal / unmarshal / is_valid, base64, base64url, urlquery, hex.
// (json.filter / remove / patch live in json.ts.)

import { parseJSONValue, isValidJSON, JSONTextError } from "../json-text.js";
import { type Value, RObject, RSet, typeName } from "../value.js";
import {
  CodecError,
  base64Decode,
  base64Encode,
  base64urlDecode,
  fromBytes,
  hexDecode,
  hexEncode,
  parseQuery,
  queryEscape,
  queryUnescape,
} from "./go-codec.js";
import { cmpCodePoints, goJSONMarshal, jsonMembers } from "./go-json.js";
import { YAMLError, valueToYAML, yamlToValue } from "./go-yaml.js";
import { type BuiltinContext, type BuiltinDef, BuiltinError, obj, operandErr, str, typeErr } from "./registry.js";

/** Runs a codec, turning its failures into builtin errors. */
function codec<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof CodecError || e instanceof YAMLError || e instanceof JSONTextError) throw new BuiltinError(e.message);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// json

function marshalWithOptions(args: readonly Value[], ctx: BuiltinContext): Value {
  const opts = obj(args, 1);
  let indent = "\t";
  let prefix = "";
  let implicitPretty = false;
  let explicitPretty: boolean | undefined;
  opts.keys().forEach((k, idx) => {
    const val = opts.get(k)!;
    if (typeof k !== "string") {
      throw operandErr(2, `failed to stringify key ${goJSONMarshal(k)} at index ${idx}: operand ${idx} must be string but got ${typeName(k)}`);
    }
    switch (k) {
      case "prefix":
      case "indent":
        if (typeof val !== "string") {
          throw operandErr(2, `key ${k} failed cast to string: operand ${idx} must be string but got ${typeName(val)}`);
        }
        if (k === "prefix") prefix = val;
        else indent = val;
        implicitPretty = true;
        break;
      case "pretty":
        if (typeof val !== "boolean") throw operandErr(2, `key ${k} failed cast to bool`);
        explicitPretty = val;
        break;
      default:
        throw operandErr(2, `object contained unknown key ${k}`);
    }
  });
  const pretty = explicitPretty ?? implicitPretty;
  const charge = (n: number) => ctx.charge(n);
  if (!pretty) return goJSONMarshal(args[0]!, undefined, charge);
  return prefix + goJSONMarshal(args[0]!, { prefix, indent }, charge);
}

// ---------------------------------------------------------------------------------------------
// urlquery objects

const ENCODE_OBJECT_ERR = "values must be string, array[string], or set[string]";

function encodeObject(args: readonly Value[]): string {
  const o = args[0]!;
  if (!(o instanceof RObject)) throw typeErr(1, o, "object");
  const parts: string[] = [];
  const members = jsonMembers(o).sort((a, b) => cmpCodePoints(a[0], b[0]));
  for (const [k, v] of members) {
    const key = queryEscape(k);
    let vals: readonly Value[];
    if (typeof v === "string") vals = [v];
    else if (Array.isArray(v)) vals = v as readonly Value[];
    else if (v instanceof RSet) vals = v.values();
    else throw operandErr(1, ENCODE_OBJECT_ERR);
    for (const x of vals) {
      if (typeof x !== "string") throw operandErr(1, ENCODE_OBJECT_ERR);
      parts.push(key + "=" + queryEscape(x));
    }
  }
  return parts.join("&");
}

function decodeObject(args: readonly Value[]): Value {
  const { values, error } = parseQuery(str(args, 0));
  if (error !== undefined) throw new BuiltinError(error);
  const o = new RObject();
  for (const [k, vs] of values) o.set(k, vs);
  return o;
}

// ---------------------------------------------------------------------------------------------

const fn1 = (name: string, f: (s: string, ctx: BuiltinContext) => Value): BuiltinDef => ({
  name,
  arity: 1,
  fn: (args, ctx) => f(str(args, 0), ctx),
});

/** A validity test: false (never an error) for a non-string operand. */
const isValid = (name: string, f: (s: string) => boolean): BuiltinDef => ({
  name,
  arity: 1,
  predicate: true,
  fn: (args) => (typeof args[0] === "string" ? f(args[0]) : false),
});

const succeeds = (f: () => unknown): boolean => {
  try {
    f();
    return true;
  } catch (e) {
    if (e instanceof CodecError || e instanceof YAMLError) return false;
    throw e;
  }
};

export const builtins: BuiltinDef[] = [
  { name: "json.marshal", arity: 1, fn: (args, ctx) => goJSONMarshal(args[0]!, undefined, (n) => ctx.charge(n)) },
  { name: "json.marshal_with_options", arity: 2, fn: marshalWithOptions },
  fn1("json.unmarshal", (s) => codec(() => parseJSONValue(s))),
  isValid("json.is_valid", (s) => isValidJSON(s)),

  { name: "yaml.marshal", arity: 1, fn: (args) => codec(() => valueToYAML(args[0]!)) },
  fn1("yaml.unmarshal", (s) => codec(() => yamlToValue(s))),
  isValid("yaml.is_valid", (s) => succeeds(() => yamlToValue(s))),

  fn1("base64.encode", (s) => base64Encode(s, false, true)),
  fn1("base64.decode", (s) => codec(() => fromBytes(base64Decode(s, false, true)))),
  isValid("base64.is_valid", (s) => succeeds(() => base64Decode(s, false, true))),
  fn1("base64url.encode", (s) => base64Encode(s, true, true)),
  fn1("base64url.encode_no_pad", (s) => base64Encode(s, true, false)),
  fn1("base64url.decode", (s) => codec(() => fromBytes(base64urlDecode(s)))),

  fn1("urlquery.encode", (s) => queryEscape(s)),
  fn1("urlquery.decode", (s) => codec(() => queryUnescape(s))),
  { name: "urlquery.encode_object", arity: 1, fn: (args) => encodeObject(args) },
  { name: "urlquery.decode_object", arity: 1, fn: (args) => decodeObject(args) },

  fn1("hex.encode", (s) => hexEncode(s)),
  fn1("hex.decode", (s) => codec(() => fromBytes(hexDecode(s)))),
];
