// What the policies reaching an AWS principal grant, in token terms: operations, resources,
// conditions and denied actions, which policies they came from, and whether any of them could
// not be known (a document known only after apply, a managed policy not summarized).

import type { Rec } from "../../terraform/paths.js";
import { grantOf, isWideResource, type Statement } from "../iam-policy.js";
import type { AwsIamGraph } from "./aws-iam-graph.js";

export interface PrincipalGrant {
  operations: string[];
  resources: string[];
  conditions: Rec[];
  denied: string[];
  /** every allowing statement carries a condition */
  allConditioned: boolean;
  /** labels of the policies read */
  policies: string[];
  /** labels of the policies whose documents are not known */
  unresolved: string[];
  /** whether the resources cover a whole account (or more) */
  wide: boolean;
}

export function principalGrant(graph: AwsIamGraph, key: string | null): PrincipalGrant {
  const refs = key === null ? [] : graph.policiesOf(key);
  const statements: Statement[] = [];
  const unresolved: string[] = [];
  for (const ref of refs) {
    if (ref.statements === null) unresolved.push(ref.label);
    else statements.push(...ref.statements);
  }
  const g = grantOf(statements);
  return {
    operations: g.operations,
    resources: g.resources,
    conditions: g.conditions,
    denied: g.denied,
    allConditioned: g.allConditioned,
    policies: [...new Set(refs.map((r) => r.label))],
    unresolved: [...new Set(unresolved)],
    wide: g.resources.some(isWideResource),
  };
}
