import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SENSITIVE_VALUE, UNKNOWN_VALUE, type Resource } from "../../src/model/types.js";
import { InputError } from "../../src/load/input-error.js";
import { loadInputs } from "../../src/load/load-inputs.js";
import { DIRECTORY_READERS, READERS } from "../../src/load/readers.js";
import { UnsupportedInputError } from "../../src/load/types.js";
import { pulumiPreviewReader, readPulumiPreview } from "../../src/load/pulumi/preview-reader.js";
import { pulumiStackReader } from "../../src/load/pulumi/stack-reader.js";
import { pulumiRefusal, pulumiRefusalReader, pulumiTextRefusal } from "../../src/load/pulumi/refusals.js";
import { terraformType } from "../../src/load/pulumi/type-tokens.js";
import { propertyName } from "../../src/load/pulumi/property-names.js";
import { summarizeOps } from "../../src/load/pulumi/step-ops.js";
import { terraformPlanReader } from "../../src/load/terraform/plan-reader.js";
import { terraformStateReader } from "../../src/load/terraform/state-reader.js";
import { cdktfSynthReader } from "../../src/load/cdktf/synth-reader.js";
import { at, corpusFiles, ctx, doc, readDoc, serialize } from "./terraform-test-helpers.js";

const fixtures = fileURLToPath(new URL("../fixtures/pulumi/", import.meta.url));
const fixture = (name: string) => join(fixtures, name);
const previews = corpusFiles("pulumi").filter((f) => "steps" in (readDoc(f).data as object));

const SENTINELS = [
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
];

function read(file: string) {
  return pulumiPreviewReader.read(readDoc(file), ctx());
}

function find(resources: Resource[], name: string): Resource {
  const r = resources.find((x) => x.name === name || x.address === name);
  assert.ok(r, `no resource ${name}`);
  return r;
}

/** Checks the model's conventions on every resource of a result. */
function checkConventions(resources: Resource[], where: string): void {
  for (const r of resources) {
    const w = `${where} ${r.address}`;
    assert.equal(r.tool, "pulumi", w);
    assert.match(r.type, /^[a-z0-9_]+$/, `${w}: Terraform-style type, got ${r.type}`);
    assert.ok(r.native_type.includes(":"), w);
    assert.ok(r.address.startsWith("urn:pulumi:"), w);
    for (const p of r.unknown) assert.equal(at(r.after, p), UNKNOWN_VALUE, `${w}: unknown ${JSON.stringify(p)}`);
    for (const p of r.sensitive) {
      const vals = [at(r.before, p), at(r.after, p)].filter((v) => v !== undefined && v !== null);
      assert.ok(vals.length > 0 && vals.every((v) => v === SENSITIVE_VALUE || v === UNKNOWN_VALUE), `${w}: sensitive ${JSON.stringify(p)}`);
    }
    const text = serialize([r.before, r.after]);
    for (const s of SENTINELS) assert.ok(!text.includes(s), `${w}: an unknown sentinel survived`);
    assert.ok(!text.includes("4dabf18193072939515e22adb298388d\":\"1b47061264138c4ac30d75fd1eb44270"), `${w}: a secret object survived`);
    assert.ok(!text.includes("\"__defaults\""), `${w}: internal keys survived`);
    assert.equal(r.protection.source, "pulumi");
    assert.equal(typeof r.protection.protect, "boolean", w);
  }
}

test("every corpus preview is detected as a Pulumi preview, and only as one", () => {
  assert.equal(previews.length, 3);
  for (const f of previews) {
    const d = readDoc(f);
    assert.equal(pulumiPreviewReader.detect(d), true, basename(f));
    for (const other of [pulumiStackReader, terraformPlanReader, terraformStateReader, cdktfSynthReader])
      assert.equal(other.detect(d), false, `${basename(f)} claimed by ${other.label}`);
  }
});

