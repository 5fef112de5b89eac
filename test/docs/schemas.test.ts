// The JSON Schemas in docs/ are generated (npm run docs:schemas); they must match their sources.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { configSchemaText, modelSchemaText, reportSchemaText } from "../../scripts/schema-texts.js";

const root = new URL("../../", import.meta.url);

test("docs/config.schema.json matches src/config/schema.ts", () => {
  assert.equal(readFileSync(new URL("docs/config.schema.json", root), "utf8"), configSchemaText(), "stale: run npm run docs:schemas");
});

test("docs/model.schema.json matches src/model/types.ts", () => {
  assert.equal(readFileSync(new URL("docs/model.schema.json", root), "utf8"), modelSchemaText(), "stale: run npm run docs:schemas");
});

test("docs/report.schema.json matches the JsonReport type", () => {
  assert.equal(readFileSync(new URL("docs/report.schema.json", root), "utf8"), reportSchemaText(), "stale: run npm run docs:schemas");
});
