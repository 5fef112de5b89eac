// Function results are remembered per evaluation state (interpreter invokeFunction): the memo
// must never change what a policy computes or prints.

import { test } from "node:test";
import assert from "node:assert/strict";
import { compile, toJSONText } from "../../src/rego/index.js";

const policy = `package p
import rego.v1

double(x) := x * 2
env_of(r) := input.env[r.name]
shout(x) := y if {
	print("called with", x)
	y := upper(x)
}
objs := [{"name": "a"}, {"name": "a"}]
doubles := [double(x) | some x in [1, 2, 1, 2]]
envs := [env_of(o) | some o in objs]
shouted := [shout(s) | some s in ["a", "a", "b"]]
under_with := [x, y, z] if {
	o := {"name": "a"}
	x := env_of(o)
	y := env_of(o) with input.env as {"a": "other"}
	z := env_of(o)
}
mocked := [x, y, z] if {
	x := double(3)
	y := double(3) with double as triple
	z := double(3)
}
triple(x) := x * 3
`;

test("memoized function calls give the values of fresh calls, per with-state", () => {
  const set = compile({ "p.rego": policy });
  const lines: string[] = [];
  const v = (q: string) => toJSONText(set.eval(q, { input: { env: { a: "prod" } }, print: (l) => lines.push(l) })[0]!.expressions[0]!.value);
  assert.equal(v("data.p.doubles"), "[2,4,2,4]");
  assert.equal(v("data.p.envs"), '["prod","prod"]');
  assert.equal(v("data.p.under_with"), '["prod","other","prod"]');
  assert.equal(v("data.p.mocked"), "[6,9,6]");
  lines.length = 0;
  assert.equal(v("data.p.shouted"), '["A","A","B"]');
  // a function that prints is not answered from the memo: each call prints
  assert.deepEqual(lines, ["called with a", "called with a", "called with b"]);
});

test("a function's error is raised on every call, not remembered as a value", () => {
  const set = compile({
    "p.rego": `package p
import rego.v1
f(x) := y if { y := x / 0 }
g(x) := 1 if x
g(x) := 2 if x
calls := [y | some i in [1, 1]; y := f(i)]
conflict := [g(true), g(true)]
`,
  });
  assert.equal(toJSONText(set.eval("data.p.calls", { strictBuiltinErrors: false })[0]!.expressions[0]!.value), "[]");
  assert.throws(() => set.eval("data.p.calls", { strictBuiltinErrors: true }), /divide by zero/);
  assert.throws(() => set.eval("data.p.conflict"), /conflict|output/i);
  assert.throws(() => set.eval("data.p.conflict"), /conflict|output/i);
});

test("a function whose calls rarely repeat stops being memoized, with the same values", () => {
  // 3,000 distinct calls (past the trial of 512) and then repeated ones, under a with-state too
  const set = compile({
    "p.rego": `package p
import rego.v1
inc(x) := x + input.step
distinct := sum([inc(i) | some i in numbers.range(1, 3000)])
repeated := [inc(i % 3) | some i in numbers.range(1, 9)]
both := [distinct, repeated, inner] if inner := sum([inc(i) | some i in numbers.range(1, 3000)]) with input.step as 2
`,
  });
  const v = (q: string) => toJSONText(set.eval(q, { input: { step: 1 } })[0]!.expressions[0]!.value);
  assert.equal(v("data.p.distinct"), String((3000 * 3001) / 2 + 3000));
  assert.equal(v("data.p.repeated"), "[2,3,1,2,3,1,2,3,1]");
  assert.equal(v("data.p.both"), `[${(3000 * 3001) / 2 + 3000},[2,3,1,2,3,1,2,3,1],${(3000 * 3001) / 2 + 6000}]`);
});

test("ground composite literals are built once and shared, never changed by their users", () => {
  const set = compile({
    "p.rego": `package p
import rego.v1
base := ["a", "b"]
grown := array.concat(base, ["c"])
again := base
kinds := {k | some k in {"x", "y"}} | {"z"}
obj := object.union({"a": 1}, {"b": 2})
first := {"a": 1}
`,
  });
  const v = (q: string) => toJSONText(set.eval(q)[0]!.expressions[0]!.value);
  assert.equal(v("data.p.grown"), '["a","b","c"]');
  assert.equal(v("data.p.again"), '["a","b"]');
  assert.equal(v("data.p.kinds"), '["x","y","z"]');
  assert.equal(v("data.p.obj"), '{"a":1,"b":2}');
  assert.equal(v("data.p.first"), '{"a":1}');
});

test("a function whose definitions are all true stops at the first that holds (OPA's early exit)", () => {
  const set = compile({
    "q.rego": `package q
import rego.v1

positive(x) if x > 0
positive(x) if {
	print("second definition for", x)
	x > 0
}
# definitions with values other than true are all evaluated: a conflict must still be found
sign(x) := "pos" if x > 0
sign(x) := "big" if x > 10
`,
  });
  const lines: string[] = [];
  const v = (q: string) => toJSONText(set.eval(q, { print: (l) => lines.push(l) })[0]!.expressions[0]!.value);
  assert.equal(v("data.q.positive(1)"), "true");
  assert.equal(lines.length, 0, "the second definition is not evaluated once the first holds");
  assert.equal(set.eval("data.q.positive(-1)", { print: (l) => lines.push(l) }).length, 0);
  assert.deepEqual(lines, ["second definition for -1"], "the second definition runs when the first does not hold");
  assert.equal(v("data.q.sign(5)"), '"pos"');
  assert.throws(() => set.eval("data.q.sign(20)"), /eval_conflict_error|conflict/);
});

test("a function called in an argument runs once even when a later argument needs the general evaluation", () => {
  const set = compile({
    "d.rego": `package d
import rego.v1

g(x) := y if {
	print("g called with", x)
	y := x
}
h(x) := [x]
t := v if v := object.get({"a": 1}, g("a"), h(0)[0])
u := v if v := concat(",", [g("b"), h("c")[0]])
`,
  });
  for (const [rule, value, printed] of [
    ["t", "1", ["g called with a"]],
    ["u", '"b,c"', ["g called with b"]],
  ] as const) {
    const lines: string[] = [];
    const rs = set.eval(`data.d.${rule}`, { print: (l) => lines.push(l) });
    assert.equal(toJSONText(rs[0]!.expressions[0]!.value), value);
    assert.deepEqual(lines, printed);
  }
});
