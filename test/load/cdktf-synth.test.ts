import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { App, TerraformStack, TerraformIterator, TerraformVariable } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance/index.js";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key/index.js";
import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume/index.js";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table/index.js";
import { SENSITIVE_VALUE, UNKNOWN_VALUE, type Resource } from "../../src/model/types.js";
import { InputError } from "../../src/load/input-error.js";
import { cdktfSynthReader, readCdktfStack } from "../../src/load/cdktf/synth-reader.js";
import { cdktfManifestReader, isCdktfOutDir, readCdktfOutDir } from "../../src/load/cdktf/stacks-dir.js";
import { terraformPlanReader } from "../../src/load/terraform/plan-reader.js";
import { terraformStateReader } from "../../src/load/terraform/state-reader.js";
import { corpusFiles, ctx, doc, readDoc, serialize } from "./terraform-test-helpers.js";

const synths = corpusFiles("cdktf");
let dir: string;
let outdir: string;

function find(resources: Resource[], address: string, source?: string): Resource {
  const r = resources.find((x) => x.address === address && (source === undefined || x.source === source));
  assert.ok(r, `no ${address}`);
  return r;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), "pc-cdktf-"));
  outdir = join(dir, "cdktf.out");
  const app = new App({ outdir });
  for (const env of ["prod", "staging"]) {
    const stack = new TerraformStack(app, env);
    new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: [env === "prod" ? "111111111111" : "222222222222"] });
    new AwsProvider(stack, "aws-us", { region: "us-east-1", alias: "us" });
    const pw = new TerraformVariable(stack, "db_password", { type: "string", sensitive: true });
    const key = new KmsKey(stack, "key", { description: "db key", deletionWindowInDays: 7 });
    new DbInstance(stack, "db", {
      engine: "postgres",
      instanceClass: "db.t3.micro",
      allocatedStorage: 20,
      username: "app",
      password: env === "prod" ? pw.stringValue : "literal-s3cret-pw",
      kmsKeyId: key.arn,
      storageEncrypted: true,
      deletionProtection: env === "prod",
      skipFinalSnapshot: env !== "prod",
      tags: { env },
      lifecycle: { preventDestroy: env === "prod" },
    });
    new EbsVolume(stack, "scratch", { availabilityZone: "eu-west-1a", size: 10, count: 3 } as never);
    const it = TerraformIterator.fromList(["a", "b"]);
    new EbsVolume(stack, "disks", { forEach: it, availabilityZone: "us-east-1b", size: 5, provider: undefined });
    new DynamodbTable(stack, "table", { name: "t", hashKey: "id", attribute: [{ name: "id", type: "S" }], deletionProtectionEnabled: true });
  }
  app.synth();
});

after(() => rmSync(dir, { recursive: true, force: true }));

test("every corpus cdk.tf.json is detected as CDKTF, and only as CDKTF", () => {
  assert.equal(synths.length, 7);
  for (const f of synths) {
    const d = readDoc(f);
    assert.equal(cdktfSynthReader.detect(d), true, basename(f));
    assert.equal(terraformPlanReader.detect(d), false, basename(f));
    assert.equal(terraformStateReader.detect(d), false, basename(f));
  }
});

test("every corpus cdk.tf.json loads: one resource per resource/data block, expressions unknown", () => {
  for (const f of synths) {
    const d = readDoc(f);
    const data = d.data as any;
    const r = cdktfSynthReader.read(d, ctx());
    const blocks = (section: string) => Object.values(data[section] ?? {}).reduce((n: number, byName: any) => n + Object.keys(byName).length, 0);
    assert.equal(r.resources.length, blocks("resource") + blocks("data"), basename(f));
    const src = r.sources[0]!;
    assert.equal(src.kind, "cdktf-synth");
    assert.equal(src.tool, "cdktf");
    assert.equal(src.workspace, data["//"].metadata.stackName);
    assert.equal(src.tool_version, data["//"].metadata.version);
    for (const res of r.resources) {
      assert.equal(res.tool, "cdktf");
      assert.equal(res.before, null);
      assert.equal(res.action, res.mode === "data" ? "read" : "create");
      if (res.mode === "managed") assert.equal(res.protection.source, "cdktf");
      for (const p of res.unknown) {
        let v: any = res.after;
        for (const s of p) v = v[s];
        assert.equal(v, UNKNOWN_VALUE);
      }
      assert.ok(!("//" in res.after!) && !("lifecycle" in res.after!) && !("depends_on" in res.after!));
    }
    if (data.module) assert.ok(src.notes.some((n) => n.includes("module call(s) not expanded")), basename(f));
  }
});

