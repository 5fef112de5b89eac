// Preloaded into a CLI run by the large-plan test: writes the process's peak RSS (KiB) to the
// file named by PC_RSS_FILE when it exits, however it exits.
import { writeFileSync } from "node:fs";

const out = process.env["PC_RSS_FILE"];
if (out) process.on("exit", () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
