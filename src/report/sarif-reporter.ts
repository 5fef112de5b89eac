// SARIF 2.1.0 for code scanning (github/codeql-action/upload-sarif): one rule per policy with
// its help text, one result per finding located in the input file it came from.

import type { Log, ReportingDescriptor, Result } from "sarif";
import type { Severity } from "../config/schema.js";
import type { Finding } from "../evaluate/finding.js";
import type { CheckResult, Reporter } from "./types.js";

const LEVEL: Record<Severity, Result.level> = { critical: "error", high: "error", medium: "warning", low: "note", info: "note" };
const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0", info: "1.0" };

export function toSarif(result: CheckResult): Log {
  const findings = result.decision.findings;
  const rules = new Map<string, ReportingDescriptor>();
  for (const f of findings) if (!rules.has(f.policy)) rules.set(f.policy, ruleOf(f));
  const ruleIndex = new Map([...rules.keys()].map((k, i) => [k, i]));
  return {
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    runs: [
      {
        tool: {
          driver: {
            name: "policy-check",
            version: result.tool.version,
            informationUri: "https://github.com/policy-check/policy-check",
            rules: [...rules.values()],
          },
        },
        results: findings.map((f) => resultOf(f, ruleIndex.get(f.policy)!)),
        properties: { status: result.decision.status, fail_on: result.decision.failOn },
      },
    ],
  };
}

function ruleOf(f: Finding): ReportingDescriptor {
  const help = [f.description ?? f.title, f.remediation ? `Fix: ${f.remediation}` : "", f.docs ? `Docs: ${f.docs}` : ""].filter(Boolean).join("\n\n");
  const rule: ReportingDescriptor = {
    id: f.policy,
    name: f.policy.replace(/[^A-Za-z0-9]/g, ""),
    shortDescription: { text: f.title },
    fullDescription: { text: f.description ?? f.title },
    help: { text: help, markdown: help },
    defaultConfiguration: { level: LEVEL[f.severity] },
    properties: { tags: ["security", "iac"], "security-severity": SECURITY_SEVERITY[f.severity], precision: "high" },
  };
  const helpUri = httpUrl(f.docs);
  if (helpUri) rule.helpUri = helpUri;
  return rule;
}

/** An absolute http(s) URL, normalized (spaces and the like percent-encoded), or null. */
function httpUrl(s: string | null): string | null {
  if (!s || !/^https?:\/\//i.test(s)) return null;
  try {
    return new URL(s).href;
  } catch {
    return null;
  }
}

function resultOf(f: Finding, index: number): Result {
  const r: Result = {
    ruleId: f.policy,
    ruleIndex: index,
    level: f.kind === "warn" ? "warning" : LEVEL[f.severity],
    message: { text: f.resource ? `${f.resource}: ${f.message}` : f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(f.file ?? f.rule.file) },
          region: { startLine: 1 },
        },
        ...(f.resource ? { logicalLocations: [{ fullyQualifiedName: f.resource, kind: "resource" }] } : {}),
      },
    ],
    partialFingerprints: { "policyCheck/v1": `${f.policy}:${f.resource ?? ""}` },
    properties: { severity: f.severity, needs_approval: f.needs_approval, undecided: f.undecided, action: f.action },
  };
  return r;
}

/**
 * A file path as a SARIF artifact URI: forward slashes, each segment percent-encoded (a path
 * with spaces or `#` is not a valid uri-reference otherwise); a Windows drive path as a file URI.
 */
export function toUri(path: string): string {
  const p = path.replace(/\\/g, "/").replace(/^(\.\/)+/, "");
  const drive = /^([A-Za-z]):\//.exec(p);
  const rest = drive ? p.slice(2) : p;
  const encoded = rest.split("/").map(encodeURIComponent).join("/");
  return drive ? `file:///${drive[1]}:${encoded}` : encoded;
}

export const sarifReporter: Reporter = {
  format: "sarif",
  render(result: CheckResult): string {
    return JSON.stringify(toSarif(result), null, 2) + "\n";
  },
};
