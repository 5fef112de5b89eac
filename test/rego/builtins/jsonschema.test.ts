import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTINS, BuiltinError } from "../../../src/rego/builtins/index.js";
import { parseValue, toJSONText } from "../../../src/rego/index.js";
import { type Value, equal } from "../../../src/rego/value.js";
import { testCtx } from "./ctx.js";

const V = (text: string): Value => parseValue(text);
const call = (name: string, ...args: Value[]): Value | undefined => BUILTINS.get(name)!.fn(args, testCtx()) as Value | undefined;

function check(name: string, args: Value[], want: string): void {
  const got = call(name, ...args);
  assert.ok(got !== undefined && equal(got, V(want)), `${name} = ${got === undefined ? "undefined" : toJSONText(got)}\n want ${want}`);
}

function fail(name: string, ...args: Value[]): string {
  try {
    call(name, ...args);
  } catch (e) {
    assert.ok(e instanceof BuiltinError, `expected a BuiltinError, got ${String(e)}`);
    assert.equal(e.code, "eval_builtin_error");
    return e.message;
  }
  assert.fail(`${name} did not fail`);
}

/** One error object as json.match_schema reports it. */
const err = (field: string, type: string, desc: string) =>
  `{"error": ${JSON.stringify(`${field}: ${desc}`)}, "type": ${JSON.stringify(type)}, "field": ${JSON.stringify(field)}, "desc": ${JSON.stringify(desc)}}`;

/** match_schema(doc, schema) with both given as JSON text. */
const match = (doc: string, schema: string, want: string) => check("json.match_schema", [doc, schema], want);
const invalid = (doc: string, schema: string, ...errors: string[]) => match(doc, schema, `[false, [${errors.join(", ")}]]`);
const valid = (doc: string, schema: string) => match(doc, schema, "[true, []]");

const ID_SCHEMA = '{"properties": {"id": {"type": "integer"}}, "required": ["id"]}';

test("json.match_schema (compliance jsonschema/json-match_schema)", () => {
  check("json.match_schema", [V('{"id": 5}'), V(ID_SCHEMA)], "[true, []]");
  check("json.match_schema", ['{"id": 5}', V(ID_SCHEMA)], "[true, []]");
  check("json.match_schema", [V('{"id": 5}'), ID_SCHEMA], "[true, []]");
  check("json.match_schema", [V('{"id": "foo"}'), V(ID_SCHEMA)], `[false, [${err("id", "invalid_type", "Invalid type. Expected: integer, given: string")}]]`);
  const r = call("json.match_schema", V('{"value": "allow"}'), V('{"enum": []}')) as readonly Value[];
  assert.equal(r[0], false);
  assert.equal(
    fail("json.match_schema", V('{"id": "foo"}'), V('{"properties": {"id": {"type": "unknown"}}, "required": ["id"]}')),
    "has a primitive type that is NOT VALID -- given: /unknown/ Expected valid values are:[array boolean integer number null object string]",
  );
});

test("json.verify_schema (OPA's jsonschema tests)", () => {
  check("json.verify_schema", ["{}"], "[true, null]");
  check("json.verify_schema", [V("{}")], "[true, null]");
  check("json.verify_schema", [ID_SCHEMA], "[true, null]");
  check("json.verify_schema", ['{ "a": "'], '[false, "jsonschema: invalid JSON string"]');
  check("json.verify_schema", ['{"properties": {"id": {"type": "UNKNOWN"}}}'],
    '[false, "jsonschema: has a primitive type that is NOT VALID -- given: /UNKNOWN/ Expected valid values are:[array boolean integer number null object string]"]');
  check("json.verify_schema", [5], '[false, "jsonschema: wrong type, expected string or object"]');
  check("json.verify_schema", [V("{1}")], '[false, "jsonschema: wrong type, expected string or object"]');
  check("json.verify_schema", ["true"], "[true, null]");
  check("json.verify_schema", [V("[]")], '[false, "jsonschema: schema is invalid"]');
});

