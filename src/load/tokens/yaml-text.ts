// Safe YAML loading for token files: js-yaml with the YAML 1.2 core schema (no custom tags, no
// merge keys, no timestamps; `on:` stays the string "on"), duplicate keys refused, `__proto__`
// kept as an ordinary key, and every document bounded by checkStructure (js-yaml itself has no
// alias limit: aliases are shared objects, so loading is cheap but walking would not be).

import { CORE_SCHEMA, load, YAMLException } from "js-yaml";
import { InputError } from "../input-error.js";
import { checkStructure, DEFAULT_LIMITS, type StructureLimits } from "./structure-check.js";

export function loadYAMLText(text: string, file: string, limits: StructureLimits = DEFAULT_LIMITS): unknown {
  if (text.trim() === "") throw new InputError(file, "empty file");
  let data: unknown;
  try {
    data = load(text, { schema: CORE_SCHEMA, filename: file, json: false });
  } catch (e) {
    if (e instanceof YAMLException) {
      const mark = e.mark as { line?: number; column?: number } | undefined;
      const where = mark && typeof mark.line === "number" ? ` at line ${mark.line + 1} column ${(mark.column ?? 0) + 1}` : "";
      // valid YAML deeper than js-yaml reads (100 levels): say so, not "not valid YAML"
      const deep = /^nesting exceeded maxDepth \((\d+)\)/.exec(e.reason ?? "");
      if (deep) throw new InputError(file, `nested deeper than ${deep[1]} levels${where}; refused`);
      throw new InputError(file, `not valid YAML${where}: ${e.reason}`);
    }
    if (e instanceof RangeError) throw new InputError(file, "YAML nested too deeply to read; refused");
    throw e;
  }
  if (data === undefined) throw new InputError(file, "empty file (no YAML document)");
  checkStructure(data, file, limits);
  return data;
}
