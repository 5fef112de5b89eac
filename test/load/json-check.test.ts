// isOneJSONValue against JSON.parse: the same verdict on valid documents (compact, pretty, every
// kind of value and escape) and on thousands of broken ones (a byte changed, inserted or
// removed, the text cut short).

import { test } from "node:test";
import assert from "node:assert/strict";
import { isOneJSONValue } from "../../src/load/json-check.js";
import { rng } from "../random.js";

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function check(text: string): boolean {
  const b = Buffer.from(text, "utf8");
  return isOneJSONValue(b, 0, b.length);
}

function randomValue(rand: () => number, depth: number): unknown {
  const r = rand();
  if (depth > 6 || r < 0.3) {
    const leaves = [0, -1, 1.5, -0.25e-7, 12e3, 9007199254740993, "", "a\"b\\c/\n\t\u0001é😀", true, false, null, "\u2028"];
    return leaves[Math.floor(rand() * leaves.length)];
  }
  const n = Math.floor(rand() * 4);
  if (r < 0.65) return Array.from({ length: n }, () => randomValue(rand, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) o[`k${i}${rand() < 0.2 ? "\"\\" : ""}`] = randomValue(rand, depth + 1);
  return o;
}

test("valid values of every kind, compact and pretty", () => {
  const rand = rng(42);
  for (let i = 0; i < 500; i++) {
    const v = randomValue(rand, 0);
    for (const text of [JSON.stringify(v), JSON.stringify(v, null, 2), ` \n${JSON.stringify(v)}\t\r `]) assert.equal(check(text), true, text);
  }
  for (const text of ["0", "-0", "1e5", "1E+5", "-1.25e-3", '"\\u00e9\\uD83D\\uDE00"', "[]", "{}", '{"":[{}]}', "[".repeat(5000) + "]".repeat(5000)]) {
    assert.equal(check(text), true, text);
  }
});

test("the verdict of JSON.parse on texts with a byte changed, inserted or removed, or cut short", () => {
  const rand = rng(7);
  const alphabet = ' {}[]",:\\-+.0123456789eEtrufalsn\u0001\n';
  let invalid = 0;
  for (let i = 0; i < 4000; i++) {
    const base = JSON.stringify(randomValue(rand, 0));
    const at = Math.floor(rand() * (base.length + 1));
    const ch = alphabet[Math.floor(rand() * alphabet.length)]!;
    const r = rand();
    const text = r < 0.3 ? base.slice(0, at) + ch + base.slice(at + 1) : r < 0.6 ? base.slice(0, at) + ch + base.slice(at) : r < 0.8 ? base.slice(0, at) + base.slice(at + 1) : base.slice(0, at);
    const expected = parses(text);
    if (!expected) invalid++;
    assert.equal(check(text), expected, JSON.stringify(text));
  }
  assert.ok(invalid > 1000, `only ${invalid} of the mutants were invalid`);
});

test("a range inside a larger buffer: only that range counts", () => {
  const b = Buffer.from('xx{"a": [1, 2]}yy', "utf8");
  assert.equal(isOneJSONValue(b, 2, 15), true);
  assert.equal(isOneJSONValue(b, 2, 14), false);
  assert.equal(isOneJSONValue(b, 0, 15), false);
  assert.equal(isOneJSONValue(b, 2, 16), false);
  // two values are not one
  assert.equal(check("1 2"), false);
  assert.equal(check('{} , "k": 1'), false);
  assert.equal(check(""), false);
});