test("schema compilation errors use gojsonschema's texts", () => {
  const cases: [string, string][] = [
    ['{"type": 5}', "Invalid type. Expected: type, given: string/array of strings"],
    ['{"type": ["string", "string"]}', "string type is duplicated"],
    ['{"minLength": -1}', "minLength must be greater than or equal to 0"],
    ['{"minLength": 1.5}', "minLength must be of an integer"],
    ['{"minLength": 3, "maxLength": 2}', "minLength cannot be greater than maxLength"],
    ['{"minProperties": 3, "maxProperties": 2}', "minProperties cannot be greater than maxProperties"],
    ['{"required": "a"}', "required must be of an array"],
    ['{"required": ["a", "a"]}', "required items must be unique"],
    ['{"required": [1]}', "Invalid type. Expected: string, given: required"],
    ['{"pattern": "("}', "pattern must be a valid regex"],
    ['{"pattern": 5}', "Invalid type. Expected: string, given: pattern"],
    ['{"patternProperties": {"(": {}}}', "Invalid regex pattern '('"],
    ['{"enum": [1, 1.0]}', "enum items must be unique"],
    ['{"enum": 1}', "enum must be of an array"],
    ['{"items": 5}', "Invalid type. Expected: valid schema/array of schemas, given: items"],
    ['{"additionalProperties": 5}', "Invalid type. Expected: boolean/valid schema, given: additionalProperties"],
    ['{"multipleOf": 0}', "multipleOf must be strictly greater than 0"],
    ['{"multipleOf": "x"}', "Invalid type. Expected: number, given: multipleOf"],
    ['{"minimum": "x"}', "minimum must be of a number"],
    ['{"exclusiveMinimum": true}', "exclusiveMinimum cannot be used without minimum"],
    ['{"exclusiveMaximum": "x"}', "Invalid type. Expected: boolean/number, given: exclusiveMaximum"],
    ['{"not": 5}', "not must be of an object"],
    ['{"if": 5}', "if must be of an object"],
    ['{"uniqueItems": 1}', "uniqueItems must be of a boolean"],
    ['{"properties": 5}', "properties must be of type object"],
    ['{"properties": {"a": 5}}', "Expected: valid schema, given: Invalid JSON"],
    ['{"dependencies": {"a": [1]}}', "dependency must be of type schema or array of strings"],
    ['{"definitions": 5}', "Invalid type. Expected: array of schemas, given: definitions"],
    ['{"title": 5}', "Invalid type. Expected: string, given: title"],
    ['{"$ref": 5}', "Invalid type. Expected: string, given: $ref"],
    ['{"$schema": 5}', "$schema must be of type string"],
    ['{"$ref": "#/definitions/missing"}', "Object has no key 'definitions'"],
    ['{"$ref": "other.json"}', "Reference other.json must be canonical"],
    ['{"$schema": "http://json-schema.org/draft-04/schema#", "minimum": 1, "exclusiveMinimum": 5}', "Invalid type. Expected: boolean, given: exclusiveMinimum"],
    ['{"$schema": "http://json-schema.org/draft-07/schema#", "exclusiveMinimum": true}', "Invalid type. Expected: number, given: exclusiveMinimum"],
    ['{"$schema": "http://json-schema.org/draft-04/schema#", "properties": {"a": true}}', "Expected: valid schema, given: Invalid JSON"],
  ];
  for (const [schema, msg] of cases) {
    check("json.verify_schema", [schema], `[false, ${JSON.stringify("jsonschema: " + msg)}]`);
    assert.equal(fail("json.match_schema", "{}", schema), msg, schema);
  }
});

test("remote references are never fetched", () => {
  const msg = fail("json.match_schema", "{}", '{"$ref": "http://example.com/schema.json"}');
  assert.match(msg, /^reference http:\/\/example\.com\/schema\.json is not available: policy-check does not fetch schemas/);
  assert.match(fail("json.match_schema", "{}", '{"$ref": "file:///etc/passwd"}'), /not available/);
});

test("operand errors", () => {
  assert.equal(fail("json.match_schema", "{", "{}"), "invalid JSON string");
  assert.equal(fail("json.match_schema", "{}", "{"), "invalid JSON string");
  assert.equal(fail("json.match_schema", 5, "{}"), "wrong type, expected string or object");
  assert.equal(fail("json.match_schema", V('{"a"}'), "{}"), "wrong type, expected string or object");
  // the document is loaded first
  assert.equal(fail("json.match_schema", 5, "{"), "wrong type, expected string or object");
});

