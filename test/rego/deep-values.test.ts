// Values nested far deeper than the JavaScript stack allows recursion: hashing, ordering,
// equality and conversion to JSON/JS walk them with an explicit stack and give exact results.

import { test } from "node:test";
import assert from "node:assert/strict";
import { compile, RegoError, RObject, RSet, compare, equal, toJS, toJSONText, type Value } from "../../src/rego/index.js";
import { canonicalKey } from "../../src/rego/value.js";

const DEEP = 100_000;
// sets nest only as deep as a policy builds them (no input format has sets)
const DEEP_SETS = 10_000;

function arrays(n: number, leaf: Value = 1): Value {
  let v: Value = leaf;
  for (let i = 0; i < n; i++) v = [v];
  return v;
}

function objects(n: number, leaf: Value = 1): Value {
  let v: Value = leaf;
  for (let i = 0; i < n; i++) v = new RObject().set("k", v);
  return v;
}

function sets(n: number): Value {
  let v: Value = 1;
  for (let i = 0; i < n; i++) v = RSet.of([v]);
  return v;
}

test("canonicalKey of 100,000-deep arrays, objects and sets", () => {
  assert.equal(canonicalKey(arrays(DEEP)), "[".repeat(DEEP) + "#1" + "]".repeat(DEEP));
  assert.equal(canonicalKey(objects(DEEP)), '{"k":'.repeat(DEEP) + "#1" + "}".repeat(DEEP));
  assert.equal(canonicalKey(sets(DEEP_SETS)), "<".repeat(DEEP_SETS) + "#1" + ">".repeat(DEEP_SETS));
  // mixed, with several members per level and non-string keys
  let v: Value = "x";
  for (let i = 0; i < DEEP; i++) v = i % 2 ? [i, v] : new RObject().set(i, v).set("a", null);
  const k = canonicalKey(v);
  // numbers sort before strings
  assert.ok(k.startsWith("[#99999,{#99998:[#99997,{#99996:"), k.slice(0, 60));
  assert.ok(k.endsWith(',"a":n}],"a":n}]'), k.slice(-60));
  // equal values, built separately, have equal keys (sets and objects hash by them)
  assert.equal(RSet.of([arrays(DEEP), arrays(DEEP), objects(DEEP)]).size, 2);
});

test("compare and equal of 100,000-deep values, differing only at the bottom", () => {
  const [a1, a1b, a2] = [arrays(DEEP, 1), arrays(DEEP, 1), arrays(DEEP, 2)];
  assert.equal(compare(a1, a1b), 0);
  assert.equal(equal(a1, a1b), true);
  assert.equal(compare(a1, a2), -1);
  assert.equal(compare(a2, a1), 1);
  assert.equal(equal(a1, a2), false);
  const [o1, o1b, o2] = [objects(DEEP, 1), objects(DEEP, 1), objects(DEEP, 2)];
  assert.equal(compare(o1, o2), -1);
  assert.equal(compare(o1b, o1), 0);
  assert.equal(equal(o1, o1b), true);
  assert.equal(equal(o1, o2), false);
  const [s1, s2] = [sets(DEEP_SETS), sets(DEEP_SETS)];
  assert.equal(equal(s1, s2), true);
  assert.equal(compare(s1, s2), 0);
  // a shorter array at the bottom sorts first; arrays sort before objects at any depth
  assert.equal(compare(arrays(DEEP, []), arrays(DEEP, [1])), -1);
  assert.equal(compare(arrays(DEEP, [1]), arrays(DEEP, new RObject())), -1);
  // depth itself orders them: [[1]] vs [1] compares [1] with 1 (arrays after numbers)
  const a1deeper = [a1];
  assert.equal(compare(a1deeper, a1), 1);
  assert.equal(equal(a1deeper, a1), false);
  // the deep path agrees with the shallow one
  for (const [a, b] of [
    [arrays(3, 1), arrays(3, 2)],
    [objects(3, 1), objects(2, 1)],
    [[1, [2, 3]], [1, [2]]],
    [new RObject().set("a", 1).set("b", 2), new RObject().set("a", 1).set("c", 0)],
    [RSet.of([1, 2]), RSet.of([1, 3])],
  ] as [Value, Value][]) {
    const deepA = arrays(1000, a);
    const deepB = arrays(1000, b);
    assert.equal(compare(deepA, deepB), compare(a, b));
    assert.equal(compare(deepB, deepA), compare(b, a));
    assert.equal(equal(deepA, deepB), equal(a, b));
  }
});

test("toJSONText and toJS of 100,000-deep values", () => {
  assert.equal(toJSONText(arrays(DEEP)), "[".repeat(DEEP) + "1" + "]".repeat(DEEP));
  assert.equal(toJSONText(objects(DEEP)), '{"k":'.repeat(DEEP) + "1" + "}".repeat(DEEP));
  assert.equal(toJSONText(sets(DEEP_SETS)), "[".repeat(DEEP_SETS) + "1" + "]".repeat(DEEP_SETS));
  assert.equal(toJSONText(arrays(300), 1), JSON.stringify(JSON.parse(toJSONText(arrays(300))), null, 1));
  assert.equal(toJSONText(objects(300, [])), JSON.stringify(JSON.parse(toJSONText(objects(300, [])))));
  assert.equal(toJSONText(objects(300, new RObject())), '{"k":'.repeat(300) + "{}" + "}".repeat(300));
  let js = toJS(objects(DEEP)) as Record<string, unknown>;
  for (let i = 0; i < DEEP; i++) js = js["k"] as Record<string, unknown>;
  assert.equal(js as unknown, 1);
  let arr = toJS(arrays(DEEP, "x")) as unknown[];
  for (let i = 0; i < DEEP; i++) arr = arr[0] as unknown[];
  assert.equal(arr as unknown, "x");
});

test("policies on 9,999-deep values (json.unmarshal's limit) get results or a Rego error, never a RangeError", () => {
  const d = 9999;
  const input = { s: "[".repeat(d) + "]".repeat(d), o: '{"a":'.repeat(d) + "1" + "}".repeat(d) };
  const exprs: [string, boolean][] = [
    ["json.unmarshal(input.s) == json.unmarshal(input.s)", true],
    ["json.unmarshal(input.o) == json.unmarshal(input.o)", true],
    ["json.unmarshal(input.s) < json.unmarshal(input.o)", true],
    ["json.marshal(json.unmarshal(input.o)) == input.o", true],
    ["count({json.unmarshal(input.o), json.unmarshal(input.s), json.unmarshal(input.o)}) == 2", true],
    ["json.unmarshal(input.o) in {json.unmarshal(input.o)}", true],
    ["count(sort([json.unmarshal(input.o), json.unmarshal(input.s)])) == 2", true],
  ];
  for (const [e, expected] of exprs) {
    const ps = compile({ "t.rego": `package t\nq if { ${e} }\n` });
    assert.equal(ps.eval("data.t.q", { input }).length > 0, expected, e);
  }
  // builtins that recurse on their own may give up, but only with an engine error
  for (const e of ['sprintf("%v", [json.unmarshal(input.o)]) != ""', "object.union(json.unmarshal(input.o), json.unmarshal(input.o)) != {}", "print(json.unmarshal(input.o))"]) {
    const ps = compile({ "t.rego": `package t\nq if { ${e} }\n` });
    try {
      ps.eval("data.t.q", { input, print: () => {} });
    } catch (err) {
      assert.ok(err instanceof RegoError, `${e}: ${(err as Error).constructor.name}: ${(err as Error).message}`);
    }
  }
});
