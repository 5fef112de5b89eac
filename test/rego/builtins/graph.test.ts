import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTINS, BuiltinError } from "../../../src/rego/builtins/index.js";
import { parseValue, toJSONText } from "../../../src/rego/index.js";
import { type Value, RObject, equal } from "../../../src/rego/value.js";
import { testCtx, builtinError } from "./ctx.js";

const ctx = testCtx();
const V = (text: string): Value => parseValue(text);

function call(name: string, ...args: string[]): Value | undefined {
  return BUILTINS.get(name)!.fn(args.map(V), ctx) as Value | undefined;
}

/** Every [path, value] walk yields, as JSON texts, in order. */
function walk(v: Value): string[] {
  return Array.from(BUILTINS.get("walk")!.fn([v], ctx) as Iterable<Value>, (x) => toJSONText(x));
}

function check(name: string, args: string[], want: string): void {
  const got = call(name, ...args);
  assert.ok(got !== undefined && equal(got, V(want)), `${name}(${args.join(", ")}) = ${got === undefined ? "undefined" : toJSONText(got)}, want ${want}`);
}

function fail(name: string, ...args: string[]): [string, string] {
  return builtinError(() => call(name, ...args), `${name}(${args.join(", ")}) did not fail`);
}

test("walk is a relation over every node (compliance walkbuiltin)", () => {
  assert.equal(BUILTINS.get("walk")!.relation, true);
  assert.deepEqual(walk(V("1")), ["[[],1]"]);
  assert.deepEqual(walk(V("[1, 2, 3, 4]")), ["[[],[1,2,3,4]]", "[[0],1]", "[[1],2]", "[[2],3]", "[[3],4]"]);
  assert.deepEqual(walk(V('{"v1": "hello", "v2": "goodbye"}')), ['[[],{"v1":"hello","v2":"goodbye"}]', '[["v1"],"hello"]', '[["v2"],"goodbye"]']);
  assert.deepEqual(walk(V("{{1, 2, 3}}")), ["[[],[[1,2,3]]]", "[[[1,2,3]],[1,2,3]]", "[[[1,2,3],1],1]", "[[[1,2,3],2],2]", "[[[1,2,3],3],3]"]);
  // depth first, parents before children, keys in order
  assert.deepEqual(walk(V('[{"foo": 1, "bar": 2, "bazoo": 3}]')), [
    '[[],[{"bar":2,"bazoo":3,"foo":1}]]',
    '[[0],{"bar":2,"bazoo":3,"foo":1}]',
    '[[0,"bar"],2]',
    '[[0,"bazoo"],3]',
    '[[0,"foo"],1]',
  ]);
  assert.deepEqual(walk(V('{"a": [], "b": {}, "c": [[]], 1: null}')), [
    '[[],{"1":null,"a":[],"b":{},"c":[[]]}]',
    "[[1],null]",
    '[["a"],[]]',
    '[["b"],{}]',
    '[["c"],[[]]]',
    '[["c",0],[]]',
  ]);
  // paths are not shared between results (issue 7656)
  const x = V('{"a": [{"b": [{"c": [{"aa": "AA"}, {"bb": "BB"}, {"cc": "CC"}, {"dd": "DDD"}]}]}]}');
  const leaves = Array.from(BUILTINS.get("walk")!.fn([x], ctx) as Iterable<Value>)
    .map((r) => r as readonly Value[])
    .filter(([, v]) => typeof v === "string");
  assert.deepEqual(
    leaves.map(([p, v]) => `${toJSONText(p!)}=${v as string}`),
    ['["a",0,"b",0,"c",0,"aa"]=AA', '["a",0,"b",0,"c",1,"bb"]=BB', '["a",0,"b",0,"c",2,"cc"]=CC', '["a",0,"b",0,"c",3,"dd"]=DDD'],
  );
  // lazily produced: the first result comes without walking the rest
  const it = (BUILTINS.get("walk")!.fn([V("[[1], [2]]")], ctx) as Iterable<Value>)[Symbol.iterator]();
  assert.equal(toJSONText(it.next().value as Value), "[[],[[1],[2]]]");
});

test("walk handles documents deeper than the JS stack", () => {
  let v: Value = 0;
  for (let i = 0; i < 12_000; i++) v = [v];
  let n = 0;
  let last: Value = null;
  for (const r of BUILTINS.get("walk")!.fn([v], ctx) as Iterable<Value>) {
    n++;
    last = r;
  }
  assert.equal(n, 12_001);
  assert.equal(((last as readonly Value[])[0] as readonly Value[]).length, 12_000);
  // the copies of the paths are charged: a budget stops a quadratic walk
  let charged = 0;
  for (const _ of BUILTINS.get("walk")!.fn([v], testCtx({ charge: (u: number) => void (charged += u) })) as Iterable<Value>) void _;
  assert.equal(charged, (12_000 * 12_001) / 2);
  let o = new RObject();
  for (let i = 0; i < 1000; i++) o = new RObject().set("k", o);
  assert.equal(Array.from(BUILTINS.get("walk")!.fn([o], ctx) as Iterable<Value>).length, 1001);
});

