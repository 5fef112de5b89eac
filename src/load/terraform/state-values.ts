// `terraform show -json` of a state: `values.root_module` with `resources` and nested
// `child_modules`. Every resource is an existing object: action "no-op", before = after = its
// values (sensitive ones redacted by `sensitive_values`, or by name for format 0.1).

import { SENSITIVE_VALUE, type Path, type Resource } from "../../model/types.js";
import type { ReadContext } from "../types.js";
import { providerFromType, providerShortName } from "../provider-types.js";
import { lifecycleFor, type LifecycleContext } from "./lifecycle-hcl.js";
import { DepthLimitError, PathWriter, getAt, isRecord, maskPaths, own, type Rec } from "./paths.js";
import { stateObjectResource } from "./resource-builder.js";
import { redactPaths, secretNamePaths } from "./sensitive.js";

export interface StateValuesResult {
  resources: Resource[];
  raw: unknown;
  managed: number;
  lifecycleFound: number;
  /** resources redacted by attribute name (no sensitive_values) */
  byName: number;
}

export function readStateValues(state: Rec, ctx: ReadContext & LifecycleContext, file: string): StateValuesResult {
  const w = new PathWriter(state);
  const resources: Resource[] = [];
  let managed = 0;
  let lifecycleFound = 0;
  let byName = 0;
  const root = getAt(state, ["values", "root_module"]);
  const stack: { mod: unknown; path: Path; depth: number }[] = isRecord(root)
    ? [{ mod: root, path: ["values", "root_module"], depth: 0 }]
    : [];
  // modules in document order: process a module's resources, then its children in order
  while (stack.length > 0) {
    const { mod, path, depth } = stack.shift()!;
    if (depth > 200) throw new DepthLimitError(`${file} values.root_module`);
    const list = own(mod, "resources");
    if (Array.isArray(list)) {
      list.forEach((r, k) => {
        if (!isRecord(r)) return;
        const address = own(r, "address");
        const type = own(r, "type");
        const name = own(r, "name");
        if (typeof address !== "string" || typeof type !== "string" || typeof name !== "string") return;
        const mode = own(r, "mode") === "data" ? "data" : "managed";
        const modAddr = own(mod, "address");
        const module = typeof modAddr === "string" && modAddr !== "" ? modAddr : moduleOf(address, mode, type);
        const values = isRecord(own(r, "values")) ? (own(r, "values") as Rec) : null;
        const where = `${file} ${address}`;
        const marked = Object.prototype.hasOwnProperty.call(r, "sensitive_values");
        if (!marked && values !== null) byName++;
        const paths = marked ? maskPaths(r["sensitive_values"], where) : secretNamePaths(type, values, where);
        const red = redactPaths(values, paths);
        if (red.value !== values) w.set([...path, "resources", k, "values"], red.value);
        let preventDestroy: boolean | null = null;
        if (mode === "managed") {
          managed++;
          const entry = lifecycleFor(ctx.lifecycle, module, mode, type, name);
          if (entry) {
            lifecycleFound++;
            preventDestroy = entry.prevent_destroy;
          }
        }
        const deps = own(r, "depends_on");
        const deposed = own(r, "deposed_key");
        resources.push(
          stateObjectResource({
            sourceId: ctx.sourceId,
            address,
            deposed,
            type,
            name,
            provider: providerShortName(own(r, "provider_name")) ?? providerFromType(type),
            module,
            mode,
            values: red.value,
            sensitive: red.sensitive,
            prevent_destroy: preventDestroy,
            deps,
          }),
        );
      });
    }
    const children = own(mod, "child_modules");
    if (Array.isArray(children)) children.forEach((c, j) => stack.push({ mod: c, path: [...path, "child_modules", j], depth: depth + 1 }));
  }
  const outputs = getAt(state, ["values", "outputs"]);
  if (isRecord(outputs))
    for (const n of Object.keys(outputs))
      if (own(outputs[n], "sensitive") === true && own(outputs[n], "value") != null) w.set(["values", "outputs", n, "value"], SENSITIVE_VALUE);
  return { resources, raw: w.value, managed, lifecycleFound, byName };
}

/** The module part of a resource address (`module.a["x"].aws_s3_bucket.b[0]` -> `module.a["x"]`). */
export function moduleOf(address: string, mode: string, type: string): string | null {
  const marker = `${mode === "data" ? "data." : ""}${type}.`;
  if (address.startsWith(marker)) return null;
  const at = address.lastIndexOf(`.${marker}`);
  return at > 0 ? address.slice(0, at) : null;
}