test("every corpus preview loads: one resource per URN, types mapped, unknowns and secrets marked", () => {
  let unknowns = 0;
  for (const f of previews) {
    const d = readDoc(f);
    const steps = (d.data as { steps: { urn: string }[] }).steps;
    const urns = new Set(steps.map((s) => s.urn).filter((u) => !u.includes("::pulumi:pulumi:Stack::") && !u.includes("::pulumi:providers:")));
    const r = read(f);
    assert.equal(r.resources.length, urns.size, basename(f));
    assert.deepEqual(new Set(r.resources.map((x) => x.address)), urns);
    assert.equal(r.sources.length, 1);
    assert.equal(r.sources[0]!.kind, "pulumi-preview");
    assert.equal(r.sources[0]!.workspace, "dev", "stack from the URN");
    assert.equal(r.sources[0]!.project, "aws-ts-ebs");
    checkConventions(r.resources, basename(f));
    for (const x of r.resources) {
      assert.equal(x.action, "create");
      assert.equal(x.before, null);
      if (x.provider === "aws") assert.match(String(x.region), /^us-west-[12]$/, "region from the config or the values");
    }
    unknowns += r.resources.reduce((n, x) => n + x.unknown.length, 0);
  }
  assert.ok(unknowns > 100, "the corpus previews have unknown values");
});

test("corpus details: an RDS instance with a plaintext password, components as modules, dependencies", () => {
  const f = previews.find((p) => p.includes("preview-existing"))!;
  const r = read(f);
  const db = find(r.resources, "example-rds");
  assert.equal(db.type, "aws_db_instance");
  assert.equal(db.native_type, "aws:rds/instance:Instance");
  assert.equal(db.after!["skip_final_snapshot"], true);
  assert.equal(db.after!["backup_retention_period"], 7);
  assert.equal(db.after!["password"], SENSITIVE_VALUE, "redacted by name: Pulumi did not mark it secret");
  assert.deepEqual(db.sensitive, [["password"]]);
  assert.deepEqual(db.unknown, [["id"]]);
  assert.equal(db.region, "us-west-2");
  assert.deepEqual(db.depends_on, ["urn:pulumi:dev::aws-ts-ebs::aws:ec2/securityGroup:SecurityGroup::example-dbAppAccessGroup"]);
  const cluster = find(r.resources, "example-rds-cluster");
  assert.equal(cluster.type, "aws_rds_cluster");
  assert.equal(cluster.after!["master_password"], SENSITIVE_VALUE);
  assert.ok(!serialize(r).includes("example1234!"), "no plaintext password in the model or raw");
  const subnet = r.resources.find((x) => x.native_type === "aws:ec2/subnet:Subnet")!;
  assert.equal(subnet.type, "aws_subnet");
  assert.ok(subnet.module?.includes("awsx:x:ec2:Subnet"), "a component's child has the component as module");
  const vpc = find(r.resources, "example-vpc");
  assert.equal(vpc.native_type, "awsx:x:ec2:Vpc");
  assert.equal(vpc.mode, "managed");
  assert.match(r.sources[0]!.notes.join("\n"), /--show-sames/);
});

test("a preview deleting an RDS instance whose deletion protection is off", () => {
  const r = read(fixture("preview-delete-rds.json"));
  assert.equal(r.resources.length, 1, "the root stack is not a resource");
  const db = r.resources[0]!;
  assert.equal(db.type, "aws_db_instance");
  assert.equal(db.id, "s1:urn:pulumi:production::orders::aws:rds/instance:Instance::orders-db");
  assert.deepEqual(db.actions, ["delete"]);
  assert.equal(db.action, "delete");
  assert.equal(db.destroys, true);
  assert.equal(db.replacement, false);
  assert.equal(db.after, null);
  assert.equal(db.before!["deletion_protection"], false);
  assert.equal(db.before!["skip_final_snapshot"], true);
  assert.equal(db.before!["backup_retention_period"], 7);
  assert.equal(db.protection.deletion_protection, false);
  assert.equal(db.protection.protect, false);
  assert.equal(db.protection.retain_on_delete, false);
  assert.equal(db.protection.prevent_destroy, null);
  assert.equal(db.before!["password"], SENSITIVE_VALUE, "the preview's [secret] placeholder");
  assert.deepEqual(db.tags, { Environment: "production", ManagedBy: "pulumi" }, "tags_all wins");
  assert.equal(db.region, "eu-west-1");
  assert.equal(db.account, "123456789012");
  assert.ok(!("__meta" in db.before!));
  const src = r.sources[0]!;
  assert.equal(src.workspace, "production");
  assert.equal(src.project, "orders");
  assert.equal(src.tool, "pulumi");
  checkConventions(r.resources, "delete-rds");
});

