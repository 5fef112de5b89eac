import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../../src/load/input-error.js";
import { loadLifecycle, lifecycleFor } from "../../src/load/terraform/lifecycle-hcl.js";
import { readTerraformPlan } from "../../src/load/terraform/plan-reader.js";
import { readTerraformState } from "../../src/load/terraform/state-reader.js";
import { ctx, doc } from "./terraform-test-helpers.js";

let dir: string;

function write(rel: string, text: string): void {
  const p = join(dir, rel);
  mkdirSync(join(p, ".."), { recursive: true });
  writeFileSync(p, text);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), "pc-lifecycle-"));
  write(
    "root/main.tf",
    `
resource "aws_ebs_volume" "data" {
  count = 100000000
  size  = 10
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
resource "aws_kms_key" "k" {
  lifecycle {
    ignore_changes = [description]
    prevent_destroy = false
  }
}
module "db" {
  source   = "./modules/db"
  for_each = toset(["eu", "us"])
}
module "remote" {
  source  = "terraform-aws-modules/rds/aws"
  version = "6.0.0"
}
module "missing" {
  source = "git::https://example.com/x.git"
}
`,
  );
  write("root/override.tf", `resource "aws_s3_bucket" "logs" {\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n`);
  write(
    "root/extra.tf.json",
    JSON.stringify({ resource: { aws_efs_file_system: { fs: { lifecycle: { prevent_destroy: true } } }, aws_ebs_snapshot: { s: [{ size: 1 }] } } }),
  );
  write(
    "root/modules/db/main.tf",
    `
resource "aws_db_instance" "main" {
  lifecycle { prevent_destroy = true }
}
module "inner" {
  source = "../inner"
}
`,
  );
  write("root/modules/inner/main.tf", `resource "aws_dynamodb_table" "t" {\n  lifecycle { prevent_destroy = var.protect }\n}\n`);
  write(
    "root/.terraform/modules/modules.json",
    JSON.stringify({ Modules: [{ Key: "", Source: "", Dir: "." }, { Key: "remote", Source: "registry.terraform.io/terraform-aws-modules/rds/aws", Dir: ".terraform/modules/remote" }] }),
  );
  write("root/.terraform/modules/remote/main.tf", `resource "aws_rds_cluster" "this" {\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n`);
  write("bad/main.tf", `resource "x" "y" {\n`);
  write("empty/readme.md", "nothing");
});

after(() => rmSync(dir, { recursive: true, force: true }));

test("lifecycle blocks from HCL, JSON, overrides, local and installed modules", async () => {
  const index = (await loadLifecycle([join(dir, "root")]))!;
  const get = (m: string | null, type: string, name: string) => lifecycleFor(index, m, "managed", type, name)?.prevent_destroy;
  assert.equal(get(null, "aws_ebs_volume", "data"), true);
  assert.equal(get(null, "aws_s3_bucket", "logs"), true, "override.tf sets it");
  assert.equal(get(null, "aws_kms_key", "k"), false);
  assert.equal(get(null, "aws_efs_file_system", "fs"), true);
  assert.equal(get(null, "aws_ebs_snapshot", "s"), false);
  assert.equal(get('module.db["eu"]', "aws_db_instance", "main"), true);
  assert.equal(get('module.db["us"]', "aws_db_instance", "main"), true);
  assert.equal(get('module.db["us"].module.inner', "aws_dynamodb_table", "t"), null, "an expression is unknown");
  assert.equal(get("module.remote", "aws_rds_cluster", "this"), true, "via .terraform/modules/modules.json");
  assert.equal(get(null, "aws_instance", "nope"), undefined);
  assert.ok(index.notes.some((n) => n.startsWith("module.missing:")));
  assert.equal(await loadLifecycle([]), null);
});

test("the plan reader sets prevent_destroy from the index (source hcl); instances inherit", async () => {
  const lifecycle = await loadLifecycle([join(dir, "root")]);
  const change = (address: string, module: string | null, type: string, name: string, actions: string[]) => ({
    address,
    module_address: module ?? undefined,
    mode: "managed",
    type,
    name,
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: { actions, before: { id: "x" }, after: null, after_unknown: {}, before_sensitive: {}, after_sensitive: false },
  });
  const plan = {
    format_version: "1.2",
    resource_changes: [
      change("aws_ebs_volume.data[7]", null, "aws_ebs_volume", "data", ["delete"]),
      change('module.db["eu"].aws_db_instance.main', 'module.db["eu"]', "aws_db_instance", "main", ["delete"]),
      change("aws_kms_key.k", null, "aws_kms_key", "k", ["delete"]),
      change("aws_instance.web", null, "aws_instance", "web", ["delete"]),
    ],
  };
  const r = readTerraformPlan(doc(plan), { ...ctx({ tfDirs: [join(dir, "root")] }), lifecycle });
  const [vol, db, key, web] = r.resources;
  assert.deepEqual([vol!.protection.prevent_destroy, vol!.protection.source], [true, "hcl"]);
  assert.deepEqual([db!.protection.prevent_destroy, db!.protection.source], [true, "hcl"]);
  assert.deepEqual([key!.protection.prevent_destroy, key!.protection.source], [false, "hcl"]);
  assert.deepEqual([web!.protection.prevent_destroy, web!.protection.source], [null, null]);
  assert.ok(r.sources[0]!.notes.some((n) => n.includes("for 3 of 4 managed resources")));
  assert.ok(!r.sources[0]!.notes.some((n) => n.startsWith("prevent_destroy unknown: plan JSON")));

  const state = {
    version: 4,
    serial: 1,
    lineage: "l",
    resources: [{ mode: "managed", type: "aws_ebs_volume", name: "data", provider: "provider.aws", instances: [{ index_key: 0, attributes: { id: "v" } }] }],
  };
  const s = readTerraformState(doc(state), { ...ctx(), lifecycle });
  assert.equal(s.resources[0]!.protection.prevent_destroy, true);
});

test("tf-dir problems are one-line InputErrors naming the directory or file", async () => {
  await assert.rejects(loadLifecycle([join(dir, "nope")]), (e: unknown) => e instanceof InputError && /no such directory/.test(e.message));
  await assert.rejects(
    loadLifecycle([join(dir, "bad")]),
    (e: unknown) => e instanceof InputError && e.file === join(dir, "bad", "main.tf") && /not valid HCL/.test(e.message) && !e.message.includes("\n"),
  );
  await assert.rejects(loadLifecycle([join(dir, "empty")]), (e: unknown) => e instanceof InputError && /no Terraform files/.test(e.message));
});

test("two roots that disagree make the resource unknown", async () => {
  write("a/main.tf", `resource "aws_ebs_volume" "v" {\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n`);
  write("b/main.tf", `resource "aws_ebs_volume" "v" {}\n`);
  const index = (await loadLifecycle([join(dir, "a"), join(dir, "b")]))!;
  assert.equal(lifecycleFor(index, null, "managed", "aws_ebs_volume", "v")!.prevent_destroy, null);
  assert.ok(index.notes.some((n) => n.includes("differs")));
});

test("a module that calls itself stops at the nesting limit", async () => {
  write("loop/main.tf", `module "again" {\n  source = "./"\n}\nresource "aws_ebs_volume" "v" {}\n`);
  const index = (await loadLifecycle([join(dir, "loop")]))!;
  assert.ok(index.notes.some((n) => n.includes("nest deeper than")));
  assert.ok(index.resources.size <= 40);
});
