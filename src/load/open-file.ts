// Reading parts of a file by position, for the readers of large JSON files (json-chunks.ts,
// unread-members.ts).

import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/** `fn` on the open file and its size, the file closed after; undefined when it cannot be opened. */
export function withFile<T>(path: string, fn: (fd: number, size: number) => T): T | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    return fn(fd, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
}

/** Fills `into` from `position` on; false when the file ends first (it changed while reading). */
export function readFully(fd: number, into: Uint8Array, position: number): boolean {
  let off = 0;
  while (off < into.length) {
    const n = readSync(fd, into, off, into.length - off, position + off);
    if (n <= 0) return false;
    off += n;
  }
  return true;
}
