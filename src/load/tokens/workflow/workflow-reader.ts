// GitHub Actions workflows (`.github/workflows/*.yml`, recognized by `on:` + `jobs:`): the
// credentials each job holds, as tokens.
// - its GITHUB_TOKEN, with the job's permissions (job-level `permissions:` replaces the
//   workflow's; none anywhere = the repository default, unscoped; `write-all` = unscoped);
// - each credential secret it references (`${{ secrets.NAME }}`: names only), marked static or
//   federated when a cloud login action uses it (configure-aws-credentials with access keys vs
//   `role-to-assume` through OIDC, google-github-actions/auth, azure/login, vault-action);
// - OIDC roles it assumes; and secret values written in the file itself (dropped: the token says
//   `value_present`, the raw document gets "(sensitive)" in their place).
// Jobs triggered by pull_request_target (or workflow_run) that check out the pull request's head
// run untrusted code with these credentials: `details.untrusted_checkout`.

import { basename } from "node:path";
import { SENSITIVE_VALUE, type Token } from "../../../model/types.js";
import { InputError } from "../../input-error.js";
import { isRecord, own, PathWriter, type Rec } from "../../terraform/paths.js";
import { makeSource } from "../../terraform/resource-builder.js";
import type { InputReader, RawDocument, ReadContext, ReadResult } from "../../types.js";
import { providerFromSecretName, secretIsCredential } from "../provider-names.js";
import { checkStructure } from "../structure-check.js";
import { makeToken, TokenIds } from "../token-builder.js";
import { checksOutHead, cloudAuth, literalSecrets, secretNames, type CloudAuth } from "./job-facts.js";
import { jobPermissions } from "./permissions.js";

/** The `on:` key: "on", or `true` when a YAML 1.1 loader read it as a boolean. */
function triggerBlock(data: Rec): unknown {
  return own(data, "on") ?? own(data, "true");
}

/** Whether a parsed document is a GitHub Actions workflow: `on:` and a `jobs:` mapping. */
export function isGithubWorkflow(data: unknown): boolean {
  return isRecord(data) && isRecord(own(data, "jobs")) && triggerBlock(data) !== undefined;
}

export const githubWorkflowReader: InputReader = {
  kind: "github-workflow",
  label: "GitHub Actions workflow (.github/workflows/*.yml)",
  detect: (doc) => isGithubWorkflow(doc.data),
  read: (doc, ctx) => readGithubWorkflow(doc, ctx),
};

/** Event names of `on:` (a name, a list of names, or a map of names to filters). */
export function triggersOf(on: unknown): string[] {
  if (typeof on === "string") return [on];
  if (Array.isArray(on)) return on.filter((x): x is string => typeof x === "string");
  if (isRecord(on)) return Object.keys(on);
  return [];
}

/** GITHUB_TOKEN lifetime: the job's timeout (default 360 minutes), at most 24 hours. */
function jobTtl(job: Rec): number {
  const t = own(job, "timeout-minutes");
  const minutes = typeof t === "number" && t > 0 ? t : 360;
  return Math.min(Math.round(minutes * 60), 86_400);
}

function environmentOf(job: Rec): { name: string | null; dynamic: boolean } {
  const e = own(job, "environment");
  const name = typeof e === "string" ? e : isRecord(e) && typeof own(e, "name") === "string" ? (own(e, "name") as string) : null;
  if (name === null || name.trim() === "") return { name: null, dynamic: false };
  return name.includes("${{") ? { name, dynamic: true } : { name: name.trim(), dynamic: false };
}

