// A Pulumi project directory (with Pulumi.yaml) given where a file was expected: refused in one
// line that says what to run in it, rather than "a directory without anything policy-check reads".

import { statSync } from "node:fs";
import { join } from "node:path";
import type { DirectoryReader } from "../load-inputs.js";
import { UnsupportedInputError } from "../types.js";

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export function isPulumiProjectDir(dir: string): boolean {
  return isFile(join(dir, "Pulumi.yaml")) || isFile(join(dir, "Pulumi.yml"));
}

export const pulumiProjectDirReader: DirectoryReader = {
  detect: isPulumiProjectDir,
  read: (dir) => {
    throw new UnsupportedInputError(
      `${dir}: this is a Pulumi project directory, which policy-check does not read; run \`pulumi preview --json > preview.json\` in it and check preview.json`,
    );
  },
};
