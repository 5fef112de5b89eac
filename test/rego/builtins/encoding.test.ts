import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTINS } from "../../../src/rego/builtins/index.js";
import { parseValue, toJSONText } from "../../../src/rego/index.js";
import { type Value, RObject, equal } from "../../../src/rego/value.js";
import { callValue as call, failValue as fail, testCtx } from "./ctx.js";

const V = (text: string): Value => parseValue(text);

/** Asserts that name(args) equals `want` (a Rego value given as text). */
function check(name: string, args: Value[], want: string): void {
  const got = call(name, ...args);
  const shown = `${name}(${args.map((a) => toJSONText(a)).join(", ")}) = ${got === undefined ? "undefined" : toJSONText(got)}`;
  assert.ok(got !== undefined && equal(got, V(want)), `${shown}, want ${want}`);
}

const TYPE = "eval_type_error";
const BUILTIN = "eval_builtin_error";

test("all encoding builtins are registered with OPA's arities", () => {
  const arities: Record<string, number> = {
    "json.marshal": 1, "json.marshal_with_options": 2, "json.unmarshal": 1, "json.is_valid": 1,
    "yaml.marshal": 1, "yaml.unmarshal": 1, "yaml.is_valid": 1,
    "base64.encode": 1, "base64.decode": 1, "base64.is_valid": 1,
    "base64url.encode": 1, "base64url.encode_no_pad": 1, "base64url.decode": 1,
    "urlquery.encode": 1, "urlquery.decode": 1, "urlquery.encode_object": 1, "urlquery.decode_object": 1,
    "hex.encode": 1, "hex.decode": 1,
  };
  for (const [name, arity] of Object.entries(arities)) assert.equal(BUILTINS.get(name)?.arity, arity, name);
});

// ---------------------------------------------------------------------------------------------
// json

test("json.marshal (compliance jsonbuiltins/marshal)", () => {
  assert.equal(call("json.marshal", V('[{"foo": {1, 2, 3}}]')), '[{"foo":[1,2,3]}]');
  assert.equal(call("json.marshal", V('{"b": 1, "a": [null, true, "x"]}')), '{"a":[null,true,"x"],"b":1}');
  assert.equal(call("json.marshal", V("{}")), "{}");
  assert.equal(call("json.marshal", V("[]")), "[]");
  assert.equal(call("json.marshal", V("set()")), "[]");
  assert.equal(call("json.marshal", "x"), '"x"');
  // exact numbers
  assert.equal(call("json.marshal", V("[12345678901234567890, 1.5, -0.25]")), "[12345678901234567890,1.5,-0.25]");
  // Go's escaping: HTML characters, U+2028/2029, control characters
  assert.equal(call("json.marshal", '<a href="x">&</a>'), '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"');
  assert.equal(call("json.marshal", "\u2028\u2029\u0001\b\f\n\r\t\\\u007f"), '"\\u2028\\u2029\\u0001\\b\\f\\n\\r\\t\\\\\u007f"');
  assert.equal(call("json.marshal", "é😀"), '"é😀"');
  assert.equal(call("json.marshal", "a\ud800b"), '"a\\ufffdb"');
  // non-string keys become their JSON text, sorted with the others
  assert.equal(call("json.marshal", V('{1: "a", [1, 2]: "b", "x": {"q"}}')), '{"1":"a","[1,2]":"b","x":["q"]}');
  // keys sorted by bytes
  assert.equal(call("json.marshal", V('{"b": 1, "B": 2, "é": 3, "a": 4}')), '{"B":2,"a":4,"b":1,"é":3}');
});

test("json.marshal handles deeply nested values without recursion", () => {
  let v: Value = 1;
  for (let i = 0; i < 50_000; i++) v = [v];
  const s = call("json.marshal", v) as string;
  assert.equal(s.length, 100_001);
  assert.ok(s.startsWith("[[[") && s.endsWith("]]]") && s.includes("[1]"));
});

