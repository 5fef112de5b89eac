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
  /** per source: resources' names (ARN, id, name, ...) with their environment */
  private readonly named = new Map<string, [string, string][]>();
  /** per source: the names indexed for matching (built on first use) */
  private readonly indexes = new Map<string, NameIndex>();
  /**
   * Glob comparisons left. The index narrows each pattern to the names that can match it, so
   * real inputs stay far below this; a hostile input whose patterns share every literal with
   * thousands of names but match none of them cannot take long either: once it is spent, a
   * pattern is taken to reach every environment of its source (never fewer than it may).
   */
  private budget = 1_000_000;
  private readonly envsBySource = new Map<string, Set<string>>();
  private readonly matched = new Map<string, string[]>();

  /** resources not indexed yet: the index is built on the first question that needs it */
  private pending: readonly Resource[] | null;

  constructor(sources: readonly Source[], resources: readonly Resource[]) {
    for (const s of sources) this.sourceEnv.set(s.id, s.environment);
    this.pending = resources;
  }

  /** Indexes the resources by account, provider and name (once; most inputs mint no token). */
  private indexed(): this {
    const resources = this.pending;
    if (resources === null) return this;
    this.pending = null;
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
    return this;
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
    return [...(this.indexed().byAccount.get(account) ?? [])];
  }

  /** Environments with resources of a provider in a source. */
  ofProvider(sourceId: string, provider: string): string[] {
    return [...(this.indexed().byProvider.get(`${sourceId}\u0000${provider}`) ?? [])];
  }

  /**
   * Environments of resources (in the same source) whose ARN, id or name matches a pattern.
   * Each pattern is compared only with the names that can match it (see NameIndex): those
   * starting with its literal prefix, ending with its literal suffix, or containing the rarest
   * three characters of its literal text, whichever are fewest; and only until every
   * environment of the source is found.
   */
  ofMatching(sourceId: string, patterns: readonly string[]): string[] {
    const globs = patterns.slice(0, 200).map((p) => p.slice(0, 2048).replace(/\$\{[^}]*\}/g, "*"));
    const key = `${sourceId}\u0000${globs.join("\u0000")}`;
    const cached = this.matched.get(key);
    if (cached) return cached;
    const all = this.indexed().envsBySource.get(sourceId) ?? new Set<string>();
    const out = new Set<string>();
    if (all.size > 0) {
      let index = this.indexes.get(sourceId);
      if (!index) this.indexes.set(sourceId, (index = new NameIndex(this.named.get(sourceId) ?? [])));
      for (const g of globs) {
        if (out.size === all.size) break;
        const wild = g.search(/[*?]/);
        if (wild < 0) {
          for (const env of index.exact(g)) out.add(env);
          continue;
        }
        for (const i of index.candidates(g)) {
          const env = index.envs[i]!;
          if (out.has(env)) continue;
          if (this.budget-- <= 0) {
            for (const e of all) out.add(e);
            break;
          }
          if (globMatch(g, index.names[i]!)) {
            out.add(env);
            if (out.size === all.size) break;
          }
        }
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

/** First index whose entry is not below `key` (entries sorted). */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Indices [from, to) as an iterable. */
function* range(from: number, to: number): Iterable<number> {
  for (let i = from; i < to; i++) yield i;
}

const reverse = (s: string): string => s.split("").reverse().join("");

/** Above every character a name has (a noncharacter): `p + END` bounds the names starting with `p`. */
const END = "\uffff";

/** The three UTF-16 units at `i` as one number (48 bits: exact in a double). */
function trigram(s: string, i: number): number {
  return s.charCodeAt(i) * 4294967296 + s.charCodeAt(i + 1) * 65536 + s.charCodeAt(i + 2);
}

/** A trigram index is built only when prefixes and suffixes leave more candidates than this. */
const GRAM_THRESHOLD = 64;

/**
 * The names of one source's resources, sorted, with their environments: the names a glob can
 * match are found by its literal prefix (a range of the sorted names), its literal suffix (a
 * range of the names sorted by their reverse) or, when both leave many, by the three-character
 * substrings of its literal text (a posting list per trigram, built on first need).
 */
class NameIndex {
  readonly names: string[];
  readonly envs: string[];
  /** reversed names, sorted, and the index of each in `names` (built on first need) */
  private reversed: string[] = [];
  private reversedAt: number[] = [];
  private reversedBuilt = false;
  /** trigram (three UTF-16 units as one number) -> ascending indices of the names containing it */
  private grams: Map<number, number[]> | null = null;
  /** names too long to index by trigram: candidates of every trigram */
  private readonly long: number[] = [];

  constructor(entries: readonly [string, string][]) {
    const sorted = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.names = sorted.map((e) => e[0]);
    this.envs = sorted.map((e) => e[1]);
  }

  private buildReversed(): void {
    if (this.reversedBuilt) return;
    const rev = this.names.map((n, i) => [reverse(n), i] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.reversed = rev.map((r) => r[0]);
    this.reversedAt = rev.map((r) => r[1]);
    this.reversedBuilt = true;
  }

  /** Environments of the names equal to `name`. */
  exact(name: string): string[] {
    const out: string[] = [];
    for (let i = lowerBound(this.names, name); i < this.names.length && this.names[i] === name; i++) out.push(this.envs[i]!);
    return out;
  }

  /** Indices of the names that can match a glob (a superset of those that do). */
  candidates(glob: string): Iterable<number> {
    const first = glob.search(/[*?]/);
    const prefix = glob.slice(0, first);
    const suffix = glob.slice(Math.max(glob.lastIndexOf("*"), glob.lastIndexOf("?")) + 1);
    const pFrom = lowerBound(this.names, prefix);
    const pTo = prefix === "" ? this.names.length : lowerBound(this.names, prefix + END);
    if (pTo - pFrom <= GRAM_THRESHOLD) return range(pFrom, pTo);
    this.buildReversed();
    const rs = reverse(suffix);
    const sFrom = lowerBound(this.reversed, rs);
    const sTo = suffix === "" ? this.reversed.length : lowerBound(this.reversed, rs + END);
    let best = Math.min(pTo - pFrom, sTo - sFrom);
    let posting: number[] | null = null;
    if (best > GRAM_THRESHOLD) {
      const grams = this.gramIndex();
      for (const lit of glob.split(/[*?]/)) {
        for (let i = 0; i + 3 <= lit.length; i++) {
          const list = grams.get(trigram(lit, i)) ?? [];
          if (list.length + this.long.length < best) {
            best = list.length + this.long.length;
            posting = list;
          }
        }
      }
    }
    if (posting !== null) return this.long.length === 0 ? posting : [...posting, ...this.long];
    if (pTo - pFrom <= sTo - sFrom) return range(pFrom, pTo);
    const at = this.reversedAt;
    return (function* () {
      for (let i = sFrom; i < sTo; i++) yield at[i]!;
    })();
  }

  private gramIndex(): Map<number, number[]> {
    if (this.grams) return this.grams;
    const grams = new Map<number, number[]>();
    this.names.forEach((n, idx) => {
      // very long names (documents used as names) would cost much to index: always candidates
      if (n.length > 512) {
        this.long.push(idx);
        return;
      }
      for (let i = 0; i + 3 <= n.length; i++) {
        const g = trigram(n, i);
        const list = grams.get(g);
        // a trigram seen earlier in the same name is already listed
        if (!list) grams.set(g, [idx]);
        else if (list[list.length - 1] !== idx) list.push(idx);
      }
    });
    this.grams = grams;
    return grams;
  }
}
