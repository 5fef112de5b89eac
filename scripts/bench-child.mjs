// One benchmark measurement in a fresh process (see bench.ts): `parse FILE` times reading and
// JSON.parse of the file, once, as the check does it; `check FILE` times the full check through
// the built CLI code path.
import { readFileSync } from "node:fs";

const [mode, file] = process.argv.slice(2);
const rss = () => process.resourceUsage().maxRSS / 1024;

if (mode === "parse") {
  const t0 = performance.now();
  JSON.parse(readFileSync(file, "utf8"));
  console.log(JSON.stringify({ ms: performance.now() - t0, maxRssMiB: rss() }));
} else {
  const { runCheckCommand } = await import(new URL("../lib/cli/check-command.js", import.meta.url).href);
  let report = "";
  const t0 = performance.now();
  await runCheckCommand([file], { policy: [], namespace: [], shipped: true, raw: false, tfDir: [], format: "json", output: [], color: false }, (s) => (report += s));
  const ms = performance.now() - t0;
  const findings = JSON.parse(report).findings?.length ?? null;
  console.log(JSON.stringify({ ms, maxRssMiB: rss(), findings }));
}
