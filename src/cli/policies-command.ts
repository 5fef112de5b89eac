// `policy-check policies`: lists the policies a run would apply (shipped and --policy), with id,
// severity and title.

import pc from "picocolors";
import { loadPolicies, decisionRules } from "../evaluate/policy-set.js";
import { policyCatalog, type CatalogEntry } from "../evaluate/catalog.js";
import type { Config } from "../config/types.js";

export interface PoliciesCommandOptions {
  format: "text" | "json" | "markdown";
  color: boolean;
}

const SEVERITY_COLOR: Record<string, (s: string) => string> = {
  critical: pc.red,
  high: pc.magenta,
  medium: pc.yellow,
  low: pc.cyan,
  info: pc.dim,
};

export function listPolicies(config: Config): CatalogEntry[] {
  const loaded = loadPolicies({ shipped: config.policies.shipped, paths: config.policies.paths, regoVersion: config.policies.regoVersion });
  return policyCatalog(decisionRules(loaded.set, config.policies.namespaces));
}

export function runPoliciesCommand(config: Config, opts: PoliciesCommandOptions, out: (s: string) => void): number {
  const entries = listPolicies(config);
  if (opts.format === "json") {
    out(JSON.stringify(entries, null, 2) + "\n");
    return 0;
  }
  if (opts.format === "markdown") {
    out(policyTable(entries));
    return 0;
  }
  const idWidth = Math.max(2, ...entries.map((e) => e.id.length));
  for (const e of entries) {
    const sev = e.severity.padEnd(8);
    out(`${e.id.padEnd(idWidth)}  ${opts.color ? (SEVERITY_COLOR[e.severity] ?? ((s: string) => s))(sev) : sev}  ${e.title}${e.needs_approval ? "  (needs approval)" : ""}\n`);
  }
  out(`${entries.length} policies\n`);
  return 0;
}

/** The Markdown table of policies/README.md. */
export function policyTable(entries: readonly CatalogEntry[]): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const rows = entries.map((e) => {
    const link = e.docs ? `[${e.id}](${e.docs.replace(/^policies\//, "")})` : e.id;
    const types = e.resource_types.length ? e.resource_types.map((t) => `\`${t}\``).join(", ") : "—";
    return `| ${link} | ${e.severity} | ${cell(e.title)} | ${e.inputs.join(", ") || "—"} | ${types} |`;
  });
  return ["| id | severity | title | inputs | resource types |", "|---|---|---|---|---|", ...rows].join("\n") + "\n";
}
