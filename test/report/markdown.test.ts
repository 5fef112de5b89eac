// The Markdown report (the PR comment body): headline, summary table, findings grouped by
// resource in collapsible sections, links to the policy docs, exceptions and notes, the size
// cap, and every value from the input escaped: hostile resource names, tags, messages and paths
// render as text, never as HTML, links, code or table cells.

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { markdownReporter } from "../../src/report/markdown-reporter.js";
import { escapeMarkdown } from "../../src/report/escape.js";
import type { CheckResult } from "../../src/report/types.js";
import { check, config, decodeEntities, deletedVolume, exception, finding, planDoc, resultOf, tempDir } from "./helpers.js";

const tmp = tempDir("pc-md-");
after(() => tmp.remove());

const HOSTILE = [
  "<img src=x onerror=alert(1)>",
  "](javascript:alert(1))",
  "[click](javascript:alert(1))",
  "a`b|c``` | d",
  "<script>alert(1)</script>",
  "line1\n| injected | row |\n# heading",
  "**bold** _it_ ~~s~~ <!-- c --> &amp; &#60; @everyone #1",
];

const ALLOWED_TAGS = new Set(["details", "summary", "b", "sub", "br"]);

function render(r: CheckResult, maxLength?: number): string {
  return markdownReporter.render(r, { color: false, ...(maxLength ? { maxLength } : {}) });
}

/**
 * What makes Markdown safe to post: only the reporter's own tags, links only to http(s) docs,
 * no code spans but the reporter's own, table rows with the header's number of cells, and no
 * line started by an input value.
 */
function assertSafe(md: string): void {
  for (const m of md.matchAll(/<\/?([A-Za-z][\w-]*)/g)) assert.ok(ALLOWED_TAGS.has(m[1]!.toLowerCase()), `tag <${m[1]}> in:\n${md}`);
  assert.doesNotMatch(md, /<!--/);
  for (const m of md.matchAll(/\]\(([^)]*)\)/g)) assert.match(m[1]!, /^https:\/\/[^\s()<>"`[\]]+$/, `link target ${m[1]}`);
  assert.doesNotMatch(md.replace(/\]\(https:\/\/[^)]*\)/g, "]"), /javascript:/i, "javascript: outside an https link target");
  // code spans: only `fail_on`'s value
  const withoutCode = md.replace(/`(critical|high|medium|low|info|none)`/g, "");
  assert.doesNotMatch(withoutCode, /`/, "a backtick from the input");
  // tables: every row has as many cells as its header
  const lines = md.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith("|") || !lines[i + 1]?.startsWith("|---")) continue;
    const cells = (l: string) => l.split("|").length;
    const want = cells(lines[i]!);
    for (let j = i + 1; j < lines.length && lines[j]!.startsWith("|"); j++) assert.equal(cells(lines[j]!), want, `row ${lines[j]}`);
  }
  assert.ok(!lines.some((l) => /^(\| injected|# heading)/.test(l)), "an input value started a line");
}

test("escapeMarkdown turns every ASCII punctuation character into an entity and newlines into spaces", () => {
  assert.equal(escapeMarkdown("a.b_c"), "a&#46;b&#95;c");
  assert.equal(escapeMarkdown("x\r\ny\tz"), "x y z");
  assert.equal(escapeMarkdown("plain words 123"), "plain words 123");
  for (const h of HOSTILE) {
    const e = escapeMarkdown(h);
    assert.doesNotMatch(e.replace(/&#\d+;/g, ""), /[!-/:-@[-`{-~\n\r]/, "no ASCII punctuation outside entities");
    assert.equal(decodeEntities(e), h.replace(/[\r\n\t]+/g, " "));
  }
});

