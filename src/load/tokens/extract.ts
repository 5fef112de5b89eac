// Tokens that are not written down as tokens: credentials minted by resources in plans, states
// and stacks (IAM access keys, CI roles, Cloudflare API tokens, Vault tokens, GCP service-account
// keys) and the credentials provider blocks run with. Read from the normalized resources, so
// Terraform, CDKTF and Pulumi inputs give the same tokens, and from the raw documents for
// provider configuration (which plans and CDKTF keep outside the resources).
//
// Environments: a token's `environments` come from the environments of the resources it can
// reach (token-reach.ts); call this after the environment mapping has been applied to sources
// and resources, or those environments are unknown and left out.

import type { Source, Token } from "../../model/types.js";
import type { LoadedInputs } from "../load-inputs.js";
import { isRecord } from "../terraform/paths.js";
import { awsAccessKeyTokens } from "./minted/aws-access-keys.js";
import { awsCiRoleTokens } from "./minted/aws-ci-roles.js";
import { AwsIamGraph } from "./minted/aws-iam-graph.js";
import { cloudflareTokens } from "./minted/cloudflare-tokens.js";
import type { ExtractContext } from "./minted/context.js";
import { gcpServiceAccountKeyTokens } from "./minted/gcp-service-account-keys.js";
import { vaultTokens } from "./minted/vault-tokens.js";
import { cdktfProviderBlocks, planProviderBlocks, pulumiProviderBlocks, type ProviderBlock } from "./provider-blocks.js";
import { providerToken } from "./provider-credentials.js";
import { bySource } from "./source-resources.js";
import { TokenIds } from "./token-builder.js";
import { Reach } from "./token-reach.js";

/** Types whose presence in a source makes it worth building the AWS IAM graph. */
const AWS_IAM_TYPES = ["aws_iam_access_key", "aws_iam_user", "aws_iam_role"];

export function extractTokens(loaded: Pick<LoadedInputs, "sources" | "resources" | "raws">): Token[] {
  const reach = new Reach(loaded.sources, loaded.resources);
  const ids = new TokenIds();
  const out: Token[] = [];

  for (const src of bySource(loaded.resources).values()) {
    const ctx: ExtractContext = { src, reach, ids };
    if (AWS_IAM_TYPES.some((t) => src.ofType(t).length > 0)) {
      const graph = new AwsIamGraph(src);
      out.push(...awsAccessKeyTokens(ctx, graph), ...awsCiRoleTokens(ctx, graph));
    }
    out.push(...cloudflareTokens(ctx), ...vaultTokens(ctx), ...gcpServiceAccountKeyTokens(ctx));
  }

  for (const b of providerBlocks(loaded.sources, loaded.raws)) {
    const t = providerToken({ reach, ids }, b);
    if (t) out.push(t);
  }
  return out;
}

/**
 * Provider blocks of every input: plan configuration and CDKTF `provider` blocks from the raw
 * documents (raws[i] belongs to the sources numbered s<i+1>, a cdktf.out directory's raw being
 * the list of its stacks' documents), Pulumi provider resources and stack configuration.
 */
export function providerBlocks(sources: readonly Source[], raws: readonly unknown[]): ProviderBlock[] {
  const out: ProviderBlock[] = [];
  raws.forEach((raw, i) => {
    const prefix = `s${i + 1}`;
    const own = sources.filter((s) => s.id === prefix || s.id.startsWith(`${prefix}-`));
    // a directory's sources are numbered s<i>-1, s<i>-2, ...: its raw is the list of their documents
    const fromDirectory = own.some((s) => s.id !== prefix);
    const docs: unknown[] = fromDirectory && Array.isArray(raw) ? raw : [raw];
    own.forEach((s, k) => {
      const doc = docs[k];
      if (!isRecord(doc)) return;
      if (s.kind === "terraform-plan") out.push(...planProviderBlocks(s.id, s.path, doc));
      else if (s.kind === "cdktf-synth") out.push(...cdktfProviderBlocks(s.id, s.path, doc));
      else if (s.kind === "pulumi-preview" || s.kind === "pulumi-stack") out.push(...pulumiProviderBlocks(s.id, s.path, doc, s.workspace));
    });
  });
  return out;
}
