// The GITHUB_TOKEN permissions of a workflow job: the job's `permissions:` replaces the
// workflow's entirely; with neither, the repository's default applies, which policy-check treats
// as unscoped (it is write access to everything in repositories created before February 2023 and
// wherever an organization kept that default). `write-all` is unscoped too; `read-all` reads
// everything; a map grants each scope read or write (write includes read) or none.

import { isRecord } from "../../terraform/paths.js";

export interface JobPermissions {
  /** operations as `scope:read` / `scope:write`, `*` for write-all or the default, `*:read` for read-all */
  operations: string[];
  /** "job", "workflow" or "default" (no permissions block anywhere) */
  source: "job" | "workflow" | "default";
  /** the block as written (a string, a map, or null for the default) */
  declared: unknown;
  /** whether the block is an expression or of an unknown shape */
  unknown: boolean;
}

const LEVELS = new Set(["read", "write", "none"]);

export function jobPermissions(workflowLevel: unknown, jobLevel: unknown): JobPermissions {
  const source = jobLevel !== undefined ? "job" : workflowLevel !== undefined ? "workflow" : "default";
  const declared = jobLevel !== undefined ? jobLevel : workflowLevel;
  if (source === "default" || declared === null) return { operations: ["*"], source: "default", declared: null, unknown: false };
  if (typeof declared === "string") {
    const v = declared.trim().toLowerCase();
    if (v === "write-all") return { operations: ["*"], source, declared, unknown: false };
    if (v === "read-all") return { operations: ["*:read"], source, declared, unknown: false };
    return { operations: [], source, declared, unknown: true };
  }
  if (!isRecord(declared)) return { operations: [], source, declared: null, unknown: true };
  const operations: string[] = [];
  let unknown = false;
  const map = Object.create(null) as Record<string, string>;
  for (const scope of Object.keys(declared).slice(0, 100)) {
    const raw = declared[scope];
    const level = typeof raw === "string" ? raw.trim().toLowerCase() : String(raw);
    Object.defineProperty(map, scope, { value: level, enumerable: true, writable: true, configurable: true });
    if (!LEVELS.has(level)) {
      unknown = true;
      continue;
    }
    if (level !== "none") operations.push(`${scope}:${level}`);
  }
  return { operations, source, declared: map, unknown };
}
