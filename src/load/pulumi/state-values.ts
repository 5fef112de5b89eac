// A resource state (`oldState`/`newState` of a preview step, a stack export resource) as model
// values. A state has `inputs` (what the program asked for, with provider defaults) and `outputs`
// (what the provider reported; for bridged providers every attribute). The values before a change
// are the outputs, completed by the inputs; after it, the inputs win (they are the desired values;
// outputs in a preview may still be the old ones) and the outputs complete them.

import type { Path } from "../../model/types.js";
import { UNKNOWN_VALUE } from "../../model/types.js";
import { isRecord, own, setOwn, type Rec } from "../terraform/paths.js";
import { convertProperties, put, type Converted } from "./property-values.js";
import { isInternalKey, propertyName } from "./property-names.js";
import { shapeOf, type Spec } from "./property-shapes.js";

export interface StateValues {
  value: Rec;
  unknown: Path[];
  sensitive: Path[];
  rawSecrets: Path[];
  byName: number;
}

export interface StateOptions {
  type: string;
  shapes: Spec | null;
  /** raw path of the state object */
  rawBase: Path;
  where: string;
  extraSecretNames?: ReadonlySet<string>;
}

/** Converts a state's inputs and outputs and merges them (`side` decides which wins). */
export function stateValues(state: Rec, side: "before" | "after", opts: StateOptions): StateValues {
  const conv = (key: "inputs" | "outputs"): Converted =>
    convertProperties(own(state, key), {
      type: opts.type,
      shapes: opts.shapes,
      rawBase: [...opts.rawBase, key],
      where: `${opts.where} ${key}`,
      extraSecretNames: opts.extraSecretNames,
    });
  const inputs = conv("inputs");
  const outputs = conv("outputs");
  const [primary, secondary] = side === "after" ? [inputs, outputs] : [outputs, inputs];
  const value: Rec = {};
  for (const k of Object.keys(secondary.value)) put(value, k, secondary.value[k]);
  for (const k of Object.keys(primary.value)) put(value, k, primary.value[k]);
  const won = (p: Path) => typeof p[0] !== "string" || !Object.prototype.hasOwnProperty.call(primary.value, p[0]);
  return {
    value,
    unknown: [...secondary.unknown.filter(won), ...primary.unknown],
    sensitive: [...secondary.sensitive.filter(won), ...primary.sensitive],
    rawSecrets: [...inputs.rawSecrets, ...outputs.rawSecrets],
    byName: inputs.byName + outputs.byName,
  };
}

/** The model name of a top-level raw property (`deletionProtection` -> `deletion_protection`, `rules` -> `rule`). */
export function modelName(rawKey: string, shapes: Spec | null): string {
  const name = propertyName(rawKey);
  return (shapes ? shapeOf(shapes, name)?.tf : undefined) ?? name;
}

/**
 * After an update or replacement, a property the diff names but the new inputs no longer set is
 * going back to the provider's default, which a preview does not know: unless the provider
 * computed a new output for it, its value after is unknown (never the stale old output).
 */
export function unsetByDiff(
  after: StateValues,
  changed: ReadonlySet<string>,
  newState: Rec,
  oldState: Rec | null,
  shapes: Spec | null,
): void {
  const inputs = own(newState, "inputs");
  const newOut = own(newState, "outputs");
  const oldOut = oldState ? own(oldState, "outputs") : undefined;
  for (const k of changed) {
    if (isInternalKey(k) || (isRecord(inputs) && Object.prototype.hasOwnProperty.call(inputs, k))) continue;
    const name = modelName(k, shapes);
    if (!Object.prototype.hasOwnProperty.call(after.value, name)) continue;
    const fresh = own(newOut, k);
    if (fresh !== undefined && !sameValue(fresh, own(oldOut, k))) continue;
    setOwn(after.value, name, UNKNOWN_VALUE);
    after.unknown = [...after.unknown.filter((p) => p[0] !== name), [name]];
    after.sensitive = after.sensitive.filter((p) => p[0] !== name);
  }
}

/** Deep equality of two JSON values (iterative, bounded). */
export function sameValue(a: unknown, b: unknown, limit = 100_000): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  let steps = 0;
  while (stack.length > 0) {
    if (++steps > limit) return false;
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x)) {
      const ya = y as unknown[];
      if (x.length !== ya.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i], ya[i]]);
      continue;
    }
    const xk = Object.keys(x);
    const yr = y as Rec;
    if (xk.length !== Object.keys(yr).length) return false;
    for (const k of xk) {
      if (!Object.prototype.hasOwnProperty.call(yr, k)) return false;
      stack.push([(x as Rec)[k], yr[k]]);
    }
  }
  return true;
}
