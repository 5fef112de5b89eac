// The text of the generated JSON Schemas in docs/ (shared by the generator and its test).

import { createGenerator } from "ts-json-schema-generator";
import { CONFIG_SCHEMA } from "../src/config/schema.js";

const root = new URL("..", import.meta.url).pathname;

export function configSchemaText(): string {
  return JSON.stringify(CONFIG_SCHEMA, null, 2) + "\n";
}

function generated(file: string, type: string, id: string, title: string): string {
  const schema = createGenerator({ path: `${root}${file}`, tsconfig: `${root}tsconfig.json`, type, expose: "export", topRef: true, jsDoc: "extended", skipTypeCheck: true }).createSchema(type);
  schema.$id = `https://policy-check.dev/schemas/${id}`;
  schema.title = title;
  return JSON.stringify(schema, null, 2) + "\n";
}

export function modelSchemaText(): string {
  return generated("src/model/types.ts", "PolicyInput", "model.schema.json", "policy-check normalized model (the `input` document of policies)");
}

export function reportSchemaText(): string {
  return generated("src/report/json-reporter.ts", "JsonReport", "report.schema.json", "policy-check JSON report (--format json)");
}
