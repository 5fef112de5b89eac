// Rego's text form of values (OPA's Value.String()): what print() and sprintf("%v") show.
//   "a" -> "a" (quoted), [1, "a"], {"k": 1}, {1, 2}, set()

import { Float, numToString } from "./number.js";
import { type Value, RObject, RSet } from "./value.js";

export function formatValue(v: Value): string {
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "boolean":
      return v ? "true" : "false";
    case "number":
    case "bigint":
      return String(v);
  }
  if (v === null) return "null";
  if (v instanceof Float) return numToString(v);
  if (Array.isArray(v)) return "[" + (v as readonly Value[]).map(formatValue).join(", ") + "]";
  if (v instanceof RObject) {
    const parts: string[] = [];
    for (const [k, val] of v.entries()) parts.push(formatValue(k) + ": " + formatValue(val));
    return "{" + parts.join(", ") + "}";
  }
  if (v instanceof RSet) {
    if (v.size === 0) return "set()";
    return "{" + v.values().map(formatValue).join(", ") + "}";
  }
  return String(v);
}
