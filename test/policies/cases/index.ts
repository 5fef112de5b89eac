// Every case of the policy fixture matrix, by policy package.

import type { Case } from "../spec.js";
import { backupsColocatedCases } from "./backups-colocated.js";
import { backupsCoverageCases } from "./backups-coverage.js";
import { deletionProtectionCases } from "./deletion-protection.js";
import { destructiveChangesCases } from "./destructive-changes.js";
import { environmentsCases } from "./environments.js";
import { tokensCases } from "./tokens.js";

export const CASES: readonly Case[] = [
  ...backupsColocatedCases,
  ...backupsCoverageCases,
  ...deletionProtectionCases,
  ...destructiveChangesCases,
  ...environmentsCases,
  ...tokensCases,
];
