// Environment mapping: which environment (production, staging, backup, ...) each source and
// resource belongs to, from the configuration: resource tags first, then account, then the
// source's workspace/stack and path.

import type { EnvironmentRule } from "../config/types.js";
import type { Resource, Source, Token } from "./types.js";
import { addressGlob } from "../decide/address-glob.js";

interface Compiled {
  name: string;
  workspaces: RegExp[];
  stacks: RegExp[];
  accounts: Set<string>;
  tags: [string, Set<string>][];
  paths: RegExp[];
}

export class EnvironmentMap {
  private readonly envs: Compiled[];

  constructor(rules: Record<string, EnvironmentRule>) {
    this.envs = Object.entries(rules).map(([name, r]) => ({
      name,
      workspaces: r.workspaces.map(addressGlob),
      stacks: r.stacks.map(addressGlob),
      accounts: new Set(r.accounts),
      tags: Object.entries(r.tags).map(([k, vs]) => [k, new Set(vs.map((v) => v.toLowerCase()))] as [string, Set<string>]),
      paths: r.paths.map(addressGlob),
    }));
  }

  get names(): string[] {
    return this.envs.map((e) => e.name);
  }

  /** A source's environment: its workspace (Terraform/CDKTF), stack (Pulumi) or path. */
  forSource(s: Source): string | null {
    for (const e of this.envs) {
      if (s.workspace !== null && (s.tool === "pulumi" ? e.stacks : [...e.workspaces, ...e.stacks]).some((re) => re.test(s.workspace!))) return e.name;
      if (e.paths.some((re) => re.test(s.path))) return e.name;
    }
    return null;
  }

  /** A resource's environment: its tags, then its account, then its source's environment. */
  forResource(r: Resource, source: Source | undefined): string | null {
    for (const e of this.envs) {
      for (const [k, vs] of e.tags) {
        const v = r.tags[k];
        if (typeof v === "string" && vs.has(v.toLowerCase())) return e.name;
      }
    }
    if (r.account) for (const e of this.envs) if (e.accounts.has(r.account)) return e.name;
    return source?.environment ?? null;
  }

  /** Environment names a token's own `environments` list refers to, expanded for "*". */
  expandTokenEnvironments(t: Token): string[] {
    if (t.environments.includes("*")) return ["*"];
    return t.environments;
  }
}

/** Fills `environment` on sources and resources in place. */
export function applyEnvironments(map: EnvironmentMap, sources: Source[], resources: Resource[]): void {
  const byId = new Map<string, Source>();
  for (const s of sources) {
    s.environment = map.forSource(s);
    byId.set(s.id, s);
  }
  for (const r of resources) r.environment = map.forResource(r, byId.get(r.source));
}
