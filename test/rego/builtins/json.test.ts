import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTINS } from "../../../src/rego/builtins/index.js";
import { parseValue, toJSONText } from "../../../src/rego/index.js";
import { type Value, equal, fromJSON } from "../../../src/rego/value.js";
import { testCtx, builtinError } from "./ctx.js";

const ctx = testCtx();
const V = (text: string): Value => parseValue(text);

function call(name: string, ...args: string[]): Value | undefined {
  return BUILTINS.get(name)!.fn(args.map(V), ctx) as Value | undefined;
}

/** Asserts the result equals the Rego value `want`, or is undefined when want is undefined. */
function check(name: string, args: string[], want: string | undefined): void {
  const got = call(name, ...args);
  const shown = `${name}(${args.join(", ")}) = ${got === undefined ? "undefined" : toJSONText(got)}`;
  if (want === undefined) assert.equal(got, undefined, shown);
  else assert.ok(got !== undefined && equal(got, V(want)), `${shown}, want ${want}`);
}

function fail(name: string, ...args: string[]): [string, string] {
  return builtinError(() => call(name, ...args), `${name}(${args.join(", ")}) did not fail`);
}

const PATHS_ERR = "operand 2 must be one of {set, array} containing string paths or array of path segments but got";

test("json.filter (compliance jsonfilter*, regorus objects/json.filter)", () => {
  check("json.filter", ["{}", '{"a/b"}'], "{}");
  check("json.filter", ['{"a": [{"b": 7, "c": 8}, {"d": 9}]}', '{"a/0/b", "a/1"}'], '{"a": [{"b": 7}, {"d": 9}]}');
  check("json.filter", ['{"a": {"b": {"c": 7, "d": 8, "x": 0}}, "e": 9}', '{"a/b/d", ["a", "b", "c"]}'], '{"a": {"b": {"c": 7, "d": 8}}}');
  const obj = '{"a": 5, "b": {"c": {"d": 6}, "d": 7}, "c": 8}';
  check("json.filter", [obj, '["a", "b/c"]'], '{"a": 5, "b": {"c": {"d": 6}}}');
  check("json.filter", [obj, '{"c", ["b", "d"]}'], '{"b": {"d": 7}, "c": 8}');
  const s = '{"a": [[1, [7, 8, 9], 2], {"a": 1, "b": 2, "c": 3}]}';
  // array elements are addressed by the string of their index only
  check("json.filter", [s, '[["a", 1]]'], '{"a": []}');
  check("json.filter", [s, '["a/0/1/2", ["a", "0", "2"], "a/0/1/1"]'], '{"a": [[[8, 9], 2]]}');
  const t = '{"a": {1, 2, {"x"}, {8, 9, 10}}}';
  check("json.filter", [t, '[["a", 1]]'], '{"a": {1}}');
  check("json.filter", [t, '[["a", {"x"}]]'], '{"a": {{"x"}}}');
  check("json.filter", [t, '[["a", {8, 9, 10}, 9]]'], '{"a": {{9}}}');
  // a shorter path wins whatever the order; empty paths select nothing
  check("json.filter", ['{"a": {"b": 1, "c": 2}}', '["a/b", "a"]'], '{"a": {"b": 1, "c": 2}}');
  check("json.filter", ['{"a": {"b": 1, "c": 2}}', '["a", "a/b"]'], '{"a": {"b": 1, "c": 2}}');
  check("json.filter", ['{"a": 1}', '["", []]'], "{}");
  check("json.filter", ['{"a/b": 1, "c~d": 2, "e": 3}', '["/a~1b", "c~0d"]'], '{"a/b": 1, "c~d": 2}');
  check("json.filter", ['{"": 1, "a": 2}', '["/"]'], '{"": 1}');
  check("json.filter", ['{"a": "x"}', '["a/b/c"]'], '{"a": "x"}');
  check("json.filter", ['{1: {2: 3, 4: 5}}', "[[1, 2]]"], "{1: {2: 3}}");
  // idempotent (compliance jsonfilteridempotent)
  const o = V('{"a": {"b": 2, "c": 3}}');
  assert.equal(toJSONText(BUILTINS.get("json.filter")!.fn([o, V('{"a/b"}')], ctx) as Value), '{"a":{"b":2}}');
  assert.equal(toJSONText(BUILTINS.get("json.filter")!.fn([o, V('{"a/c"}')], ctx) as Value), '{"a":{"c":3}}');
  assert.equal(toJSONText(o), '{"a":{"b":2,"c":3}}');
  assert.deepEqual(fail("json.filter", '["a"]', '["a"]'), ["eval_type_error", "operand 1 must be object but got array"]);
  assert.deepEqual(fail("json.filter", "{}", '"a"'), ["eval_type_error", "operand 2 must be one of {set, array} but got string"]);
  assert.deepEqual(fail("json.filter", "{}", '[1]'), ["eval_type_error", `${PATHS_ERR} number`]);
});

