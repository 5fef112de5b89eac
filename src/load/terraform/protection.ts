// The resource's own deletion protection attribute, for the types that have one: true when set,
// false when explicitly off, null when the type has none or the value is unknown.

import { UNKNOWN_VALUE } from "../../model/types.js";
import { own } from "./paths.js";

type Reading = (v: unknown) => boolean | null;

const bool: Reading = (v) => (typeof v === "boolean" ? v : v === "true" ? true : v === "false" ? false : null);
const enumValue =
  (on: readonly string[], off: readonly string[]): Reading =>
  (v) => {
    if (typeof v !== "string") return null;
    const u = v.toUpperCase();
    return on.includes(u) ? true : off.includes(u) ? false : null;
  };

interface Rule {
  attribute: string;
  read: Reading;
}

const RULES: ReadonlyMap<string, Rule> = new Map<string, Rule>([
  // AWS
  ["aws_db_instance", { attribute: "deletion_protection", read: bool }],
  ["aws_rds_cluster", { attribute: "deletion_protection", read: bool }],
  ["aws_rds_global_cluster", { attribute: "deletion_protection", read: bool }],
  ["aws_docdb_cluster", { attribute: "deletion_protection", read: bool }],
  ["aws_docdb_global_cluster", { attribute: "deletion_protection", read: bool }],
  ["aws_neptune_cluster", { attribute: "deletion_protection", read: bool }],
  ["aws_neptune_global_cluster", { attribute: "deletion_protection", read: bool }],
  ["aws_qldb_ledger", { attribute: "deletion_protection", read: bool }],
  ["aws_lb", { attribute: "enable_deletion_protection", read: bool }],
  ["aws_alb", { attribute: "enable_deletion_protection", read: bool }],
  ["aws_dynamodb_table", { attribute: "deletion_protection_enabled", read: bool }],
  ["aws_instance", { attribute: "disable_api_termination", read: bool }],
  ["aws_networkfirewall_firewall", { attribute: "delete_protection", read: bool }],
  ["aws_cognito_user_pool", { attribute: "deletion_protection", read: enumValue(["ACTIVE"], ["INACTIVE"]) }],
  ["aws_eks_cluster", { attribute: "deletion_protection", read: bool }],
  // Google
  ["google_sql_database_instance", { attribute: "deletion_protection", read: bool }],
  ["google_compute_instance", { attribute: "deletion_protection", read: bool }],
  ["google_container_cluster", { attribute: "deletion_protection", read: bool }],
  ["google_bigquery_table", { attribute: "deletion_protection", read: bool }],
  ["google_spanner_database", { attribute: "deletion_protection", read: bool }],
  ["google_bigtable_instance", { attribute: "deletion_protection", read: bool }],
  ["google_bigtable_table", { attribute: "deletion_protection", read: enumValue(["PROTECTED"], ["UNPROTECTED"]) }],
  ["google_alloydb_cluster", { attribute: "deletion_protection", read: bool }],
  ["google_redis_cluster", { attribute: "deletion_protection_enabled", read: bool }],
  ["google_firestore_database", { attribute: "delete_protection_state", read: enumValue(["DELETE_PROTECTION_ENABLED"], ["DELETE_PROTECTION_DISABLED"]) }],
  ["google_project", { attribute: "deletion_policy", read: enumValue(["PREVENT"], ["DELETE", "ABANDON"]) }],
  ["google_folder", { attribute: "deletion_protection", read: bool }],
]);

/** Whether the type has a deletion protection attribute (and which). */
export function deletionProtectionAttribute(type: string): string | null {
  return RULES.get(type)?.attribute ?? null;
}

/**
 * The deletion protection of a resource from its values (after, else before: a delete is
 * blocked by the protection of the object being deleted).
 */
export function deletionProtection(type: string, after: unknown, before: unknown): boolean | null {
  const rule = RULES.get(type);
  if (!rule) return null;
  const values = after ?? before;
  const v = own(values, rule.attribute);
  if (v === undefined || v === null || v === UNKNOWN_VALUE) return null;
  return rule.read(v);
}
