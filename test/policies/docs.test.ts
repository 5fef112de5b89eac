// The policy documentation stays in step with the policies: the table in policies/README.md is
// the one `npm run docs:policies` generates, every policy id has its section (with the anchor
// its findings link to), and the pages' links resolve.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultConfig } from "../../src/config/load-config.js";
import { listPolicies } from "../../src/cli/policies-command.js";
import { README, shippedPolicyTable, withTable } from "../../scripts/policy-table.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const pagesDir = join(root, "policies");
const catalog = listPolicies(defaultConfig());

function pageOf(docs: string | null): string | null {
  return docs ? docs.split("#")[0]! : null;
}

test("the policy table in policies/README.md is up to date (npm run docs:policies)", () => {
  const current = readFileSync(README, "utf8");
  assert.equal(withTable(current, shippedPolicyTable()), current, "policies/README.md: the policy table is stale; run `npm run docs:policies`");
});

test("every shipped policy has a section in its package's page, under the anchor its findings link to", () => {
  const missing: string[] = [];
  for (const e of catalog) {
    const page = pageOf(e.docs);
    assert.ok(page, `${e.id} has no docs link`);
    const file = join(root, page);
    if (!existsSync(file)) {
      missing.push(`${page} (for ${e.id}) does not exist`);
      continue;
    }
    const text = readFileSync(file, "utf8");
    const anchor = `<a id="${e.id.toLowerCase()}"></a>\n## ${e.id} `;
    if (!text.includes(anchor)) missing.push(`${page} has no section for ${e.id} (expected "${anchor.replace("\n", "\\n")}...")`);
  }
  assert.deepEqual(missing, []);
});

test("every section of the policy pages is about a shipped policy and says what, why, failing, passing, fix and exception", () => {
  const ids = new Set(catalog.map((e) => e.id));
  const problems: string[] = [];
  for (const name of readdirSync(pagesDir).filter((n) => n.endsWith(".md") && n !== "README.md")) {
    const text = readFileSync(join(pagesDir, name), "utf8");
    const sections = text.split(/^(?=<a id="[^"]+"><\/a>\n## )/m).slice(1);
    for (const s of sections) {
      const id = /^## (\S+)/m.exec(s)?.[1] ?? "?";
      if (!ids.has(id)) problems.push(`${name}: section ${id} is not a shipped policy id`);
      const entry = catalog.find((e) => e.id === id);
      if (entry && pageOf(entry.docs) !== `policies/${name}`) problems.push(`${name}: ${id} belongs on ${entry.docs}`);
      for (const part of ["**What it catches.**", "**Why it matters.**", "**Failing example", "**Passing example", "**How to fix.**", "**Exception"])
        if (!s.includes(part)) problems.push(`${name} ${id}: no ${part}`);
      for (const block of s.matchAll(/```yaml\n([\s\S]*?)```/g))
        if (block[1]!.includes("exceptions:") && !/reason:[\s\S]*owner:[\s\S]*expires:/.test(block[1]!)) problems.push(`${name} ${id}: an exception example without reason, owner and expires`);
    }
  }
  assert.deepEqual(problems, []);
});

/** GitHub's heading anchors, enough for these pages: lower case, punctuation dropped, spaces to dashes. */
function anchors(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/^#{1,6} (.+)$/gm)) out.add(m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-"));
  for (const m of text.matchAll(/<a id="([^"]+)"><\/a>/g)) out.add(m[1]!);
  return out;
}

test("links between the policy pages and to the docs resolve", () => {
  const problems: string[] = [];
  for (const name of readdirSync(pagesDir).filter((n) => n.endsWith(".md"))) {
    const file = join(pagesDir, name);
    const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const href = m[1]!;
      if (/^[a-z]+:/.test(href)) continue;
      const [path, frag] = href.split("#") as [string, string | undefined];
      const target = path === "" ? file : resolve(dirname(file), path);
      if (!existsSync(target)) {
        problems.push(`${name}: ${href} does not exist`);
        continue;
      }
      if (frag && target.endsWith(".md") && !anchors(readFileSync(target, "utf8")).has(frag)) problems.push(`${name}: ${href}: no anchor #${frag}`);
    }
  }
  assert.deepEqual(problems, []);
});
