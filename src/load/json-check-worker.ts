// Worker thread of unread-members.ts, on the shared file buffer. First it scans the text the
// main thread parses (the ranges outside the cuts) for nesting and large numbers, and publishes
// the result in `status` (see ScanStatus) for the main thread to take without an event turn;
// then it checks that each cut range is one JSON value, and answers with one verdict per range.

import { parentPort, workerData } from "node:worker_threads";
import { ScanStatus, isOneJSONValue, scanJSONBytes } from "./json-check.js";

export interface JSONCheckJob {
  buffer: SharedArrayBuffer;
  /** the cuts: each must be one JSON value */
  ranges: [number, number][];
  /** the text outside the cuts, in order */
  rest: [number, number][];
  maxDepth: number;
  /** Int32Array over it: see ScanStatus */
  status: SharedArrayBuffer;
}

const job = workerData as JSONCheckJob;
const bytes = new Uint8Array(job.buffer);
const status = new Int32Array(job.status);
const scan = scanJSONBytes(bytes, job.rest, job.maxDepth);
Atomics.store(status, ScanStatus.FLAGS, (scan.tooDeep ? ScanStatus.TOO_DEEP : 0) | (scan.bigNumbers ? ScanStatus.BIG_NUMBERS : 0));
Atomics.store(status, ScanStatus.DONE, 1);
Atomics.notify(status, ScanStatus.DONE);
parentPort!.postMessage(job.ranges.map(([start, end]) => isOneJSONValue(bytes, start, end)));
