// Every input format policy-check reads, in detection order.
import { cdktfManifestReader, cdktfSynthReader, isCdktfOutDir, readCdktfOutDir } from "./cdktf/index.js";
import type { DirectoryReader } from "./load-inputs.js";
import { pulumiPreviewReader, pulumiProjectDirReader, pulumiStackReader } from "./pulumi/index.js";
import { terraformPlanReader, terraformStateReader } from "./terraform/index.js";
import { githubWorkflowReader, tokenConfigReader } from "./tokens/index.js";
import type { InputReader } from "./types.js";

export const READERS: readonly InputReader[] = [terraformPlanReader, terraformStateReader, cdktfSynthReader, cdktfManifestReader, pulumiPreviewReader, pulumiStackReader, tokenConfigReader, githubWorkflowReader];

export const DIRECTORY_READERS: readonly DirectoryReader[] = [{ detect: isCdktfOutDir, read: (dir, ctx) => readCdktfOutDir(dir, ctx) }, pulumiProjectDirReader];
