// The `configuration` section of plan JSON, indexed by configuration address
// (`module.db.aws_db_instance.main`): which provider configuration a resource uses and what it
// depends on (explicit `depends_on` and the resources its expressions reference).

import { referencedResource } from "./addresses.js";
import { DepthLimitError, MAX_VALUE_DEPTH, isRecord, own, type Rec } from "./paths.js";

export interface ConfigResource {
  /** address inside its module: `aws_db_instance.main`, `data.aws_ami.x` */
  localAddress: string;
  /** `module.a.module.b` or "" */
  modulePath: string;
  providerConfigKey: string | null;
  expressions: unknown;
  /** resources this one depends on, relative to its module */
  dependsOn: string[];
}

/** Walks `root_module` and every `module_calls.*.module` (iteratively). */
export function indexConfiguration(configuration: unknown, where: string): Map<string, ConfigResource> {
  const index = new Map<string, ConfigResource>();
  const root = own(configuration, "root_module");
  if (!isRecord(root)) return index;
  const stack: { mod: Rec; path: string; depth: number }[] = [{ mod: root, path: "", depth: 0 }];
  while (stack.length > 0) {
    const { mod, path, depth } = stack.pop()!;
    if (depth > 100) throw new DepthLimitError(`${where} configuration modules`);
    const resources = own(mod, "resources");
    if (Array.isArray(resources)) {
      for (const r of resources) {
        if (!isRecord(r)) continue;
        const local = own(r, "address");
        if (typeof local !== "string") continue;
        const key = path === "" ? local : `${path}.${local}`;
        const pck = own(r, "provider_config_key");
        index.set(key, {
          localAddress: local,
          modulePath: path,
          providerConfigKey: typeof pck === "string" ? pck : null,
          expressions: own(r, "expressions"),
          dependsOn: dependencies(r, `${where} ${key}`),
        });
      }
    }
    const calls = own(mod, "module_calls");
    if (isRecord(calls)) {
      for (const name of Object.keys(calls)) {
        const child = own(calls[name], "module");
        if (isRecord(child)) stack.push({ mod: child, path: path === "" ? `module.${name}` : `${path}.module.${name}`, depth: depth + 1 });
      }
    }
  }
  return index;
}

/** Explicit depends_on plus every resource referenced from the expressions. */
function dependencies(resource: Rec, where: string): string[] {
  const out = new Set<string>();
  const explicit = own(resource, "depends_on");
  if (Array.isArray(explicit))
    for (const d of explicit) if (typeof d === "string") out.add(referencedResource(d) ?? d);
  const stack: { node: unknown; depth: number }[] = [{ node: own(resource, "expressions"), depth: 0 }];
  for (const meta of ["count_expression", "for_each_expression"]) stack.push({ node: own(resource, meta), depth: 0 });
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_VALUE_DEPTH) throw new DepthLimitError(where);
    if (Array.isArray(node)) {
      for (const v of node) if (typeof v === "object" && v !== null) stack.push({ node: v, depth: depth + 1 });
    } else if (isRecord(node)) {
      for (const k of Object.keys(node)) {
        const v = node[k];
        if (k === "references" && Array.isArray(v)) {
          for (const ref of v) {
            if (typeof ref !== "string") continue;
            const res = referencedResource(ref);
            if (res) out.add(res);
          }
        } else if (k !== "constant_value" && typeof v === "object" && v !== null) stack.push({ node: v, depth: depth + 1 });
      }
    }
  }
  return [...out].sort();
}
