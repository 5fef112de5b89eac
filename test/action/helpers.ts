// Builders for the action's tests: findings, check results (decided by the real `decide`),
// a recording ActionIO, and the runner's environment.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Severity } from "../../src/config/schema.js";
import { defaultConfig } from "../../src/config/load-config.js";
import { decide } from "../../src/decide/decide.js";
import type { Finding } from "../../src/evaluate/finding.js";
import type { CheckResult } from "../../src/report/types.js";
import type { ActionIO } from "../../src/action/run.js";

export const HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
export const OLD = "1111111111111111111111111111111111111111";
export const FIXTURES = new URL("./fixtures/", import.meta.url).pathname;

export function finding(over: Partial<Finding> = {}): Finding {
  return {
    policy: "PC-DEL-001",
    title: "Stateful resource deleted or replaced",
    severity: "critical",
    kind: "deny",
    message: "aws_ebs_volume.data will be replaced: its data does not move",
    resource: "aws_ebs_volume.data",
    resource_id: "s1:aws_ebs_volume.data",
    action: "replace",
    file: "plan.json",
    needs_approval: true,
    undecided: false,
    description: null,
    remediation: "Have a human approve after checking the backup.",
    docs: "policies/destructive-changes.md#pc-del-001",
    rule: { package: "policy_check.destructive_changes", name: "deny", file: "rego/destructive_changes.rego", row: 20 },
    details: {},
    ...over,
  };
}

export function result(findings: Finding[], failOn: Severity | "none" = "high"): CheckResult {
  const config = defaultConfig();
  config.failOn = failOn;
  return {
    tool: { name: "policy-check", version: "0.1.0" },
    sources: [],
    changes: { resources: 3, create: 1, update: 0, delete: findings.filter((f) => f.action === "delete").length, replace: findings.filter((f) => f.action === "replace").length, read: 0, no_op: 0, tokens: 0 },
    decision: decide(findings, config, new Date("2025-11-20T00:00:00Z")),
    notes: [],
    policies: { files: 6, rules: 12 },
  };
}

/** n findings of mixed severities, none needing approval */
export function manyFindings(n: number): Finding[] {
  const sev: Severity[] = ["critical", "high", "medium", "low", "info"];
  return Array.from({ length: n }, (_, i) =>
    finding({
      policy: `PC-T-${String(i).padStart(4, "0")}`,
      severity: sev[i % 5]!,
      resource: `module.app["r${i}"].aws_s3_bucket.b${i}`,
      message: `bucket ${i} has a finding with a message long enough to make the report grow: ${"x".repeat(120)}`,
      needs_approval: false,
      action: "update",
    }),
  );
}

export class RecordingIO implements ActionIO {
  readonly lines: { kind: string; text: string }[] = [];
  readonly outputs = new Map<string, string>();
  readonly secrets: string[] = [];
  summary = "";
  /** order of the calls (setSecret must come first) */
  readonly order: string[] = [];
  debug(m: string): void {
    this.push("debug", m);
  }
  info(m: string): void {
    this.push("info", m);
  }
  notice(m: string): void {
    this.push("notice", m);
  }
  warning(m: string): void {
    this.push("warning", m);
  }
  setSecret(s: string): void {
    this.order.push("setSecret");
    this.secrets.push(s);
  }
  setOutput(k: string, v: string): void {
    this.order.push("setOutput");
    this.outputs.set(k, v);
  }
  async appendSummary(md: string): Promise<void> {
    this.order.push("summary");
    this.summary += md;
  }
  command(line: string): void {
    this.push("command", line);
  }
  all(): string {
    return [...this.lines.map((l) => l.text), this.summary, ...this.outputs.values()].join("\n");
  }
  of(kind: string): string[] {
    return this.lines.filter((l) => l.kind === kind).map((l) => l.text);
  }
  private push(kind: string, text: string): void {
    this.order.push(kind);
    this.lines.push({ kind, text });
  }
}

export const TOKEN = "ghs_testTOKEN0123456789abcdefABCDEF0123";

/** The environment the runner gives a step: event, API, inputs. */
export function runnerEnv(api: string, event: string, eventName: string, inputs: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    GITHUB_ACTIONS: "true",
    GITHUB_REPOSITORY: "acme-infra/platform",
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: join(FIXTURES, event),
    GITHUB_API_URL: api,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_RUN_ID: "987654321",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_SHA: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    GITHUB_ACTION_REPOSITORY: "policy-check/policy-check",
    GITHUB_ACTION_REF: "v1",
    "INPUT_GITHUB-TOKEN": TOKEN,
    "INPUT_CHECK-NAME": "policy-check",
    INPUT_COMMENT: "on",
    ...extra,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  return env;
}

export function tempDir(prefix = "pc-action-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeJson(dir: string, name: string, data: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(data));
  return p;
}