test("corpus details: references become depends_on, provider regions, literal secrets redacted", () => {
  const ecs = cdktfSynthReader.read(readDoc(synths.find((f) => f.includes("ecs-consul"))!), ctx());
  const logs = find(ecs.resources, "aws_cloudwatch_log_group.service_logs_30DB8EF6");
  assert.deepEqual(logs.depends_on, ["data.terraform_remote_state.tfc_outputs"]);
  assert.equal(logs.region, "us-east-1");

  const gcp = readDoc(synths.find((f) => f.includes("gcp-function"))!);
  const r = cdktfSynthReader.read(gcp, ctx());
  const secret = find(r.resources, "github_actions_secret.gcp_credentials_secret");
  assert.ok(secret.unknown.length > 0 || secret.sensitive.length > 0);
  const text = serialize(r);
  for (const res of r.resources)
    for (const p of res.sensitive) {
      let v: any = (gcp.data as any).resource[res.type][res.name];
      for (const s of p) v = v[s];
      if (typeof v === "string" && v.length > 3) assert.ok(!text.includes(JSON.stringify(v)), `${res.address} ${p.join(".")}`);
    }
});

test("a stack synthesized with cdktf and @cdktf/provider-aws reads back", () => {
  assert.equal(isCdktfOutDir(outdir), true);
  const r = readCdktfOutDir(outdir, ctx({ sourceId: "s3" }));
  assert.deepEqual(
    r.sources.map((s) => [s.id, s.workspace, s.kind]),
    [["s3-1", "prod", "cdktf-synth"], ["s3-2", "staging", "cdktf-synth"]],
  );
  assert.equal(r.sources[0]!.path, join(outdir, "stacks", "prod", "cdk.tf.json"));
  assert.ok(Array.isArray(r.raw) && r.raw.length === 2);

  const prodDb = find(r.resources, "aws_db_instance.db", "s3-1");
  assert.equal(prodDb.id, "s3-1:aws_db_instance.db");
  assert.deepEqual(prodDb.protection, { prevent_destroy: true, deletion_protection: true, protect: null, retain_on_delete: null, source: "cdktf" });
  assert.equal(prodDb.after!["kms_key_id"], UNKNOWN_VALUE);
  assert.equal(prodDb.after!["password"], UNKNOWN_VALUE, "a variable reference is unknown, not a secret");
  assert.ok(prodDb.unknown.some((p) => p[0] === "kms_key_id"));
  assert.deepEqual(prodDb.depends_on, ["aws_kms_key.key"]);
  assert.equal(prodDb.region, "eu-west-1");
  assert.equal(prodDb.account, "111111111111");
  assert.equal(prodDb.provider, "aws");
  assert.equal(prodDb.after!["skip_final_snapshot"], false);
  assert.equal(prodDb.tags["env"], "prod");

  const stagingDb = find(r.resources, "aws_db_instance.db", "s3-2");
  assert.equal(stagingDb.protection.prevent_destroy, false);
  assert.equal(stagingDb.protection.deletion_protection, false);
  assert.equal(stagingDb.after!["password"], SENSITIVE_VALUE);
  assert.deepEqual(stagingDb.sensitive, [["password"]]);
  assert.equal(stagingDb.account, "222222222222");
  const text = serialize(r);
  assert.ok(readFileSync(join(outdir, "stacks", "staging", "cdk.tf.json"), "utf8").includes("literal-s3cret-pw"));
  assert.ok(!text.includes("literal-s3cret-pw"), "neither in the model nor in input.raw");

  const scratch = find(r.resources, "aws_ebs_volume.scratch", "s3-1");
  assert.equal(scratch.region, "eu-west-1");
  assert.equal(scratch.protection.prevent_destroy, false);
  assert.ok(r.sources[0]!.notes.some((n) => n.includes("count or for_each")));
  const disks = find(r.resources, "aws_ebs_volume.disks", "s3-1");
  assert.equal(disks.region, "us-east-1");
  assert.equal(find(r.resources, "aws_dynamodb_table.table", "s3-1").protection.deletion_protection, true);
  assert.equal(find(r.resources, "aws_kms_key.key", "s3-1").after!["deletion_window_in_days"], 7);
});

