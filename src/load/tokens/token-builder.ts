// Builds model Tokens with every field filled the same way, and keeps token ids unique within
// one run ("s1:RAILWAY_TOKEN", "s1:RAILWAY_TOKEN#2", ...).

import type { HolderKind, StorageKind, Token } from "../../model/types.js";

export interface TokenParts {
  id: string;
  name: string;
  provider: string;
  holder?: { kind: HolderKind; name: string | null };
  environments?: string[];
  operations?: string[];
  resources?: string[];
  expires_at?: string | null;
  ttl_seconds?: number | null;
  /** default: whether expires_at or ttl_seconds is set */
  expires?: boolean;
  storage?: { kind: StorageKind; location: string | null; in_repository: boolean };
  conditions?: Record<string, unknown>[];
  origin: Token["origin"];
  source: string;
  address?: string | null;
  credential?: string;
  value_present?: boolean;
  unknown?: string[];
  details?: Record<string, unknown>;
}

export function makeToken(p: TokenParts): Token {
  const expires_at = p.expires_at ?? null;
  const ttl_seconds = p.ttl_seconds ?? null;
  const t: Token = {
    id: p.id,
    name: p.name,
    provider: p.provider,
    holder: p.holder ?? { kind: "unknown", name: null },
    environments: unique(p.environments ?? []),
    operations: unique(p.operations ?? []),
    resources: unique(p.resources ?? []),
    expires_at,
    ttl_seconds,
    expires: p.expires ?? (expires_at !== null || ttl_seconds !== null),
    storage: p.storage ?? { kind: "unknown", location: null, in_repository: false },
    conditions: p.conditions ?? [],
    origin: p.origin,
    source: p.source,
    address: p.address ?? null,
  };
  if (p.credential !== undefined) t.credential = p.credential;
  t.value_present = p.value_present ?? false;
  t.unknown = unique(p.unknown ?? []);
  if (p.details !== undefined) t.details = p.details;
  return t;
}

/** Strings in first-seen order, without repeats. */
export function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** Hands out ids, appending "#2", "#3", ... when one is asked for again. */
export class TokenIds {
  private readonly seen = new Map<string, number>();

  next(base: string): string {
    const n = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  }
}
