// Builtins: json.verify_schema and json.match_schema (OPA's jsonschema.go over its copy of
// gojsonschema; see go-jsonschema.ts). Schemas and documents are objects/arrays or JSON text.
// Compiled schemas are cached per query. Remote "$ref"s are never fetched.

import { parseJSONValue } from "../json-text.js";
import { type Value, RObject, canonicalKey } from "../value.js";
import { type J, type RegexTest, Schema, SchemaError, compileSchema, toJ, validate } from "./go-jsonschema.js";
import { compileRegex } from "./regex.js";
import { type BuiltinContext, type BuiltinDef, BuiltinError } from "./registry.js";

class LoaderError extends Error {}

/** A schema or document operand: JSON text, or an object / array. */
function load(v: Value): J {
  if (typeof v === "string") {
    let parsed: Value;
    try {
      parsed = parseJSONValue(v);
    } catch {
      throw new LoaderError("invalid JSON string");
    }
    return toJ(parsed);
  }
  if (v instanceof RObject || Array.isArray(v)) return toJ(v);
  throw new LoaderError("wrong type, expected string or object");
}

function regexFor(ctx: BuiltinContext): RegexTest {
  return (pattern) => {
    try {
      const c = compileRegex(ctx, pattern, "jsonschema:");
      return (s) => c.re.match(s) as boolean;
    } catch {
      return undefined;
    }
  };
}

const CACHE = "json.match_schema:";

function compiled(ctx: BuiltinContext, schema: Value): Schema {
  const key = CACHE + canonicalKey(schema);
  const hit = ctx.cache.get(key);
  if (hit instanceof Schema) return hit;
  const s = compileSchema(load(schema), regexFor(ctx));
  ctx.cache.set(key, s);
  return s;
}

function verifySchema(args: readonly Value[], ctx: BuiltinContext): Value {
  try {
    compiled(ctx, args[0]!);
    return [true, null];
  } catch (e) {
    if (e instanceof LoaderError || e instanceof SchemaError) return [false, "jsonschema: " + e.message];
    if (tooDeep(e)) return [false, "jsonschema: schema nested too deeply"];
    throw e;
  }
}

function matchSchema(args: readonly Value[], ctx: BuiltinContext): Value {
  try {
    const doc = load(args[0]!);
    const schema = compiled(ctx, args[1]!);
    const result = validate(schema, doc, regexFor(ctx), (n) => ctx.charge(n));
    const errors = result.errors.map((e) =>
      RObject.fromEntries([
        ["error", `${e.field}: ${e.description}`],
        ["type", e.type],
        ["field", e.field],
        ["desc", e.description],
      ]),
    );
    return [result.valid, errors];
  } catch (e) {
    if (e instanceof LoaderError || e instanceof SchemaError) throw new BuiltinError(e.message);
    if (tooDeep(e)) throw new BuiltinError("document nested too deeply");
    throw e;
  }
}

const tooDeep = (e: unknown): boolean => e instanceof RangeError && /call stack/i.test(e.message);

export const builtins: BuiltinDef[] = [
  { name: "json.verify_schema", arity: 1, fn: verifySchema },
  { name: "json.match_schema", arity: 2, fn: matchSchema },
];
