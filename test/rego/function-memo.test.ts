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
