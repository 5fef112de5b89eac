// Pulumi step operations (pkg/resource/deploy/step.go) summarized per resource. One URN can have
// several steps: a replacement shows as `replace`, or (with --show-replacement-steps) as
// `create-replacement` + `replace` + `delete-replaced`, in delete-before-replace order when the
// old object goes first; `refresh` steps precede the change when the preview refreshes. They
// become Terraform-style action lists, normalized by the Terraform readers' normalizeActions:
// a replacement is ["create","delete"] (or ["delete","create"]); a deletion of a resource with
// retainOnDelete removes it from the stack without destroying it ("forget").

import { normalizeActions, type NormalizedActions } from "../terraform/actions.js";

const REPLACEMENT_OPS: ReadonlySet<string> = new Set(["replace", "create-replacement", "delete-replaced", "import-replacement"]);
const READ_REPLACEMENT_OPS: ReadonlySet<string> = new Set(["read-replacement", "discard-replaced"]);

/** What each known op means on its own (replacement ops are handled together). */
const SINGLE: Readonly<Record<string, string>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, string>, {
    same: "no-op",
    create: "create",
    update: "update",
    delete: "delete",
    read: "read",
    refresh: "no-op",
    import: "import",
    discard: "forget",
    "remove-pending-replace": "forget",
  }),
);

/** Which single action wins when a resource has several steps. */
const PRIORITY = ["delete", "update", "create", "import", "read", "forget", "no-op"];

export interface OpsSummary extends NormalizedActions {
  /** the resource was read (`.get()`, read ops): a data source */
  read: boolean;
  /** a refresh step was seen */
  refreshed: boolean;
}

/**
 * Summarizes a resource's ops (in step order). `retainOld`: the old object has retainOnDelete
 * (a deletion or replacement leaves it in place).
 */
export function summarizeOps(ops: readonly string[], retainOld: boolean): OpsSummary {
  const unknown: string[] = [];
  const refreshed = ops.includes("refresh");
  const removal = retainOld ? "forget" : "delete";
  let raw: string[];
  let importing = false;
  let read = false;
  if (ops.some((o) => REPLACEMENT_OPS.has(o)) || (ops.includes("create") && ops.includes("delete"))) {
    const del = ops.indexOf("delete-replaced");
    const create = ops.indexOf("create-replacement");
    const deleteFirst = del >= 0 && (create < 0 || del < create);
    raw = deleteFirst ? [removal, "create"] : ["create", removal];
  } else if (ops.some((o) => READ_REPLACEMENT_OPS.has(o))) {
    raw = ["read"];
    read = true;
  } else {
    let best: string | null = null;
    for (const op of ops) {
      let a = SINGLE[op];
      if (a === undefined) {
        unknown.push(op);
        a = "update";
      }
      if (best === null || PRIORITY.indexOf(a) < PRIORITY.indexOf(best)) best = a;
    }
    const action = best ?? "no-op";
    if (action === "read") read = true;
    if (action === "import") {
      importing = true;
      raw = ["no-op"];
    } else raw = [action === "delete" ? removal : action];
  }
  const norm = normalizeActions(raw, importing);
  return { ...norm, unknown: [...norm.unknown, ...unknown], read, refreshed };
}
