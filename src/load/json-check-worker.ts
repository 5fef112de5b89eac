// Worker thread of unread-members.ts: checks that each byte range of the shared file buffer is
// one JSON value, and answers with one verdict per range.

import { parentPort, workerData } from "node:worker_threads";
import { isOneJSONValue } from "./json-check.js";

export interface JSONCheckJob {
  buffer: SharedArrayBuffer;
  ranges: [number, number][];
}

const job = workerData as JSONCheckJob;
const bytes = new Uint8Array(job.buffer);
parentPort!.postMessage(job.ranges.map(([start, end]) => isOneJSONValue(bytes, start, end)));
