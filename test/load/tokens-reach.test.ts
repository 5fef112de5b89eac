// The environments a token's resource patterns reach: the indexed matching (literal prefix,
// literal suffix, trigrams) finds exactly what comparing every pattern with every name finds.

import { test } from "node:test";
import assert from "node:assert/strict";
import type { Resource, Source } from "../../src/model/types.js";
import { globMatch, Reach } from "../../src/load/tokens/token-reach.js";
import { rng } from "../random.js";

function resource(source: string, environment: string, values: Record<string, unknown>): Resource {
  return { source, provider: "aws", account: null, environment, before: null, after: values, unknown: [] } as unknown as Resource;
}

const sources = [{ id: "s1", environment: null } as unknown as Source];

test("indexed pattern matching agrees with brute force on random names and globs", () => {
  const rand = rng(20261125);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const alphabet = ["a", "b", "c", "ab", "abc", ":", "/", "-", "vol", "arn:aws:ec2:", "1", "23", "é", "\u{1F600}"];
  const word = (n: number) => Array.from({ length: n }, () => pick(alphabet)).join("");
  const envs = ["production", "staging", "development", "backup"];
  for (let round = 0; round < 20; round++) {
    const resources: Resource[] = [];
    const names: [string, string][] = [];
    const count = 50 + Math.floor(rand() * 400);
    for (let i = 0; i < count; i++) {
      const env = pick(envs);
      // long names (over the trigram index's length) too
      const arn = rand() < 0.02 ? word(300) : word(1 + Math.floor(rand() * 12));
      const name = word(1 + Math.floor(rand() * 4));
      resources.push(resource("s1", env, { arn, name }));
      names.push([arn, env], [name, env]);
    }
    const reach = new Reach(sources, resources);
    for (let k = 0; k < 60; k++) {
      const parts = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => (rand() < 0.5 ? pick(["*", "?", "*", "**"]) : word(1 + Math.floor(rand() * 3))));
      const pattern = rand() < 0.3 ? pick(names)[0] : parts.join("");
      const expected = [...new Set(names.filter(([n]) => globMatch(pattern, n)).map(([, e]) => e))].sort();
      assert.deepEqual(reach.ofMatching("s1", [pattern]).sort(), expected, `round ${round}: ${JSON.stringify(pattern)}`);
    }
  }
});

test("a pattern is matched against the names that can match it, not every name", () => {
  // 2000 roles' patterns against 8000 volumes: each role names one volume number at the end
  const resources: Resource[] = [];
  for (let i = 0; i < 2000; i++)
    for (let j = 0; j < 4; j++) resources.push(resource("s1", j % 2 ? "production" : "staging", { arn: `arn:aws:ec2:eu-west-1:1:volume/vol-${i}-${j}` }));
  const reach = new Reach(sources, resources);
  const started = process.cpuUsage();
  for (let i = 0; i < 2000; i++) {
    const envs = reach.ofMatching("s1", [`arn:aws:ec2:*:1:volume/*-${i}-3`]);
    assert.deepEqual(envs, ["production"]);
    // a pattern sharing only common literals with the names and matching none of them
    assert.deepEqual(reach.ofMatching("s1", [`arn:aws:ec2:*:1:volume/*a*b*c*${i}`]), []);
  }
  const used = process.cpuUsage(started);
  const ms = Math.round((used.user + used.system) / 1000);
  assert.ok(ms < 1500, `${ms} ms of CPU`);
});

test("hostile patterns cannot take long, and never reach fewer environments than they may", () => {
  const resources: Resource[] = [];
  for (let i = 0; i < 5000; i++) resources.push(resource("s1", i % 2 ? "production" : "staging", { arn: `arn:aws:ec2:eu-west-1:1:volume/vol-${i}` }));
  const reach = new Reach(sources, resources);
  const started = process.cpuUsage();
  let widened = 0;
  // literals too short to index or common to every name, matching nothing: every name is a
  // candidate (each pattern is written differently, so none is answered from the cache)
  for (let i = 0; i < 300; i++) widened += reach.ofMatching("s1", [`arn:aws:ec2:*:1:volume/${"*".repeat(1 + (i % 30))}q${"*".repeat(1 + Math.floor(i / 30))}`]).length;
  const used = process.cpuUsage(started);
  assert.ok((used.user + used.system) / 1000 < 5000, `${Math.round((used.user + used.system) / 1000)} ms of CPU`);
  // once the comparison budget is spent, patterns are taken to reach the whole source
  assert.ok(widened > 0);
  assert.deepEqual(reach.ofMatching("s1", ["arn:aws:ec2:*:1:volume/*qq*"]).sort(), ["production", "staging"]);
  // a suffix no name has needs no comparison at all: still exact
  assert.deepEqual(reach.ofMatching("s1", ["arn:aws:ec2:*:1:volume/*qq*zz"]), []);
});
