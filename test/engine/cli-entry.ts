// The CLI entry the engine tests spawn (as bin/policy-check.js does with the built lib/).
import { main } from "../../src/cli/main.js";

await main(process.argv);