test("the manifest itself is a document the manifest reader reads", () => {
  const manifest = join(outdir, "manifest.json");
  const d = doc(JSON.parse(readFileSync(manifest, "utf8")), manifest);
  assert.equal(cdktfManifestReader.detect(d), true);
  assert.equal(cdktfSynthReader.detect(d), false);
  const r = cdktfManifestReader.read(d, ctx({ sourceId: "s1" }));
  assert.equal(r.sources.length, 2);
  assert.equal(r.resources.filter((x) => x.type === "aws_db_instance").length, 2);
});

test("a single stack file read with a given stack name and source id", () => {
  const file = join(outdir, "stacks", "prod", "cdk.tf.json");
  const r = readCdktfStack(doc(JSON.parse(readFileSync(file, "utf8")), file), ctx(), { sourceId: "s9", stackName: "prod-eu" });
  assert.equal(r.sources[0]!.id, "s9");
  assert.equal(r.sources[0]!.workspace, "prod-eu");
  assert.ok(r.resources.every((x) => x.source === "s9" && x.id.startsWith("s9:")));
});

test("directories without a manifest; bad directories and manifests fail in one line", () => {
  const old = join(dir, "old-layout");
  mkdirSync(join(old, "stacks", "a"), { recursive: true });
  writeFileSync(join(old, "stacks", "a", "cdk.tf.json"), readFileSync(synths[1]!));
  assert.equal(readCdktfOutDir(old, ctx()).sources[0]!.workspace, "org_mgmt");
  const flat = join(dir, "flat");
  mkdirSync(flat);
  writeFileSync(join(flat, "frontend-dev.tf.json"), readFileSync(synths.find((f) => f.includes("frontend-dev"))!));
  assert.equal(readCdktfOutDir(flat, ctx()).resources.length, 6);

  const empty = join(dir, "empty");
  mkdirSync(empty);
  assert.equal(isCdktfOutDir(empty), false);
  assert.throws(() => readCdktfOutDir(empty, ctx()), (e: unknown) => e instanceof InputError && e.file === empty && /no CDKTF stacks/.test(e.message));
  assert.throws(() => readCdktfOutDir(join(dir, "missing"), ctx()), (e: unknown) => e instanceof InputError && /no such directory/.test(e.message));

  const escape = join(dir, "escape");
  mkdirSync(escape);
  writeFileSync(join(escape, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: { x: { synthesizedStackPath: "../../../etc/passwd" } } }));
  assert.throws(() => readCdktfOutDir(escape, ctx()), (e: unknown) => e instanceof InputError && /outside the cdktf.out directory/.test(e.message));

  const broken = join(dir, "broken");
  mkdirSync(join(broken, "stacks", "x"), { recursive: true });
  writeFileSync(join(broken, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: { x: { synthesizedStackPath: "stacks/x/cdk.tf.json" } } }));
  writeFileSync(join(broken, "stacks", "x", "cdk.tf.json"), '{"resource": {');
  assert.throws(
    () => readCdktfOutDir(broken, ctx()),
    (e: unknown) => e instanceof InputError && e.file.endsWith(join("stacks", "x", "cdk.tf.json")) && /not valid JSON/.test(e.message) && !e.message.includes("\n"),
  );
  writeFileSync(join(broken, "stacks", "x", "cdk.tf.json"), "[".repeat(100_000) + "]".repeat(100_000));
  assert.throws(() => readCdktfOutDir(broken, ctx()), (e: unknown) => e instanceof InputError && /deeper than/.test(e.message));
});

