// Which environments a token minted in a plan (or a provider's credentials) can reach, from the
// environments of the resources around it. It reads `environment` on resources and sources, so
// it must run after the environment mapping has been applied (applyEnvironments); before that,
// every environment is unknown and tokens get the environments their own resources say, if any.
//
// - A token limited to named resources reaches the environments of the resources those names
//   match (ARN patterns, ids), or else the environment of the resource that mints it.
// - A token over every resource of its account (`Resource: "*"`, `s3:*` on `arn:aws:s3:::*`)
//   reaches every environment with resources in that account; when the account is not known,
//   every environment of that provider's resources in the same input.

import type { Resource, Source } from "../../model/types.js";
import { attr, knownString } from "./resource-values.js";

export class Reach {
  private readonly sourceEnv = new Map<string, string | null>();
  private readonly byAccount = new Map<string, Set<string>>();
  private readonly byProvider = new Map<string, Set<string>>();
  /** per source: resources' names (ARN, id, name, ...) with their environment, sorted by name once read */
  private readonly named = new Map<string, [string, string][]>();
  private sorted = false;
  /** glob comparisons left: a hostile input with many patterns and names cannot take long */
  private budget = 5_000_000;
  private readonly envsBySource = new Map<string, Set<string>>();
  private readonly matched = new Map<string, string[]>();

  constructor(sources: readonly Source[], resources: readonly Resource[]) {
    for (const s of sources) this.sourceEnv.set(s.id, s.environment);
    for (const r of resources) {
      const env = this.envOf(r);
      if (env === null) continue;
      if (r.account) add(this.byAccount, r.account, env);
      add(this.byProvider, `${r.source}\u0000${r.provider}`, env);
      const ids = [attr(r, "arn"), attr(r, "id"), attr(r, "name"), attr(r, "zone_id"), attr(r, "self_link")]
        .map(knownString)
        .filter((x): x is string => x !== null);
      if (ids.length > 0) {
        let list = this.named.get(r.source);
        if (!list) this.named.set(r.source, (list = []));
        for (const id of ids) list.push([id, env]);
        add(this.envsBySource, r.source, env);
      }
    }
  }

  /** The environment of one resource (its own, else its source's), or null. */
  envOf(r: Resource | null | undefined): string | null {
    if (!r) return null;
    return r.environment ?? this.sourceEnv.get(r.source) ?? null;
  }

  /** Environment of a source, or null. */
  ofSource(sourceId: string): string | null {
    return this.sourceEnv.get(sourceId) ?? null;
  }

  /** Environments with resources in an account. */
  ofAccount(account: string): string[] {
    return [...(this.byAccount.get(account) ?? [])];
  }

  /** Environments with resources of a provider in a source. */
  ofProvider(sourceId: string, provider: string): string[] {
    return [...(this.byProvider.get(`${sourceId}\u0000${provider}`) ?? [])];
  }

  /**
   * Environments of resources (in the same source) whose ARN, id or name matches a pattern. The
   * names are sorted, so each pattern only compares the names that start with its literal
   * prefix (the text before its first wildcard).
   */
  ofMatching(sourceId: string, patterns: readonly string[]): string[] {
    const globs = patterns.slice(0, 200).map((p) => p.slice(0, 2048).replace(/\$\{[^}]*\}/g, "*"));
    const key = `${sourceId}\u0000${globs.join("\u0000")}`;
    const cached = this.matched.get(key);
    if (cached) return cached;
    if (!this.sorted) {
      for (const list of this.named.values()) list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      this.sorted = true;
    }
    const names = this.named.get(sourceId) ?? [];
    const all = this.envsBySource.get(sourceId)?.size ?? 0;
    const out = new Set<string>();
    for (const g of globs) {
      const wild = g.search(/[*?]/);
      const prefix = wild < 0 ? g : g.slice(0, wild);
      for (let i = lowerBound(names, prefix); i < names.length && out.size < all && this.budget > 0; i++) {
        const [id, env] = names[i]!;
        if (!id.startsWith(prefix) || (wild < 0 && id !== g)) break;
        if (out.has(env)) continue;
        this.budget--;
        if (wild < 0 || globMatch(g, id)) out.add(env);
      }
    }
    const result = [...out];
    this.matched.set(key, result);
    return result;
  }

  /**
   * Environments a token reaches: `wide` tokens every environment of their account (or of their
   * provider in the source when the account is unknown), others those of the resources their
   * patterns name; always including the environments of the resources that mint and hold it.
   */
  reach(opts: { sourceId: string; provider: string; account: string | null; wide: boolean; patterns: readonly string[]; own: readonly (Resource | null | undefined)[] }): string[] {
    const out = new Set<string>();
    for (const r of opts.own) {
      const e = this.envOf(r);
      if (e !== null) out.add(e);
    }
    if (opts.wide) {
      const envs = opts.account ? this.ofAccount(opts.account) : this.ofProvider(opts.sourceId, opts.provider);
      for (const e of envs) out.add(e);
    } else {
      for (const e of this.ofMatching(opts.sourceId, opts.patterns)) out.add(e);
    }
    if (out.size === 0) {
      const e = this.ofSource(opts.sourceId);
      if (e !== null) out.add(e);
    }
    return [...out].sort();
  }
}

function add(m: Map<string, Set<string>>, k: string, v: string): void {
  const s = m.get(k);
  if (s) s.add(v);
  else m.set(k, new Set([v]));
}

/**
 * Whether `text` matches a glob with `*` (any run) and `?` (one character), IAM style. Greedy
 * matching with one backtrack point: linear in practice, never exponential on hostile patterns.
 */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      mark = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

/** First index whose name is not below `prefix` (names sorted). */
function lowerBound(names: readonly [string, string][], prefix: string): number {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (names[mid]![0] < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
