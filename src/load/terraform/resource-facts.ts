// Facts derived from a resource's values: tags/labels, region and account. Region and account
// come from the values themselves when they say (ARNs, `region`, zones, GCP `project`, Azure
// subscription ids) and otherwise from the provider configuration the resource uses.

import { SENSITIVE_VALUE, UNKNOWN_VALUE } from "../../model/types.js";
import { isRecord, own, setOwn } from "./paths.js";

/** What a provider configuration says about where its resources live. */
export interface ProviderFacts {
  region: string | null;
  account: string | null;
}

export const NO_PROVIDER_FACTS: ProviderFacts = Object.freeze({ region: null, account: null });

function known(v: unknown): string | null {
  if (typeof v !== "string" || v === "" || v === UNKNOWN_VALUE || v === SENSITIVE_VALUE) return null;
  return v;
}

/**
 * Tags or labels as strings. AWS `tags_all` (tags plus provider default_tags) wins over `tags`;
 * Google `effective_labels`/`labels`; entries whose value is unknown are left out.
 */
export function extractTags(values: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(values)) return out;
  for (const key of ["labels", "terraform_labels", "effective_labels", "tags", "tags_all"]) {
    const m = own(values, key);
    if (!isRecord(m)) continue;
    for (const k of Object.keys(m)) {
      const v = m[k];
      if (v === UNKNOWN_VALUE) continue;
      if (typeof v === "string") setOwn(out, k, v);
      else if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") setOwn(out, k, String(v));
    }
  }
  return out;
}

interface Arn {
  region: string | null;
  account: string | null;
}

export function parseArn(v: unknown): Arn | null {
  const s = known(v);
  if (s === null || !s.startsWith("arn:")) return null;
  // arn:partition:service:region:account:resource (indexOf, not split: one per resource)
  const p1 = s.indexOf(":", 4);
  const p2 = p1 < 0 ? -1 : s.indexOf(":", p1 + 1);
  const p3 = p2 < 0 ? -1 : s.indexOf(":", p2 + 1);
  const p4 = p3 < 0 ? -1 : s.indexOf(":", p3 + 1);
  if (p4 < 0) return null;
  const account = p4 - p3 === 13 && isDigits(s, p3 + 1, p4) ? s.slice(p3 + 1, p4) : null;
  return { region: p3 > p2 + 1 ? s.slice(p2 + 1, p3) : null, account };
}

function isDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** eu-west-1a -> eu-west-1 (AWS); europe-west1-b -> europe-west1 (GCP). */
function regionOfZone(zone: string | null): string | null {
  if (zone === null) return null;
  const aws = /^([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d+)[a-z]$/.exec(zone);
  if (aws) return aws[1]!;
  const gcp = /^([a-z]+-[a-z]+\d+)-[a-z]$/.exec(zone);
  if (gcp) return gcp[1]!;
  return null;
}

export function regionOf(provider: string, values: unknown, facts: ProviderFacts): string | null {
  if (!isRecord(values)) return facts.region;
  const direct = known(own(values, "region"));
  if (direct) return direct;
  switch (provider) {
    case "aws":
      return (
        parseArn(own(values, "arn"))?.region ??
        regionOfZone(known(own(values, "availability_zone"))) ??
        facts.region
      );
    case "google": {
      const location = known(own(values, "location"));
      return regionOfZone(known(own(values, "zone"))) ?? regionOfZone(location) ?? location ?? facts.region;
    }
    case "azurerm":
    case "azuread":
      return known(own(values, "location")) ?? facts.region;
    default:
      return facts.region;
  }
}

export function accountOf(provider: string, values: unknown, facts: ProviderFacts): string | null {
  if (!isRecord(values)) return facts.account;
  switch (provider) {
    case "aws": {
      const arn = parseArn(own(values, "arn"));
      if (arn?.account) return arn.account;
      const owner = known(own(values, "owner_id"));
      if (owner && /^\d{12}$/.test(owner)) return owner;
      return facts.account;
    }
    case "google":
      return known(own(values, "project")) ?? facts.account;
    case "azurerm": {
      const id = known(own(values, "id"));
      const m = id ? /^\/subscriptions\/([0-9a-fA-F-]{36})(?:\/|$)/.exec(id) : null;
      return m ? m[1]! : facts.account;
    }
    default:
      return facts.account;
  }
}
