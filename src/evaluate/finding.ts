// A finding: one result of a deny/violation/warn rule, attributed to the rule that produced it
// and completed from its METADATA.

import type { Action } from "../model/types.js";
import type { Severity } from "../config/schema.js";

export type RuleKind = "deny" | "violation" | "warn";

export interface Finding {
  /** policy id: METADATA custom.id, the finding's own `id`, or `<package>.<rule>` */
  policy: string;
  title: string;
  severity: Severity;
  kind: RuleKind;
  message: string;
  /** resource address the finding is about, when known */
  resource: string | null;
  /** normalized resource id (`s1:aws_db_instance.main`), when the address matched one */
  resource_id: string | null;
  /** the plan action of that resource */
  action: Action | null;
  /** input file of the resource or token */
  file: string | null;
  /** a destructive change: must not merge until a human approves */
  needs_approval: boolean;
  /** the rule could not decide because values are only known after apply */
  undecided: boolean;
  description: string | null;
  remediation: string | null;
  /** link or path to the policy's documentation */
  docs: string | null;
  /** where the rule is written */
  rule: { package: string; name: string; file: string; row: number };
  /** extra fields of an object finding, as given (never sensitive values) */
  details: Record<string, unknown>;
}
