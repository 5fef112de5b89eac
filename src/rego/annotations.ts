// `# METADATA` annotations collected from compiled modules (OPA's annotation model: scope,
// title, description, custom, ...). Policies use them for id, severity and remediation.

import type { Annotations } from "./api.js";
import type { AnnotationBlock } from "./ast.js";
import type { CompiledPolicy } from "./compiler/index.js";

function toAnnotations(b: AnnotationBlock, path: string): Annotations {
  const raw = b.data;
  const a: Annotations = { scope: b.scope, raw, location: b.loc, path };
  if (typeof raw["title"] === "string") a.title = raw["title"];
  if (typeof raw["description"] === "string") a.description = raw["description"];
  const custom = raw["custom"];
  if (custom && typeof custom === "object" && !Array.isArray(custom)) a.custom = custom as Record<string, unknown>;
  return a;
}

export function collectAnnotations(policy: CompiledPolicy): Annotations[] {
  const out: Annotations[] = [];
  for (const m of policy.modules) {
    const pkgPath = ["data", ...m.package].join(".");
    for (const b of m.annotations) out.push(toAnnotations(b, pkgPath));
    const seen = new Set<AnnotationBlock>();
    for (const r of m.rules) {
      for (const b of r.annotations) {
        if (seen.has(b)) continue;
        seen.add(b);
        out.push(toAnnotations(b, ["data", ...r.path].join(".")));
      }
    }
  }
  return out;
}
