// Parses JSON text the readers open themselves (CDKTF stacks of a cdktf.out directory, a
// manifest, `*.tf.json` sources) into plain data, with a one-line error naming the file and the
// input nesting limit (see ../nesting.ts) checked before parsing.

import { InputError } from "../input-error.js";
import { checkJSONTextDepth } from "../nesting.js";

export function parsePlainJSON(text: string, file: string): unknown {
  if (text.trim() === "") throw new InputError(file, "empty file");
  checkJSONTextDepth(text, file);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(file, `not valid JSON: ${(e as Error).message.split("\n")[0]}`);
  }
}
