// Reads a large JSON object without building the top-level members nothing will read: when no
// policy reads input.raw, a Terraform plan's planned_values and prior_state (half of a plan's
// text, repeating what resource_changes says) are only ever checked to be valid JSON.
//
// Each such member is found by its key and cut out of the text up to the key that follows it
// (terraform show -json writes its members in a fixed order), and a sentinel string takes its
// place. JSON.parse of the rest then proves that everything outside the cuts is valid JSON and
// that each sentinel is the value of that key at the top level. That each cut is itself one
// valid JSON value is checked by a worker thread on the file's bytes, while this thread parses
// and reads the rest; the document is only used once `checked` says true. When it says false
// (a corrupt plan, or a text whose cut fell elsewhere than terraform would put it), the caller
// reads the file whole, which gives the located error or the right document.

import { randomUUID } from "node:crypto";
import { afterBOM, skipJSONSpace } from "./json-check.js";
import type { JSONCheckJob } from "./json-check-worker.js";
import { readFully, withFile } from "./open-file.js";
import { parseJSONText } from "./parse-document.js";
import { startWorker } from "./worker-thread.js";

export interface UnreadMember {
  /** a top-level key whose value (an object) no reader reads */
  key: string;
  /** keys that may directly follow it in the writer's order: the member ends where the first begins */
  next: readonly string[];
}

export interface PartialDocument {
  /** the document, each member cut out holding an empty object */
  data: Record<string, unknown>;
  /** whether every cut is one valid JSON value, once the worker thread has looked */
  checked: Promise<CutCheck>;
}

/**
 * valid: the document stands. Otherwise the file must be read whole: a cut is not valid JSON,
 * or (`failure`) the worker thread itself failed, which the report should say.
 */
export type CutCheck = { valid: true } | { valid: false; failure?: string };

/** Files smaller than this are read whole: a worker thread costs more than the cut saves. */
export const MIN_PARTIAL_SIZE = 8 * 1024 * 1024;

/**
 * The document of a JSON file with `members` cut out, or null when the file is small, is not a
 * JSON object in UTF-8 with those members where the writer puts them, or does not parse: the
 * caller then reads it whole (and reports what is wrong with it).
 */
export function parseWithoutMembers(path: string, members: readonly UnreadMember[], minSize = MIN_PARTIAL_SIZE): PartialDocument | null {
  const bytes = readShared(path, minSize);
  if (bytes === null) return null;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const first = skipJSONSpace(buf, afterBOM(buf), buf.length);
  if (buf[first] !== 0x7b) return null;

  const cuts = findCuts(buf, first + 1, members);
  if (cuts.length === 0) return null;

  // the worker checks the cuts while this thread parses the rest
  const job: JSONCheckJob = { buffer: bytes.buffer as SharedArrayBuffer, ranges: cuts.map((c) => [c.start, c.end]) };
  const worker = startWorker(import.meta.url, "json-check-worker", { workerData: job });
  const checked = new Promise<CutCheck>((resolve) => {
    worker.once("message", (verdicts: boolean[]) => resolve({ valid: verdicts.length === cuts.length && verdicts.every((v) => v) }));
    worker.once("error", (e) => resolve({ valid: false, failure: e.message.split("\n")[0]! }));
    worker.once("exit", (code) => resolve({ valid: false, failure: `the worker thread exited with code ${code}` }));
  });

  const nonce = randomUUID();
  const sentinel = (i: number) => `\u0000policy-check unread member ${i} ${nonce}`;
  const parts: string[] = [];
  let at = first;
  cuts.forEach((c, i) => {
    parts.push(buf.toString("utf8", at, c.start), JSON.stringify(sentinel(i)));
    at = c.end;
  });
  parts.push(buf.toString("utf8", at));

  let data: unknown;
  try {
    data = parseJSONText(parts.join(""), path);
  } catch {
    void worker.terminate();
    return null;
  }
  const doc = data as Record<string, unknown>;
  const placed = cuts.every((c, i) => Object.prototype.hasOwnProperty.call(doc, c.key) && doc[c.key] === sentinel(i));
  if (!placed) {
    void worker.terminate();
    return null;
  }
  for (const c of cuts) doc[c.key] = {};
  return { data: doc, checked };
}

interface Cut {
  key: string;
  start: number;
  end: number;
}

/** Where each member's value starts and where the next member begins, in file order. */
function findCuts(buf: Buffer, from: number, members: readonly UnreadMember[]): Cut[] {
  const cuts: Cut[] = [];
  for (const m of members) {
    const marker = `"${m.key}":`;
    const at = buf.indexOf(marker, from);
    // a member starts after `{` or `,` (terraform writes no whitespace), its value is an object
    if (at < 0 || (buf[at - 1] !== 0x7b && buf[at - 1] !== 0x2c)) continue;
    const start = at + marker.length;
    if (buf[start] !== 0x7b) continue;
    // the nearest of the keys that may follow (each search bounded by the nearest so far)
    let end = -1;
    for (const next of m.next) {
      const p = buf.subarray(start, end < 0 ? buf.length : end).indexOf(`,"${next}":`);
      if (p >= 0) end = start + p;
    }
    if (end < 0) continue;
    cuts.push({ key: m.key, start, end });
    from = end;
  }
  return cuts;
}

/** The file's bytes in memory a worker thread can share, or null when it is smaller than `minSize`. */
function readShared(path: string, minSize: number): Uint8Array | null {
  return (
    withFile(path, (fd, size) => {
      if (size < minSize) return null;
      const bytes = new Uint8Array(new SharedArrayBuffer(size));
      return readFully(fd, bytes, 0) ? bytes : null;
    }) ?? null
  );
}
