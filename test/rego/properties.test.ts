// Property tests: the parser never throws anything but a located parse error, whatever the
// input; evaluation of random documents ends within its budget.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { compile, RegoError } from "../../src/rego/index.js";

const SAMPLE = `package sample
import rego.v1

default allow := false

allow if {
  some rc in input.resource_changes
  rc.change.actions[_] == "delete"
  not rc.type in {"aws_s3_bucket", "aws_db_instance"}
}

deny contains msg if {
  x := [y | y := input.items[_]; y > 1]
  count(x) > 2
  msg := sprintf("too many: %v", [x])
}

f(a, b) := a + b if a > b
else := b - a

obj[k] := v if some k, v in input.map
`;

const TOKENS = ["package", "p", "import", "rego.v1", "if", "{", "}", "[", "]", "(", ")", ":=", "=", "==", "some", "in", "every", "not", "with", "as", "contains", "default", "else", "x", "input", "data", ".", ",", ";", "\n", "1", "\"s\"", "`raw`", "|", "&", "+", "-", "*", "/", "%", "<", ">=", "# c\n", "_", "set()", "true", "null"];

function isLocatedParseOrCompileError(e: unknown): boolean {
  if (!(e instanceof RegoError)) return false;
  return e.errors.every((d) => d.location !== undefined && d.location.row >= 1 && d.location.col >= 1 && d.code.startsWith("rego_"));
}

test("parser: random text yields a module or a located error", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (s) => {
      try {
        compile({ "r.rego": s });
      } catch (e) {
        assert.ok(isLocatedParseOrCompileError(e), `unexpected ${(e as Error)?.stack ?? e}`);
      }
    }),
    { numRuns: 1000 },
  );
});

test("parser: random token soup yields a module or a located error", () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }), (toks) => {
      try {
        compile({ "r.rego": "package t\n" + toks.join(" ") });
      } catch (e) {
        assert.ok(isLocatedParseOrCompileError(e), `unexpected ${(e as Error)?.stack ?? e}`);
      }
    }),
    { numRuns: 1000 },
  );
});

test("parser: mutations of a real policy yield a module or a located error", () => {
  fc.assert(
    fc.property(fc.nat(SAMPLE.length), fc.nat(40), fc.string({ maxLength: 8 }), (pos, del, ins) => {
      const src = SAMPLE.slice(0, pos) + ins + SAMPLE.slice(pos + del);
      try {
        compile({ "r.rego": src });
      } catch (e) {
        assert.ok(isLocatedParseOrCompileError(e), `unexpected ${(e as Error)?.stack ?? e}`);
      }
    }),
    { numRuns: 1500 },
  );
});

test("parser: deep nesting is a located error, not a stack overflow", () => {
  for (const open of ["[", "{", "("]) {
    const close = open === "[" ? "]" : open === "{" ? "}" : ")";
    const src = `package t\np := ${open.repeat(50_000)}1${close.repeat(50_000)}`;
    assert.throws(() => compile({ "deep.rego": src }), (e: unknown) => isLocatedParseOrCompileError(e));
  }
});

test("evaluation of random documents terminates within its budget", () => {
  const ps = compile({ "w.rego": `package w
import rego.v1
paths := [p | walk(input, [p, _])]
strings := {s | some s in paths[_]; is_string(s)}
pairs := [[a, b] | some a in paths; some b in paths; count(a) == count(b)]
` });
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 6 }), (doc) => {
      try {
        ps.eval("data.w", { input: doc, limits: { maxSteps: 200_000, timeoutMs: 2_000 } });
      } catch (e) {
        assert.ok(e instanceof RegoError && e.code === "eval_cancel_error", `unexpected ${(e as Error)?.stack ?? e}`);
      }
    }),
    { numRuns: 200 },
  );
});
