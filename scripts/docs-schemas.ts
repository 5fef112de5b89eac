// npm run docs:schemas — writes the JSON Schemas in docs/ from their single sources:
// docs/config.schema.json from src/config/schema.ts, docs/model.schema.json and
// docs/report.schema.json from the TypeScript types (src/model/types.ts, src/report/json-reporter.ts). test/docs/schemas.test.ts
// fails when the files in docs/ are stale.

import { writeFileSync } from "node:fs";
import { configSchemaText, modelSchemaText, reportSchemaText } from "./schema-texts.js";

const root = new URL("..", import.meta.url);
writeFileSync(new URL("docs/config.schema.json", root), configSchemaText());
writeFileSync(new URL("docs/model.schema.json", root), modelSchemaText());
writeFileSync(new URL("docs/report.schema.json", root), reportSchemaText());
console.log("wrote docs/config.schema.json, docs/model.schema.json and docs/report.schema.json");
