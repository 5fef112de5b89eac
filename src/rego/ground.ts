// Ground terms: literals made only of scalars (`{"delete", "read"}`, `["a", 1]`, `{"k": [1]}`),
// whose value is known without evaluating anything.

import type { Term } from "./ast.js";
import { RObject, RSet, type Value } from "./value.js";

export function isGround(t: Term): boolean {
  switch (t.kind) {
    case "scalar":
      return true;
    case "array":
    case "set":
      return t.items.every(isGround);
    case "object":
      return t.entries.every(([k, v]) => isGround(k) && isGround(v));
    default:
      return false;
  }
}

/** The value of a term built of scalars, arrays, sets and objects; `other` answers any other term (or throws). */
export function groundTermValue(t: Term, other: (t: Term) => Value): Value {
  const value = (x: Term): Value => groundTermValue(x, other);
  switch (t.kind) {
    case "scalar":
      return t.value;
    case "array":
      return t.items.map(value);
    case "set":
      return RSet.of(t.items.map(value));
    case "object": {
      const o = new RObject();
      for (const [k, v] of t.entries) o.set(value(k), value(v));
      return o;
    }
    default:
      return other(t);
  }
}
