// CDKTF input readers: one stack (`cdk.tf.json`), a manifest, or a whole `cdktf.out/` directory.
export { cdktfSynthReader, isCdktfSynth, readCdktfStack, type StackOptions } from "./synth-reader.js";
export {
  cdktfManifestReader,
  isCdktfManifest,
  isCdktfOutDir,
  readCdktfOutDir,
  type StacksDirOptions,
} from "./stacks-dir.js";
