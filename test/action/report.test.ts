// What the action publishes: capped comment keeping the most severe findings, approval state,
// absolute docs links, escaping of everything that comes from inputs.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ApprovalResult } from "../../src/action/approval.js";
import { parseMarker } from "../../src/action/comment.js";
import { parseApprovers } from "../../src/action/inputs.js";
import { COMMENT_MAX, checkTitle, renderReport, type PublishContext } from "../../src/action/report.js";
import { linkDocs } from "../../src/report/docs-links.js";
import { finding, HEAD, manyFindings, result } from "./helpers.js";

const RUN = "https://github.com/acme-infra/platform/actions/runs/987654321";

function ctx(over: Partial<PublishContext> = {}, approval: Partial<ApprovalResult> = {}): PublishContext {
  return {
    checkName: "policy-check",
    headSha: HEAD,
    status: "fail",
    approval: { status: "not-required", required: 0, headSha: HEAD, approvedBy: [], rejected: [], notes: [], ...approval },
    approvers: parseApprovers("alice, acme-infra/sre"),
    runUrl: RUN,
    docsBase: "https://github.com/policy-check/policy-check/blob/v1/",
    repoBase: `https://github.com/acme-infra/platform/blob/${HEAD}/`,
    fallback: null,
    ...over,
  };
}

describe("published report", () => {
  it("comment: marker first, headline with deletes/replacements and severities, footer with the job summary link", () => {
    const body = renderReport(result([finding()]), ctx({}, { status: "pending", required: 1 }), "comment");
    assert.deepEqual(parseMarker(body), { tool: "policy-check", check: "policy-check", sha: HEAD });
    assert.match(body, /1 to replace/);
    assert.match(body, /0 to delete/);
    assert.match(body, /1 critical/);
    assert.match(body, /Human approval required/);
    assert.ok(body.includes("&#64;alice, &#64;acme&#45;infra&#47;sre"), "approvers listed (as text: no mention)");
    assert.ok(body.includes(`[job summary](${RUN})`));
    assert.match(body, /<details/);
  });

  it("approval block sits right after the headline and lists approvals that do not count", () => {
    const body = renderReport(result([finding()]), ctx({}, { status: "pending", required: 1, rejected: [{ login: "mallory", reason: "is the pull request author" }] }), "summary");
    const lines = body.split("\n");
    assert.match(lines[0]!, /^### /);
    assert.match(lines[2]!, /Human approval required/);
    assert.match(body, /@mallory is the pull request author/);
  });

  it("approved: says by whom and on which commit", () => {
    const body = renderReport(result([finding()]), ctx({ status: "pass" }, { status: "approved", required: 1, approvedBy: ["alice"] }), "comment");
    assert.match(body, /Destructive changes approved/);
    assert.match(body, /`6dcb09b` by @alice/);
    // the report no longer asks for the review it got
    assert.doesNotMatch(body, /need(s)? an approving review/);
    assert.doesNotMatch(body, /needs approval/);
    assert.match(body, /\*\*approved\*\*/);
  });

  it("pending: the report asks for the review and flags the findings", () => {
    const body = renderReport(result([finding()]), ctx({ status: "fail" }, { status: "pending", required: 1 }), "comment");
    assert.match(body, /1 destructive change needs an approving review/);
    assert.match(body, /\*\*needs approval\*\*/);
  });

  it("a clean result says so", () => {
    const body = renderReport(result([]), ctx({ status: "pass" }), "comment");
    assert.match(body, /no findings/);
    assert.match(body, /All changes at commit `6dcb09b` pass the policies/);
  });

  it(`is capped below ${COMMENT_MAX} characters, keeps the most severe findings and links to the job summary`, () => {
    const r = result(manyFindings(3000));
    const body = renderReport(r, ctx(), "comment");
    assert.ok(body.length <= COMMENT_MAX, `${body.length}`);
    assert.ok(body.length < 65_536);
    assert.match(body, /more findings? not shown here/);
    assert.ok(body.includes(`[full report](${RUN})`));
    assert.ok(body.includes("critical") && !/\| ℹ️ info \| PC-T/.test(body), "critical findings shown, info ones cut");
    const check = renderReport(r, ctx(), "check");
    assert.ok(check.length <= COMMENT_MAX);
    const summary = renderReport(r, ctx(), "summary");
    assert.ok(summary.length > body.length, "the job summary holds more");
    assert.ok(!summary.includes("[job summary]"), "the summary does not link to itself");
  });

  it("a single enormous finding is still cut below the limit", () => {
    const r = result([finding({ message: "y".repeat(200_000), needs_approval: false })]);
    const body = renderReport(r, ctx(), "comment");
    assert.ok(body.length <= COMMENT_MAX, String(body.length));
    assert.ok(parseMarker(body), "the marker survives the cut");
  });

  it("values from the input render as text", () => {
    const r = result([finding({ resource: "<img src=x onerror=alert(1)>", message: "](javascript:alert(1)) `code`" })]);
    const body = renderReport(r, ctx({ checkName: "<b>name</b>" }, { status: "pending", required: 1, rejected: [{ login: "<script>", reason: "x" }] }), "comment");
    assert.ok(!body.includes("<img"));
    assert.ok(!body.includes("](javascript:"));
    assert.ok(!body.includes("<script>"));
    assert.ok(!body.includes("<b>name</b>"));
  });

  it("shipped policy docs link into the action's repository; user policies into the checked repository", () => {
    const shipped = linkDocs(finding(), ctx());
    assert.equal(shipped.docs, "https://github.com/policy-check/policy-check/blob/v1/policies/destructive-changes.md#pc-del-001");
    const user = linkDocs(finding({ docs: "docs/policies/no-public.md", rule: { package: "main", name: "deny", file: "policy/a.rego", row: 1 } }), ctx());
    assert.equal(user.docs, `https://github.com/acme-infra/platform/blob/${HEAD}/docs/policies/no-public.md`);
    const abs = linkDocs(finding({ docs: "https://wiki.example.com/p" }), ctx());
    assert.equal(abs.docs, "https://wiki.example.com/p");
    const body = renderReport(result([finding()]), ctx(), "comment");
    assert.ok(body.includes("(https://github.com/policy-check/policy-check/blob/v1/policies/destructive-changes.md#pc-del-001)"));
  });

  it("check title", () => {
    assert.equal(checkTitle(result([finding()]), ctx({}, { status: "pending", required: 1 })), "Blocked: 1 critical · 1 awaiting human approval");
    assert.equal(checkTitle(result([]), ctx({ status: "pass" })), "Passed: no findings");
  });
});