test("validation errors: types, fields and descriptions", () => {
  valid("{}", "{}");
  valid("{}", "true");
  invalid("{}", "false", err("(root)", "false", "False always fails validation"));
  invalid('"x"', '{"type": ["integer", "null"]}', err("(root)", "invalid_type", "Invalid type. Expected: [integer,null], given: string"));
  invalid("1.5", '{"type": "integer"}', err("(root)", "invalid_type", "Invalid type. Expected: integer, given: number"));
  valid("1.0", '{"type": "integer"}');
  invalid("null", '{"type": "object"}', err("(root)", "invalid_type", "Invalid type. Expected: object, given: null"));
  invalid(
    '{"a": 1.5, "b": "xy", "c": [1, 1], "d": {"e": 3}}',
    '{"type": "object", "properties": {"a": {"type": "integer", "minimum": 2}, "b": {"minLength": 3, "pattern": "^z"}, "c": {"uniqueItems": true, "maxItems": 1}, "d": {"additionalProperties": false, "properties": {}}}, "required": ["z"]}',
    err("(root)", "required", "z is required"),
    err("a", "invalid_type", "Invalid type. Expected: integer, given: number"),
    err("b", "string_gte", "String length must be greater than or equal to 3"),
    err("b", "pattern", "Does not match pattern '^z'"),
    err("c", "array_max_items", "Array must have at most 1 items"),
    err("c", "unique", "array items[0,1] must be unique"),
    err("d", "additional_property_not_allowed", "Additional property e is not allowed"),
  );
  invalid('{"a": {"b": [{"c": 1}]}}', '{"properties": {"a": {"properties": {"b": {"items": {"properties": {"c": {"type": "string"}}}}}}}}',
    err("a.b.0.c", "invalid_type", "Invalid type. Expected: string, given: integer"));
  invalid("[1, 2]", '{"minItems": 3}', err("(root)", "array_min_items", "Array must have at least 3 items"));
  invalid('{"a": 1}', '{"minProperties": 2}', err("(root)", "array_min_properties", "Must have at least 2 properties"));
  invalid('{"a": 1}', '{"maxProperties": 0}', err("(root)", "array_max_properties", "Must have at most 0 properties"));
  invalid('"abcd"', '{"maxLength": 3}', err("(root)", "string_lte", "String length must be less than or equal to 3"));
  valid('"ééé"', '{"maxLength": 3}'); // characters, not bytes
});

test("numbers: exact bounds and multiples, Go's %v of the limits", () => {
  valid("0.3", '{"multipleOf": 0.1}');
  invalid("0.35", '{"multipleOf": 0.1}', err("(root)", "multiple_of", "Must be a multiple of 0.1"));
  invalid("7", '{"multipleOf": 2}', err("(root)", "multiple_of", "Must be a multiple of 2"));
  valid("12345678901234567890", '{"multipleOf": 10}');
  invalid("12345678901234567891", '{"maximum": 12345678901234567890}', err("(root)", "number_lte", "Must be less than or equal to 1.234567890123456789e+19"));
  invalid("1000000", '{"maximum": 100000, "minimum": 1.5e7}',
    err("(root)", "number_lte", "Must be less than or equal to 100000"),
    err("(root)", "number_gte", "Must be greater than or equal to 1.5e+07"));
  invalid("0.25", '{"maximum": 0.25, "exclusiveMaximum": true}', err("(root)", "number_lt", "Must be less than 0.25"));
  invalid("5", '{"exclusiveMinimum": 5}', err("(root)", "number_gt", "Must be greater than 5"));
  valid("5.000001", '{"exclusiveMinimum": 5}');
  invalid("0.00001", '{"minimum": 0.0001}', err("(root)", "number_gte", "Must be greater than or equal to 0.0001"));
  invalid("0", '{"minimum": 0.00001}', err("(root)", "number_gte", "Must be greater than or equal to 1e-05"));
});

test("const and enum compare JSON re-encoded through float64, as gojsonschema does", () => {
  valid("1.0", '{"const": 1}');
  valid('{"b": [1, 2], "a": null}', '{"const": {"a": null, "b": [1, 2.0]}}');
  invalid('"x"', '{"const": "y"}', err("(root)", "const", '(root) does not match: "y"'));
  invalid('{"k": "x"}', '{"properties": {"k": {"enum": ["a", 1, {"b": null}]}}}', err("k", "enum", 'k must be one of the following: "a", 1, {"b":null}'));
  invalid('"x"', '{"enum": []}', err("(root)", "enum", "(root) must be one of the following: (none)"));
  valid("12345678901234567891", '{"enum": [12345678901234567890]}');
});