test("json.marshal_with_options", () => {
  const doc = V('{"b": [1, [], {}], "a": {"z": null}}');
  assert.equal(call("json.marshal_with_options", doc, V("{}")), '{"a":{"z":null},"b":[1,[],{}]}');
  assert.equal(call("json.marshal_with_options", doc, V('{"pretty": true}')), '{\n\t"a": {\n\t\t"z": null\n\t},\n\t"b": [\n\t\t1,\n\t\t[],\n\t\t{}\n\t]\n}');
  assert.equal(
    call("json.marshal_with_options", doc, V('{"indent": "  ", "prefix": ">"}')),
    '>{\n>  "a": {\n>    "z": null\n>  },\n>  "b": [\n>    1,\n>    [],\n>    {}\n>  ]\n>}',
  );
  assert.equal(call("json.marshal_with_options", V("[1]"), V('{"indent": "x", "pretty": false}')), "[1]");
  assert.equal(call("json.marshal_with_options", V("[1]"), V('{"prefix": ""}')), "[\n\t1\n]");
  assert.equal(call("json.marshal_with_options", "s", V('{"pretty": true}')), '"s"');
  assert.deepEqual(fail("json.marshal_with_options", V("[1]"), V('{"foo": 1}')), [TYPE, "operand 2 object contained unknown key foo"]);
  assert.deepEqual(fail("json.marshal_with_options", V("[1]"), V('{"pretty": 1}')), [TYPE, "operand 2 key pretty failed cast to bool"]);
  assert.deepEqual(fail("json.marshal_with_options", V("[1]"), V('{"indent": 1}')), [
    TYPE,
    "operand 2 key indent failed cast to string: operand 0 must be string but got number",
  ]);
  assert.deepEqual(fail("json.marshal_with_options", V("[1]"), V('{"indent": "x", "prefix": 2}')), [
    TYPE,
    "operand 2 key prefix failed cast to string: operand 1 must be string but got number",
  ]);
  assert.deepEqual(fail("json.marshal_with_options", V("[1]"), V("[]")), [TYPE, "operand 2 must be object but got array"]);
});

test("json.marshal_with_options charges the evaluation budget for large indentation", () => {
  let charged = 0;
  const c = testCtx({ charge: (n) => (charged += n) });
  let v: Value = 1;
  for (let i = 0; i < 200; i++) v = [v];
  BUILTINS.get("json.marshal_with_options")!.fn([v, V(`{"indent": "${"x".repeat(1000)}"}`)], c);
  assert.ok(charged > 1_000_000, `charged ${charged}`);
  const refuse = testCtx({
    charge: () => {
      throw new Error("budget exhausted");
    },
  });
  assert.throws(() => BUILTINS.get("json.marshal_with_options")!.fn([v, V(`{"indent": "${"x".repeat(1000)}"}`)], refuse), /budget/);
});

test("json.unmarshal", () => {
  check("json.unmarshal", ['{"a": [1, 2.5, "x", null, true]}'], '{"a": [1, 2.5, "x", null, true]}');
  check("json.unmarshal", ["12345678901234567890123"], "12345678901234567890123");
  check("json.unmarshal", ['"s"'], '"s"');
  const o = call("json.unmarshal", '{"__proto__": {"x": 1}}') as RObject;
  assert.deepEqual(o.keys(), ["__proto__"]);
  assert.deepEqual(fail("json.unmarshal", '{"a": 1'), [BUILTIN, "unexpected end of input at line 1, column 8"]);
  assert.deepEqual(fail("json.unmarshal", "x"), [BUILTIN, "unexpected character 'x' at line 1, column 1"]);
  assert.deepEqual(fail("json.unmarshal", 1), [TYPE, "operand 1 must be string but got number"]);
  assert.match(fail("json.unmarshal", "[".repeat(100_000))[1], /nesting deeper than 10000/);
});

test("json.is_valid (compliance jsonbuiltins/is_valid)", () => {
  assert.equal(call("json.is_valid", "plainstring"), false);
  assert.equal(call("json.is_valid", "{"), false);
  assert.equal(call("json.is_valid", '{"json": "ok"}'), true);
  assert.equal(call("json.is_valid", 1), false);
  assert.equal(call("json.is_valid", V("{}")), false);
  assert.equal(call("json.is_valid", " [1, 2] "), true);
  assert.equal(call("json.is_valid", "[1] [2]"), false);
  assert.equal(call("json.is_valid", "[".repeat(100_000) + "]".repeat(100_000)), false);
});

// ---------------------------------------------------------------------------------------------
// yaml