test("hostile synth documents: __proto__ keys, deep nesting, huge counts", () => {
  const proto = JSON.parse(
    '{"//":{"metadata":{"stackName":"x","backend":"local"}},"terraform":{},"resource":{"aws_s3_bucket":{"__proto__":{"polluted":true,"tags":{"__proto__":"p"}},"b":{"constructor":{"prototype":{"polluted":true}},"count":1000000000000}}}}',
  );
  const r = cdktfSynthReader.read(doc(proto), ctx());
  assert.equal(({} as any).polluted, undefined);
  assert.deepEqual(r.resources.map((x) => x.address).sort(), ["aws_s3_bucket.__proto__", "aws_s3_bucket.b"]);
  const protoBucket = find(r.resources, "aws_s3_bucket.__proto__");
  assert.equal(Object.getPrototypeOf(protoBucket.after), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(protoBucket.tags, "__proto__")?.value, "p");
  assert.ok(Object.prototype.hasOwnProperty.call(find(r.resources, "aws_s3_bucket.b").after, "constructor"));
  const zero = cdktfSynthReader.read(doc({ terraform: {}, resource: { aws_s3_bucket: { none: { count: 0 } } } }), ctx());
  assert.equal(zero.resources.length, 0);
  assert.ok(zero.sources[0]!.notes.some((n) => n.includes("count = 0")));

  let deep: unknown = "${aws_kms_key.k.arn}";
  for (let i = 0; i < 100_000; i++) deep = { a: deep };
  assert.throws(
    () => cdktfSynthReader.read(doc({ terraform: {}, resource: { aws_s3_bucket: { b: { policy: deep } } } }, "deep.tf.json"), ctx()),
    (e: unknown) => e instanceof InputError && e.file === "deep.tf.json" && /deeper than 10000 levels/.test(e.message),
  );
  assert.throws(
    () => cdktfSynthReader.read(doc({ terraform: {}, resource: { aws_s3_bucket: [] } }, "bad.tf.json"), ctx()),
    (e: unknown) => e instanceof InputError && /resource\.aws_s3_bucket must be an object/.test(e.message),
  );
});

test("escaped interpolations are literals; provider blocks and backends are redacted in input.raw", () => {
  const stack = {
    "//": { metadata: { stackName: "s", backend: "s3", version: "0.21.0" } },
    terraform: { backend: { s3: { bucket: "state", secret_key: "backend-secret-123" } } },
    provider: { aws: [{ region: "eu-central-1", access_key: "AKIA-EXAMPLE-XYZ", secret_key: "provider-secret-456" }] },
    variable: { pw: { type: "string", sensitive: true, default: "variable-secret-789" } },
    resource: {
      aws_s3_bucket: { b: { bucket: "literal-$${not-an-expression}", tags: { t: "${var.x}" } } },
      aws_ssm_parameter: { p: { name: "n", type: "SecureString", value: "ssm-secret-000" } },
    },
  };
  const r = cdktfSynthReader.read(doc(stack), ctx());
  const b = find(r.resources, "aws_s3_bucket.b");
  assert.equal(b.after!["bucket"], "literal-$${not-an-expression}");
  assert.deepEqual(b.unknown, [["tags", "t"]]);
  assert.deepEqual(b.tags, {});
  assert.equal(b.region, "eu-central-1");
  assert.deepEqual(find(r.resources, "aws_ssm_parameter.p").sensitive, [["value"]]);
  const text = serialize(r);
  for (const s of ["backend-secret-123", "provider-secret-456", "variable-secret-789", "ssm-secret-000"]) assert.ok(!text.includes(s), s);
  assert.equal((r.raw as any).provider.aws[0].region, "eu-central-1");
  assert.equal(stack.provider.aws[0]!.secret_key, "provider-secret-456", "input untouched");
});
