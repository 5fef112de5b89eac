// Pulumi input readers: preview JSON (`pulumi preview --json`) and stack exports / checkpoints
// (`pulumi stack export`); other Pulumi outputs are refused with what to run instead.
export { pulumiPreviewReader, readPulumiPreview, isPulumiPreview } from "./preview-reader.js";
export { pulumiStackReader, readPulumiStack, isPulumiStack } from "./stack-reader.js";
export { pulumiRefusal, pulumiRefusalReader, pulumiTextRefusal, isEngineEvent } from "./refusals.js";
export { terraformType, type TypeMapping } from "./type-tokens.js";
export { PulumiProviders, type PulumiProvider } from "./providers.js";
export { pulumiProjectDirReader, isPulumiProjectDir } from "./project-dir.js";