test("yaml.marshal: go-yaml's layout", () => {
  assert.equal(call("yaml.marshal", V('[{"foo": {1, 2, 3}}]')), "- foo:\n  - 1\n  - 2\n  - 3\n");
  assert.equal(call("yaml.marshal", V('{"b": {"c": [true, null]}, "a": "x"}')), "a: x\nb:\n  c:\n  - true\n  - null\n");
  assert.equal(call("yaml.marshal", "hello"), "hello\n");
  assert.equal(call("yaml.marshal", null), "null\n");
  assert.equal(call("yaml.marshal", V('{"e": {}, "f": []}')), "e: {}\nf: []\n");
  // natural key order, as go-yaml sorts
  assert.equal(call("yaml.marshal", V('{"a10": 1, "a9": 2, "b": 3}')), "a9: 2\na10: 1\nb: 3\n");
  // strings that would read back as another type are double-quoted
  assert.equal(call("yaml.marshal", V('["true", "yes", "1", "1.5", "", "null", "~", "2001-12-14", "0x1F", "plain"]')),
    '- "true"\n- "yes"\n- "1"\n- "1.5"\n- ""\n- "null"\n- "~"\n- "2001-12-14"\n- "0x1F"\n- plain\n');
  // strings plain style cannot hold are single-quoted; multi-line strings are literal blocks
  assert.equal(call("yaml.marshal", V('["- a", "a: b", "#c"]')), "- '- a'\n- 'a: b'\n- '#c'\n");
  assert.equal(call("yaml.marshal", "line1\nline2"), "|-\n  line1\n  line2\n");
  assert.equal(call("yaml.marshal", V("[1.5, 12345678901234567890]")), "- 1.5\n- 12345678901234567890\n");
});

test("yaml round trip (compliance jsonbuiltins/yaml round-trip)", () => {
  const v = V('[{"foo": {1, 2, 3}}, {"s": "yes", "t": "a: b", "m": "x\\ny\\n", "n": null, "e": "", "k": {"1": "one"}}]');
  const back = call("yaml.unmarshal", call("yaml.marshal", v)!);
  check("yaml.unmarshal", [call("yaml.marshal", v)!], '[{"foo": [1, 2, 3]}, {"s": "yes", "t": "a: b", "m": "x\\ny\\n", "n": null, "e": "", "k": {"1": "one"}}]');
  assert.ok(back !== undefined);
});

test("yaml.unmarshal: YAML 1.1 scalars as go-yaml v2 reads them", () => {
  check("yaml.unmarshal", ["a: yes\nb: off\nc: 0777\nd: 0x1F\ne: 1_000\nf: ~\ng: 1.5\nh: 12345678901234567890123"],
    '{"a": true, "b": false, "c": 511, "d": 31, "e": 1000, "f": null, "g": 1.5, "h": 12345678901234567890123}');
  // timestamps and base-60 numbers stay strings
  check("yaml.unmarshal", ["t: 2001-12-14\nu: 1:20"], '{"t": "2001-12-14", "u": "1:20"}');
  // keys become strings
  check("yaml.unmarshal", ["1: a\ntrue: b\nn: c"], '{"1": "a", "true": "b", "false": "c"}');
  check("yaml.unmarshal", [""], "null");
  check("yaml.unmarshal", ["# only a comment\n"], "null");
  check("yaml.unmarshal", ["- [1, 2]\n- {a: b}"], '[[1, 2], {"a": "b"}]');
  check("yaml.unmarshal", ['{"json": "ok"}'], '{"json": "ok"}');
  // merge keys and aliases
  check("yaml.unmarshal", ["base: &b {p: 1}\nderived:\n  <<: *b\n  q: 2"], '{"base": {"p": 1}, "derived": {"p": 1, "q": 2}}');
  // YAML 1.1: y/n are booleans, also as keys (as in go-yaml v2)
  check("yaml.unmarshal", ["y: 1\nx: n"], '{"true": 1, "x": false}');
  // only the first document is the value
  check("yaml.unmarshal", ["a: 1\n---\nb: 2\n"], '{"a": 1}');
  // __proto__ is data
  const o = call("yaml.unmarshal", "__proto__: {polluted: 1}") as RObject;
  assert.deepEqual(o.keys(), ["__proto__"]);
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
});

