// Language and robustness fixes found by the compliance suites (npm run conformance).
import { test } from "node:test";
import assert from "node:assert/strict";
import { compile, RegoError, toJSONText, type Location } from "../../src/rego/index.js";
import { evalAll, evalOne } from "./helpers.js";

const pkg = (body: string) => `package t\n${body}`;
const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof RegoError) return e.code;
    throw e;
  }
  return "ok";
};

test("a comprehension written before `x := ...` has its own x", () => {
  const m = pkg(`
xs := {"a", "b", "c"}
p := x if {
  y := {x | xs[x]}
  z := {x | xs[x]}
  count(y) == count(z)
  x := count(y)
}`);
  assert.equal(evalOne(m, "data.t.p"), "3");
  // after the declaration, comprehensions see the declared variable
  assert.equal(evalOne(pkg(`q := s if {\n  x := "b"\n  s := {y | some y in ["a", "b"]; y == x}\n}`), "data.t.q"), '["b"]');
});

test("declaring a variable that was used above in the same body is an error", () => {
  assert.equal(codeOf(() => compile({ "a.rego": pkg(`p if {\n  y := x\n  x := 1\n}`) })), "rego_compile_error");
});

test("refs with variables in rule heads iterate; conflicting values are an error", () => {
  assert.equal(evalOne(pkg(`xs := [1, 1]\nq := xs[_]`), "data.t.q"), "1");
  assert.equal(codeOf(() => evalOne(pkg(`xs := {1, 2}\nq := xs[_]\np if q`), "data.t.p")), "eval_conflict_error");
  assert.equal(codeOf(() => evalOne(pkg(`f(_) := true\nf(_) := false\np := f(1)`), "data.t.p")), "eval_conflict_error");
});

test("numeric keys read base documents like OPA's storage paths", () => {
  const data = { nested: { "2": "bar" }, "1.5": "x" };
  assert.equal(evalOne(pkg(`p := data.nested[2]`), "data.t.p", { data }), '"bar"');
  assert.equal(evalOne(pkg(`p := data[1.5]`), "data.t.p", { data }), '"x"');
  // a local copy of the document is an ordinary object: no conversion
  assert.equal(evalOne(pkg(`p := obj[2] if obj := data.nested`), "data.t.p", { data }), undefined);
});

test("a base document at a rule's path takes precedence", () => {
  const data = { t: { r: 0 } };
  assert.equal(evalOne(pkg(`r := 6`), "data.t.r", { data }), "0");
  assert.equal(evalOne(pkg(`r := 6\ns := 1`), "data.t", { data }), '{"r":0,"s":1}');
});

test("rego.v2: not { ... } negates a body", () => {
  const m = `package t\nimport rego.v2\ndefault p := false\np if {\n  not { input.a; input.b }\n}`;
  assert.equal(evalOne(m, "data.t.p", { input: { a: true, b: false } }), "true");
  assert.equal(evalOne(m, "data.t.p", { input: { a: true, b: true } }), "false");
});

test("multi-value rules below refs with variables build sets at each path", () => {
  const m = pkg(`
obj.sub[x][x] contains x if some x in ["one", "two"]
obj[x][x] contains x if x := "whatever"
main contains x if x := obj.sub[_][_][_]`);
  assert.equal(evalOne(m, "data.t.main"), '["one","two"]');
  assert.equal(evalOne(m, "data.t.obj.whatever"), '{"whatever":["whatever"]}');
});

test("with replaces a builtin by a function the evaluator implements (opa.runtime)", () => {
  assert.equal(evalOne(pkg(`p := x if x = time.now_ns() with time.now_ns as opa.runtime`), "data.t.p"), "{}");
});

test("a call with an output argument is only allowed as a whole expression", () => {
  assert.equal(evalAll(pkg(`p := 1`), "count([1, 2], n)")[0]!["n"], "2");
  assert.equal(codeOf(() => compile({ "a.rego": pkg(`x := abs(-9, 10)`) })), "rego_type_error");
  assert.equal(codeOf(() => compile({ "a.rego": pkg(`x := array.concat([2], [3], [4])`) })), "rego_type_error");
  assert.equal(codeOf(() => compile({ "a.rego": pkg(`f(a) := a\nx := f(1, 2)`) })), "rego_type_error");
});

