// One reader per input format, behind one small interface (conftest's parser-per-format
// design): the loader parses a file (JSON or YAML text), asks each reader whether the document
// is its format, and the one that claims it turns it into normalized resources and tokens.

import type { Resource, Source, SourceKind, Token } from "../model/types.js";
import type { LifecycleIndex } from "./terraform/lifecycle-hcl.js";

/** A parsed file: plain JS data (JSON/YAML), before normalization. */
export interface RawDocument {
  path: string;
  /** the parsed content; integers beyond 2^53 are bigint */
  data: unknown;
  /** "json" or "yaml" */
  syntax: "json" | "yaml";
}

export interface ReadContext {
  /** the source id assigned to this file ("s1", ...); a reader producing several sources
   * (a cdktf.out/ directory) numbers them "s1-1", "s1-2", ... */
  sourceId: string;
  /** Terraform source directories given with --tf-dir, for lifecycle.prevent_destroy */
  tfDirs: readonly string[];
  /** workspace override (--workspace / TF_WORKSPACE) */
  workspace: string | null;
  /** lifecycle blocks read from --tf-dir sources (null when none were given) */
  lifecycle?: LifecycleIndex | null;
  /**
   * false when no policy reads input.raw: a reader may then keep in its raw document only what
   * the checker itself reads there (a plan's root variables and provider_config, for provider tokens)
   */
  raw?: boolean;
}

export interface ReadResult {
  /** one or more sources (a cdktf.out directory yields one per stack) */
  sources: Source[];
  resources: Resource[];
  tokens: Token[];
  /** the raw document(s) for input.raw */
  raw: unknown;
}

export interface InputReader {
  kind: SourceKind;
  /** a short human name for messages: "Terraform plan JSON" */
  label: string;
  /**
   * A refusal reader: it recognizes outputs that are not read (a Pulumi event stream, ...) and
   * its read() always throws UnsupportedInputError saying what to run instead. Refusal readers
   * come after every format reader, and are not named among the formats policy-check reads.
   */
  refuses?: true;
  /** whether the document is this reader's format (from content, never the file name alone) */
  detect(doc: RawDocument): boolean;
  read(doc: RawDocument, ctx: ReadContext): ReadResult;
}

/**
 * A file that is recognizably something the checker does not read (a binary plan, HCL
 * source, a Terraform state v3, ...): the message says what to run instead.
 */
export class UnsupportedInputError extends Error {}
