// Documentation links of findings made absolute for reports read outside the checkout (PR
// comments, SARIF in code scanning, Markdown pasted anywhere): shipped policies point into the
// policy-check repository, user policies into the checked repository when its URL is known.

import type { Finding } from "../evaluate/finding.js";

/** Where the shipped policy pages are published (the CLI's default docs base). */
export const SHIPPED_DOCS_BASE = "https://github.com/policy-check/policy-check/blob/main/";

export interface DocsBases {
  /** base URL of the shipped policy docs, ending in / (null: leave their links relative) */
  docsBase: string | null;
  /** base URL of the checked repository, ending in / (null: leave user policies' links relative) */
  repoBase: string | null;
}

export function linkDocs(f: Finding, bases: DocsBases): Finding {
  if (!f.docs || /^[a-z][a-z0-9+.-]*:/i.test(f.docs)) return f;
  const path = f.docs.replace(/^\.?\/+/, "");
  const shipped = f.rule.package.startsWith("policy_check.") && path.startsWith("policies/");
  const base = shipped ? bases.docsBase : bases.repoBase;
  if (!base) return f;
  const [file, ...frag] = path.split("#");
  const encoded = file!.split("/").map(encodeURIComponent).join("/") + (frag.length ? `#${encodeURIComponent(frag.join("#"))}` : "");
  return { ...f, docs: base + encoded };
}

export function linkAllDocs(findings: readonly Finding[], bases: DocsBases): Finding[] {
  return findings.map((f) => linkDocs(f, bases));
}
