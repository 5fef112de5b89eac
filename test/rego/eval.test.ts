import { test } from "node:test";
import assert from "node:assert/strict";
import { compile, RegoError } from "../../src/rego/index.js";
import { evalAll, evalOne } from "./helpers.js";

const pkg = (body: string) => `package t\n${body}`;

test("complete rules, defaults and undefined", () => {
  const m = pkg(`
default allow := false
allow if input.user == "admin"
x := 7
`);
  assert.equal(evalOne(m, "data.t.allow", { input: { user: "admin" } }), "true");
  assert.equal(evalOne(m, "data.t.allow", { input: { user: "bob" } }), "false");
  assert.equal(evalOne(m, "data.t.allow"), "false");
  assert.equal(evalOne(m, "data.t.x"), "7");
  assert.equal(evalOne(m, "data.t.missing"), undefined);
});

test("multi-value rules (contains) collect a set", () => {
  const m = pkg(`
deny contains msg if {
  some r in input.resources
  r.type == "db"
  msg := concat(" ", ["no", r.name])
}`);
  const input = { resources: [{ type: "db", name: "a" }, { type: "vm", name: "b" }, { type: "db", name: "c" }] };
  assert.equal(evalOne(m, "data.t.deny", { input }), '["no a","no c"]');
});

test("partial objects and ref heads", () => {
  const m = pkg(`
by_name[r.name] := r.type if some r in input.resources
a.b.c := 1
a.b.d[k] := true if some k in ["x", "y"]
`);
  const input = { resources: [{ type: "db", name: "a" }, { type: "vm", name: "b" }] };
  assert.equal(evalOne(m, "data.t.by_name", { input }), '{"a":"db","b":"vm"}');
  assert.equal(evalOne(m, "data.t.a", { input }), '{"b":{"c":1,"d":{"x":true,"y":true}}}');
});

test("functions: multiple definitions, patterns, else", () => {
  const m = pkg(`
size("small") := 1
size("large") := 3
f(x) := "neg" if x < 0
else := "zero" if x == 0
else := "pos"
first([a, _]) := a
`);
  assert.equal(evalOne(m, "data.t.size(\"large\")"), "3");
  assert.equal(evalOne(m, "data.t.size(\"huge\")"), undefined);
  assert.equal(evalOne(m, "data.t.f(-1)"), '"neg"');
  assert.equal(evalOne(m, "data.t.f(0)"), '"zero"');
  assert.equal(evalOne(m, "data.t.f(5)"), '"pos"');
  assert.equal(evalOne(m, "data.t.first([9, 8])"), "9");
});

test("comprehensions, some, every, not", () => {
  const m = pkg(`
names := [n | some r in input.rs; n := r.name]
ids := {r.id | some r in input.rs}
index := {r.id: r.name | some r in input.rs}
all_named if every r in input.rs { r.name != "" }
none_x if not any_x
any_x if input.rs[_].name == "x"
`);
  const input = { rs: [{ id: 2, name: "b" }, { id: 1, name: "a" }] };
  assert.equal(evalOne(m, "data.t.names", { input }), '["b","a"]');
  assert.equal(evalOne(m, "data.t.ids", { input }), "[1,2]");
  assert.equal(evalOne(m, "data.t.index", { input }), '{"1":"a","2":"b"}');
  assert.equal(evalOne(m, "data.t.all_named", { input }), "true");
  assert.equal(evalOne(m, "data.t.none_x", { input }), "true");
});

test("query bindings iterate refs with variables", () => {
  const rows = evalAll(pkg(`xs := ["a", "b"]`), "x := data.t.xs[i]");
  assert.deepEqual(rows, [{ x: '"a"', i: "0" }, { x: '"b"', i: "1" }]);
});

test("unification binds both directions", () => {
  assert.deepEqual(evalAll(pkg(`p := 1`), "[x, 2] = [1, y]"), [{ x: "1", y: "2" }]);
  assert.deepEqual(evalAll(pkg(`p := 1`), '{"a": x} = {"a": 5}'), [{ x: "5" }]);
});

test("with replaces input, data and functions for one expression", () => {
  const m = pkg(`
allow if input.ok
f(x) := x + 1
g := f(1)
mocked := y if y := g with f as 100
v := data.t.conf.level
`);
  assert.equal(evalOne(m, "data.t.allow with input as {\"ok\": true}"), "true");
  assert.equal(evalOne(m, "data.t.mocked"), "100");
  assert.equal(evalOne(m, "data.t.g"), "2");
  assert.equal(evalOne(m, 'data.t.v with data.t.conf.level as "high"'), '"high"');
});

