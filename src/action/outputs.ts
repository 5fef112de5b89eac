// The step outputs (action.yml documents them).

import { SEVERITIES } from "../config/schema.js";
import type { CheckResult } from "../report/types.js";
import type { ApprovalStatus } from "./approval.js";

export interface Outputs {
  result: "pass" | "fail" | "error";
  findings: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
  "needs-approval": number;
  approval: ApprovalStatus | "";
  "sarif-file": string;
  "comment-url": string;
  "check-run-id": string;
}

export function outputsOf(result: CheckResult | null, status: Outputs["result"], approval: ApprovalStatus | "", sarifFile: string | null, commentUrl: string | null, checkRunId: number | null): Outputs {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, result?.decision.counts[s] ?? 0])) as Record<(typeof SEVERITIES)[number], number>;
  return {
    result: status,
    findings: result?.decision.findings.length ?? 0,
    ...counts,
    "needs-approval": result ? result.decision.findings.filter((f) => f.needs_approval && f.kind !== "warn").length : 0,
    approval,
    "sarif-file": sarifFile ?? "",
    "comment-url": commentUrl ?? "",
    "check-run-id": checkRunId === null ? "" : String(checkRunId),
  };
}

export function writeOutputs(outputs: Outputs, set: (name: string, value: string) => void): void {
  for (const [k, v] of Object.entries(outputs)) set(k, String(v));
}
