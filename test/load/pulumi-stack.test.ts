import { test } from "node:test";
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SENSITIVE_VALUE, type Resource } from "../../src/model/types.js";
import { InputError } from "../../src/load/input-error.js";
import { loadInputs } from "../../src/load/load-inputs.js";
import { DIRECTORY_READERS, READERS } from "../../src/load/readers.js";
import { UnsupportedInputError } from "../../src/load/types.js";
import { pulumiPreviewReader } from "../../src/load/pulumi/preview-reader.js";
import { pulumiStackReader, readPulumiStack } from "../../src/load/pulumi/stack-reader.js";
import { terraformPlanReader } from "../../src/load/terraform/plan-reader.js";
import { terraformStateReader } from "../../src/load/terraform/state-reader.js";
import { cdktfSynthReader } from "../../src/load/cdktf/synth-reader.js";
import { corpusFiles, ctx, doc, readDoc, serialize } from "./terraform-test-helpers.js";

const fixtures = fileURLToPath(new URL("../fixtures/pulumi/", import.meta.url));
const stacks = corpusFiles("pulumi").filter((f) => !("steps" in (readDoc(f).data as object)));

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** Every value a secret object of the file holds (plaintext or ciphertext). */
function secretValues(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) secretValues(x, out);
  else if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (o[SECRET_SIG] === "1b47061264138c4ac30d75fd1eb44270") {
      if (typeof o["ciphertext"] === "string") out.push(o["ciphertext"]);
      // plaintext is the JSON of the value: secret strings must not show (objects are checked by their parts)
      const plain = typeof o["plaintext"] === "string" ? (JSON.parse(o["plaintext"]) as unknown) : null;
      if (typeof plain === "string" && plain.length > 2) out.push(plain);
    } else for (const x of Object.values(o)) secretValues(x, out);
  }
  return out;
}

