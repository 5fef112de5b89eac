// adoptJSON hands a parsed document to the engine without copying it, converting an object's
// values only when the object is first read: whatever is read must be exactly what fromJSON
// (the copying conversion) gives, and what is never read is never converted.

import { test } from "node:test";
import assert from "node:assert/strict";
import { RObject, adoptJSON, compare, equal, fromJSON, toJSONText, compile } from "../../src/rego/index.js";
import { rng } from "../random.js";

function randomDoc(rand: () => number, depth: number): unknown {
  const r = rand();
  if (depth > 6 || r < 0.3) {
    const s = rand();
    if (s < 0.2) return ["", "a", "__proto__", "constructor", "é"][Math.floor(rand() * 5)];
    if (s < 0.4) return Math.floor(rand() * 200) - 100;
    if (s < 0.5) return rand() * 10;
    if (s < 0.6) return -0;
    if (s < 0.7) return 123456789012345678901n;
    if (s < 0.8) return rand() < 0.5;
    return null;
  }
  const len = Math.floor(rand() * 5);
  if (r < 0.6) return Array.from({ length: len }, () => randomDoc(rand, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = 0; i < len; i++) {
    const k = ["a", "b", "__proto__", "constructor", "toString", `k${i}`][Math.floor(rand() * 6)]!;
    if (k === "__proto__") Object.defineProperty(o, k, { value: randomDoc(rand, depth + 1), enumerable: true, writable: true, configurable: true });
    else o[k] = randomDoc(rand, depth + 1);
  }
  return o;
}

/** A deep copy that keeps `__proto__` as a data property (structuredClone would too, JSON would not keep bigint). */
function copy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copy);
  if (typeof v !== "object" || v === null) return v;
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(v)) Object.defineProperty(o, k, { value: copy((v as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
  return o;
}

test("an adopted document reads exactly as a copied one, at every level", () => {
  const rand = rng(11);
  for (let i = 0; i < 1500; i++) {
    const doc = randomDoc(rand, 0);
    const copied = fromJSON(doc);
    const adopted = adoptJSON(copy(doc));
    assert.ok(equal(adopted, copied), toJSONText(copied));
    assert.equal(compare(adopted, copied), 0);
    assert.equal(toJSONText(adopted), toJSONText(copied));
  }
});

test("objects no policy reads are not converted; `__proto__` stays data; shared records read alike", () => {
  const inner = { deep: { x: 1 } };
  const shared = { n: 2.5 };
  const doc = { a: { b: 1 }, untouched: inner, s1: shared, s2: shared };
  Object.defineProperty(doc, "__proto__", { value: { polluted: true }, enumerable: true, writable: true, configurable: true });
  const v = adoptJSON(doc) as RObject;
  assert.equal((v.get("a") as RObject).get("b"), 1);
  // the untouched branch is still the plain object that was handed over
  assert.equal(Object.getPrototypeOf(inner), Object.prototype);
  assert.equal(Object.getPrototypeOf(inner.deep), Object.prototype);
  assert.ok(equal(v.get("s1")!, v.get("s2")!));
  assert.equal(toJSONText(v.get("__proto__")!), '{"polluted":true}');
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  const ps = compile({ "p.rego": "package p\nimport rego.v1\nn := input.s2.n + input.s1.n\nkeys := {k | some k, _ in input}\n" });
  // (the document handed over above is the engine's now: a fresh one, sharing a record)
  const again = { n: 2.5 };
  const out = ps.eval("data.p", { input: adoptJSON({ s1: again, s2: again, z: [{ q: [1, { r: 2 }] }] }) });
  assert.equal(toJSONText(out[0]!.expressions[0]!.value), '{"keys":["s1","s2","z"],"n":5}');
});

test("reading one value of an adopted object converts that value alone; listing the object converts the rest", () => {
  const nested = { deep: 1 };
  const list = [{ x: 1 }];
  const rec: Record<string, unknown> = { type: "aws_s3_bucket", n: -0, big: 2 ** 60, flag: true, none: null, nested, list };
  Object.defineProperty(rec, "__proto__", { value: "data", enumerable: true, writable: true, configurable: true });
  const v = adoptJSON(rec) as RObject;
  assert.equal(v.get("type"), "aws_s3_bucket");
  assert.ok(Object.is(v.get("n"), 0), "-0 reads as 0, as fromJSON gives it");
  assert.equal(v.get("flag"), true);
  assert.equal(v.get("none"), null);
  assert.equal(v.get("__proto__"), "data");
  assert.equal(v.get("toString"), undefined, "inherited properties are not keys");
  assert.equal(v.get("missing"), undefined);
  assert.equal(rec["nested"], nested, "not converted yet");
  assert.ok(!(list[0] instanceof RObject));
  // a number that is not a safe integer, or a composite, is converted alone
  assert.ok(equal(v.get("big")!, fromJSON(2 ** 60)));
  assert.equal(rec["nested"], nested, "not converted yet");
  assert.ok(v.get("nested") instanceof RObject);
  assert.ok(rec["nested"] instanceof RObject);
  assert.equal(rec["nested"], v.get("nested"), "converted once");
  assert.ok(!(list[0] instanceof RObject));
  // listing the object converts the rest
  assert.equal(v.size, 8);
  assert.ok(list[0] instanceof RObject);
  assert.equal(toJSONText(v), toJSONText(fromJSON({ type: "aws_s3_bucket", n: 0, big: 2 ** 60, flag: true, none: null, nested: { deep: 1 }, list: [{ x: 1 }], ["__proto__"]: "data" })));
});