test("a replacement collapses into one resource; an input removed by the change is unknown, not the stale output", () => {
  const r = read(fixture("preview-replace.json"));
  assert.equal(r.resources.length, 2);
  const vol = find(r.resources, "data");
  assert.equal(vol.type, "aws_ebs_volume");
  assert.equal(vol.action, "replace");
  assert.deepEqual(vol.actions, ["create", "delete"]);
  assert.equal(vol.replacement, true);
  assert.equal(vol.destroys, true);
  assert.equal(vol.before!["availability_zone"], "us-east-1a");
  assert.equal(vol.after!["availability_zone"], "us-east-1b");
  for (const p of [["id"], ["arn"], ["kms_key_id"], ["tags_all"]]) assert.ok(vol.unknown.some((u) => JSON.stringify(u) === JSON.stringify(p)), `unknown ${p}`);
  assert.equal(vol.module, "urn:pulumi:staging::storage::acme:storage:DataDisk::data");
  assert.equal(vol.region, "us-east-1");
  assert.deepEqual(vol.tags, { Name: "data" }, "tags_all is unknown, tags are known");

  const cluster = find(r.resources, "reports");
  assert.equal(cluster.action, "update");
  assert.equal(cluster.after!["deletion_protection"], UNKNOWN_VALUE, "removed from the inputs: the old output no longer holds");
  assert.ok(cluster.unknown.some((p) => p.length === 1 && p[0] === "deletion_protection"));
  assert.equal(cluster.before!["deletion_protection"], true);
  assert.equal(cluster.protection.deletion_protection, null);
  assert.deepEqual(cluster.after!["serverlessv2_scaling_configuration"], [{ max_capacity: 8, min_capacity: 0.5 }], "MaxItems=1 block as a list; inputs win");
  checkConventions(r.resources, "replace");
});

test("--show-replacement-steps: create-replacement, replace and delete-replaced are one delete-before-replace", () => {
  const r = read(fixture("preview-replacement-steps.json"));
  assert.equal(r.resources.length, 1);
  const t = r.resources[0]!;
  assert.equal(t.type, "aws_dynamodb_table");
  assert.deepEqual(t.actions, ["delete", "create"]);
  assert.equal(t.action, "replace");
  assert.equal(t.destroys, true);
  assert.equal(t.before!["hash_key"], "id");
  assert.equal(t.after!["hash_key"], "invoiceId");
  assert.deepEqual(t.after!["attribute"], [{ name: "invoiceId", type: "S" }], "plural list name made singular");
  assert.deepEqual(t.after!["point_in_time_recovery"], [{ enabled: true }]);
  assert.equal(t.protection.deletion_protection, false);
  assert.equal(t.region, "eu-central-1");
});

test("unknown values are a third state: sentinels, unknown collections, outputs still to come", () => {
  const r = read(fixture("preview-unknowns.json"));
  const bucket = find(r.resources, "dumps");
  assert.equal(bucket.type, "aws_s3_bucket", "BucketV2 is aws_s3_bucket");
  assert.equal(bucket.after!["bucket"], UNKNOWN_VALUE);
  assert.equal(bucket.after!["force_destroy"], true);
  assert.deepEqual(bucket.tags, { Environment: "staging", costCenter: "4711" }, "tag keys are data, not converted");
  assert.deepEqual(bucket.depends_on, ["urn:pulumi:staging::backups::random:index/randomPassword:RandomPassword::admin"]);

  const plan = find(r.resources, "nightly");
  assert.equal(plan.type, "aws_backup_plan");
  const rule = (plan.after!["rule"] as Record<string, unknown>[])[0]!;
  assert.equal(rule["rule_name"], "nightly");
  assert.deepEqual(rule["lifecycle"], [{ delete_after: 35 }]);
  assert.deepEqual((rule["copy_action"] as Record<string, unknown>[])[0]!["lifecycle"], [{ delete_after: 90 }]);
  assert.ok(plan.unknown.some((p) => JSON.stringify(p) === JSON.stringify(["rule", 0, "copy_action", 0, "destination_vault_arn"])));
  assert.equal(plan.after!["tags_all"], UNKNOWN_VALUE, "the unknown-object sentinel");

  const pw = find(r.resources, "admin");
  assert.equal(pw.type, "random_password");
  assert.equal(pw.after!["result"], SENSITIVE_VALUE);
  assert.ok(pw.sensitive.some((p) => p[0] === "result"));

  const worker = find(r.resources, "worker");
  assert.equal(worker.type, "aws_instance");
  assert.equal(worker.action, "update");
  assert.equal(worker.after!["instance_type"], "t3.xlarge");
  assert.deepEqual(worker.after!["ebs_block_device"], [{ delete_on_termination: false, device_name: "/dev/sdf", volume_size: 200 }], "the desired inputs win over an unknown output");
  assert.ok(!worker.unknown.some((p) => p[0] === "ebs_block_device"));
  assert.ok(worker.unknown.some((p) => p[0] === "private_ip"));
  assert.equal(worker.protection.deletion_protection, true, "disable_api_termination");
  assert.equal(worker.account, "444455556666");

  const vpc = find(r.resources, "default");
  assert.equal(vpc.type, "aws_vpc");
  assert.equal(vpc.mode, "data");
  assert.equal(vpc.action, "read");
  checkConventions(r.resources, "unknowns");
});

