// The chunked reader of large JSON files gives exactly what JSON.parse gives, or declines
// (undefined: the caller then reads the file whole); tiny chunk and block sizes put every
// boundary — strings with escapes across blocks, keys, empty containers — under test.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseLargeJSONFile, type ChunkSizes } from "../../src/load/json-chunks.js";
import { parseJSONText } from "../../src/load/parse-document.js";
import { rng } from "../random.js";

const dir = mkdtempSync(join(tmpdir(), "pc-chunks-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(text: string | Buffer): string {
  const f = join(dir, `f${n++}.json`);
  writeFileSync(f, text);
  return f;
}

const tiny = (chunk: number, block: number, splitDepth = 8): ChunkSizes => ({ largeFile: 0, chunk, block, splitDepth });
const SIZES = [tiny(16, 7), tiny(64, 3), tiny(1, 1), tiny(200, 1024), tiny(40, 5, 2), tiny(30, 13, 1)];

function randomValue(rand: () => number, depth: number): unknown {
  const r = rand();
  const strings = ["", "a", 'quo"te', "back\\slash", "\\", '\\"', "[{", "}]", ",:", "é✓", "\u{1F600}", "tab\there", "x".repeat(40), "\\\\\\"];
  if (depth > 5 || r < 0.35) {
    const s = rand();
    if (s < 0.4) return strings[Math.floor(rand() * strings.length)];
    if (s < 0.6) return Math.floor(rand() * 2000) - 1000;
    if (s < 0.7) return rand() * 10;
    if (s < 0.8) return rand() < 0.5;
    return null;
  }
  const len = Math.floor(rand() * 6);
  if (r < 0.65) return Array.from({ length: len }, () => randomValue(rand, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = 0; i < len; i++) {
    const k = rand() < 0.1 ? "__proto__" : rand() < 0.2 ? strings[Math.floor(rand() * strings.length)]! : `k${Math.floor(rand() * 5)}`;
    const v = randomValue(rand, depth + 1);
    if (k === "__proto__") Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    else o[k] = v;
  }
  return o;
}

test("random documents, compact and pretty, read in chunks equal JSON.parse", () => {
  const rand = rng(424242);
  for (let i = 0; i < 150; i++) {
    const doc = rand() < 0.5 ? { a: randomValue(rand, 0), b: [randomValue(rand, 0), randomValue(rand, 0)], c: randomValue(rand, 0) } : [randomValue(rand, 0), randomValue(rand, 1)];
    const text = rand() < 0.5 ? JSON.stringify(doc) : JSON.stringify(doc, null, rand() < 0.5 ? 2 : "\t");
    const f = file(rand() < 0.2 ? "\ufeff" + text + "\n" : text);
    const expected = JSON.parse(text) as unknown;
    for (const sizes of SIZES) {
      const got = parseLargeJSONFile(f, sizes);
      assert.deepStrictEqual(got, expected, `${text.slice(0, 200)} with ${JSON.stringify(sizes)}`);
    }
  }
});

test("__proto__ and constructor stay ordinary keys; duplicate keys: the last wins where it first stood", () => {
  const text = '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "a": 1, "b": [1, 2, 3], "a": 2}';
  const got = parseLargeJSONFile(file(text), tiny(8, 3)) as Record<string, unknown>;
  assert.deepStrictEqual(got, JSON.parse(text));
  assert.deepEqual(Object.keys(got), ["__proto__", "constructor", "a", "b"]);
  assert.equal(Object.getPrototypeOf(got), Object.prototype);
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  assert.equal(got["a"], 2);
});

test("exact numbers are read as parseJSONText reads them", () => {
  const text = '{"big": 123456789012345678901, "small": [1, 2.5, -0], "exp": 1e400, "pad": ["' + "x".repeat(100) + '"]}';
  assert.deepStrictEqual(parseLargeJSONFile(file(text), tiny(16, 5)), parseJSONText(text, "x.json"));
});

test("invalid or doubtful text is declined, never read wrongly", () => {
  for (const text of [
    '{"a": 1,}',
    "[1, 2,]",
    "[,1]",
    '{"a" 1}',
    '{"a": [1, 2] 3, "b": 4}',
    '{"a": {"x": 1} {"y": 2}}',
    '{"a": 1 {"b": [1, 2, 3, 4, 5, 6, 7, 8, 9]}}',
    '[1 [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]',
    '["s" {"b": [1, 2, 3, 4, 5, 6, 7, 8, 9]}]',
    '{"a": 1} {"b": 2}',
    '{"a": 1}\n{"b": 2}\n',
    '[1, 2] x',
    '{"a": [1, 2}',
    '{"a": "unterminated',
    '{1: 2}',
    "[" + '"' + "\\".repeat(3) + '"]',
    '{"a": tru}',
    "[01]",
  ]) {
    for (const sizes of SIZES) assert.equal(parseLargeJSONFile(file(text), sizes), undefined, `${text} ${JSON.stringify(sizes)}`);
  }
  // not a container, a UTF-16 file, a small file with the default sizes: read whole instead
  assert.equal(parseLargeJSONFile(file('"just a string"'), tiny(4, 2)), undefined);
  assert.equal(parseLargeJSONFile(file(Buffer.from("\ufeff[1]", "utf16le")), tiny(4, 2)), undefined);
  assert.equal(parseLargeJSONFile(file("[1, 2, 3]")), undefined);
});

test("nesting beyond the input limit is declined (the whole-file reader says where)", () => {
  const deep = '{"a": ' + "[".repeat(1000) + "]".repeat(1000) + ', "b": "' + "x".repeat(50) + '"}';
  assert.equal(parseLargeJSONFile(file(deep), tiny(32, 7)), undefined);
  const ok = '{"a": ' + "[".repeat(999) + "]".repeat(999) + ', "b": "' + "x".repeat(50) + '"}';
  assert.deepStrictEqual(parseLargeJSONFile(file(ok), tiny(32, 7)), JSON.parse(ok));
});
