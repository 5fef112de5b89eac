// What a check produced, as every reporter receives it; and the reporter interface (one
// outputter per format, conftest-style).

import type { Decision } from "../decide/decide.js";
import type { Source } from "../model/types.js";

export const REPORT_VERSION = "1";

export interface ChangeSummary {
  resources: number;
  create: number;
  update: number;
  delete: number;
  replace: number;
  read: number;
  no_op: number;
  tokens: number;
}

export interface CheckResult {
  tool: { name: "policy-check"; version: string };
  sources: Source[];
  changes: ChangeSummary;
  decision: Decision;
  /** notes for the reader: what could not be known, warnings about inputs */
  notes: string[];
  policies: { files: number; rules: number };
  /** URL of the full report (the job summary) when the output is shortened */
  fullReportUrl?: string;
}

export interface RenderOptions {
  color: boolean;
  /** maximum size of the output in characters (markdown for PR comments) */
  maxLength?: number;
  /**
   * State of the human approval gate, when one applies (the GitHub Action): "approved" words the
   * findings that needed approval as approved instead of asking for a review.
   */
  approval?: "approved" | "pending";
}

export interface Reporter {
  format: string;
  render(result: CheckResult, opts: RenderOptions): string;
}
