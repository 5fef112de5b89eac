// npm run docs:schemas — writes the JSON Schemas in docs/ from their single sources:
// docs/config.schema.json from src/config/schema.ts, docs/model.schema.json from the
// TypeScript types of the normalized model (src/model/types.ts). test/docs/schemas.test.ts
// fails when the files in docs/ are stale.

import { writeFileSync } from "node:fs";
import { configSchemaText, modelSchemaText } from "./schema-texts.js";

const root = new URL("..", import.meta.url);
writeFileSync(new URL("docs/config.schema.json", root), configSchemaText());
writeFileSync(new URL("docs/model.schema.json", root), modelSchemaText());
console.log("wrote docs/config.schema.json and docs/model.schema.json");
