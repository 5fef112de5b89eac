// The validated configuration, with defaults applied.
import type { Severity } from "./schema.js";

export interface EnvironmentRule {
  workspaces: string[];
  stacks: string[];
  accounts: string[];
  tags: Record<string, string[]>;
  paths: string[];
}

export interface Exception {
  policy: string;
  resource: string;
  reason: string;
  owner: string;
  /** YYYY-MM-DD, inclusive */
  expires: string | null;
}

export interface Config {
  /** the file it was read from, or null for defaults */
  file: string | null;
  failOn: Severity | "none";
  policies: {
    paths: string[];
    namespaces: string[];
    shipped: boolean;
    regoVersion: "v0" | "v1";
    enable: string[] | null;
    disable: string[];
    severity: Record<string, Severity>;
  };
  environments: Record<string, EnvironmentRule>;
  exceptions: Exception[];
  limits: { timeoutMs: number; maxSteps: number };
}