test("headline, summary table by severity, and one collapsible section per resource", () => {
  const md = render(
    resultOf(
      [
        finding({ policy: "PC-DEL-001", severity: "critical", resource: "aws_ebs_volume.data", action: "delete", needs_approval: true }),
        finding({ policy: "PC-DP-001", severity: "high", resource: "aws_db_instance.main", action: "update" }),
        finding({ policy: "PC-BKP-011", severity: "medium", resource: "aws_db_instance.main", action: "update", undecided: true }),
        finding({ policy: "ACME-1", severity: "low", resource: "aws_s3_bucket.logs", action: "create", kind: "warn" }),
      ],
      { changes: { resources: 3, delete: 1, update: 1, create: 1 } },
    ),
  );
  assertSafe(md);
  const lines = md.split("\n");
  assert.equal(lines[0], "### ❌ policy-check: changes blocked");
  assert.ok(lines.includes("| Severity | Findings |"));
  for (const row of ["| 🛑 critical | 1 |", "| 🔴 high | 1 |", "| 🟠 medium | 1 |", "| 🟡 low | 1 |"]) assert.ok(lines.includes(row), row);
  assert.match(md, /> \[!WARNING\]\n> 1 destructive change needs an approving review/);
  assert.match(md, /> \[!NOTE\]\n> 1 finding could not be decided before apply/);
  assert.match(md, /fails on: `high`/);
  // grouped: the database's two findings in one section; critical/high sections open, others closed
  const sections = md.split("\n").filter((l) => l.startsWith("<details"));
  assert.equal(sections.length, 3);
  assert.match(sections[0]!, /^<details open><summary>🛑 <b>aws&#95;ebs&#95;volume&#46;data<\/b> — delete — 1 finding<\/summary>$/);
  assert.match(sections[1]!, /^<details open><summary>🔴 <b>aws&#95;db&#95;instance&#46;main<\/b> — update — 2 findings<\/summary>$/);
  assert.match(sections[2]!, /^<details><summary>🟡 <b>aws&#95;s3&#95;bucket&#46;logs<\/b> — create — 1 finding<\/summary>$/);
  assert.equal(md.split("</details>").length - 1, 3, "every section is closed");
  assert.match(md, /\*\*needs approval\*\*/);
  assert.match(md, /_undecided until apply_/);
  assert.match(md, /_warning_/);
  assert.match(md, /<sub>policy-check 9&#46;9&#46;9&#45;test · 7 rules from 3 policy files<\/sub>/);
});

test("a clean run says no findings; findings below fail_on pass with findings", () => {
  const clean = render(resultOf([]));
  assertSafe(clean);
  assert.match(clean, /^### ✅ policy-check: no findings\n/);
  assert.doesNotMatch(clean, /\| Severity \|/);
  const below = render(resultOf([finding({ severity: "low" })]));
  assert.match(below, /^### ✅ policy-check: passed with findings\n/);
});

test("policies link to their docs; relative or non-http docs are not links", () => {
  const md = render(
    resultOf([
      finding({ policy: "PC-DEL-001", resource: "a", docs: "https://github.com/policy-check/policy-check/blob/main/policies/destructive-changes.md#pc-del-001" }),
      finding({ policy: "PC-DP-001", resource: "b", docs: "policies/deletion-protection.md#pc-dp-001" }),
      finding({ policy: "EVIL-1", resource: "c", docs: "javascript:alert(1)" }),
      finding({ policy: "EVIL-2", resource: "d", docs: "https://example.com/x) [y](javascript:alert(1)" }),
      finding({ policy: "EVIL-3", resource: "e", docs: 'https://example.com/a b"c<d>(e)' }),
    ]),
  );
  assertSafe(md);
  assert.match(md, /\| \[PC&#45;DEL&#45;001\]\(https:\/\/github\.com\/policy-check\/policy-check\/blob\/main\/policies\/destructive-changes\.md#pc-del-001\) \|/);
  assert.match(md, /\| PC&#45;DP&#45;001 \|/);
  assert.match(md, /\| EVIL&#45;1 \|/);
  const links = [...md.matchAll(/\[([^\]]*)\]\(([^)]*)\)/g)].map((m) => [decodeEntities(m[1]!), m[2]]);
  assert.deepEqual(links.map((l) => l[0]).sort(), ["EVIL-2", "EVIL-3", "PC-DEL-001"]);
});

test("suppressed findings, expired and stale exceptions and notes are shown, escaped", () => {
  const live = exception({ policy: "PC-DEL-001", resource: "aws_ebs_volume.*", reason: HOSTILE[0]!, owner: HOSTILE[1]!, expires: "2027-01-31" });
  const expired = exception({ policy: "PC-DP-001", resource: HOSTILE[3]!, expires: "2026-01-01" });
  const stale = exception({ policy: "PC-X", resource: HOSTILE[2]! });
  const md = render(resultOf([finding({ policy: "PC-DEL-001" }), finding({ policy: "PC-DP-001", resource: HOSTILE[3]! })], { config: config({ exceptions: [live, expired, stale] }), notes: [HOSTILE[5]!] }));
  assertSafe(md);
  assert.match(md, /<details><summary>1 suppressed by exceptions<\/summary>/);
  assert.match(md, /\| Policy \| Resource \| Reason \| Owner \| Expires \|/);
  const text = decodeEntities(md);
  assert.ok(text.includes(`| PC-DEL-001 | aws_ebs_volume.data | ${HOSTILE[0]} | ${HOSTILE[1]} | 2027-01-31 |`), text);
  assert.ok(text.includes(`expired exception for PC-DP-001 on ${HOSTILE[3]}`));
  assert.ok(text.includes(`stale exception for PC-X on ${HOSTILE[2]}: it matched nothing`));
  assert.ok(text.includes(HOSTILE[5]!.replace(/\n/g, " ")));
});

test("every hostile value in a finding renders as text", () => {
  const fs = HOSTILE.map((h, i) => finding({ policy: `P-${i}`, resource: `aws_s3_bucket.b[${JSON.stringify(h)}]`, message: `bucket ${h} is public`, remediation: h, file: `infra/${h}.json`, title: h, severity: i % 2 ? "critical" : "low" }));
  fs.push(finding({ policy: HOSTILE[1]!, resource: null, message: HOSTILE[0]!, file: null }));
  const md = render(resultOf(fs));
  assertSafe(md);
  const text = decodeEntities(md);
  for (const h of HOSTILE) {
    const flat = h.replace(/[\r\n\t]+/g, " ");
    assert.ok(text.includes(`bucket ${flat} is public`), `message with ${JSON.stringify(h)}`);
    assert.ok(text.includes(`Fix: ${flat}`));
    assert.ok(text.includes(`<sub>infra/${flat}.json</sub>`));
  }
});

test("the comment is capped: the most severe findings are kept and the rest counted, with a link to the full report", () => {
  const many = Array.from({ length: 400 }, (_, i) => finding({ policy: "PC-DEL-001", resource: `aws_ebs_volume.v${String(i).padStart(3, "0")}`, severity: i < 5 ? "critical" : "medium", message: "x".repeat(200) }));
  const r = { ...resultOf(many), fullReportUrl: "https://github.com/acme/infra/actions/runs/1" };
  const md = render(r, 20_000);
  assertSafe(md);
  assert.ok(md.length <= 20_000, `${md.length} characters`);
  const shown = (md.match(/^<details/gm) ?? []).length;
  assert.ok(shown >= 5 && shown < 400, `${shown} sections`);
  for (let i = 0; i < 5; i++) assert.ok(md.includes(`aws&#95;ebs&#95;volume&#46;v00${i}`), "the critical findings are kept");
  assert.match(md, new RegExp(`> ${400 - shown} more findings not shown here \\(the comment is capped\\): see the \\[full report\\]\\(https://github\\.com/acme/infra/actions/runs/1\\)\\.`));
  const defaultCap = render(resultOf(Array.from({ length: 2000 }, (_, i) => finding({ resource: `r${i}`, message: "y".repeat(300) }))));
  assert.ok(defaultCap.length < 65_536, "below GitHub's comment limit by default");
});

test("a plan whose resource names, tags and token names are hostile renders as text end to end", async () => {
  const keys = ["<img src=x onerror=alert(1)>", "](javascript:alert(1))", "a`b|c``` | d", "x\ny"];
  const plan = tmp.write(
    "plan.json",
    planDoc(
      keys.map((k, i) =>
        deletedVolume(`aws_ebs_volume.data[${JSON.stringify(k)}]`, {
          index: k,
          before: { id: `vol-${i}`, size: 10, availability_zone: "us-east-1a", tags: { Environment: "production", Name: k, Owner: "](javascript:alert(2))" } },
        }),
      ),
    ),
  );
  const tokens = tmp.write(
    "tokens.yaml",
    `kind: policy-check/tokens
version: 1
tokens:
  - name: "<img src=x onerror=alert(3)>"
    provider: aws
    holder: { kind: agent, name: "](javascript:alert(4))" }
    environments: ["*"]
    operations: ["*"]
    resources: ["*"]
    storage: { kind: repo-file, location: "a\`b|c.env" }
`,
  );
  const result = await check({ inputs: [plan, tokens] });
  assert.equal(result.decision.status, "fail");
  const md = render(result);
  assertSafe(md);
  const text = decodeEntities(md);
  for (const k of keys) assert.ok(text.includes(`aws_ebs_volume.data[${JSON.stringify(k)}]`), `address with ${JSON.stringify(k)}`);
  assert.ok(text.includes("<img src=x onerror=alert(3)>"), "the token name is shown, as text");
  assert.ok(result.decision.findings.some((f) => f.policy === "PC-DEL-001"));
});
