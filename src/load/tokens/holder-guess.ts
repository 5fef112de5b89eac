// Who holds a credential minted in a plan, guessed from the names around it (IAM user, service
// account, API token name, tags): CI systems and deploy users -> "ci", agents and bots ->
// "agent", workloads -> "service", and "unknown" when nothing says.

import type { HolderKind } from "../../model/types.js";

const AGENT = /(?:^|[^a-z0-9])(?:agent|agents|bot|bots|robot|ai|llm|copilot|claude|gpt|codex|devin|cursor|assistant|autopilot|mcp)(?:[^a-z0-9]|$)|(?:agent|bot)$/i;
const CI = /(?:^|[^a-z0-9])(?:ci|cd|cicd|ci-cd|github|gh|gha|actions|gitlab|bitbucket|pipeline|pipelines|deploy|deployer|deployment|deploys|jenkins|circleci|circle|buildkite|travis|drone|teamcity|bamboo|argo|argocd|flux|spacelift|atlantis|terraform|tf|tfc|env0|automation|build|builder|release|cicd)(?:[^a-z0-9]|$)/i;
const SERVICE = /(?:^|[^a-z0-9])(?:svc|service|app|application|backend|api|worker|lambda|function|job|cron|daemon|server|runtime|workload)(?:[^a-z0-9]|$)/i;

/** The holder kind a name suggests; agents before CI (a "deploy-bot" is an agent). */
export function holderKindFromName(name: string | null | undefined): HolderKind {
  if (!name) return "unknown";
  // split camelCase so "ciDeployer" and "GithubActions" read as words
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1-$2");
  if (AGENT.test(words)) return "agent";
  if (CI.test(words)) return "ci";
  if (SERVICE.test(words)) return "service";
  return "unknown";
}

/** The first decisive holder kind among several names (user name, then tags, ...). */
export function holderKindFromNames(names: readonly (string | null | undefined)[]): HolderKind {
  for (const n of names) {
    const k = holderKindFromName(n);
    if (k !== "unknown") return k;
  }
  return "unknown";
}

const HOLDER_TAG_KEYS = new Set(["holder", "holder_kind", "holder-kind", "holderkind", "usedby", "used_by", "used-by", "principal_type", "principal-type", "principaltype"]);
const KINDS: readonly HolderKind[] = ["agent", "ci", "human", "service"];

/**
 * The holder kind tags state (`Holder = "ci"`, `used-by = "github-actions"`), or "unknown".
 * Only tag keys that name the holder are read; their values are a kind or a name to guess from.
 */
export function holderKindFromTags(tags: Readonly<Record<string, string>>): HolderKind {
  for (const k of Object.keys(tags)) {
    if (!HOLDER_TAG_KEYS.has(k.toLowerCase())) continue;
    const v = String(tags[k]).trim().toLowerCase();
    const exact = KINDS.find((kind) => kind === v);
    if (exact) return exact;
    const guessed = holderKindFromName(v);
    if (guessed !== "unknown") return guessed;
  }
  return "unknown";
}