test("combinators: anyOf / oneOf report the closest branch", () => {
  invalid("5", '{"anyOf": [{"type": "string"}, {"minimum": 10}]}',
    err("(root)", "number_any_of", "Must validate at least one schema (anyOf)"),
    err("(root)", "number_gte", "Must be greater than or equal to 10"));
  valid("5", '{"anyOf": [{"type": "string"}, {"minimum": 1}]}');
  invalid("5", '{"oneOf": [{"type": "integer"}, {"minimum": 1}]}', err("(root)", "number_one_of", "Must validate one and only one schema (oneOf)"));
  invalid('"x"', '{"oneOf": [{"type": "integer"}, {"type": "string", "minLength": 2}]}',
    err("(root)", "number_one_of", "Must validate one and only one schema (oneOf)"),
    err("(root)", "string_gte", "String length must be greater than or equal to 2"));
  invalid("5", '{"allOf": [{"type": "integer"}, {"maximum": 1}]}',
    err("(root)", "number_lte", "Must be less than or equal to 1"),
    err("(root)", "number_all_of", "Must validate all the schemas (allOf)"));
  invalid("5", '{"not": {"type": "integer"}}', err("(root)", "number_not", "Must not validate the schema (not)"));
  invalid("3", '{"if": {"minimum": 2}, "then": {"multipleOf": 2}, "else": {"const": 0}}',
    err("(root)", "condition_then", 'Must validate "then" as "if" was valid'),
    err("(root)", "multiple_of", "Must be a multiple of 2"));
  invalid("1", '{"if": {"minimum": 2}, "then": {"multipleOf": 2}, "else": {"const": 0}}',
    err("(root)", "condition_else", 'Must validate "else" as "if" was not valid'),
    err("(root)", "const", "(root) does not match: 0"));
  // draft 6 ignores if/then/else
  valid("3", '{"$schema": "http://json-schema.org/draft-06/schema#", "if": {"minimum": 2}, "then": {"multipleOf": 2}}');
});

test("arrays and objects: items, contains, dependencies, propertyNames, patternProperties", () => {
  invalid('[1, "a", {}]', '{"items": [{"type": "integer"}, {"type": "integer"}], "additionalItems": false}',
    err("1", "invalid_type", "Invalid type. Expected: integer, given: string"),
    err("(root)", "array_no_additional_items", "No additional items allowed on array"));
  invalid("[1, 2]", '{"items": [{}], "additionalItems": {"type": "string"}}', err("1", "invalid_type", "Invalid type. Expected: string, given: integer"));
  invalid("[1, 2]", '{"contains": {"type": "string"}}',
    err("(root)", "contains", "At least one of the items must match"),
    err("0", "invalid_type", "Invalid type. Expected: string, given: integer"));
  invalid('{"a": 1}', '{"dependencies": {"a": ["b", "c"]}}',
    err("(root)", "missing_dependency", "Has a dependency on b"),
    err("(root)", "missing_dependency", "Has a dependency on c"));
  invalid('{"a": 1}', '{"dependencies": {"a": {"required": ["z"]}}}', err("(root)", "required", "z is required"));
  invalid('{"ab": 1}', '{"propertyNames": {"maxLength": 1}}',
    err("(root)", "invalid_property_name", 'Property name of "ab" does not match'),
    err("(root)", "string_lte", "String length must be less than or equal to 1"));
  invalid('{"x1": "a", "y": 2}', '{"patternProperties": {"^x[0-9]$": {"type": "integer"}}, "additionalProperties": {"type": "string"}}',
    err("x1", "invalid_type", "Invalid type. Expected: integer, given: string"),
    err("y", "invalid_type", "Invalid type. Expected: string, given: integer"));
});