test("secrets: placeholders, plaintext under secret names, provider credentials; nothing reaches the model or input.raw", () => {
  const r = read(fixture("preview-secrets.json"));
  assert.ok(!r.resources.some((x) => x.native_type.startsWith("pulumi:providers:")), "providers are not resources");
  const key = find(r.resources, "deployer");
  assert.equal(key.type, "aws_iam_access_key");
  assert.equal(key.after!["secret"], SENSITIVE_VALUE);
  assert.equal(key.region, "eu-north-1", "from the explicit provider");
  assert.equal(key.account, "999988887777", "allowedAccountIds given as JSON text");
  const param = find(r.resources, "db-url");
  assert.equal(param.before!["value"], SENSITIVE_VALUE, "aws_ssm_parameter.value is secret by type");
  assert.equal(param.after!["value"], SENSITIVE_VALUE);
  const db = find(r.resources, "main");
  assert.equal(db.after!["master_password"], SENSITIVE_VALUE);
  const secret = find(r.resources, "registry");
  assert.equal(secret.type, "kubernetes_secret");
  assert.equal(secret.after!["string_data"], SENSITIVE_VALUE);
  assert.deepEqual((secret.after!["metadata"] as Record<string, unknown>)["labels"], { "app.kubernetes.io/name": "registry" });
  const text = serialize(r);
  for (const leak of ["AKIAI44QH8DHBEXAMPLE", "je7MtGbClwBF", "wJalrXUtnFEMI", "AKIAIOSFODNN7EXAMPLE", "hunter2", "Sup3rS3cretPassw0rd", "ZGVwbG95OmdocF9leGFtcGxl"])
    assert.ok(!text.includes(leak), `leaked ${leak}`);
  const notes = r.sources[0]!.notes.join("\n");
  assert.match(notes, /aws provider "admin" \(access_key, secret_key\)/);
  assert.match(notes, /aws:secretKey, aws:accessKey/);
  assert.ok(!notes.includes("app:apiToken"), "secret configuration is not reported as plain text");
  checkConventions(r.resources, "secrets");
});

test("protect, retainOnDelete, drift from a refresh, import", () => {
  const r = read(fixture("preview-protect.json"));
  const fs = find(r.resources, "shared");
  assert.equal(fs.type, "aws_efs_file_system");
  assert.equal(fs.action, "no-op");
  assert.equal(fs.protection.protect, true, "protect turned on: the new state counts");
  assert.deepEqual(fs.after!["lifecycle_policy"], [{ transition_to_ia: "AFTER_30_DAYS" }]);
  const archive = find(r.resources, "archive");
  assert.deepEqual(archive.actions, ["forget"], "retainOnDelete: removed from the stack, not destroyed");
  assert.equal(archive.destroys, false);
  assert.equal(archive.protection.retain_on_delete, true);
  const sessions = find(r.resources, "sessions");
  assert.equal(sessions.protection.protect, true);
  assert.equal(sessions.protection.deletion_protection, true);
  assert.deepEqual(sessions.after!["ttl"], [{ attribute_name: "expires", enabled: true }]);
  const scratch = find(r.resources, "scratch");
  assert.equal(scratch.action, "update");
  assert.equal(scratch.drifted, true, "the refresh found a different size");
  assert.equal(scratch.before!["size"], 80, "before is the refreshed state");
  const legacy = find(r.resources, "legacy");
  assert.deepEqual(legacy.actions, ["import"]);
  assert.equal(legacy.action, "import");
  assert.equal(legacy.destroys, false);
  checkConventions(r.resources, "protect");
});

