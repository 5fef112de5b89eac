// Pulumi outputs that are not one JSON/YAML document — the text display of `pulumi preview` /
// `pulumi up`, and JSON Lines engine event streams — are refused in one line saying what to
// run instead; the reader order puts format readers first and refusal readers last.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { READERS } from "../../src/load/readers.js";
import { parseInputText } from "../../src/load/parse-document.js";
import { InputError } from "../../src/load/input-error.js";
import { assertInputError, root, runCli } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "pc-pulumi-text-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) => join(root, "test/fixtures/pulumi", name);

function write(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

const RUN_INSTEAD = /run `pulumi preview --json > preview\.json`/;

test("the text display of pulumi preview is refused: run pulumi preview --json instead", () => {
  const f = fixture("preview.txt");
  assertInputError(runCli([f]), f, /this is the text display of a Pulumi command, which policy-check does not read; run `pulumi preview --json > preview\.json`/);
});

test("displays captured with colors, CRLF line ends, from pulumi up, or parsing as YAML are refused too", () => {
  const plain = readFileSync(fixture("preview.txt"), "utf8");
  const colored = plain.replace("Previewing update", "\u001b[1m\u001b[38;5;13mPreviewing update\u001b[0m").replace(/Resources:/, "\u001b[1mResources:\u001b[0m");
  const up = `Updating (production)

     Type                     Name               Status
     pulumi:pulumi:Stack      orders-production
 -   └─ aws:rds:Instance      orders-db          deleted (3s)

Resources:
    - 1 deleted

Duration: 5s
`;
  const destroy = "Previewing destroy (dev)\n\nResources:\n    - 3 to delete\n";
  for (const [name, text] of [
    ["colored.txt", colored],
    ["crlf.txt", plain.replace(/\n/g, "\r\n")],
    ["up.txt", up],
    ["destroy.txt", destroy],
  ] as const) {
    const f = write(name, text);
    assertInputError(runCli([f]), f, /text display of a Pulumi command.*pulumi preview --json > preview\.json/);
  }
});

test("JSON Lines engine event streams are refused: --event-log, pulumi up --json, streaming previews", () => {
  const f = fixture("preview-events.jsonl");
  assertInputError(runCli([f]), f, /this is a Pulumi engine event stream .*run `pulumi preview --json > preview\.json`/);
  // a first event larger than the 64 KB the display check looks at
  const lines = readFileSync(f, "utf8").trim().split("\n");
  const big = JSON.parse(lines[1]!) as { resourcePreEvent: { metadata: Record<string, unknown> } };
  big.resourcePreEvent.metadata["padding"] = "x".repeat(200_000);
  const g = write("big-events.jsonl", [JSON.stringify(big), ...lines.slice(2)].join("\n") + "\n");
  assertInputError(runCli([g]), g, /engine event stream/);
  // one event alone is one JSON document: refused by the refusal reader, after the format readers
  const one = write("one-event.json", lines[1]!);
  assertInputError(runCli([one]), one, /engine event stream/);
  // the stream collected into a JSON array
  const arr = write("events-array.json", `[${lines.join(",")}]`);
  assertInputError(runCli([arr]), arr, /engine event stream/);
});

test("text that is neither JSON nor YAML and not Pulumi keeps the parse error with its line and column", () => {
  const f = write("notes.txt", "Some notes: about: the plan\n");
  assertInputError(runCli([f]), f, /neither JSON nor valid YAML at line 1 column \d+/);
  const g = write("lines.jsonl", '{"a": 1}\n{"b": 2}\n');
  assertInputError(runCli([g]), g, /not valid JSON at line 2 column 1/);
  // one line is not enough to call it a display: it stays a YAML string (an unknown format later)
  assert.equal(parseInputText("Previewing update (dev)\n", "p.txt").data, "Previewing update (dev)");
  assert.throws(() => parseInputText(readFileSync(fixture("preview.txt"), "utf8"), "p.txt"), (e: unknown) => e instanceof InputError && RUN_INSTEAD.test(e.message));
});

test("reader order: format readers first, refusal readers last, and refusals are not listed as formats", () => {
  const firstRefusal = READERS.findIndex((r) => r.refuses === true);
  assert.ok(firstRefusal > 0, "there is a refusal reader");
  assert.ok(READERS.slice(firstRefusal).every((r) => r.refuses === true), READERS.map((r) => r.label).join(" | "));
  // a real preview is still read (and finds the deletion)
  const run = runCli(["-f", "json", fixture("preview-delete-rds.json")]);
  assert.equal(run.code, 1, run.stderr);
  assert.equal((JSON.parse(run.stdout) as { sources: { kind: string }[] }).sources[0]!.kind, "pulumi-preview");
  // the unknown-format message names the formats read, not the refusal readers
  const f = write("unknown.json", '{"hello": "world"}');
  const line = assertInputError(runCli([f]), f, /unknown input format/);
  assert.ok(!line.includes("refused with what to run instead"), line);
});
