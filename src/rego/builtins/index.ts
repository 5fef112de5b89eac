// The builtin table: every family registers its functions here, name -> definition.
import type { BuiltinDef } from "./registry.js";
import { builtins as comparison } from "./comparison.js";
import { builtins as arithmetic } from "./arithmetic.js";
import { builtins as aggregates } from "./aggregates.js";
import { builtins as arrays } from "./arrays.js";
import { builtins as sets } from "./sets.js";
import { builtins as objects } from "./objects.js";
import { builtins as json } from "./json.js";
import { builtins as strings } from "./strings.js";
import { builtins as sprintf } from "./sprintf.js";
import { builtins as regex } from "./regex.js";
import { builtins as glob } from "./glob.js";
import { builtins as types } from "./types.js";
import { builtins as numbers } from "./numbers.js";
import { builtins as units } from "./units.js";
import { builtins as time } from "./time.js";
import { builtins as net } from "./net.js";
import { builtins as encoding } from "./encoding.js";
import { builtins as semver } from "./semver.js";
import { builtins as crypto } from "./crypto.js";
import { builtins as uuid } from "./uuid.js";
import { builtins as bits } from "./bits.js";
import { builtins as graph } from "./graph.js";
import { builtins as jsonschema } from "./jsonschema.js";
import { builtins as debug } from "./debug.js";
import { builtins as refused } from "./refused.js";

const families: readonly (readonly BuiltinDef[])[] = [
  comparison, arithmetic, aggregates, arrays, sets, objects, json, strings, sprintf, regex, glob,
  types, numbers, units, time, net, encoding, semver, crypto, uuid, bits, graph, jsonschema, debug,
  refused,
];

/** All builtins by name. A name registered twice is a programming error. */
export const BUILTINS: ReadonlyMap<string, BuiltinDef> = (() => {
  const m = new Map<string, BuiltinDef>();
  for (const fam of families) {
    for (const def of fam) {
      if (m.has(def.name)) throw new Error(`builtin ${def.name} registered twice`);
      m.set(def.name, def);
    }
  }
  return m;
})();

export * from "./registry.js";
