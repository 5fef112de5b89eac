// Terraform change actions normalized to the model's: `["delete","create"]` and
// `["create","delete"]` are replacements; `["create","forget"]` replaces while keeping the old
// object; `importing` adds "import"; `forget` removes from state without destroying.

import type { Action } from "../../model/types.js";

export interface NormalizedActions {
  actions: Action[];
  action: Action;
  replacement: boolean;
  destroys: boolean;
  /** the old object is removed from state but left in place (forget) */
  forgets: boolean;
  /** action strings this reader did not know (treated as "update", reported in a note) */
  unknown: string[];
}

const KNOWN: ReadonlySet<string> = new Set(["create", "update", "delete", "read", "no-op", "forget"]);

export function normalizeActions(raw: readonly string[], importing: boolean): NormalizedActions {
  const unknown: string[] = [];
  const acts: Action[] = [];
  for (const a of raw) {
    if (KNOWN.has(a)) acts.push(a as Action);
    else {
      unknown.push(a);
      acts.push("update");
    }
  }
  const has = (a: Action) => acts.includes(a);
  let action: Action;
  let replacement = false;
  let destroys = false;
  let forgets = false;
  if (has("create") && has("delete")) {
    action = "replace";
    replacement = true;
    destroys = true;
  } else if (has("create") && has("forget")) {
    action = "replace";
    replacement = true;
    forgets = true;
  } else if (has("delete")) {
    action = "delete";
    destroys = true;
  } else if (has("forget")) {
    action = "forget";
    forgets = true;
  } else if (has("create")) action = "create";
  else if (has("update")) action = "update";
  else if (has("read")) action = "read";
  else action = "no-op";

  let actions: Action[] = acts.length > 0 ? acts : ["no-op"];
  if (importing) {
    // an import of an existing object: "import" stands for the no-op, other changes stay
    const rest = actions.filter((a) => a !== "no-op");
    actions = ["import", ...rest];
    if (action === "no-op") action = "import";
  }
  return { actions, action, replacement, destroys, forgets, unknown };
}
