// Large inputs read ahead while the policies compile (prefetch-inputs.ts): which files are read,
// that the bytes are the file's, in memory a worker thread can share, and that loading from them
// gives what loading from disk gives, by either road (members cut, or the whole document).

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { syntheticPlan } from "../../scripts/synthetic-plan.js";
import { loadInputs, type LoadOptions } from "../../src/load/load-inputs.js";
import { prefetchInputs } from "../../src/load/prefetch-inputs.js";
import { DIRECTORY_READERS, READERS, UNREAD_MEMBERS } from "../../src/load/readers.js";

const dir = mkdtempSync(join(tmpdir(), "policy-check-prefetch-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const small = write("small.json", "x".repeat(99));
const mid = write("mid.json", "y".repeat(100));
const top = write("top.json", "z".repeat(1000));
const sizes = { min: 100, max: 1000 };

test("reads the files in the size range, whole and into shared memory; leaves the others to the normal read", async () => {
  mkdirSync(join(dir, "a-dir"));
  const got = await prefetchInputs([small, mid, top, mid, join(dir, "missing.json"), join(dir, "a-dir")], { min: 0, max: 1000 });
  assert.deepEqual([...got.keys()].sort(), [mid, small].sort());
  const bytes = got.get(mid)!;
  assert.ok(bytes.buffer instanceof SharedArrayBuffer);
  assert.equal(Buffer.from(bytes).toString(), readFileSync(mid, "utf8"));
  assert.deepEqual([...(await prefetchInputs([small, mid, top], sizes)).keys()], [mid]);
  // an empty file in range is read as empty, not mistaken for a short read
  const empty = write("empty.json", "");
  assert.equal((await prefetchInputs([empty], { min: 0, max: 10 })).get(empty)?.length, 0);
});

const planText = JSON.stringify(syntheticPlan(40));
const planFile = write("plan.json", planText);
const base: LoadOptions = { readers: READERS, directoryReaders: DIRECTORY_READERS, tfDirs: [], workspace: null, lifecycle: null };

for (const [road, opts] of [
  ["the members cut", { ...base, raw: false, unread: UNREAD_MEMBERS, unreadMinSize: 0 }],
  ["the whole document", { ...base, raw: true }],
] as const) {
  test(`loading from the bytes read ahead, ${road}, gives what loading from disk gives`, async () => {
    const prefetched = await prefetchInputs([planFile], { min: 0, max: 1e9 });
    assert.equal(prefetched.size, 1);
    const fromDisk = loadInputs([planFile], opts);
    const ahead = loadInputs([planFile], { ...opts, prefetched });
    assert.equal(ahead.checked.length, road === "the members cut" ? 1 : 0);
    for (const c of [...fromDisk.checked, ...ahead.checked]) assert.deepEqual(await c, { valid: true });
    assert.deepEqual(ahead.resources, fromDisk.resources);
    assert.deepEqual(ahead.raws, fromDisk.raws);
    assert.equal(ahead.resources.length, 40);
  });
}

test("the bytes read ahead are what is loaded (the file is not read again)", async () => {
  const file = write("changing.json", planText);
  const prefetched = await prefetchInputs([file], { min: 0, max: 1e9 });
  writeFileSync(file, "not JSON at all");
  for (const opts of [{ ...base, raw: true }, { ...base, raw: false, unread: UNREAD_MEMBERS, unreadMinSize: 0 }]) {
    const loaded = loadInputs([file], { ...opts, prefetched });
    assert.equal(loaded.resources.length, 40);
    for (const c of loaded.checked) assert.deepEqual(await c, { valid: true });
  }
  assert.throws(() => loadInputs([file], base), /not JSON|JSON/);
});
