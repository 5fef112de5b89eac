// The resources of one source, indexed for the token extractors: by type, and by address so
// that a resource's `depends_on` (configuration addresses from Terraform plans and CDKTF, URNs
// from Pulumi) leads to the resources it references. Extractors use the dependencies to link a
// key to its user or an attachment to its policy when the linking value is only known after apply.

import type { Resource } from "../../model/types.js";
import { configAddressOf } from "./resource-values.js";

export class SourceResources {
  private readonly types = new Map<string, Resource[]>();
  /** built on the first dependencies() call (only extractors that found something ask) */
  private byAddress: Map<string, Resource[]> | null = null;

  constructor(
    readonly sourceId: string,
    readonly all: readonly Resource[],
  ) {
    for (const r of all) push(this.types, r.type, r);
  }

  private get addresses(): Map<string, Resource[]> {
    if (this.byAddress !== null) return this.byAddress;
    const m = new Map<string, Resource[]>();
    for (const r of this.all) {
      push(m, r.address, r);
      const cfg = configAddressOf(r.address);
      if (cfg !== r.address) push(m, cfg, r);
    }
    return (this.byAddress = m);
  }

  /** Resources of one type (managed and data), in input order. */
  ofType(type: string): readonly Resource[] {
    return this.types.get(type) ?? [];
  }

  /** The resources a resource depends on (references and explicit depends_on), optionally of some types. */
  dependencies(r: Resource, ...types: string[]): Resource[] {
    const out: Resource[] = [];
    const seen = new Set<Resource>();
    for (const d of r.depends_on) {
      for (const x of this.addresses.get(d) ?? this.addresses.get(configAddressOf(d)) ?? []) {
        if (x === r || seen.has(x) || (types.length > 0 && !types.includes(x.type))) continue;
        seen.add(x);
        out.push(x);
      }
    }
    return out;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Resources grouped by source id, in input order. */
export function bySource(resources: readonly Resource[]): Map<string, SourceResources> {
  const groups = new Map<string, Resource[]>();
  for (const r of resources) push(groups, r.source, r);
  const out = new Map<string, SourceResources>();
  for (const [id, list] of groups) out.set(id, new SourceResources(id, list));
  return out;
}