test("yaml.unmarshal: errors and hostile input", () => {
  assert.equal(fail("yaml.unmarshal", "a: [1, 2")[0], BUILTIN);
  assert.deepEqual(fail("yaml.unmarshal", "a: .inf"), [BUILTIN, "json: unsupported value: +Inf"]);
  assert.equal(fail("yaml.unmarshal", "? [a]\n: b")[0], BUILTIN);
  assert.deepEqual(fail("yaml.unmarshal", 5), [TYPE, "operand 1 must be string but got number"]);
  // a billion laughs is refused (bounded alias expansion)
  const lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const cur = String.fromCharCode(97 + i);
    lol.push(`${cur}: &${cur} [${Array(9).fill("*" + prev).join(",")}]`);
  }
  const [code, msg] = fail("yaml.unmarshal", lol.join("\n"));
  assert.equal(code, BUILTIN);
  assert.match(msg, /alias/i);
  // custom tags construct nothing
  check("yaml.unmarshal", ["a: !!python/object:os.system x"], '{"a": "x"}');
  // deep nesting does not crash the process
  assert.equal(fail("yaml.unmarshal", "[".repeat(100_000) + "]".repeat(100_000))[0], BUILTIN);
});

test("yaml.is_valid (compliance jsonbuiltins/yaml is_valid*)", () => {
  assert.equal(call("yaml.is_valid", "foo:\n   - qux: bar\n   - baz: 2"), true);
  assert.equal(call("yaml.is_valid", "foo:\n   - qux: bar\n   - baz: {"), false);
  assert.equal(call("yaml.is_valid", '{"json": "ok"}'), true);
  assert.equal(call("yaml.is_valid", 1), false);
  assert.equal(call("yaml.is_valid", "  test:\ntest1: hello\n"), false);
  assert.equal(call("yaml.is_valid", "a: 1\n---\n\tb: 2\n"), false);
  assert.equal(call("yaml.is_valid", "a: 1\n---\nb: 2\n"), true);
  assert.equal(call("yaml.is_valid", "a: .nan"), false);
});

// ---------------------------------------------------------------------------------------------
// base64, base64url

test("base64 (compliance base64builtins)", () => {
  assert.equal(call("base64.encode", "there"), "dGhlcmU=");
  assert.equal(call("base64.encode", "subjects?_d"), "c3ViamVjdHM/X2Q=");
  assert.equal(call("base64.encode", ""), "");
  assert.equal(call("base64.encode", "é"), "w6k=");
  assert.equal(call("base64.decode", "aGVsbG8="), "hello");
  assert.equal(call("base64.decode", "c3ViamVjdHM/X2Q="), "subjects?_d");
  assert.equal(call("base64.decode", "aGVs\r\nbG8="), "hello");
  assert.equal(call("base64.decode", "aGVsbB=="), "hell"); // non-zero trailing bits are ignored
  assert.deepEqual(fail("base64.decode", "aGVsbG8"), [BUILTIN, "illegal base64 data at input byte 4"]);
  assert.deepEqual(fail("base64.decode", "aGVsbG8==="), [BUILTIN, "illegal base64 data at input byte 8"]);
  assert.deepEqual(fail("base64.decode", "a"), [BUILTIN, "illegal base64 data at input byte 0"]);
  assert.deepEqual(fail("base64.decode", "ab="), [BUILTIN, "illegal base64 data at input byte 3"]);
  assert.deepEqual(fail("base64.decode", "!!!!"), [BUILTIN, "illegal base64 data at input byte 0"]);
  assert.deepEqual(fail("base64.decode", "aGVsbG8-"), [BUILTIN, "illegal base64 data at input byte 7"]);
  assert.deepEqual(fail("base64.decode", 1), [TYPE, "operand 1 must be string but got number"]);
  assert.equal(call("base64.is_valid", "aGVsbG8="), true);
  assert.equal(call("base64.is_valid", "aGVsbG8"), false);
  assert.equal(call("base64.is_valid", 1), false);
  assert.equal(call("base64.is_valid", ""), true);
});

test("base64url (compliance base64urlbuiltins)", () => {
  assert.equal(call("base64url.encode", "hello"), "aGVsbG8=");
  assert.equal(call("base64url.encode", "there"), "dGhlcmU=");
  assert.equal(call("base64url.encode", "\u00ff\u00fe?"), "w7_Dvj8=");
  assert.equal(call("base64url.encode_no_pad", "hello"), "aGVsbG8");
  assert.equal(call("base64url.encode_no_pad", "there"), "dGhlcmU");
  assert.equal(call("base64url.decode", "aGVsbG8="), "hello");
  assert.equal(call("base64url.decode", "aGVsbG8"), "hello");
  assert.equal(call("base64url.decode", "w7_Dvj8"), "\u00ff\u00fe?");
  assert.deepEqual(fail("base64url.decode", "a"), [BUILTIN, "illegal base64url string: a"]);
  assert.deepEqual(fail("base64url.decode", "aGVsbG8/"), [BUILTIN, "illegal base64 data at input byte 7"]);
});

