// Runs the CLI from the TypeScript sources (no build), for tests that spawn it as a user would.
import { main } from "../../src/cli/main.js";

await main(process.argv);
