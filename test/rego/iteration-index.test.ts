// Indexed iteration (src/rego/iteration-index.ts) gives exactly the results of a full scan:
// each filter is evaluated twice, once right after `some r in ...` (indexed) and once with an
// expression in between (scanned), on random collections large enough to be indexed.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { compile, toJSONText } from "../../src/rego/index.js";
import { MIN_INDEXED } from "../../src/rego/iteration-index.js";

// each filter: the text after `some r in input.xs;` (r is the element)
const FILTERS = [
  `r.type == "a"`,
  `"b" == r.type`,
  `r.type == 1`,
  `r.type == input.want`,
  `r.type == input.missing`,
  `r.type in {"a", "c"}`,
  `r.type in ["a", "a", 1.0]`,
  `r.type in input.wanted`,
  `r.type in {"k": "a"}`,
  `r.meta.kind == "x"`,
  `r.type == null`,
  `r.type == {"n": 1}`,
  `r.type in set()`,
];

const element = fc.oneof(
  fc.record(
    {
      id: fc.integer({ min: 0, max: 1000 }),
      type: fc.oneof(fc.constantFrom("a", "b", "c", 1, 1.0, 2, null, true), fc.constant({ n: 1 }), fc.constant(["a"])),
      meta: fc.oneof(fc.constant({ kind: "x" }), fc.constant({ kind: "y" }), fc.constant("x"), fc.constant(null)),
    },
    { requiredKeys: ["id"] },
  ),
  fc.constantFrom("a", 1, null, [1, 2]),
);

const modules = (indexed: boolean) => {
  const between = indexed ? "" : "\n\ttrue";
  return {
    "p.rego": `package p
${FILTERS.map((f, i) => `
r${i} contains [j, x] if {
	some j, x in input.xs
	x == input.xs[j]
	some r in input.xs${between}
	${f}
	x == r
}

c${i} := [r | some r in input.xs${between}; ${f}]
`).join("")}`,
  };
};

test("indexed iteration gives the results of a full scan", () => {
  const fast = compile(modules(true));
  const slow = compile(modules(false));
  fc.assert(
    fc.property(fc.array(element, { minLength: MIN_INDEXED, maxLength: 90 }), fc.constantFrom("a", "b", 1, "zz"), fc.array(fc.constantFrom("a", "b", 1, 2.0, "q"), { maxLength: 4 }), (xs, want, wanted) => {
      const input = { xs, want, wanted };
      const a = fast.eval("data.p", { input });
      const b = slow.eval("data.p", { input });
      assert.equal(toJSONText(a[0]!.expressions[0]!.value), toJSONText(b[0]!.expressions[0]!.value));
    }),
    { numRuns: 60 },
  );
});

test("indexed iteration keeps `with` mocks of the comparison and stops where a full scan stops", () => {
  const policy = `package p
import rego.v1
first := r if { some r in input.xs; r.type == "a" }
any_a if { some r in input.xs; r.type == "a" }
mocked := [r.id | some r in input.xs; r.type == "a"]
always(_, _) := true
`;
  const xs = Array.from({ length: 100 }, (_, i) => ({ id: i, type: i % 3 === 0 ? "a" : "b" }));
  const set = compile({ "p.rego": policy });
  const v = (q: string) => toJSONText(set.eval(q, { input: { xs } })[0]!.expressions[0]!.value);
  assert.equal(v("data.p.any_a"), "true");
  assert.equal(JSON.parse(v("data.p.mocked")).length, 34);
  // with equal mocked to always true, every element passes: the index must not be used
  assert.equal(JSON.parse(v("data.p.mocked with equal as data.p.always")).length, 100);
  // several elements match: a complete rule with conflicting values is an error, as with a scan
  assert.throws(() => set.eval("data.p.first", { input: { xs } }), /conflict|multiple|complete/i);
});