test("json.remove (compliance jsonremove*)", () => {
  check("json.remove", ['{"a": {"b": {"c": 7, "d": 8}}, "e": 9}', '{"a/b/c"}'], '{"a": {"b": {"d": 8}}, "e": 9}');
  check("json.remove", ['{"a": {"b": {"c": 7, "d": 8}}, "e": 9}', '{"a/b/c", "e"}'], '{"a": {"b": {"d": 8}}}');
  check("json.remove", ['{"a": {"b": {"c": 7, "d": 8}, "e": 9}}', '{"a/b/c", "a/e"}'], '{"a": {"b": {"d": 8}}}');
  check("json.remove", ['{"a": {"b": 7}, "c": 1}', '{"a", "a/b"}'], '{"c": 1}');
  check("json.remove", ['{"a": 7}', "set()"], '{"a": 7}');
  check("json.remove", ['{"a": {"b": 7}, "c": 1}', '{"a", "c"}'], "{}");
  check("json.remove", ['{"a": [{"b": 7, "c": 8}, {"d": 9}]}', '{"a/0/b", "a/1"}'], '{"a": [{"c": 8}]}');
  check("json.remove", ['{"a": {"b": {"c": 7, "d": 8}}, "e": 9}', '{["a", "b", "c"], ["e"]}'], '{"a": {"b": {"d": 8}}}');
  check("json.remove", ['{"a": {"b": {"c": 7, "d": 8, "x": 0}}, "e": 9}', '{"a/b/d", ["a", "b", "c"]}'], '{"a": {"b": {"x": 0}}, "e": 9}');
  // sets are addressed by member, arrays by the string of the index; paths through scalars do nothing
  check("json.remove", ['{"a": {1, 2, [3]}}', '[["a", 1], ["a", [3]]]'], '{"a": {2}}');
  check("json.remove", ['{"a": {[1, 2]}}', '[["a", [1, 2], "1"]]'], '{"a": {[1]}}');
  check("json.remove", ['{"a": [1, 2, 3]}', '[["a", 1]]'], '{"a": [1, 2, 3]}');
  check("json.remove", ['{"a": "x"}', '["a/b"]'], '{"a": "x"}');
  check("json.remove", ['{"a": 1}', '["", []]'], '{"a": 1}');
  check("json.remove", ['{"a/b": 1, "c~d": 2, "e": 3}', '["/a~1b", "c~0d"]'], '{"e": 3}');
  // idempotent (compliance jsonremoveidempotent)
  const o = V('{"a": {"b": 2, "c": 3}}');
  for (const [p, want] of [["a", "{}"], ["a/b", '{"a":{"c":3}}'], ["a/c", '{"a":{"b":2}}']] as const) {
    assert.equal(toJSONText(BUILTINS.get("json.remove")!.fn([o, V(`{"${p}"}`)], ctx) as Value), want);
  }
  assert.equal(toJSONText(o), '{"a":{"b":2,"c":3}}');
  assert.deepEqual(fail("json.remove", '"foo"', '{"a/b/c"}'), ["eval_type_error", "operand 1 must be object but got string"]);
  assert.deepEqual(fail("json.remove", "22", '{"a/b/c"}'), ["eval_type_error", "operand 1 must be object but got number"]);
  assert.deepEqual(fail("json.remove", '["a", "b", "c"]', '{"a/b/c"}'), ["eval_type_error", "operand 1 must be object but got array"]);
  assert.deepEqual(fail("json.remove", '{"a": {"b": {"c": 123}}}', "22"), ["eval_type_error", "operand 2 must be one of {set, array} but got number"]);
  assert.deepEqual(fail("json.remove", '{"a": {"b": {"c": 123}}}', '{"a", {"x": 1}, {"y": 2}}'), ["eval_type_error", `${PATHS_ERR} object`]);
  assert.deepEqual(fail("json.remove", '{"a": {"b": {"c": 123}}}', '["a", {"x": 1}, {"y": 2}]'), ["eval_type_error", `${PATHS_ERR} object`]);
});

interface PatchCase {
  comment?: string;
  doc: unknown;
  patch: unknown[];
  expected?: unknown;
  error?: string;
  disabled?: boolean;
  opa_disabled?: boolean;
}

