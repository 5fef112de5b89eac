// Terraform expressions inside CDKTF / Terraform JSON configuration: strings with `${...}`
// interpolations or `%{...}` directives are only known after apply (they reference other
// resources, variables, functions). Finds their paths and the resources they reference.

import type { Path } from "../../model/types.js";
import { referencedResource } from "../terraform/addresses.js";
import { DepthLimitError, MAX_VALUE_DEPTH, isRecord } from "../terraform/paths.js";

/** Whether a string holds an interpolation or directive (`$${` and `%%{` are escapes). */
export function isExpression(s: string): boolean {
  for (let i = s.indexOf("{"); i > 0; i = s.indexOf("{", i + 1)) {
    const c = s[i - 1];
    if ((c === "$" || c === "%") && (i < 2 || s[i - 2] !== c)) return true;
  }
  return false;
}

/** The text inside each `${...}` of a string (nested braces balanced). */
function interpolations(s: string): string[] {
  const out: string[] = [];
  let i = s.indexOf("${");
  while (i >= 0) {
    if (i > 0 && s[i - 1] === "$") {
      i = s.indexOf("${", i + 2);
      continue;
    }
    let depth = 1;
    let j = i + 2;
    let quote = false;
    for (; j < s.length && depth > 0; j++) {
      const c = s[j];
      if (quote) {
        if (c === "\\") j++;
        else if (c === '"') quote = false;
      } else if (c === '"') quote = true;
      else if (c === "{") depth++;
      else if (c === "}") depth--;
    }
    out.push(s.slice(i + 2, j - 1));
    i = s.indexOf("${", j);
  }
  return out;
}

const REFERENCE = /(?<![\w.\-"])((?:data\.)?[A-Za-z_][A-Za-z0-9_-]*\.[A-Za-z_][A-Za-z0-9_-]*)/g;

/** Resource addresses referenced from a string's interpolations. */
export function referencesIn(s: string): string[] {
  const out: string[] = [];
  for (const expr of interpolations(s)) {
    for (const m of expr.matchAll(REFERENCE)) {
      const res = referencedResource(m[1]!);
      if (res) out.push(res);
    }
  }
  return out;
}

export interface ExpressionScan {
  /** paths of string values that are expressions */
  paths: Path[];
  /** resources referenced anywhere in the value */
  references: Set<string>;
}

/** Scans a value (iteratively) for expression strings. */
export function scanExpressions(value: unknown, where: string): ExpressionScan {
  const paths: Path[] = [];
  const references = new Set<string>();
  const stack: { node: unknown; path: Path }[] = [{ node: value, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (path.length > MAX_VALUE_DEPTH) throw new DepthLimitError(where);
    if (typeof node === "string") {
      if (isExpression(node)) {
        paths.push(path);
        for (const r of referencesIn(node)) references.add(r);
      }
    } else if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], path: [...path, i] });
    } else if (isRecord(node)) {
      const keys = Object.keys(node);
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ node: node[keys[i]!], path: [...path, keys[i]!] });
    }
  }
  return { paths, references };
}
