// Builtins that would reach the network: registered with OPA's arities, so that policies using
// them compile, but every call fails with RefusedBuiltinError (an error even when builtin
// errors are otherwise non-strict). policy-check evaluates offline and reproducibly; a policy
// must get such data through its input or data documents instead.

import { type BuiltinDef, RefusedBuiltinError } from "./registry.js";

const REASON =
  "not available: policy-check does not make network calls during policy evaluation; pass the data in through input or data instead";

const refused = (name: string, arity: number): BuiltinDef => ({
  name,
  arity,
  nondeterministic: true,
  fn: () => {
    throw new RefusedBuiltinError(REASON);
  },
});

export const builtins: BuiltinDef[] = [
  refused("http.send", 1),
  refused("net.lookup_ip_addr", 1),
];