// The cases of compliance jsonpatch/json_patch_tests (from the json-patch test suites).
const PATCH_CASES: PatchCase[] = [
  { comment: "4.1. add with missing object", doc: {"q":{"bar":2}}, patch: [{"op":"add","path":"/a/b","value":1}], error: "path /a does not exist -- missing objects are not created recursively" },
  { comment: "A.1.  Adding an Object Member", doc: {"foo":"bar"}, patch: [{"op":"add","path":"/baz","value":"qux"}], expected: {"baz":"qux","foo":"bar"} },
  { comment: "A.2.  Adding an Array Element", doc: {"foo":["bar","baz"]}, patch: [{"op":"add","path":"/foo/1","value":"qux"}], expected: {"foo":["bar","qux","baz"]} },
  { comment: "A.3.  Removing an Object Member", doc: {"baz":"qux","foo":"bar"}, patch: [{"op":"remove","path":"/baz"}], expected: {"foo":"bar"} },
  { comment: "A.4.  Removing an Array Element", doc: {"foo":["bar","qux","baz"]}, patch: [{"op":"remove","path":"/foo/1"}], expected: {"foo":["bar","baz"]} },
  { comment: "A.5.  Replacing a Value", doc: {"baz":"qux","foo":"bar"}, patch: [{"op":"replace","path":"/baz","value":"boo"}], expected: {"baz":"boo","foo":"bar"} },
  { comment: "A.6.  Moving a Value", doc: {"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}, patch: [{"from":"/foo/waldo","op":"move","path":"/qux/thud"}], expected: {"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}} },
  { comment: "A.7.  Moving an Array Element", doc: {"foo":["all","grass","cows","eat"]}, patch: [{"from":"/foo/1","op":"move","path":"/foo/3"}], expected: {"foo":["all","cows","eat","grass"]} },
  { comment: "A.8.  Testing a Value: Success", doc: {"baz":"qux","foo":["a",2,"c"]}, patch: [{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}], expected: {"baz":"qux","foo":["a",2,"c"]} },
  { comment: "A.9.  Testing a Value: Error", doc: {"baz":"qux"}, patch: [{"op":"test","path":"/baz","value":"bar"}], error: "string not equivalent" },
  { comment: "A.10.  Adding a nested Member Object", doc: {"foo":"bar"}, patch: [{"op":"add","path":"/child","value":{"grandchild":{}}}], expected: {"child":{"grandchild":{}},"foo":"bar"} },
  { comment: "A.11.  Ignoring Unrecognized Elements", doc: {"foo":"bar"}, patch: [{"op":"add","path":"/baz","value":"qux","xyz":123}], expected: {"baz":"qux","foo":"bar"} },
  { comment: "A.12.  Adding to a Non-existent Target", doc: {"foo":"bar"}, patch: [{"op":"add","path":"/baz/bat","value":"qux"}], error: "add to a non-existent target" },
  { comment: "A.13 Invalid JSON Patch Document", doc: {"foo":"bar"}, patch: [{"op":"remove","path":"/baz","value":"qux"}], error: "operation has two 'op' members", disabled: true },
  { comment: "A.14. ~ Escape Ordering", doc: {"/":9,"~1":10}, patch: [{"op":"test","path":"/~01","value":10}], expected: {"/":9,"~1":10} },
  { comment: "A.15. Comparing Strings and Numbers", doc: {"/":9,"~1":10}, patch: [{"op":"test","path":"/~01","value":"10"}], error: "number is not equal to string" },
  { comment: "A.16. Adding an Array Value", doc: {"foo":["bar"]}, patch: [{"op":"add","path":"/foo/-","value":["abc","def"]}], expected: {"foo":["bar",["abc","def"]]} },
  { comment: "empty list, empty docs", doc: {}, patch: [], expected: {} },
  { comment: "empty patch list", doc: {"foo":1}, patch: [], expected: {"foo":1} },
  { comment: "rearrangements OK?", doc: {"bar":2,"foo":1}, patch: [], expected: {"bar":2,"foo":1} },
  { comment: "rearrangements OK?  How about one level down ... array", doc: [{"bar":2,"foo":1}], patch: [], expected: [{"bar":2,"foo":1}] },
  { comment: "rearrangements OK?  How about one level down...", doc: {"foo":{"bar":2,"foo":1}}, patch: [], expected: {"foo":{"bar":2,"foo":1}} },
  { comment: "add replaces any existing field", doc: {"foo":null}, patch: [{"op":"add","path":"/foo","value":1}], expected: {"foo":1} },
  { comment: "toplevel array", doc: [], patch: [{"op":"add","path":"/0","value":"foo"}], expected: ["foo"] },
  { comment: "toplevel array, no change", doc: ["foo"], patch: [], expected: ["foo"] },
  { comment: "toplevel object, numeric string", doc: {}, patch: [{"op":"add","path":"/foo","value":"1"}], expected: {"foo":"1"} },
  { comment: "toplevel object, integer", doc: {}, patch: [{"op":"add","path":"/foo","value":1}], expected: {"foo":1} },
  { comment: "Toplevel scalar values OK?", doc: "foo", patch: [{"op":"replace","path":"","value":"bar"}], expected: "bar", disabled: true },
  { comment: "replace object document with array document?", doc: {}, patch: [{"op":"add","path":"","value":[]}], expected: [] },
  { comment: "replace array document with object document?", doc: [], patch: [{"op":"add","path":"","value":{}}], expected: {} },
  { comment: "append to root array document?", doc: [], patch: [{"op":"add","path":"/-","value":"hi"}], expected: ["hi"] },
  { comment: "Add, / target", doc: {}, patch: [{"op":"add","path":"/","value":1}], expected: {"":1} },
  { comment: "Add, /foo/ deep target (trailing slash)", doc: {"foo":{}}, patch: [{"op":"add","path":"/foo/","value":1}], expected: {"foo":{"":1}} },
  { comment: "Add composite value at top level", doc: {"foo":1}, patch: [{"op":"add","path":"/bar","value":[1,2]}], expected: {"bar":[1,2],"foo":1} },
  { comment: "Add into composite value", doc: {"baz":[{"qux":"hello"}],"foo":1}, patch: [{"op":"add","path":"/baz/0/foo","value":"world"}], expected: {"baz":[{"foo":"world","qux":"hello"}],"foo":1} },
  { doc: {"bar":[1,2]}, patch: [{"op":"add","path":"/bar/8","value":"5"}], error: "Out of bounds (upper)" },
  { doc: {"bar":[1,2]}, patch: [{"op":"add","path":"/bar/-1","value":"5"}], error: "Out of bounds (lower)" },
  { doc: {"foo":1}, patch: [{"op":"add","path":"/bar","value":true}], expected: {"bar":true,"foo":1} },
  { doc: {"foo":1}, patch: [{"op":"add","path":"/bar","value":false}], expected: {"bar":false,"foo":1} },
  { doc: {"foo":1}, patch: [{"op":"add","path":"/bar","value":null}], expected: {"bar":null,"foo":1} },
  { comment: "0 can be an array index or object element name", doc: {"foo":1}, patch: [{"op":"add","path":"/0","value":"bar"}], expected: {"0":"bar","foo":1} },
  { doc: ["foo"], patch: [{"op":"add","path":"/1","value":"bar"}], expected: ["foo","bar"] },
  { doc: ["foo","sil"], patch: [{"op":"add","path":"/1","value":"bar"}], expected: ["foo","bar","sil"] },
  { doc: ["foo","sil"], patch: [{"op":"add","path":"/0","value":"bar"}], expected: ["bar","foo","sil"] },
  { comment: "push item to array via last index + 1", doc: ["foo","sil"], patch: [{"op":"add","path":"/2","value":"bar"}], expected: ["foo","sil","bar"] },
  { comment: "add item to array at index > length should fail", doc: ["foo","sil"], patch: [{"op":"add","path":"/3","value":"bar"}], error: "index is greater than number of items in array" },
  { comment: "test against implementation-specific numeric parsing", doc: {"1e0":"foo"}, patch: [{"op":"test","path":"/1e0","value":"foo"}], expected: {"1e0":"foo"} },
  { comment: "test with bad number should fail", doc: ["foo","bar"], patch: [{"op":"test","path":"/1e0","value":"bar"}], error: "test op shouldn't get array element 1" },
  { doc: ["foo","sil"], patch: [{"op":"add","path":"/bar","value":42}], error: "Object operation on array target" },
  { comment: "value in array add not flattened", doc: ["foo","sil"], patch: [{"op":"add","path":"/1","value":["bar","baz"]}], expected: ["foo",["bar","baz"],"sil"] },
  { doc: {"bar":[1,2,3,4],"foo":1}, patch: [{"op":"remove","path":"/bar"}], expected: {"foo":1} },
  { doc: {"baz":[{"qux":"hello"}],"foo":1}, patch: [{"op":"remove","path":"/baz/0/qux"}], expected: {"baz":[{}],"foo":1} },
  { doc: {"baz":[{"qux":"hello"}],"foo":1}, patch: [{"op":"replace","path":"/foo","value":[1,2,3,4]}], expected: {"baz":[{"qux":"hello"}],"foo":[1,2,3,4]} },
  { doc: {"baz":[{"qux":"hello"}],"foo":[1,2,3,4]}, patch: [{"op":"replace","path":"/baz/0/qux","value":"world"}], expected: {"baz":[{"qux":"world"}],"foo":[1,2,3,4]} },
  { doc: ["foo"], patch: [{"op":"replace","path":"/0","value":"bar"}], expected: ["bar"] },
  { doc: [""], patch: [{"op":"replace","path":"/0","value":0}], expected: [0] },
  { doc: [""], patch: [{"op":"replace","path":"/0","value":true}], expected: [true] },
  { doc: [""], patch: [{"op":"replace","path":"/0","value":false}], expected: [false] },
  { doc: [""], patch: [{"op":"replace","path":"/0","value":null}], expected: [null] },
  { comment: "value in array replace not flattened", doc: ["foo","sil"], patch: [{"op":"replace","path":"/1","value":["bar","baz"]}], expected: ["foo",["bar","baz"]] },
  { comment: "replace whole document", doc: {"foo":"bar"}, patch: [{"op":"replace","path":"","value":{"baz":"qux"}}], expected: {"baz":"qux"} },
  { comment: "test replace with missing parent key should fail", doc: {"bar":"baz"}, patch: [{"op":"replace","path":"/foo/bar","value":false}], error: "replace op should fail with missing parent key" },
  { comment: "spurious patch properties", doc: {"foo":1}, patch: [{"op":"test","path":"/foo","spurious":1,"value":1}], expected: {"foo":1} },
  { comment: "null value should be valid obj property", doc: {"foo":null}, patch: [{"op":"test","path":"/foo","value":null}], expected: {"foo":null} },
  { comment: "null value should be valid obj property to be replaced with something truthy", doc: {"foo":null}, patch: [{"op":"replace","path":"/foo","value":"truthy"}], expected: {"foo":"truthy"} },
  { comment: "null value should be valid obj property to be moved", doc: {"foo":null}, patch: [{"from":"/foo","op":"move","path":"/bar"}], expected: {"bar":null} },
  { comment: "null value should be valid obj property to be copied", doc: {"foo":null}, patch: [{"from":"/foo","op":"copy","path":"/bar"}], expected: {"bar":null,"foo":null} },
  { comment: "null value should be valid obj property to be removed", doc: {"foo":null}, patch: [{"op":"remove","path":"/foo"}], expected: {} },
  { comment: "null value should still be valid obj property replace other value", doc: {"foo":"bar"}, patch: [{"op":"replace","path":"/foo","value":null}], expected: {"foo":null} },
  { comment: "test should pass despite rearrangement", doc: {"foo":{"bar":2,"foo":1}}, patch: [{"op":"test","path":"/foo","value":{"bar":2,"foo":1}}], expected: {"foo":{"bar":2,"foo":1}} },
  { comment: "test should pass despite (nested) rearrangement", doc: {"foo":[{"bar":2,"foo":1}]}, patch: [{"op":"test","path":"/foo","value":[{"bar":2,"foo":1}]}], expected: {"foo":[{"bar":2,"foo":1}]} },
  { comment: "test should pass - no error", doc: {"foo":{"bar":[1,2,5,4]}}, patch: [{"op":"test","path":"/foo","value":{"bar":[1,2,5,4]}}], expected: {"foo":{"bar":[1,2,5,4]}} },
  { doc: {"foo":{"bar":[1,2,5,4]}}, patch: [{"op":"test","path":"/foo","value":[1,2]}], error: "test op should fail" },
  { comment: "Whole document", doc: {"foo":1}, patch: [{"op":"test","path":"","value":{"foo":1}}], disabled: true },
  { comment: "Empty-string element", doc: {"":1}, patch: [{"op":"test","path":"/","value":1}], expected: {"":1} },
  { doc: {"":0," ":7,"a/b":1,"c%d":2,"e^f":3,"foo":["bar","baz"],"g|h":4,"i\\j":5,"k\"l":6,"m~n":8}, patch: [{"op":"test","path":"/foo","value":["bar","baz"]},{"op":"test","path":"/foo/0","value":"bar"},{"op":"test","path":"/","value":0},{"op":"test","path":"/a~1b","value":1},{"op":"test","path":"/c%d","value":2},{"op":"test","path":"/e^f","value":3},{"op":"test","path":"/g|h","value":4},{"op":"test","path":"/i\\j","value":5},{"op":"test","path":"/k\"l","value":6},{"op":"test","path":"/ ","value":7},{"op":"test","path":"/m~0n","value":8}], expected: {"":0," ":7,"a/b":1,"c%d":2,"e^f":3,"foo":["bar","baz"],"g|h":4,"i\\j":5,"k\"l":6,"m~n":8} },
  { comment: "Move to same location has no effect", doc: {"foo":1}, patch: [{"from":"/foo","op":"move","path":"/foo"}], expected: {"foo":1} },
  { doc: {"baz":[{"qux":"hello"}],"foo":1}, patch: [{"from":"/foo","op":"move","path":"/bar"}], expected: {"bar":1,"baz":[{"qux":"hello"}]} },
  { doc: {"bar":1,"baz":[{"qux":"hello"}]}, patch: [{"from":"/baz/0/qux","op":"move","path":"/baz/1"}], expected: {"bar":1,"baz":[{},"hello"]} },
  { doc: {"bar":1,"baz":[{"qux":"hello"}]}, patch: [{"from":"/baz/0","op":"copy","path":"/boo"}], expected: {"bar":1,"baz":[{"qux":"hello"}],"boo":{"qux":"hello"}} },
  { comment: "replacing the root of the document is possible with add", doc: {"foo":"bar"}, patch: [{"op":"add","path":"","value":{"baz":"qux"}}], expected: {"baz":"qux"} },
  { comment: "Adding to \"/-\" adds to the end of the array", doc: [1,2], patch: [{"op":"add","path":"/-","value":{"foo":["bar","baz"]}}], expected: [1,2,{"foo":["bar","baz"]}] },
  { comment: "Adding to \"/-\" adds to the end of the array, even n levels down", doc: [1,2,[3,[4,5]]], patch: [{"op":"add","path":"/2/1/-","value":{"foo":["bar","baz"]}}], expected: [1,2,[3,[4,5,{"foo":["bar","baz"]}]]] },
  { comment: "test remove with bad number should fail", doc: {"baz":[{"qux":"hello"}],"foo":1}, patch: [{"op":"remove","path":"/baz/1e0/qux"}], error: "remove op shouldn't remove from array with bad number" },
  { comment: "test remove on array", doc: [1,2,3,4], patch: [{"op":"remove","path":"/0"}], expected: [2,3,4] },
  { comment: "test repeated removes", doc: [1,2,3,4], patch: [{"op":"remove","path":"/1"},{"op":"remove","path":"/2"}], expected: [1,3] },
  { comment: "test remove with bad index should fail", doc: [1,2,3,4], patch: [{"op":"remove","path":"/1e0"}], error: "remove op shouldn't remove from array with bad number" },
  { comment: "test replace with bad number should fail", doc: [""], patch: [{"op":"replace","path":"/1e0","value":false}], error: "replace op shouldn't replace in array with bad number" },
  { comment: "test copy with bad number should fail", doc: {"bar":1,"baz":[1,2,3]}, patch: [{"from":"/baz/1e0","op":"copy","path":"/boo"}], error: "copy op shouldn't work with bad number" },
  { comment: "test move with bad number should fail", doc: {"baz":[1,2,3,4],"foo":1}, patch: [{"from":"/baz/1e0","op":"move","path":"/foo"}], error: "move op shouldn't work with bad number" },
  { comment: "test add with bad number should fail", doc: ["foo","sil"], patch: [{"op":"add","path":"/1e0","value":"bar"}], error: "add op shouldn't add to array with bad number" },
  { comment: "missing 'path' parameter", doc: {}, patch: [{"op":"add","value":"bar"}], error: "missing 'path' parameter" },
  { comment: "'path' parameter with null value", doc: {}, patch: [{"op":"add","path":null,"value":"bar"}], error: "null is not valid value for 'path'" },
  { comment: "invalid JSON Pointer token", doc: {}, patch: [{"op":"add","path":"foo","value":"bar"}], error: "JSON Pointer should start with a slash", opa_disabled: true },
  { comment: "missing 'value' parameter to add", doc: [1], patch: [{"op":"add","path":"/-"}], error: "missing 'value' parameter" },
  { comment: "missing 'value' parameter to replace", doc: [1], patch: [{"op":"replace","path":"/0"}], error: "missing 'value' parameter" },
  { comment: "missing 'value' parameter to test", doc: [null], patch: [{"op":"test","path":"/0"}], error: "missing 'value' parameter" },
  { comment: "missing value parameter to test - where undef is falsy", doc: [false], patch: [{"op":"test","path":"/0"}], error: "missing 'value' parameter" },
  { comment: "missing from parameter to copy", doc: [1], patch: [{"op":"copy","path":"/-"}], error: "missing 'from' parameter" },
  { comment: "missing from location to copy", doc: {"foo":1}, patch: [{"from":"/bar","op":"copy","path":"/foo"}], error: "missing 'from' location" },
  { comment: "missing from parameter to move", doc: {"foo":1}, patch: [{"op":"move","path":""}], error: "missing 'from' parameter" },
  { comment: "missing from location to move", doc: {"foo":1}, patch: [{"from":"/bar","op":"move","path":"/foo"}], error: "missing 'from' location" },
  { comment: "duplicate ops", doc: {"foo":"bar"}, patch: [{"from":"/foo","op":"move","path":"/baz","value":"qux"}], error: "patch has two 'op' members", disabled: true, opa_disabled: true },
  { comment: "unrecognized op should fail", doc: {"foo":1}, patch: [{"op":"spam","path":"/foo","value":1}], error: "Unrecognized op 'spam'" },
  { comment: "test with bad array number that has leading zeros", doc: ["foo","bar"], patch: [{"op":"test","path":"/00","value":"foo"}], error: "test op should reject the array value, it has leading zeros" },
  { comment: "test with bad array number that has leading zeros", doc: ["foo","bar"], patch: [{"op":"test","path":"/01","value":"bar"}], error: "test op should reject the array value, it has leading zeros" },
  { comment: "Removing nonexistent field", doc: {"foo":"bar"}, patch: [{"op":"remove","path":"/baz"}], error: "removing a nonexistent field should fail" },
  { comment: "Removing deep nonexistent path", doc: {"foo":"bar"}, patch: [{"op":"remove","path":"/missing1/missing2"}], error: "removing a nonexistent field should fail" },
  { comment: "Removing nonexistent index", doc: ["foo","bar"], patch: [{"op":"remove","path":"/2"}], error: "removing a nonexistent index should fail" },
  { comment: "Patch with different capitalisation than doc", doc: {"foo":"bar"}, patch: [{"op":"add","path":"/FOO","value":"BAR"}], expected: {"FOO":"BAR","foo":"bar"} },
];

