// The decision: configuration applied to the findings (enabled/disabled policies, severity
// overrides, exceptions with owners and expiry), then pass or fail against `fail_on`.

import type { Config, Exception } from "../config/types.js";
import { SEVERITIES, type Severity } from "../config/schema.js";
import type { Finding } from "../evaluate/finding.js";
import { addressGlob } from "./address-glob.js";

export interface SuppressedFinding {
  finding: Finding;
  exception: Exception;
}

export interface Decision {
  status: "pass" | "fail";
  failOn: Severity | "none";
  /** findings that count, most severe first */
  findings: Finding[];
  suppressed: SuppressedFinding[];
  /** exceptions past their date: they no longer suppress */
  expiredExceptions: Exception[];
  /** exceptions that matched no finding */
  staleExceptions: Exception[];
  counts: Record<Severity, number>;
  /** findings that need a human approval before merge */
  needsApproval: number;
  /** findings that could not be decided before apply */
  undecided: number;
}

export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s); // critical 5 .. info 1
}

/** Code-unit order: the same on every machine (localeCompare follows the locale, and is slow). */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function decide(findings: readonly Finding[], config: Config, today: Date = new Date()): Decision {
  const day = today.toISOString().slice(0, 10);
  const enabled = config.policies.enable ? new Set(config.policies.enable) : null;
  const disabled = new Set(config.policies.disable);
  const expired = config.exceptions.filter((e) => e.expires !== null && e.expires < day);
  const live = config.exceptions.filter((e) => e.expires === null || e.expires >= day).map((e) => ({ e, re: addressGlob(e.resource), used: false }));
  const active: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const f0 of findings) {
    if (disabled.has(f0.policy) || (enabled && !enabled.has(f0.policy))) continue;
    const override = config.policies.severity[f0.policy];
    const f = override ? { ...f0, severity: override } : f0;
    const ex = live.find((x) => (x.e.policy === "*" || x.e.policy === f.policy) && x.re.test(f.resource ?? ""));
    if (ex) {
      ex.used = true;
      suppressed.push({ finding: f, exception: ex.e });
      continue;
    }
    active.push(f);
  }
  // (the message last: the order does not depend on the order an engine produced the findings in)
  active.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || byCodeUnits(a.resource ?? "", b.resource ?? "") || byCodeUnits(a.policy, b.policy) || byCodeUnits(a.message, b.message));
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of active) counts[f.severity]++;
  const threshold = config.failOn === "none" ? Infinity : severityRank(config.failOn);
  const failing = active.some((f) => f.kind !== "warn" && (severityRank(f.severity) >= threshold || f.needs_approval));
  return {
    status: failing ? "fail" : "pass",
    failOn: config.failOn,
    findings: active,
    suppressed,
    expiredExceptions: expired,
    staleExceptions: live.filter((x) => !x.used).map((x) => x.e),
    counts,
    needsApproval: active.filter((f) => f.needs_approval && f.kind !== "warn").length,
    undecided: active.filter((f) => f.undecided).length,
  };
}
