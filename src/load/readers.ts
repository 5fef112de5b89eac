// Every input format policy-check reads, in detection order: the format readers first, then the
// refusal readers (outputs that are recognized but not read, refused with what to run instead),
// so that a refusal never shadows a format. Texts that do not parse as one JSON or YAML document
// (Pulumi's display, JSON Lines event streams) are refused earlier, by parseInputText.
import { cdktfManifestReader, cdktfSynthReader, isCdktfOutDir, readCdktfOutDir } from "./cdktf/index.js";
import type { DirectoryReader } from "./load-inputs.js";
import { pulumiPreviewReader, pulumiProjectDirReader, pulumiRefusalReader, pulumiStackReader } from "./pulumi/index.js";
import { terraformPlanReader, terraformStateReader } from "./terraform/index.js";
import { PLAN_UNREAD_MEMBERS } from "./terraform/plan-reader.js";
import type { UnreadMember } from "./unread-members.js";
import { githubWorkflowReader, tokenConfigReader } from "./tokens/index.js";
import type { InputReader } from "./types.js";

export const READERS: readonly InputReader[] = [
  terraformPlanReader,
  terraformStateReader,
  cdktfSynthReader,
  cdktfManifestReader,
  pulumiPreviewReader,
  pulumiStackReader,
  tokenConfigReader,
  githubWorkflowReader,
  // refusal readers last
  pulumiRefusalReader,
];

/**
 * Top-level members of JSON inputs that no reader reads: when no policy reads input.raw, large
 * files are read without building them (see unread-members.ts). Only a Terraform plan's
 * planned_values and prior_state: no other format has top-level members of those names.
 */
export const UNREAD_MEMBERS: readonly UnreadMember[] = PLAN_UNREAD_MEMBERS;

export const DIRECTORY_READERS: readonly DirectoryReader[] = [{ detect: isCdktfOutDir, read: (dir, ctx) => readCdktfOutDir(dir, ctx) }, pulumiProjectDirReader];
