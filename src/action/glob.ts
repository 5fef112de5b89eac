// File globs of the `plan` and `tokens` inputs: `*`, `?`, `**`, `[abc]`, `{a,b}`. A pattern
// without wildcards is passed through as given (a directory such as `cdktf.out/` included),
// so the checker reports a missing file by its name. A glob matching nothing is an error.

import { readdirSync } from "node:fs";
import { join, posix } from "node:path";

const MAGIC = /[*?[{]/;
const SKIP = new Set([".git", "node_modules"]);
const MAX_ENTRIES = 200_000;

export class GlobError extends Error {}

export function globToRegExp(pattern: string): RegExp {
  let re = "";
  let i = 0;
  let braces = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "*") {
      if (pattern[i + 1] === "*") {
        const atStart = i === 0 || pattern[i - 1] === "/";
        const slashAfter = pattern[i + 2] === "/";
        if (atStart && slashAfter) {
          re += "(?:[^/]*(?:/[^/]*)*/)?";
          i += 3;
          continue;
        }
        re += ".*";
        i += 2;
        continue;
      }
      re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        let cls = pattern.slice(i + 1, end).replace(/\\/g, "\\\\");
        if (cls.startsWith("!")) cls = "^" + cls.slice(1);
        re += `[${cls}]`;
        i = end;
      }
    } else if (c === "{") {
      braces++;
      re += "(?:";
    } else if (c === "}" && braces > 0) {
      braces--;
      re += ")";
    } else if (c === "," && braces > 0) re += "|";
    else re += c.replace(/[.+^$()|\\\]{}]/g, "\\$&");
    i++;
  }
  return new RegExp(`^${re}$`);
}

/** Expands the patterns relative to `cwd`; results sorted, duplicates removed, order of patterns kept. */
export function expandGlobs(patterns: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of patterns) {
    const pattern = raw.replace(/\\/g, "/").replace(/^\.\//, "");
    if (!MAGIC.test(pattern)) {
      if (!seen.has(raw)) out.push(raw);
      seen.add(raw);
      continue;
    }
    const segments = pattern.split("/");
    const first = segments.findIndex((s) => MAGIC.test(s));
    const base = segments.slice(0, first).join("/");
    const re = globToRegExp(pattern);
    const matches = walk(cwd, base).filter((p) => re.test(p)).sort();
    if (matches.length === 0) throw new GlobError(`no file matches '${raw}'`);
    for (const m of matches) {
      if (!seen.has(m)) out.push(m);
      seen.add(m);
    }
  }
  return out;
}

function walk(cwd: string, base: string): string[] {
  const files: string[] = [];
  const stack = [base];
  let entries = 0;
  while (stack.length > 0) {
    const rel = stack.pop()!;
    let list;
    try {
      list = readdirSync(join(cwd, rel || "."), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const d of list) {
      if (++entries > MAX_ENTRIES) throw new GlobError(`too many files under '${base || "."}' (more than ${MAX_ENTRIES}): use a narrower pattern`);
      const p = rel ? posix.join(rel, d.name) : d.name;
      if (d.isDirectory()) {
        if (!SKIP.has(d.name)) stack.push(p);
      } else if (d.isFile()) files.push(p);
    }
  }
  return files;
}
