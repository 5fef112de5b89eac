// The text of the generated JSON Schemas in docs/ (shared by the generator and its test).

import { createGenerator } from "ts-json-schema-generator";
import { CONFIG_SCHEMA } from "../src/config/schema.js";

const root = new URL("..", import.meta.url).pathname;

export function configSchemaText(): string {
  return JSON.stringify(CONFIG_SCHEMA, null, 2) + "\n";
}

export function modelSchemaText(): string {
  const schema = createGenerator({
    path: `${root}src/model/types.ts`,
    tsconfig: `${root}tsconfig.json`,
    type: "PolicyInput",
    expose: "export",
    topRef: true,
    jsDoc: "extended",
    skipTypeCheck: true,
  }).createSchema("PolicyInput");
  schema.$id = "https://policy-check.dev/schemas/model.schema.json";
  schema.title = "policy-check normalized model (the `input` document of policies)";
  return JSON.stringify(schema, null, 2) + "\n";
}
