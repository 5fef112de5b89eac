// Rewrites the policy table of policies/README.md (between <!-- policy-table:start --> and
// <!-- policy-table:end -->) from the METADATA of the shipped policies, as
// `policy-check policies --format markdown` prints it.
//
//   npm run docs:policies            rewrite the table
//   npm run docs:policies -- --check exit 1 when the table is stale (CI)

import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defaultConfig } from "../src/config/load-config.js";
import { listPolicies, policyTable } from "../src/cli/policies-command.js";

export const README = fileURLToPath(new URL("../policies/README.md", import.meta.url));
export const START = "<!-- policy-table:start -->";
export const END = "<!-- policy-table:end -->";

/** The table of the shipped policies (no user policies, whatever the local configuration says). */
export function shippedPolicyTable(): string {
  const config = defaultConfig();
  config.policies.paths = [];
  return policyTable(listPolicies(config));
}

/** The README text with the table between the markers replaced. */
export function withTable(readme: string, table: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`policies/README.md has no ${START} ... ${END} markers`);
  return `${readme.slice(0, start + START.length)}\n\n${table.trimEnd()}\n\n${readme.slice(end)}`;
}

function main(argv: string[]): number {
  const current = readFileSync(README, "utf8");
  const next = withTable(current, shippedPolicyTable());
  if (argv.includes("--check")) {
    if (next !== current) {
      process.stderr.write("policies/README.md: the policy table is stale; run `npm run docs:policies`\n");
      return 1;
    }
    process.stdout.write("policies/README.md: the policy table is up to date\n");
    return 0;
  }
  if (next !== current) writeFileSync(README, next);
  process.stdout.write(next !== current ? "policies/README.md: policy table rewritten\n" : "policies/README.md: policy table already up to date\n");
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
