// Raw Terraform state files (`terraform.tfstate`, version 4, Terraform 0.12+): `resources[]`
// with `instances[]`. Read directly (every object is existing: action "no-op"). Raw state does
// not mark schema-sensitive attributes, only values derived from sensitive inputs
// (`sensitive_attributes`), so attributes named like secrets are redacted by name as well, and
// the provider's `private` data is dropped from `input.raw`.

import { SENSITIVE_VALUE, type Resource } from "../../model/types.js";
import { InputError } from "../input-error.js";
import type { ReadContext } from "../types.js";
import { providerFromType, providerShortName } from "../provider-types.js";
import { instanceAddress } from "./addresses.js";
import { lifecycleFor, type LifecycleContext } from "./lifecycle-hcl.js";
import { PathWriter, isRecord, own, type Rec } from "./paths.js";
import { stateObjectResource } from "./resource-builder.js";
import { redactPaths, secretNamePaths, stateSensitivePaths, unionPaths } from "./sensitive.js";

export interface RawStateResult {
  resources: Resource[];
  raw: unknown;
  managed: number;
  lifecycleFound: number;
}

export function readRawState(state: Rec, ctx: ReadContext & LifecycleContext, file: string): RawStateResult {
  const list = own(state, "resources");
  if (!Array.isArray(list)) throw new InputError(file, `raw Terraform state: "resources" must be a list`);
  const w = new PathWriter(state);
  const resources: Resource[] = [];
  let managed = 0;
  let lifecycleFound = 0;
  list.forEach((r, i) => {
    if (!isRecord(r)) throw new InputError(file, `resources[${i}] must be an object`);
    const type = own(r, "type");
    const name = own(r, "name");
    if (typeof type !== "string" || typeof name !== "string") throw new InputError(file, `resources[${i}] has no "type"/"name"`);
    const mode = own(r, "mode") === "data" ? "data" : "managed";
    const moduleRaw = own(r, "module");
    const module = typeof moduleRaw === "string" && moduleRaw !== "" ? moduleRaw : null;
    const provider = providerShortName(own(r, "provider")) ?? providerFromType(type);
    const instances = own(r, "instances");
    if (!Array.isArray(instances)) throw new InputError(file, `resources[${i}] (${type}.${name}) has no "instances" list`);
    let preventDestroy: boolean | null = null;
    if (mode === "managed") {
      const entry = lifecycleFor(ctx.lifecycle, module, mode, type, name);
      if (entry) preventDestroy = entry.prevent_destroy;
    }
    instances.forEach((inst, j) => {
      if (!isRecord(inst)) return;
      const address = instanceAddress(module, mode, type, name, own(inst, "index_key"));
      const where = `${file} ${address}`;
      const attrsKey = isRecord(own(inst, "attributes")) ? "attributes" : isRecord(own(inst, "attributes_flat")) ? "attributes_flat" : null;
      const values = attrsKey ? (inst[attrsKey] as Rec) : null;
      const paths = unionPaths(stateSensitivePaths(own(inst, "sensitive_attributes"), where), secretNamePaths(type, values, where));
      const red = redactPaths(values, paths);
      if (attrsKey && red.value !== values) w.set(["resources", i, "instances", j, attrsKey], red.value);
      if (typeof own(inst, "private") === "string") w.set(["resources", i, "instances", j, "private"], SENSITIVE_VALUE);
      if (mode === "managed") {
        managed++;
        if (preventDestroy !== null) lifecycleFound++;
      }
      const deps = own(inst, "dependencies") ?? own(inst, "depends_on");
      const deposed = own(inst, "deposed");
      resources.push(
        stateObjectResource({ sourceId: ctx.sourceId, address, deposed, type, name, provider, module, mode, values: red.value, sensitive: red.sensitive, prevent_destroy: preventDestroy, deps }),
      );
    });
  });
  const outputs = own(state, "outputs");
  if (isRecord(outputs))
    for (const n of Object.keys(outputs))
      if (own(outputs[n], "sensitive") === true && own(outputs[n], "value") != null) w.set(["outputs", n, "value"], SENSITIVE_VALUE);
  return { resources, raw: w.value, managed, lifecycleFound };
}
