// OPA's Value.String(): the Rego text form of a value as sprintf's %v shows it. Strings are
// quoted with Go's strconv.Quote, objects and sets list their members in sorted order:
//   "a"  [1, "a"]  {"k": 1}  {1, 2}  set()

import { Float, numToString } from "../number.js";
import { type Value, RObject, RSet } from "../value.js";
import { quoteString } from "./go-fmt.js";

export function regoText(v: Value): string {
  const out: string[] = [];
  write(v, out);
  return out.join("");
}

function write(v: Value, out: string[]): void {
  switch (typeof v) {
    case "string":
      out.push(quoteString(v));
      return;
    case "boolean":
      out.push(v ? "true" : "false");
      return;
    case "number":
    case "bigint":
      out.push(String(v));
      return;
  }
  if (v === null) {
    out.push("null");
    return;
  }
  if (v instanceof Float) {
    out.push(numToString(v));
    return;
  }
  if (Array.isArray(v)) {
    out.push("[");
    (v as readonly Value[]).forEach((x, i) => {
      if (i > 0) out.push(", ");
      write(x, out);
    });
    out.push("]");
    return;
  }
  if (v instanceof RObject) {
    out.push("{");
    let i = 0;
    for (const [k, x] of v.entries()) {
      if (i++ > 0) out.push(", ");
      write(k, out);
      out.push(": ");
      write(x, out);
    }
    out.push("}");
    return;
  }
  if (v instanceof RSet) {
    if (v.size === 0) {
      out.push("set()");
      return;
    }
    out.push("{");
    v.values().forEach((x, i) => {
      if (i > 0) out.push(", ");
      write(x, out);
    });
    out.push("}");
  }
}
