// The environment conventions used when a configuration declares no `environments`: the names
// teams commonly give workspaces, stacks and `environment`/`env` tags. A configuration that
// declares environments replaces these entirely.

import type { EnvironmentRule } from "./types.js";

const TAG_KEYS = ["environment", "Environment", "env", "Env", "ENV", "stage", "Stage", "tier"];

function rule(names: string[]): EnvironmentRule {
  const globs = names.flatMap((n) => [n, `${n}-*`, `*-${n}`, `${n}_*`, `*_${n}`, `*/${n}`]);
  const tags: Record<string, string[]> = {};
  for (const k of TAG_KEYS) tags[k] = names;
  return { workspaces: globs, stacks: globs, accounts: [], tags, paths: [] };
}

export function defaultEnvironments(): Record<string, EnvironmentRule> {
  return {
    production: rule(["production", "prod", "prd", "live"]),
    staging: rule(["staging", "stage", "stg", "preprod", "pre-prod", "uat"]),
    development: rule(["development", "dev", "sandbox", "test"]),
    backup: rule(["backup", "backups", "dr", "disaster-recovery"]),
  };
}