test("step operations: replacements, retained deletions, unknown ops", () => {
  assert.deepEqual(summarizeOps(["replace"], false).actions, ["create", "delete"]);
  assert.deepEqual(summarizeOps(["create-replacement", "replace", "delete-replaced"], false).actions, ["create", "delete"]);
  assert.deepEqual(summarizeOps(["delete-replaced", "replace", "create-replacement"], false).actions, ["delete", "create"]);
  const kept = summarizeOps(["replace"], true);
  assert.deepEqual(kept.actions, ["create", "forget"]);
  assert.equal(kept.destroys, false);
  assert.equal(kept.replacement, true);
  assert.equal(summarizeOps(["same"], false).action, "no-op");
  assert.equal(summarizeOps(["refresh", "delete"], false).action, "delete");
  assert.equal(summarizeOps(["read"], false).read, true);
  assert.equal(summarizeOps(["discard"], false).action, "forget");
  const odd = summarizeOps(["frobnicate"], false);
  assert.equal(odd.action, "update");
  assert.deepEqual(odd.unknown, ["frobnicate"]);

  const d = doc({
    steps: [
      {
        op: "frobnicate",
        urn: "urn:pulumi:dev::p::aws:sns/topic:Topic::alerts",
        oldState: { urn: "urn:pulumi:dev::p::aws:sns/topic:Topic::alerts", custom: true, type: "aws:sns/topic:Topic", outputs: { arn: "arn:aws:sns:us-east-1:123456789012:alerts" } },
        newState: { urn: "urn:pulumi:dev::p::aws:sns/topic:Topic::alerts", custom: true, type: "aws:sns/topic:Topic" },
      },
    ],
  });
  const r = readPulumiPreview(d, ctx());
  assert.equal(r.resources[0]!.action, "update");
  assert.match(r.sources[0]!.notes.join("\n"), /unknown step operations treated as "update": frobnicate \(alerts\)/);
});

test("Pulumi type tokens map to Terraform types; property names to snake_case", () => {
  const cases: [string, string][] = [
    ["aws:rds/instance:Instance", "aws_db_instance"],
    ["aws:ebs/volume:Volume", "aws_ebs_volume"],
    ["aws:s3/bucket:Bucket", "aws_s3_bucket"],
    ["aws:s3/bucketV2:BucketV2", "aws_s3_bucket"],
    ["aws:dynamodb/table:Table", "aws_dynamodb_table"],
    ["aws:backup/plan:Plan", "aws_backup_plan"],
    ["aws:backup/vault:Vault", "aws_backup_vault"],
    ["aws:rds/cluster:Cluster", "aws_rds_cluster"],
    ["aws:efs/fileSystem:FileSystem", "aws_efs_file_system"],
    ["gcp:sql/databaseInstance:DatabaseInstance", "google_sql_database_instance"],
    ["aws:iam/accessKey:AccessKey", "aws_iam_access_key"],
    ["aws:ec2/instance:Instance", "aws_instance"],
    ["aws:ec2transitgateway/transitGateway:TransitGateway", "aws_ec2_transit_gateway"],
    ["aws:lb/loadBalancer:LoadBalancer", "aws_lb"],
    ["gcp:serviceaccount/account:Account", "google_service_account"],
    ["gcp:projects/iAMMember:IAMMember", "google_project_iam_member"],
    ["azure:compute/managedDisk:ManagedDisk", "azurerm_managed_disk"],
    ["azure:storage/account:Account", "azurerm_storage_account"],
    ["azure-native:storage:StorageAccount", "azurerm_storage_account"],
    ["azure-native:storage/v20230101:StorageAccount", "azurerm_storage_account"],
    ["azure-native:compute:Disk", "azurerm_managed_disk"],
    ["aws-native:rds:DbInstance", "aws_db_instance"],
    ["kubernetes:core/v1:PersistentVolumeClaim", "kubernetes_persistent_volume_claim"],
    ["random:index/randomPassword:RandomPassword", "random_password"],
    ["cloudflare:index/apiToken:ApiToken", "cloudflare_api_token"],
    ["vault:kv/secretV2:SecretV2", "vault_kv_secret_v2"],
  ];
  for (const [token, type] of cases) assert.equal(terraformType(token).type, type, token);
  assert.equal(terraformType("gcp:sql/databaseInstance:DatabaseInstance").provider, "google");
  assert.equal(terraformType("azure-native:storage:StorageAccount").provider, "azurerm");
  for (const [camel, snake] of [
    ["deletionProtection", "deletion_protection"],
    ["skipFinalSnapshot", "skip_final_snapshot"],
    ["backupRetentionPeriod", "backup_retention_period"],
    ["forceDestroy", "force_destroy"],
    ["ipv6CidrBlock", "ipv6_cidr_block"],
    ["serverlessv2ScalingConfiguration", "serverlessv2_scaling_configuration"],
    ["Name", "Name"],
    ["kubernetes.io/role", "kubernetes.io/role"],
    ["engine", "engine"],
  ])
    assert.equal(propertyName(camel!), snake, camel);
});

