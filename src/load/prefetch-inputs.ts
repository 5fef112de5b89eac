// Reading the bytes of large input files while the policies compile: the read runs on libuv's
// thread pool, so the main thread's compile and the disk (or page cache) work at the same time.
// Only files the chunked reader does not take (json-chunks.ts) and large enough for the read to
// matter; the bytes sit in shared memory, so a worker thread can check them (unread-members.ts).
// Anything that goes wrong here is left to the normal read, which reports it.

import { closeSync, fstatSync, openSync, read } from "node:fs";
import { CHUNK_SIZES } from "./json-chunks.js";
import { MIN_PARTIAL_SIZE } from "./unread-members.js";

/** Input files' bytes by path, read ahead. */
export type Prefetched = ReadonlyMap<string, Uint8Array>;

export interface PrefetchSizes {
  /** files smaller than this are read when their turn comes */
  min: number;
  /** files from this size on are left to the chunked reader */
  max: number;
}

const SIZES: PrefetchSizes = { min: MIN_PARTIAL_SIZE, max: CHUNK_SIZES.largeFile };

/** Starts reading the named regular files whose size is in [min, max); resolves once all are read. */
export async function prefetchInputs(paths: readonly string[], sizes: PrefetchSizes = SIZES): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  await Promise.all(
    [...new Set(paths)].map(async (path) => {
      const bytes = await readAhead(path, sizes).catch(() => null);
      if (bytes) out.set(path, bytes);
    }),
  );
  return out;
}

/**
 * The file is opened and sized here, synchronously (microseconds); the read itself is one request
 * to the thread pool, which needs nothing from this thread until it is done: a chain of awaited
 * steps would stall at each step behind the compile.
 */
async function readAhead(path: string, sizes: PrefetchSizes): Promise<Uint8Array | null> {
  const fd = openSync(path, "r");
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size < sizes.min || st.size >= sizes.max) return null;
    const bytes = new Uint8Array(new SharedArrayBuffer(st.size));
    let off = 0;
    while (off < bytes.length) {
      const n = await readAt(fd, bytes, off);
      if (n <= 0) return null; // the file shrank while being read: read it normally
      off += n;
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, bytes: Uint8Array, off: number): Promise<number> {
  return new Promise((resolve, reject) => read(fd, bytes, off, bytes.length - off, off, (e, n) => (e ? reject(e) : resolve(n))));
}
