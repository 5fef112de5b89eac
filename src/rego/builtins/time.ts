// Builtins: time family. See registry.ts for the argument helpers and error conventions.
import type { BuiltinDef } from "./registry.js";

export const builtins: BuiltinDef[] = [];
