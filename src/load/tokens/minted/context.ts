// What every extractor of tokens minted in plans gets: the resources of one source, the
// environment reach of the whole run, and the token id allocator of the run.

import type { Resource } from "../../../model/types.js";
import type { SourceResources } from "../source-resources.js";
import type { TokenIds } from "../token-builder.js";
import type { Reach } from "../token-reach.js";

export interface ExtractContext {
  src: SourceResources;
  reach: Reach;
  ids: TokenIds;
}

/** The token id for a resource address in a source. */
export function tokenId(ctx: ExtractContext, r: Resource, suffix = ""): string {
  return ctx.ids.next(`${r.source}:${r.address}${suffix}`);
}
