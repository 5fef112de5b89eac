// The parsed-JSON scan (depth bound and numbers a double may have changed) agrees with the
// text scan it replaced on random documents, names the place a document gets too deep, and
// sends inexact numbers through the exact parser.

import { test } from "node:test";
import assert from "node:assert/strict";
import { jsonDepthExceeded, scanParsedJSON } from "../../src/load/nesting.js";
import { checkStructure } from "../../src/load/tokens/structure-check.js";
import { parseJSONText } from "../../src/load/parse-document.js";
import { InputError } from "../../src/load/input-error.js";
import { JSONNumber } from "../../src/rego/number.js";
import { RObject, fromJSON, typeName } from "../../src/rego/value.js";
import { rng } from "../random.js";

function randomValue(rand: () => number, depth: number): unknown {
  const r = rand();
  if (depth > 12 || r < 0.3) return rand() < 0.5 ? "[{" : Math.floor(rand() * 100);
  const len = Math.floor(rand() * 4);
  if (r < 0.65) return Array.from({ length: len }, () => randomValue(rand, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = 0; i < len; i++) o[`k${i}`] = randomValue(rand, depth + 1);
  return o;
}

test("the parsed scan finds too-deep nesting exactly where the text scan does", () => {
  const rand = rng(7);
  for (let i = 0; i < 2000; i++) {
    const v = randomValue(rand, 0);
    const text = JSON.stringify(v);
    for (const max of [1, 2, 3, 5, 8]) {
      const byText = jsonDepthExceeded(text, max) >= 0;
      assert.equal(scanParsedJSON(v, max).tooDeep, byText, `${text} max ${max}`);
      assert.equal(refusal(v, max) !== null, byText, `${text} max ${max}`);
    }
  }
});

/** The message naming where parsed JSON gets too deep (the walk parseJSONText refuses with), or null. */
function refusal(v: unknown, max: number): string | null {
  try {
    checkStructure(v, "x.json", { maxDepth: max, maxAliasExpansion: Infinity });
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

test("the path names the first container that opens the level beyond the limit", () => {
  assert.match(refusal({ a: 1, b: [2, { c: [[3]] }] }, 3)!, /deeper than 3 levels at \$\.b\[1\]\.c;/);
  assert.match(refusal([[1], [[2]]], 2)!, /deeper than 2 levels at \$\[1\]\[0\];/);
  assert.equal(refusal({ a: [1] }, 2), null);
  // a chain far deeper than the stack allows recursion: its first steps and its last are named
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  assert.equal(scanParsedJSON(deep, 1000).tooDeep, true);
  assert.match(refusal(deep, 1000)!, /deeper than 1000 levels at \$(\[0\]){8}…\[0\];/);
});

test("numbers a double cannot hold are read exactly; everything else stays a plain number", () => {
  assert.equal(scanParsedJSON({ a: [1, 2.5, -0, 9007199254740991, 1e-300, 0.1] }, 10).inexact, false);
  for (const lit of ["9007199254740993", "-12345678901234567890", "1e400", "-1e400", "1e300", "1.5e30"]) {
    assert.equal(scanParsedJSON(JSON.parse(`{"n": [${lit}]}`), 10).inexact, true, lit);
  }
  const got = parseJSONText('{"big": 123456789012345678901, "neg": -9007199254740993, "ok": 12, "exp": 1e400}', "x.json") as Record<string, unknown>;
  assert.equal(got["big"], 123456789012345678901n);
  assert.equal(got["neg"], -9007199254740993n);
  assert.equal(got["ok"], 12);
  assert.ok(got["exp"] instanceof JSONNumber);
  assert.equal((got["exp"] as JSONNumber).text, "1e400");
});

test("an object shaped like an exact number stays an object: no document can forge one", () => {
  // 1e400 sends the text through the exact reader, which marks its own numbers with a class
  const data = parseJSONText('{"forged": {"isLosslessNumber": true, "value": "abc"}, "five": {"isLosslessNumber": true, "value": "5"}, "exact": 1e400}', "x.json");
  const v = fromJSON(data) as RObject;
  assert.ok(v.get("forged") instanceof RObject);
  assert.equal((v.get("five") as RObject).get("value"), "5");
  assert.equal(typeName(v.get("exact")!), "number");
});

test("too deep, valid or not: one InputError naming the file, never a stack overflow", () => {
  const deepValid = "[".repeat(100_000) + "]".repeat(100_000);
  assert.throws(() => parseJSONText(deepValid, "d.json"), (e: unknown) => e instanceof InputError && e.file === "d.json" && /nested deeper than 1000 levels at \$\[0\]/.test(e.message));
  const deepInvalid = "[".repeat(100_000);
  assert.throws(() => parseJSONText(deepInvalid, "e.json"), (e: unknown) => e instanceof InputError && e.file === "e.json" && /nested deeper than 1000 levels/.test(e.message));
  // a number too big for a double deep inside: the depth is refused before the exact parser runs
  const deepBig = "[".repeat(5000) + "123456789012345678901" + "]".repeat(5000);
  assert.throws(() => parseJSONText(deepBig, "f.json"), /nested deeper than 1000 levels/);
});