test("json.patch: the JSON Patch test suites (compliance jsonpatch)", () => {
  for (const c of PATCH_CASES) {
    if (c.opa_disabled) continue;
    const label = `${c.comment ?? ""} ${JSON.stringify(c.patch)}`;
    const got = BUILTINS.get("json.patch")!.fn([fromJSON(c.doc), fromJSON(c.patch)], ctx) as Value | undefined;
    if (c.expected !== undefined) {
      assert.ok(got !== undefined && equal(got, fromJSON(c.expected)), `${label}: got ${got === undefined ? "undefined" : toJSONText(got)}`);
    } else if (c.error !== undefined) {
      assert.equal(got, undefined, `${label}: ${c.error}`);
    } else {
      assert.notEqual(got, undefined, label);
    }
  }
});

test("json.patch (compliance jsonpatch/coverage, regorus objects/json.patch)", () => {
  check("json.patch", ["[1, 2, 3]", '[{"op": "add", "path": "1.2", "value": "foo"}]'], undefined);
  check("json.patch", ['{"a": {"foo": 1}}', '[{"op": "add", "path": "/a/bar", "value": 2}]'], '{"a": {"foo": 1, "bar": 2}}');
  check("json.patch", ['{"a": {"foo": 1, "bar": 2}}', '[{"op": "remove", "path": "/a/bar"}]'], '{"a": {"foo": 1}}');
  check("json.patch", ['{"a": {"foo": 1}}', '[{"op": "replace", "path": "/a/foo", "value": 42}]'], '{"a": {"foo": 42}}');
  check("json.patch", ['{"a": {"foo": 1}, "b": {}}', '[{"op": "move", "from": "/a/foo", "path": "/b/foo"}]'], '{"a": {}, "b": {"foo": 1}}');
  check("json.patch", ['{"a": {"foo": 1}, "b": {}}', '[{"op": "copy", "from": "/a/foo", "path": "/b/foo"}]'], '{"a": {"foo": 1}, "b": {"foo": 1}}');
  check("json.patch", ['{"a": {"foo": 1}}', '[{"op": "test", "path": "/a/foo", "value": 1}]'], '{"a": {"foo": 1}}');
  check("json.patch", ['{"a": {"foo": 1}}', '[{"op": "add", "path": "/a/bar", "value": 2}, {"op": "replace", "path": "/a/foo", "value": 42}]'], '{"a": {"foo": 42, "bar": 2}}');
  check("json.patch", ['{"arr": [1, 2, 3]}', '[{"op": "add", "path": "/arr/1", "value": "inserted"}]'], '{"arr": [1, "inserted", 2, 3]}');
  check("json.patch", ['{"arr": [1, 2, 3]}', '[{"op": "add", "path": "/arr/-", "value": 4}]'], '{"arr": [1, 2, 3, 4]}');
  check("json.patch", ['{"arr": [1, 2, 3]}', '[{"op": "remove", "path": "/arr/1"}]'], '{"arr": [1, 3]}');
  check("json.patch", ['{"a": {"b": {"c": {"d": 1}}}}', '[{"op": "add", "path": "/a/b/c/e", "value": 2}]'], '{"a": {"b": {"c": {"d": 1, "e": 2}}}}');
  check("json.patch", ['{"foo/bar": {"baz~": 1}}', '[{"op": "add", "path": "/foo~1bar/baz~0test", "value": 2}]'], '{"foo/bar": {"baz~": 1, "baz~test": 2}}');
  check("json.patch", ["{}", '[{"op": "add", "path": "/newkey", "value": {"nested": []}}]'], '{"newkey": {"nested": []}}');
  check("json.patch", ['{"data": null}', '[{"op": "replace", "path": "/data", "value": {"bool": true, "num": 3.14, "str": "hello"}}]'], '{"data": {"bool": true, "num": 3.14, "str": "hello"}}');
  // sets: a member is its own key
  check("json.patch", ['{"a", "b", "c"}', '[{"op": "add", "path": ["d"], "value": "d"}]'], '{"a", "b", "c", "d"}');
  check("json.patch", ['{"a", "b", "c"}', '[{"op": "remove", "path": ["b"]}]'], '{"a", "c"}');
  check("json.patch", ['{"a", "b", "c"}', '[{"op": "move", "from": ["a"], "path": ["a"]}]'], '{"a", "b", "c"}');
  check("json.patch", ['{"a", "b"}', '[{"op": "replace", "path": ["a"], "value": "c"}]'], undefined);
  check("json.patch", ['{"a", "b"}', '[{"op": "add", "path": ["c"], "value": "d"}]'], undefined);
  check("json.patch", ['{{"a": [1, 2]}}', '[{"op": "replace", "path": [{"a": [1, 2]}, "a", 1], "value": 9}]'], undefined);
  check("json.patch", ['{{"a": [1]}}', '[{"op": "copy", "from": [{"a": [1]}, "a", 0], "path": [{"a": [1]}, "a", "-"]}]'], '{{"a": [1, 1]}}');
  check("json.patch", ['{{"a": [1, 2]}}', '[{"op": "test", "path": [{"a": [1, 2]}, "a", 1], "value": 2}]'], '{{"a": [1, 2]}}');
  check("json.patch", ['{[0], "a"}', '[{"op": "add", "path": [[0], 1], "value": 1}, {"op": "add", "path": [[0, 1], 3], "value": 3}]'], undefined);
  check("json.patch", ['{[0], "a"}', '[{"op": "add", "path": [[0], 1], "value": 1}, {"op": "add", "path": [[0, 1], 2], "value": 3}]'], '{[0, 1, 3], "a"}');
  check("json.patch", ['{[0], [0, 1]}', '[{"op": "add", "path": [[0], 1], "value": 1}]'], "{[0, 1]}");
  // the root
  check("json.patch", ['{"a": 1}', '[{"op": "remove", "path": ""}]'], undefined);
  check("json.patch", ['{"a": 1}', '[{"op": "remove", "path": ""}, {"op": "add", "path": "", "value": {"b": 2}}]'], '{"b": 2}');
  check("json.patch", ['{"a": 1}', '[{"op": "remove", "path": ""}, {"op": "replace", "path": "", "value": {"b": 2}}]'], undefined);
  check("json.patch", ['{"a": 1}', '[{"op": "remove", "path": ""}, {"op": "test", "path": "", "value": {"a": 1}}]'], undefined);
  check("json.patch", ['{"a": 1}', '[{"op": "remove", "path": ""}, {"op": "add", "path": "/a", "value": 1}]'], undefined);
  check("json.patch", ['"foo"', '[{"op": "replace", "path": "", "value": "bar"}]'], '"bar"');
  check("json.patch", ['"foo"', '[{"op": "add", "path": "/a", "value": "bar"}]'], undefined);
  check("json.patch", ['{"a": 1}', '[{"op": "move", "from": "", "path": "/b"}]'], undefined);
  check("json.patch", ['{"a": 1}', '[{"op": "copy", "from": "", "path": "/b"}]'], '{"a": 1, "b": {"a": 1}}');
  // array indexes
  check("json.patch", ["[1, 2]", '[{"op": "remove", "path": [-1]}]'], undefined);
  check("json.patch", ["[1, 2]", '[{"op": "remove", "path": [1]}]'], "[1]");
  check("json.patch", ["[1, 2]", '[{"op": "remove", "path": [0.5]}]'], undefined);
  check("json.patch", ["[1, 2]", '[{"op": "remove", "path": [999999999999999999999999999999999999]}]'], undefined);
  check("json.patch", ["[1, 2]", '[{"op": "remove", "path": "/01"}]'], undefined);
  check("json.patch", ["[1, 2]", '[{"op": "remove", "path": "/-"}]'], undefined);
  check("json.patch", ["[1, 2]", '[{"op": "remove", "path": "/+1"}]'], "[1]");
  check("json.patch", ["[1, 2]", '[{"op": "remove", "path": "/-0"}]'], "[2]");
  check("json.patch", ["[1, 2]", '[{"op": "add", "path": "/x", "value": 0}]'], undefined);
  check("json.patch", ['{"a": [[0]]}', '[{"op": "add", "path": "a/0/-", "value": 1}]'], '{"a": [[0, 1]]}');
  check("json.patch", ['{"a": 1}', '[{"op": "add", "path": "//a", "value": 2}]'], '{"a": 2}');
  check("json.patch", ['{1: {"x": 0}}', '[{"op": "add", "path": [1, "y"], "value": 2}]'], '{1: {"x": 0, "y": 2}}');
  check("json.patch", ['{1: {"x": 0}}', '[{"op": "add", "path": "/1/y", "value": 2}]'], undefined);
  // malformed operations make the result undefined
  check("json.patch", ["{}", '[{"path": "/a", "value": 1}]'], undefined);
  check("json.patch", ["{}", '[{"op": "add", "value": 1}]'], undefined);
  check("json.patch", ["{}", '[{"op": "add", "path": "/a"}]'], undefined);
  check("json.patch", ["{}", '[{"op": "move", "path": "/a"}]'], undefined);
  check("json.patch", ["{}", '[{"op": 1, "path": {}, "value": 1}]'], undefined);
  check("json.patch", ["{}", '[{"op": "add", "path": {"/a"}, "value": 1}]'], undefined);
  check("json.patch", ["{}", '[{"op": "add", "path": null, "value": 1}]'], undefined);
  check("json.patch", ["{}", '["add"]'], undefined);
  check("json.patch", ['{"a": {"b": 1}}', '[{"op": "move", "from": "/a", "path": "/a/c"}]'], undefined);
  // null values are values
  check("json.patch", ["{}", '[{"op": "add", "path": "/a", "value": null}]'], '{"a": null}');
  check("json.patch", ['{"a": null}', '[{"op": "test", "path": "/a", "value": null}]'], '{"a": null}');
  check("json.patch", ['[null]', '[{"op": "test", "path": "/0", "value": false}]'], undefined);
  // a failed patch leaves its input alone
  const original = V('{"a": [1, 2, 3]}');
  const r = BUILTINS.get("json.patch")!.fn([original, V('[{"op": "remove", "path": "/a/0"}, {"op": "remove", "path": "/missing"}]')], ctx);
  assert.equal(r, undefined);
  assert.equal(toJSONText(original), '{"a":[1,2,3]}');
  assert.deepEqual(fail("json.patch", "{}", "{}"), ["eval_type_error", "operand 2 must be array but got object"]);
  assert.deepEqual(fail("json.patch", "{}", "set()"), ["eval_type_error", "operand 2 must be array but got set"]);
});