test("Pulumi outputs that are not read are refused in one line that says what to run", () => {
  const load = (p: string) => loadInputs([p], { readers: READERS, directoryReaders: DIRECTORY_READERS, tfDirs: [], workspace: null, lifecycle: null });
  for (const [name, pattern] of [
    ["preview-output-summary.json", /pulumi preview --output json.*run `pulumi preview --json > preview\.json`/],
    ["Pulumi.yaml", /Pulumi project file.*pulumi preview --json/],
    ["Pulumi.production.yaml", /stack configuration file.*pulumi preview --json/],
  ] as const) {
    const p = fixture(name);
    assert.throws(
      () => load(p),
      (e: unknown) => e instanceof InputError && e.message.startsWith(`${p}: this is`) && pattern.test(e.message) && !e.message.includes("\n"),
      name,
    );
  }
  // one engine event (the first line of a stream), and a stream as an array
  const events = readFileSync(fixture("preview-events.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as unknown);
  const refused = pulumiRefusal(events[1]);
  assert.match(String(refused), /engine event stream.*PULUMI_ENABLE_STREAMING_JSON_PREVIEW/);
  assert.equal(pulumiRefusal(events), refused);
  assert.throws(() => pulumiPreviewReader.read(doc(events[1], "events.json"), ctx()), UnsupportedInputError);
  // recognized by the refusal reader (last in the reader order), not claimed by the preview reader
  assert.equal(pulumiPreviewReader.detect(doc(events)), false);
  assert.equal(pulumiRefusalReader.detect(doc(events)), true);
  assert.throws(() => pulumiRefusalReader.read(doc(events, "events.json"), ctx()), (e: unknown) => e instanceof UnsupportedInputError && /^events\.json: this is a Pulumi engine event stream/.test(e.message));
  // texts the file loader cannot parse as one document: JSON Lines and the preview display
  assert.match(String(pulumiTextRefusal(readFileSync(fixture("preview-events.jsonl"), "utf8"))), /engine event stream/);
  assert.match(String(pulumiTextRefusal(readFileSync(fixture("preview.txt"), "utf8"))), /text display of a Pulumi command.*pulumi preview --json/);
  assert.equal(pulumiTextRefusal("name: x\nvalue: 1\n"), null);
  assert.equal(pulumiTextRefusal('{"format_version":"1.2"}\n'), null);
  // `pulumi config --json` and stack history
  assert.match(String(pulumiRefusal({ "aws:region": { value: "us-east-1", secret: false } })), /pulumi config --json/);
  assert.match(String(pulumiRefusal([{ kind: "update", startTime: 1718101200, resourceChanges: { create: 1 } }])), /stack history/);
  // a Pulumi project directory given as an input
  const dir = mkdtempSync(join(tmpdir(), "pc-pulumi-"));
  try {
    writeFileSync(join(dir, "Pulumi.yaml"), readFileSync(fixture("Pulumi.yaml")));
    assert.throws(
      () => load(dir),
      (e: unknown) => e instanceof InputError && e.message === `${dir}: this is a Pulumi project directory, which policy-check does not read; run \`pulumi preview --json > preview.json\` in it and check preview.json`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // things that are not Pulumi's are left to the other readers
  for (const other of [{ format_version: "1.2", resource_changes: [] }, { jobs: {}, on: "push" }, { kind: "policy-check/tokens", tokens: [] }, [1, 2]])
    assert.equal(pulumiRefusal(other), null);
});

test("bad input: one-line errors, no prototype pollution, deep nesting", () => {
  assert.throws(() => readPulumiPreview(doc({ steps: [{ op: "create" }] }), ctx()), (e: unknown) => e instanceof InputError && /steps\[0\] has no valid "urn"/.test(e.message));
  assert.throws(() => readPulumiPreview(doc({ steps: [{ urn: "urn:pulumi:a::b::aws:s3/bucket:Bucket::x" }] }), ctx()), /steps\[0\] has no "op"/);
  assert.throws(() => readPulumiPreview(doc({ steps: [{ op: "create", urn: "urn:pulumi:a::b::aws:s3/bucket:Bucket::x", newState: 7 }] }), ctx()), /newState must be an object/);

  const hostile = JSON.parse(
    '{"steps":[{"op":"create","urn":"urn:pulumi:a::b::aws:s3/bucket:Bucket::x","newState":{"urn":"urn:pulumi:a::b::aws:s3/bucket:Bucket::x","type":"aws:s3/bucket:Bucket","custom":true,"inputs":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"tags":{"__proto__":"x","constructor":"y"}}}}],"config":{"aws:__proto__":"z"}}',
  ) as unknown;
  const r = readPulumiPreview(doc(hostile), ctx());
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  assert.equal(Object.prototype.hasOwnProperty.call(r.resources[0]!.after, "constructor"), true);
  assert.deepEqual(Object.keys(r.resources[0]!.tags).sort(), ["constructor"]);

  let deep: unknown = "leaf";
  for (let i = 0; i < 100_000; i++) deep = { a: deep };
  const d = doc({ steps: [{ op: "create", urn: "urn:pulumi:a::b::aws:s3/bucket:Bucket::x", newState: { urn: "urn:pulumi:a::b::aws:s3/bucket:Bucket::x", type: "aws:s3/bucket:Bucket", inputs: { deep } } }] });
  assert.throws(() => readPulumiPreview(d, ctx()), (e: unknown) => e instanceof InputError && /nests deeper than/.test(e.message));
});

test("an empty preview and a failed one", () => {
  const empty = readPulumiPreview(doc({ config: {}, steps: [], changeSummary: {}, duration: 1 }), ctx({ workspace: "ws" }));
  assert.equal(empty.resources.length, 0);
  assert.equal(empty.sources[0]!.workspace, "ws");
  assert.equal(pulumiPreviewReader.detect(doc({ steps: [], changeSummary: {} })), true);
  const failed = readPulumiPreview(doc({ steps: [], diagnostics: [{ message: "error: boom", severity: "error" }], changeSummary: {} }), ctx());
  assert.match(failed.sources[0]!.notes.join("\n"), /reported 1 error\(s\)/);
  assert.ok(!failed.sources[0]!.notes.join("\n").includes("boom"), "diagnostic texts are not copied into notes");
});

test("input.raw keeps the document, with secrets redacted and nothing else changed", () => {
  const d = readDoc(fixture("preview-secrets.json"));
  const before = JSON.stringify(d.data);
  const r = readPulumiPreview(d, ctx());
  assert.equal(JSON.stringify(d.data), before, "the parsed document is not modified");
  const raw = r.raw as { steps: { newState?: { inputs?: Record<string, unknown> } }[]; config: Record<string, unknown> };
  assert.equal(raw.config["aws:secretKey"], SENSITIVE_VALUE);
  assert.equal(raw.config["aws:region"], "eu-west-1");
  assert.equal(raw.steps[0]!.newState!.inputs!["secretKey"], SENSITIVE_VALUE);
  assert.equal(raw.steps[0]!.newState!.inputs!["region"], "eu-north-1");
  assert.equal((raw.steps[3]!.newState!.inputs as Record<string, unknown>)["masterPassword"], SENSITIVE_VALUE);
  const untouched = readPulumiPreview(readDoc(fixture("preview-replacement-steps.json")), ctx());
  const original = readDoc(fixture("preview-replacement-steps.json"));
  assert.deepEqual(untouched.raw, original.data, "a document without secrets is passed through");
});