test("graph.reachable (compliance reachable)", () => {
  const g = '{"a": {"b", "c"}, "b": {"d"}, "c": {"d"}, "d": set(), "e": {"f"}, "f": {"e"}, "x": {"x"}}';
  check("graph.reachable", [g, '{"b", "e"}'], '{"b", "d", "e", "f"}');
  check("graph.reachable", [g, '["a"]'], '{"a", "b", "c", "d"}');
  check("graph.reachable", [g, '["x"]'], '{"x"}');
  check("graph.reachable", [g, "[]"], "set()");
  check("graph.reachable", [g, '["nope"]'], "set()");
  check("graph.reachable", ['{"a": ["b"], "b": ["c"], "c": ["a"]}', '["a"]'], '{"a", "b", "c"}');
  check("graph.reachable", ['{"a": null}', '["a"]'], '{"a"}');
  check("graph.reachable", ['{"a": ["b"], "b": 7}', '["a"]'], '{"a", "b"}');
  check("graph.reachable", ['{"a": ["zz"]}', '["a"]'], '{"a"}');
  check("graph.reachable", ['{1: [[2]], [2]: [1]}', "[1]"], "{1, [2]}");
  assert.deepEqual(fail("graph.reachable", '{"a": []}', '"a"'), ["eval_type_error", "operand 2 must be {array, set} but got string"]);
  assert.deepEqual(fail("graph.reachable", "1", "[1]"), ["eval_type_error", "operand 1 must be object but got number"]);
});

test("graph.reachable_paths (compliance reachable)", () => {
  const paths = "graph.reachable_paths";
  check(paths, ["{}", '{"a"}'], "set()");
  check(paths, ['{"a": {"b"}, "b": {"c"}, "c": {"a"}}', '{"a"}'], '{["a", "b", "c"]}');
  check(paths, ['{"a": {"b", "c"}, "b": {"d"}, "c": {"d"}, "d": set(), "e": {"f"}, "f": {"e"}, "x": {"x"}}', '{"b", "e"}'], '{["b", "d"], ["e", "f"]}');
  check(paths, ['{"a": ["b"], "b": ["c"], "c": ["a"]}', '["a"]'], '{["a", "b", "c"]}');
  check(paths, ['{"a": null}', '["a"]'], '{["a"]}');
  check(paths, ['{"a": ["b", "c"], "b": ["c"], "c": []}', '{"a"}'], '{["a", "b", "c"], ["a", "c"]}');
  check(paths, ['{"1": [], "2": ["1"], "3": ["2"], "4": ["3", "2"], "5": ["4"]}', '["5"]'], '{["5", "4", "2", "1"], ["5", "4", "3", "2", "1"]}');
  check(paths, ['{"a": ["b"], "b": ["nonexistent"]}', '{"a", "b"}'], '{["a", "b"], ["b"]}');
  check(paths, ['{"x": {"x"}}', '["x"]'], '{["x", "x"]}');
  const g1 = '"one": ["two","five"], "two": ["four"], "three": [""], "four": ["three"], "five": ["seven","six"], "six": ["nine"], "seven": ["eight"], "eight": [""], "nine": [""]';
  check(paths, [`{${g1}}`, '{"one"}'], '{["one", "five", "seven", "eight"], ["one", "five", "six", "nine"], ["one", "two", "four", "three"]}');
  check(paths, [`{${g1.replace(/\[/g, "{").replace(/\]/g, "}")}}`, '{"one"}'], '{["one", "five", "seven", "eight"], ["one", "five", "six", "nine"], ["one", "two", "four", "three"]}');
  const g3 = '"one": ["two","five"], "two": ["four"], "three": [""], "four": ["three"], "five": ["seven","six"], "six": ["nine","seven"], "seven": ["eight"], "eight": ["three"], "nine": [""]';
  check(paths, [`{${g3}}`, '{"one"}'], '{["one", "five", "seven", "eight", "three"], ["one", "five", "six", "nine"], ["one", "five", "six", "seven", "eight", "three"], ["one", "two", "four", "three"]}');
  assert.deepEqual(fail(paths, "1", "[1]"), ["eval_type_error", "operand 1 must be object but got number"]);
  assert.deepEqual(fail(paths, '{"a": []}', '"a"'), ["eval_type_error", "operand 2 must be {array, set} but got string"]);
});

test("graph builtins on hostile graphs", () => {
  // a long chain: no recursion limit
  const chain = new RObject();
  for (let i = 0; i < 100_000; i++) chain.set(i, [i + 1]);
  const r = BUILTINS.get("graph.reachable")!.fn([chain, [0]], ctx) as { size: number };
  assert.equal(r.size, 100_000);
  const p = BUILTINS.get("graph.reachable_paths")!.fn([chain, [0]], ctx) as { size: number };
  assert.equal(p.size, 1);
  // exponentially many paths: the work is charged, so the evaluation budget stops it
  const dense = new RObject();
  for (let i = 0; i < 40; i++) dense.set(i, [i + 1, i + 2]);
  let budget = 1_000_000;
  const limited = testCtx({
    charge(n: number) {
      budget -= n;
      if (budget < 0) throw new BuiltinError("budget exhausted");
    },
  });
  assert.throws(() => BUILTINS.get("graph.reachable_paths")!.fn([dense, [0]], limited), /budget exhausted/);
});