// ---------------------------------------------------------------------------------------------
// hex, urlquery

test("hex (compliance hexbuiltins)", () => {
  assert.equal(call("hex.encode", "hi é"), "686920c3a9");
  assert.equal(call("hex.decode", "686920c3a9"), "hi é");
  assert.equal(call("hex.decode", "6869"), "hi");
  assert.deepEqual(fail("hex.decode", "fghijkl"), [BUILTIN, "encoding/hex: invalid byte: U+0067 'g'"]);
  assert.deepEqual(fail("hex.decode", "abc"), [BUILTIN, "encoding/hex: odd length hex string"]);
  assert.deepEqual(fail("hex.decode", "abz"), [BUILTIN, "encoding/hex: invalid byte: U+007A 'z'"]);
  assert.deepEqual(fail("hex.decode", "é0"), [BUILTIN, "encoding/hex: invalid byte: U+00C3 'Ã'"]);
  assert.deepEqual(fail("hex.decode", "0\n"), [BUILTIN, "encoding/hex: invalid byte: U+000A"]);
});

test("urlquery.encode / decode (compliance urlbuiltins)", () => {
  assert.equal(call("urlquery.encode", "a=b+1"), "a%3Db%2B1");
  assert.equal(call("urlquery.encode", ""), "");
  assert.equal(call("urlquery.encode", "a b/é~*-_."), "a+b%2F%C3%A9~%2A-_.");
  assert.equal(call("urlquery.decode", "a%3Db%2B1"), "a=b+1");
  assert.equal(call("urlquery.decode", "a+b%20c"), "a b c");
  assert.deepEqual(fail("urlquery.decode", "%zz"), [BUILTIN, 'invalid URL escape "%zz"']);
  assert.deepEqual(fail("urlquery.decode", "abc%4"), [BUILTIN, 'invalid URL escape "%4"']);
  assert.deepEqual(fail("urlquery.decode", "x%"), [BUILTIN, 'invalid URL escape "%"']);
});

test("urlquery.encode_object (compliance urlbuiltins)", () => {
  assert.equal(call("urlquery.encode_object", V('{"a": "b", "c": "d"}')), "a=b&c=d");
  assert.equal(call("urlquery.encode_object", V('{"a": ["b+1", "c+2"]}')), "a=b%2B1&a=c%2B2");
  assert.equal(call("urlquery.encode_object", V('{"a": {"b+1"}}')), "a=b%2B1");
  assert.equal(call("urlquery.encode_object", V("{}")), "");
  assert.equal(call("urlquery.encode_object", V('{"z": "1", "a b": [], "m": ["x y"]}')), "m=x+y&z=1");
  assert.deepEqual(fail("urlquery.encode_object", V('{"a": 1}')), [TYPE, "operand 1 values must be string, array[string], or set[string]"]);
  assert.deepEqual(fail("urlquery.encode_object", V('{"a": [1]}')), [TYPE, "operand 1 values must be string, array[string], or set[string]"]);
  assert.deepEqual(fail("urlquery.encode_object", "x"), [TYPE, "operand 1 must be object but got string"]);
});

test("urlquery.decode_object (compliance urlbuiltins)", () => {
  check("urlquery.decode_object", ["a=value_a1&b=value_b&a=value_a2"], '{"a": ["value_a1", "value_a2"], "b": ["value_b"]}');
  check("urlquery.decode_object", ["a=value_a1&b"], '{"a": ["value_a1"], "b": [""]}');
  check("urlquery.decode_object", [""], "{}");
  check("urlquery.decode_object", ["&&a+b=c%20d&=e"], '{"a b": ["c d"], "": ["e"]}');
  assert.deepEqual(fail("urlquery.decode_object", "a=1;b=2"), [BUILTIN, "invalid semicolon separator in query"]);
  assert.deepEqual(fail("urlquery.decode_object", "%zz=1&b=2"), [BUILTIN, 'invalid URL escape "%zz"']);
});