test("conflicts are runtime errors", () => {
  const m = pkg(`
p := 1 if input.a
p := 2 if input.b
`);
  assert.throws(() => evalOne(m, "data.t.p", { input: { a: true, b: true } }), (e: RegoError) => e.code === "eval_conflict_error");
  assert.equal(evalOne(m, "data.t.p", { input: { a: true } }), "1");
});

test("compile errors: unsafe vars, recursion, unknown functions, kinds", () => {
  const code = (src: string) => {
    try {
      compile({ "x.rego": src });
    } catch (e) {
      return (e as RegoError).code;
    }
    return "ok";
  };
  assert.equal(code(pkg("p if { x > 1 }")), "rego_unsafe_var_error");
  assert.equal(code(pkg("p if q\nq if p")), "rego_recursion_error");
  assert.equal(code(pkg("p if nope(1)")), "rego_type_error");
  assert.equal(code(pkg("p := 1\np contains 2")), "rego_type_error");
  assert.equal(code(pkg("p if { x := 1; x := 2 }")), "rego_compile_error");
  assert.equal(code("package t\np { true }"), "rego_parse_error");
});

test("v0 syntax when asked for", () => {
  const m = `package t
deny[msg] { input.bad; msg := "bad" }
allow { not input.bad }
`;
  assert.equal(evalOne(m, "data.t.deny", { input: { bad: true } }, { regoVersion: "v0" }), '["bad"]');
  assert.equal(evalOne(m, "data.t.allow", { input: {} }, { regoVersion: "v0" }), "true");
});

test("parse errors name file, line and column with a caret", () => {
  try {
    compile({ "bad.rego": "package t\n\np if {\n  x := [1, 2\n}\n" });
    assert.fail("expected a parse error");
  } catch (e) {
    const err = e as RegoError;
    assert.equal(err.code, "rego_parse_error");
    assert.match(err.message, /^bad\.rego:5: rego_parse_error: /);
    assert.match(err.pretty(), /\^/);
  }
});

test("limits: a step budget stops runaway evaluation with an error", () => {
  const m = pkg(`n := count([x | some a in numbers.range(1, 2000); some b in numbers.range(1, 2000); x := a * b])`);
  assert.throws(() => evalOne(m, "data.t.n", { limits: { maxSteps: 100_000 } }), (e: RegoError) => e.code === "eval_cancel_error");
});

test("limits: deep recursion through functions is an error, not a crash", () => {
  // no recursion in Rego; nest deep data instead
  let doc: unknown = 1;
  for (let i = 0; i < 5000; i++) doc = { a: doc };
  const m = pkg(`n := count([p | walk(input, [p, _])])`);
  assert.doesNotThrow(() => evalOne(m, "data.t.n", { input: doc, limits: { timeoutMs: 10_000 } }));
});

test("numbers beyond 2^53 stay exact through input and arithmetic", () => {
  const m = pkg(`next := input.n + 1`);
  assert.equal(evalOne(m, "data.t.next", { input: { n: 1700000000000000000000n } }), "1700000000000000000001");
});

test("metadata annotations are parsed and exposed", () => {
  const ps = compile({
    "a.rego": `# METADATA
# title: Backups
package t

# METADATA
# title: No co-located backups
# custom:
#   id: PC001
#   severity: critical
deny contains "x" if input.bad
`,
  });
  const anns = ps.annotations();
  const rule = anns.find((a) => a.scope === "rule")!;
  assert.equal(rule.title, "No co-located backups");
  assert.equal(rule.path, "data.t.deny");
  assert.deepEqual(rule.custom, { id: "PC001", severity: "critical" });
  assert.equal(anns.find((a) => a.scope === "package")!.title, "Backups");
});


test("metadata: invalid YAML and alias bombs are compile errors naming the block", () => {
  const bad = `package t\n\n# METADATA\n# title: [unclosed\ndeny contains "x" if input.bad\n`;
  assert.throws(() => compile({ "a.rego": bad }), (e: RegoError) => /a\.rego:3.*yaml:/.test(e.message));
  const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i < 8; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}]`);
  const bomb = `package t\n\n# METADATA\n# custom:\n${lines.map((l) => `#   ${l}`).join("\n")}\ndeny contains "x" if input.bad\n`;
  assert.throws(() => compile({ "a.rego": bomb }), (e: RegoError) => /more than 10000 values/.test(e.message));
});
test("network builtins are refused, not faked", () => {
  const m = pkg(`r := http.send({"method": "get", "url": "http://example.com"})`);
  assert.throws(() => evalOne(m, "data.t.r"), /not available/);
});