export function readGithubWorkflow(doc: RawDocument, ctx: Pick<ReadContext, "sourceId">): ReadResult {
  const file = doc.path;
  checkStructure(doc.data, file);
  const data = doc.data;
  if (!isRecord(data)) throw new InputError(file, "a workflow must be a mapping with on: and jobs:");
  const jobs = own(data, "jobs") as Rec;
  const nameRaw = own(data, "name");
  const workflow = typeof nameRaw === "string" && nameRaw.trim() !== "" ? nameRaw.trim() : basename(file);
  const triggers = triggersOf(triggerBlock(data));
  const prTarget = triggers.includes("pull_request_target") || triggers.includes("workflow_run");
  const ids = new TokenIds();
  const tokens: Token[] = [];
  const raw = new PathWriter(data);
  const sourceId = ctx.sourceId;

  // secret values written at the workflow level
  for (const lit of literalSecrets(own(data, "env"), ["env"])) {
    tokens.push(literalToken(ids, sourceId, file, workflow, null, lit.name, "env"));
    raw.set(lit.path, SENSITIVE_VALUE);
  }

  for (const jobId of Object.keys(jobs)) {
    const job = own(jobs, jobId);
    if (!isRecord(job)) throw new InputError(file, `jobs.${jobId} must be a mapping (runs-on and steps, or uses)`);
    const holder = { kind: "ci" as const, name: `${workflow}/${jobId}` };
    const address = `jobs.${jobId}`;
    const steps = Array.isArray(own(job, "steps")) ? (own(job, "steps") as unknown[]) : [];
    const env = environmentOf(job);
    const untrusted = prTarget && steps.some(checksOutHead);
    const referenced = new Set([...secretNames(own(data, "env")), ...secretNames(job)]);
    const inherits = own(job, "secrets") === "inherit";
    const auths = steps.map(cloudAuth).filter((a): a is CloudAuth => a !== null);
    const perms = jobPermissions(own(data, "permissions"), own(job, "permissions"));
    const common = {
      workflow,
      job: jobId,
      triggers,
      environment: env.name,
      untrusted_checkout: untrusted,
      pull_request_target: triggers.includes("pull_request_target"),
    };

    tokens.push(
      makeToken({
        id: ids.next(`${sourceId}:${address}:GITHUB_TOKEN`),
        name: "GITHUB_TOKEN",
        provider: "github",
        credential: "github-token",
        holder,
        environments: [],
        operations: perms.operations,
        // the token is scoped to the repository the workflow runs in
        resources: ["${{ github.repository }}"],
        ttl_seconds: jobTtl(job),
        expires: true,
        storage: { kind: "ci-secret", location: "GITHUB_TOKEN (issued by GitHub Actions for the job)", in_repository: false },
        origin: "workflow",
        source: sourceId,
        address,
        unknown: perms.unknown ? ["operations"] : [],
        details: {
          ...common,
          permissions: perms.declared,
          permissions_source: perms.source,
          runs_on: own(job, "runs-on") ?? null,
          calls: typeof own(job, "uses") === "string" ? own(job, "uses") : null,
          secrets: [...referenced].sort(),
          inherits_secrets: inherits,
          id_token: perms.operations.includes("id-token:write") || perms.operations.includes("*"),
        },
      }),
    );

    // OIDC sessions the job's steps open
    for (const a of auths) {
      if (a.method !== "oidc") continue;
      tokens.push(
        makeToken({
          id: ids.next(`${sourceId}:${address}:${a.action}`),
          name: a.identity ? `${a.provider} role ${a.identity}` : `${a.provider} OIDC session`,
          provider: a.provider,
          credential: "oidc-role",
          holder,
          environments: env.name && !env.dynamic ? [env.name] : [],
          ttl_seconds: a.ttl_seconds,
          expires: true,
          storage: { kind: "oidc", location: a.identity, in_repository: false },
          origin: "workflow",
          source: sourceId,
          address,
          unknown: ["operations", "resources", ...(env.dynamic ? ["environments"] : []), ...(a.ttl_seconds === null ? ["expires"] : [])],
          details: { ...common, action: a.action, method: "oidc", identity: a.identity },
        }),
      );
    }

    // credential secrets the job reads
    for (const name of [...referenced].sort()) {
      if (name === "GITHUB_TOKEN") continue;
      const usedBy = auths.filter((a) => a.secrets.includes(name));
      const asRole = usedBy.some((a) => a.method === "oidc");
      if (!secretIsCredential(name) && usedBy.length === 0) continue;
      if (asRole && usedBy.every((a) => a.method === "oidc")) continue; // the role's name/ARN: the OIDC token covers it
      const staticKey = usedBy.find((a) => a.method === "static");
      const provider = staticKey?.provider ?? providerFromSecretName(name);
      // static AWS keys and GCP service-account keys never expire
      const neverExpires = staticKey !== undefined && (staticKey.provider === "aws" || staticKey.provider === "gcp");
      tokens.push(
        makeToken({
          id: ids.next(`${sourceId}:${address}:secrets.${name}`),
          name,
          provider,
          credential: "ci-secret",
          holder,
          environments: env.name && !env.dynamic ? [env.name] : [],
          expires: !neverExpires,
          storage: { kind: "ci-secret", location: `secrets.${name}`, in_repository: false },
          origin: "workflow",
          source: sourceId,
          address,
          unknown: ["operations", "resources", ...(env.dynamic ? ["environments"] : []), ...(neverExpires ? [] : ["expires"])],
          details: {
            ...common,
            used_by: usedBy.map((a) => a.action),
            static_cloud_credentials: staticKey !== undefined,
            static_aws_keys: staticKey?.provider === "aws",
          },
        }),
      );
    }

    // secret values written in the job
    for (const lit of literalSecrets(job, ["jobs", jobId])) {
      tokens.push(literalToken(ids, sourceId, file, workflow, jobId, lit.name, lit.path[lit.path.length - 2] === "with" ? "with" : "env"));
      raw.set(lit.path, SENSITIVE_VALUE);
    }
  }

  const source = makeSource({ id: sourceId, path: file, kind: "github-workflow", tool: "github-actions", notes: [] });
  return { sources: [source], resources: [], tokens, raw: raw.value };
}

function literalToken(ids: TokenIds, sourceId: string, file: string, workflow: string, jobId: string | null, name: string, where: "env" | "with"): Token {
  const address = jobId === null ? `env.${name}` : `jobs.${jobId}`;
  return makeToken({
    id: ids.next(`${sourceId}:${address}:${name}`),
    name,
    provider: providerFromSecretName(name),
    credential: "ci-secret",
    holder: { kind: "ci", name: jobId === null ? workflow : `${workflow}/${jobId}` },
    environments: [],
    expires: true,
    storage: { kind: "repo-file", location: file, in_repository: true },
    origin: "workflow",
    source: sourceId,
    address,
    value_present: true,
    unknown: ["operations", "resources", "expires"],
    details: { workflow, job: jobId, written_in: where },
  });
}
