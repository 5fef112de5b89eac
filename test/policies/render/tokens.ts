// A case's tokens as a token configuration file (`kind: policy-check/tokens`, docs/token-config.md).

import { dump } from "js-yaml";
import type { Case } from "../spec.js";

export function renderTokens(c: Case): string {
  const tokens = (c.tokens ?? []).map((t) => ({
    name: t.name,
    provider: t.provider,
    holder: t.holder,
    environments: t.environments,
    operations: t.operations,
    resources: t.resources,
    ...(t.ttl ? { ttl: t.ttl } : {}),
    ...(t.expires_at ? { expires_at: t.expires_at } : {}),
    storage: t.storage,
  }));
  return `# ${c.title}\n` + dump({ kind: "policy-check/tokens", version: 1, tokens }, { lineWidth: 120 });
}