test("references: definitions, recursion, $id, the draft meta-schemas", () => {
  invalid('{"x": 7}', '{"definitions": {"pos": {"type": "integer", "exclusiveMinimum": 10}}, "properties": {"x": {"$ref": "#/definitions/pos"}}}',
    err("x", "number_gt", "Must be greater than 10"));
  invalid('{"a": {"a": {"a": 5}}}', '{"type": "object", "properties": {"a": {"$ref": "#"}}}',
    err("a.a.a", "invalid_type", "Invalid type. Expected: object, given: integer"));
  valid('{"n": "x"}', '{"$id": "http://example.com/root.json", "definitions": {"s": {"$id": "str.json", "type": "string"}}, "properties": {"n": {"$ref": "str.json"}}}');
  invalid('{"n": 1}', '{"$id": "http://example.com/root.json", "definitions": {"s": {"$id": "str.json", "type": "string"}}, "properties": {"n": {"$ref": "str.json"}}}',
    err("n", "invalid_type", "Invalid type. Expected: string, given: integer"));
  valid('{"a~b": 1}', '{"definitions": {"a/b": {"type": "integer"}}, "properties": {"a~b": {"$ref": "#/definitions/a~1b"}}}');
  // the draft-07 meta-schema is known without fetching it
  valid('{"type": "string"}', '{"$ref": "http://json-schema.org/draft-07/schema#"}');
  invalid('{"type": "foo"}', '{"$ref": "http://json-schema.org/draft-07/schema#"}',
    err("type", "number_any_of", "Must validate at least one schema (anyOf)"),
    err("type", "enum", 'type must be one of the following: "array", "boolean", "integer", "null", "number", "object", "string"'));
});

test("formats follow Go's parsers; unknown formats pass", () => {
  const fmt = (format: string, value: string, ok: boolean) => {
    const schema = JSON.stringify({ format });
    const doc = JSON.stringify(value);
    if (ok) valid(doc, schema);
    else invalid(doc, schema, err("(root)", "format", `Does not match format '${format}'`));
  };
  fmt("date", "2020-01-31", true);
  fmt("date", "2020-02-30", false);
  fmt("date", "2020-13-01", false);
  fmt("date-time", "2020-01-01T10:00:00Z", true);
  fmt("date-time", "2020-01-01T10:00:00.123+02:00", true);
  fmt("date-time", "2020-01-01 10:00:00", false);
  fmt("time", "12:00:00+01:00", true);
  fmt("time", "25:00:00", false);
  fmt("email", "a@b.c", true);
  fmt("email", "Joe <joe@example.com>", true);
  fmt("email", "a@@b", false);
  fmt("email", "plain", false);
  fmt("ipv4", "1.2.3.4", true);
  fmt("ipv4", "1.2.3", false);
  fmt("ipv4", "::1", false);
  fmt("ipv6", "::1", true);
  fmt("ipv6", "1.2.3.4", false);
  fmt("hostname", "example.com", true);
  fmt("hostname", "-bad.com", false);
  fmt("uri", "https://example.com/a?b#c", true);
  fmt("uri", "not a uri", false);
  fmt("uri", "http://x.com:80a/", false);
  fmt("uri-reference", "/relative/path", true);
  fmt("uri-reference", "a:b/c", true);
  fmt("uri-reference", "%zz", false);
  fmt("uri-template", "/a/{b}", true);
  fmt("uuid", "00000000-0000-4000-8000-000000000000", true);
  fmt("uuid", "0000", false);
  fmt("regex", "^a+$", true);
  fmt("regex", "(", false);
  fmt("json-pointer", "/a/b~1c", true);
  fmt("json-pointer", "a", false);
  fmt("relative-json-pointer", "1/a", true);
  fmt("no-such-format", "anything", true);
  valid("5", '{"format": "email"}'); // non-strings pass
});

test("hostile input: deep documents and costly patterns do not hang or crash", () => {
  const nested = "[".repeat(500) + "]".repeat(500);
  assert.equal((call("json.match_schema", nested, '{"items": {"$ref": "#"}}') as readonly Value[])[0], true);
  // far deeper than any real document: a clear error instead of a crash
  const deep = "[".repeat(10_000) + "]".repeat(10_000);
  try {
    call("json.match_schema", deep, '{"items": {"$ref": "#"}}');
  } catch (e) {
    assert.ok(e instanceof BuiltinError);
    assert.equal(e.message, "document nested too deeply");
  }
  // patterns are RE2 (linear time)
  const start = Date.now();
  invalid(JSON.stringify("a".repeat(50_000) + "!"), '{"pattern": "^(a+)+$"}', err("(root)", "pattern", "Does not match pattern '^(a+)+$'"));
  assert.ok(Date.now() - start < 2000);
  // validation work is charged to the evaluation budget
  let charged = 0;
  const ctx = testCtx({ charge: (n) => (charged += n) });
  BUILTINS.get("json.match_schema")!.fn(["[" + Array(5000).fill("1").join(",") + "]", '{"items": {"type": "integer"}}'], ctx);
  assert.ok(charged >= 4096, `charged ${charged}`);
});