test("undefined functions are reported before unsafe variables", () => {
  try {
    compile({ "a.rego": pkg(`p := x if nosuch.fn("a", x)`) });
    assert.fail("expected an error");
  } catch (e) {
    assert.equal((e as RegoError).code, "rego_type_error");
    assert.match((e as RegoError).message, /undefined function nosuch\.fn/);
  }
});

test("query results: expression values as OPA's rego.Eval captures them", () => {
  const ps = compile({ "a.rego": pkg(`size("large") := 3\nf := false`) });
  const value = (q: string) => {
    const rs = ps.eval(q);
    return rs.length === 0 ? undefined : rs[0]!.expressions.map((e) => toJSONText(e.value));
  };
  assert.deepEqual(value(`count([1, 2])`), ["2"]);
  assert.deepEqual(value(`data.t.size("large")`), ["3"]);
  assert.deepEqual(value(`1 == 2`), ["false"]);
  assert.deepEqual(value(`data.t.f`), ["false"]);
  // with several expressions (or iteration), a false value makes the query undefined
  assert.deepEqual(value(`x := 1; data.t.f`), undefined);
  assert.deepEqual(value(`x := 1; 1 == 1`), ["true", "true"]);
  assert.deepEqual(value(`data.t.f with input as 1`), ["false"]);
});

test("print: one line per combination of values, Rego text, the call's location", () => {
  const lines: string[] = [];
  const ps = compile({ "p.rego": pkg(`p contains y if {\n  print("s", ["a"], {1}, set(), input.missing)\n  print({x | some x in [1, 2]})\n  some y in [1, 2]\n  print(y)\n}`) });
  ps.eval("data.t.p", { print: (line: string, loc?: Location) => lines.push(`${loc?.file}:${loc?.row}: ${line}`) });
  assert.deepEqual(lines, ['p.rego:3: s ["a"] {1} set() <undefined>', "p.rego:4: {1, 2}", "p.rego:6: 1", "p.rego:6: 2"]);
});

test("v0: `a.b { ... }` is a multi-value rule (a contains \"b\"); import rego.v1 makes a module v1", () => {
  assert.equal(evalOne("package t\nold.style { true }", "data.t.old", {}, { regoVersion: "v0" }), '["style"]');
  assert.equal(codeOf(() => compile({ "a.rego": "package t\nimport rego.v1\np { true }" }, { regoVersion: "v0" })), "rego_parse_error");
  assert.equal(codeOf(() => compile({ "a.rego": "package t\nimport rego.v1\nimport future.keywords\np := 1" })), "rego_parse_error");
});

test("default values must be constants", () => {
  for (const v of ["x", "input.x", "count([1])", "{5} | {6}", "[1, y]"]) {
    assert.equal(codeOf(() => compile({ "a.rego": pkg(`default p := ${v}`) })), "rego_parse_error", v);
  }
  assert.equal(evalOne(pkg(`default p := [1, {"a": set()}, [x | x := 1]]`), "data.t.p"), '[1,{"a":[]},[1]]');
});

test("rules with constant values stop at their first solution", () => {
  const m = pkg(`
a := [1, "hello"]
b if { a[_] + 1 }
c[null] := true if { a[_] + 1 }
s contains 1 if { a[_] + 1 }`);
  assert.equal(evalOne(m, "[data.t.b, data.t.c, data.t.s]", { strictBuiltinErrors: true }), '[true,{"null":true},[1]]');
});

test("large policies and documents: no stack overflow, a located error at worst", () => {
  const objs = Array.from({ length: 5000 }, (_, i) => `{"id": ${i}, "tags": ["a"], "n": {"x": [1, {"y": ${i}}]}, "c": [v | v := ${i}]}`).join(",\n");
  assert.equal(evalOne(pkg(`cases := [\n${objs}\n]\nn := count(cases)`), "data.t.n"), "5000");
  const body = Array.from({ length: 5000 }, (_, i) => `  x${i} := ${i}\n  x${i} >= 0`).join("\n");
  assert.equal(evalOne(pkg(`p if {\n${body}\n}`), "data.t.p"), "true");
  const chain = Array.from({ length: 5000 }, () => "1").join(" + ");
  assert.equal(codeOf(() => compile({ "a.rego": pkg(`n := ${chain}`) })), "rego_parse_error");
  let doc: unknown = 1;
  for (let i = 0; i < 9_000; i++) doc = { a: doc };
  assert.equal(evalOne(pkg(`p := true if input.a.a.a`), "data.t.p", { input: doc }), "true");
});
