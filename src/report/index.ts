// The report formats, by name.
import { githubReporter } from "./github-reporter.js";
import { jsonReporter } from "./json-reporter.js";
import { junitReporter } from "./junit-reporter.js";
import { markdownReporter } from "./markdown-reporter.js";
import { sarifReporter } from "./sarif-reporter.js";
import { textReporter } from "./text-reporter.js";
import type { Reporter } from "./types.js";

export const REPORTERS: ReadonlyMap<string, Reporter> = new Map(
  [textReporter, jsonReporter, sarifReporter, junitReporter, markdownReporter, githubReporter].map((r) => [r.format, r]),
);

export type { CheckResult, Reporter, RenderOptions, ChangeSummary } from "./types.js";