/** Resources in a deployment that are not the root stack or a provider. */
function deploymentResources(data: unknown): { urn: string; type: string }[] {
  const d = data as { deployment?: { resources?: { urn: string; type: string }[] }; checkpoint?: { latest?: { resources?: { urn: string; type: string }[] } } };
  const all = d.deployment?.resources ?? d.checkpoint?.latest?.resources ?? [];
  return all.filter((r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:"));
}

function find(resources: Resource[], name: string): Resource {
  const r = resources.find((x) => x.name === name);
  assert.ok(r, `no resource ${name}`);
  return r;
}

test("every corpus stack export and checkpoint is detected as a Pulumi stack, and only as one", () => {
  assert.equal(stacks.length, 16);
  for (const f of stacks) {
    const d = readDoc(f);
    assert.equal(pulumiStackReader.detect(d), true, basename(f));
    for (const other of [pulumiPreviewReader, terraformPlanReader, terraformStateReader, cdktfSynthReader])
      assert.equal(other.detect(d), false, `${basename(f)} claimed by ${other.label}`);
  }
});

test("every corpus stack loads as the current state: no-op resources, secrets out of the model and input.raw", () => {
  let total = 0;
  let sensitive = 0;
  for (const f of stacks) {
    const d = readDoc(f);
    const name = basename(f);
    const r = pulumiStackReader.read(d, ctx());
    const expected = deploymentResources(d.data);
    assert.equal(r.resources.length, expected.length, name);
    assert.deepEqual(r.resources.map((x) => x.address), expected.map((x) => x.urn), name);
    total += r.resources.length;
    const src = r.sources[0]!;
    assert.equal(src.kind, "pulumi-stack");
    assert.equal(src.tool, "pulumi");
    assert.equal(src.format_version, "3");
    assert.ok(src.workspace, `${name}: stack name`);
    assert.ok(src.project, `${name}: project name`);
    assert.match(src.notes[0]!, /current state, not a change/);
    const manifest = (d.data as { deployment?: { manifest?: { version?: string } } }).deployment?.manifest?.version;
    if (manifest) assert.equal(src.tool_version, manifest.replace(/^v/, ""));
    for (const x of r.resources) {
      assert.deepEqual(x.actions, ["no-op"]);
      assert.equal(x.destroys, false);
      assert.equal(x.before, x.after);
      assert.match(x.type, /^[a-z0-9_]+$/, `${name} ${x.native_type}`);
      assert.equal(x.protection.protect, false);
      assert.equal(x.protection.source, "pulumi");
      sensitive += x.sensitive.length;
      for (const p of x.sensitive) assert.equal((x.after as Record<string, unknown>)[p[0] as string] === undefined, false);
    }
    const text = serialize(r);
    for (const s of secretValues(d.data)) assert.ok(!text.includes(s), `${name}: a secret value reached the result`);
    assert.ok(!text.includes('"1b47061264138c4ac30d75fd1eb44270"'), `${name}: a secret object survived in input.raw`);
  }
  assert.equal(total, 547);
  assert.ok(sensitive > 20);
});

test("corpus details: secret outputs, plaintext inputs under secret names, provider facts, checkpoints", () => {
  const byName = (part: string) => pulumiStackReader.read(readDoc(stacks.find((f) => f.includes(part))!), ctx());
  const random = byName("randompassword");
  const pw = random.resources[0]!;
  assert.equal(pw.type, "random_password");
  assert.equal(pw.after!["result"], SENSITIVE_VALUE);
  assert.equal(pw.after!["bcrypt_hash"], SENSITIVE_VALUE);
  assert.equal(pw.after!["min_lower"], 2);

  const sqlUser = byName("sql-user");
  const user = find(sqlUser.resources, "tested-resource");
  assert.equal(user.type, "google_sql_user");
  assert.equal(user.after!["password"], SENSITIVE_VALUE, "the input is plaintext, the output a secret: both redacted");
  assert.ok(!serialize(sqlUser).includes("MyPassword"));
  const instance = find(sqlUser.resources, "instance");
  assert.equal(instance.type, "google_sql_database_instance");
  assert.equal(instance.protection.deletion_protection, false);
  assert.equal(instance.region, "us-central1");
  assert.equal(instance.account, "pulumi-ci-gcp-provider");
  assert.equal(((instance.after!["settings"] as Record<string, unknown>[])[0]!)["tier"], "db-f1-micro", "settings is a one-element list, as in Terraform");

  const azure = byName("azure");
  assert.ok(!serialize(azure).includes("REDACTED BY PROVIDERTEST"), "a secret provider argument stays out");
  const server = azure.resources.find((x) => x.type === "azurerm_sql_server")!;
  assert.equal(server.after!["administrator_login_password"], SENSITIVE_VALUE);
  assert.deepEqual(server.tags, { environment: "production" });

  const webAcl = byName("webAcl");
  assert.equal(webAcl.resources[0]!.type, "aws_wafv2_web_acl");
  assert.equal(webAcl.resources[0]!.region, "us-east-2");
  assert.ok(!("__inputs" in webAcl.resources[0]!.after!), "internal keys are not attributes");

  const checkpoint = byName("checkpoint-secrets");
  assert.equal(checkpoint.sources[0]!.workspace, "foo");
  assert.equal(checkpoint.sources[0]!.project, "countdown");
  assert.match(checkpoint.sources[0]!.notes.join("\n"), /checkpoint file/);
  const role = checkpoint.resources.find((x) => x.type === "aws_iam_role")!;
  assert.equal(role.after!["assume_role_policy"], SENSITIVE_VALUE);
  assert.equal(role.account, "153052954103");
});

test("a stack export with protect, retainOnDelete, a pending deletion, pending operations and provider credentials", () => {
  const r = readPulumiStack(readDoc(join(fixtures, "stack-export.json")), ctx());
  assert.equal(r.resources.length, 5);
  const db = find(r.resources, "orders-db");
  assert.equal(db.type, "aws_db_instance");
  assert.equal(db.protection.protect, true);
  assert.equal(db.protection.deletion_protection, true);
  assert.equal(db.after!["password"], SENSITIVE_VALUE);
  assert.equal(db.module, "urn:pulumi:production::orders::acme:db:Database::orders");
  assert.equal(db.region, "eu-west-1");
  assert.equal(db.account, "123456789012");
  assert.deepEqual(db.tags, { Environment: "production", Team: "payments" });
  const wal = find(r.resources, "wal-archive");
  assert.equal(wal.protection.retain_on_delete, true);
  assert.equal(wal.protection.protect, false);
  const exports = r.resources.filter((x) => x.name === "exports");
  assert.deepEqual(exports.map((x) => x.id), [
    "s1:urn:pulumi:production::orders::aws:s3/bucketV2:BucketV2::exports (pending delete)",
    "s1:urn:pulumi:production::orders::aws:s3/bucketV2:BucketV2::exports",
  ]);
  const component = find(r.resources, "orders");
  assert.equal(component.after!["endpoint"], "orders-db.c9akciq32.eu-west-1.rds.amazonaws.com", "output values are resolved");
  assert.equal(component.after!["admin_password"], SENSITIVE_VALUE);
  const notes = r.sources[0]!.notes.join("\n");
  assert.match(notes, /1 operation\(s\) were still pending .*1 creating/);
  assert.match(notes, /1 resource\(s\) are marked for deletion/);
  assert.match(notes, /aws provider "eu" \(access_key, secret_key\)/);
  assert.equal(r.sources[0]!.tool_version, "3.120.0");
  const text = serialize(r);
  for (const leak of ["correct-horse-battery-staple", "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI"]) assert.ok(!text.includes(leak), `leaked ${leak}`);
  const raw = r.raw as { deployment: { resources: { inputs?: Record<string, unknown> }[] } };
  assert.equal(raw.deployment.resources[1]!.inputs!["accessKey"], SENSITIVE_VALUE);
  assert.equal(raw.deployment.resources[1]!.inputs!["region"], "eu-west-1");
});

test("deployment versions: 4 with features, from the future, unusable; empty stacks", () => {
  const v4 = readPulumiStack(doc({ version: 4, features: ["refreshBeforeUpdate"], deployment: { manifest: { time: "", magic: "", version: "v3.150.0" }, resources: [] } }), ctx());
  assert.equal(v4.resources.length, 0);
  assert.match(v4.sources[0]!.notes.join("\n"), /features refreshBeforeUpdate/);
  const future = readPulumiStack(doc({ version: 9, deployment: { resources: [] } }), ctx());
  assert.match(future.sources[0]!.notes.join("\n"), /version 9 is newer/);
  assert.throws(() => readPulumiStack(doc({ version: 0, deployment: {} }), ctx()), (e: unknown) => e instanceof UnsupportedInputError && /pulumi stack export/.test(e.message));
  const fresh = readPulumiStack(doc({ version: 3, checkpoint: { stack: "acme/orders/dev", latest: null } }), ctx());
  assert.equal(fresh.resources.length, 0);
  assert.equal(fresh.sources[0]!.workspace, "dev");
  assert.match(fresh.sources[0]!.notes.join("\n"), /no deployment yet/);
  assert.equal(pulumiStackReader.detect(doc({ version: 3, deployment: {} })), true);
  assert.equal(pulumiStackReader.detect(doc({ version: 4, resources: [] })), false, "a raw Terraform state is not a stack");
});

test("bad stack input: one-line errors through the loader", () => {
  assert.throws(
    () => readPulumiStack(doc({ version: 3, deployment: { resources: [{ type: "aws:s3/bucket:Bucket" }] } }), ctx()),
    (e: unknown) => e instanceof InputError && /deployment\.resources\[0\] has no valid "urn"/.test(e.message),
  );
  assert.throws(() => readPulumiStack(doc({ version: 3, deployment: { resources: 5 } }), ctx()), /must be a list/);
  const load = (p: string) => loadInputs([p], { readers: READERS, directoryReaders: DIRECTORY_READERS, tfDirs: [], workspace: null, lifecycle: null });
  const loaded = load(join(fixtures, "stack-export.json"));
  assert.equal(loaded.sources[0]!.kind, "pulumi-stack");
  assert.equal(loaded.resources.length, 5);
});
