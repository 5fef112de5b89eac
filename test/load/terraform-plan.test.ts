import { test } from "node:test";
import assert from "node:assert/strict";
import { basename } from "node:path";
import { SENSITIVE_VALUE, UNKNOWN_VALUE, type Resource } from "../../src/model/types.js";
import { InputError } from "../../src/load/input-error.js";
import { terraformPlanReader, readTerraformPlan } from "../../src/load/terraform/plan-reader.js";
import { terraformStateReader } from "../../src/load/terraform/state-reader.js";
import { cdktfSynthReader } from "../../src/load/cdktf/synth-reader.js";
import { normalizeActions } from "../../src/load/terraform/actions.js";
import { providerShortName } from "../../src/load/provider-types.js";
import { at, containsValue, corpusFiles, ctx, doc, readDoc, scalars, serialize, trueLeaves } from "./terraform-test-helpers.js";

const plans = corpusFiles("tf-plan");

function byAddress(resources: Resource[], address: string): Resource {
  const r = resources.find((x) => x.address === address);
  assert.ok(r, `no resource ${address}`);
  return r;
}

test("every corpus plan is detected as a plan, and only as a plan", () => {
  assert.equal(plans.length, 45);
  for (const f of plans) {
    const d = readDoc(f);
    assert.equal(terraformPlanReader.detect(d), true, basename(f));
    assert.equal(terraformStateReader.detect(d), false, basename(f));
    assert.equal(cdktfSynthReader.detect(d), false, basename(f));
  }
});

test("every corpus plan loads: counts, actions, unknowns and sensitive values", () => {
  let replacements = 0;
  let unknownPaths = 0;
  let sensitiveValues = 0;
  for (const f of plans) {
    const d = readDoc(f);
    const name = basename(f);
    const r = terraformPlanReader.read(d, ctx());
    const plan = d.data as Record<string, any>;
    const rcs: any[] = plan.resource_changes ?? [];
    assert.equal(r.resources.length, rcs.length, `${name}: one resource per resource_change`);
    assert.equal(r.sources.length, 1);
    const src = r.sources[0]!;
    assert.equal(src.kind, "terraform-plan");
    assert.equal(src.format_version, plan.format_version);
    assert.equal(src.tool_version, plan.terraform_version);
    assert.ok(src.notes.some((n) => n.startsWith("prevent_destroy unknown")), `${name}: lifecycle note`);
    const text = serialize(r);
    // values that also appear unmarked in some resource's before/after are public
    const publicValues = new Set<unknown>();
    for (const rc of rcs)
      for (const side of ["before", "after"] as const) {
        const marked = trueLeaves(rc.change[`${side}_sensitive`]).map((p) => JSON.stringify(p));
        const walk = (v: unknown, p: (string | number)[]): void => {
          if (marked.includes(JSON.stringify(p))) return;
          if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
          else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
          else publicValues.add(v);
        };
        walk(rc.change[side], []);
      }

    rcs.forEach((rc, i) => {
      const res = r.resources[i]!;
      const where = `${name} ${rc.address}`;
      assert.equal(res.address, rc.address);
      assert.equal(res.id, `s1:${rc.address}`);
      assert.equal(res.type, rc.type);
      assert.equal(res.mode, rc.mode === "data" ? "data" : "managed");
      assert.equal(res.module, rc.module_address ?? null);
      assert.match(res.provider, /^[a-z0-9-]+$/, where);
      assert.equal(res.protection.prevent_destroy, null, where);
      const acts: string[] = rc.change.actions;
      if (acts.includes("create") && acts.includes("delete")) {
        replacements++;
        assert.equal(res.action, "replace", where);
        assert.equal(res.replacement, true);
        assert.equal(res.destroys, true);
      } else if (acts.length === 1) {
        assert.equal(res.action, acts[0], where);
        assert.equal(res.destroys, acts[0] === "delete", where);
      }

      // unknown: every true leaf of after_unknown is listed and shows as "(known after apply)"
      if (rc.change.after && typeof rc.change.after === "object") {
        for (const p of trueLeaves(rc.change.after_unknown)) {
          unknownPaths++;
          assert.ok(res.unknown.some((u) => JSON.stringify(u) === JSON.stringify(p)), `${where}: unknown ${p.join(".")}`);
          assert.equal(at(res.after, p), UNKNOWN_VALUE, `${where}: ${p.join(".")}`);
        }
      }

      // sensitive: replaced in before and after, never present anywhere in the output
      for (const side of ["before", "after"] as const) {
        const values = rc.change[side];
        for (const p of trueLeaves(rc.change[`${side}_sensitive`])) {
          const original = at(values, p);
          if (original === undefined) continue;
          assert.ok(res.sensitive.some((s) => JSON.stringify(s) === JSON.stringify(p)), `${where}: sensitive ${p.join(".")}`);
          if (original === null) continue;
          const shown = at(res[side], p);
          if (side === "after" && shown === UNKNOWN_VALUE) continue;
          assert.equal(shown, SENSITIVE_VALUE, `${where} ${side}.${p.join(".")}`);
          for (const s of scalars(original)) {
            if (publicValues.has(s)) continue;
            if ((typeof s === "string" && s.length >= 3) || (typeof s === "number" && String(s).length >= 4)) {
              sensitiveValues++;
              assert.ok(!containsValue(text, s as string | number), `${where}: sensitive value of ${side}.${p.join(".")} leaked`);
            }
          }
        }
      }
    });
  }
  assert.ok(replacements >= 1, "the corpus has replacements");
  assert.ok(unknownPaths > 3000, `unknown paths checked: ${unknownPaths}`);
  assert.ok(sensitiveValues >= 5, `sensitive values checked: ${sensitiveValues}`);
});

test("a replacement driven by depends_on: replace, destroys, and depends_on from configuration", () => {
  const f = plans.find((p) => p.includes("config_resource_depends_on"))!;
  const r = terraformPlanReader.read(readDoc(f), ctx());
  const replaced = r.resources.filter((x) => x.replacement);
  assert.equal(replaced.length, 1);
  assert.deepEqual(replaced[0]!.actions, ["delete", "create"]);
  assert.equal(replaced[0]!.destroys, true);
  assert.ok(r.resources.some((x) => x.depends_on.length > 0));
});

test("resource_drift marks the matching resources drifted", () => {
  const f = plans.find((p) => p.includes("cloudtrail__inputs__issue355"))!;
  const d = readDoc(f);
  const r = terraformPlanReader.read(d, ctx());
  const drift = new Set(((d.data as any).resource_drift as any[]).map((x) => x.address));
  assert.equal(drift.size, 4);
  assert.deepEqual(
    r.resources.filter((x) => x.drifted).map((x) => x.address).sort(),
    [...drift].sort(),
  );
});

test("a plaintext password in an azurerm plan is gone from the model and from input.raw", () => {
  const f = plans.find((p) => p.includes("pennywise__sample__azure"))!;
  const d = readDoc(f);
  assert.ok(serialize(d.data).includes("Password1234!"));
  const r = terraformPlanReader.read(d, ctx());
  const text = serialize(r);
  assert.ok(!text.includes("Password1234!"), "the password is in planned_values, resource_changes and configuration");
  const vmss = r.resources.find((x) => x.type === "azurerm_linux_virtual_machine_scale_set")!;
  assert.equal(vmss.after!["admin_password"], SENSITIVE_VALUE);
  // the input document itself is untouched
  assert.ok(serialize(d.data).includes("Password1234!"));
});

test("sensitive variables, outputs and prior state are redacted in input.raw", () => {
  const f = plans.find((p) => p.includes("sanitize__testdata__basic"))!;
  const r = terraformPlanReader.read(readDoc(f), ctx());
  const raw = r.raw as any;
  assert.equal(raw.variables.foo.value, SENSITIVE_VALUE);
  assert.equal(raw.variables.toggle_sensitive.value, true);
  assert.equal(raw.configuration.root_module.variables.foo.default, SENSITIVE_VALUE);
  assert.equal(raw.output_changes.secret.after, SENSITIVE_VALUE);
  assert.equal(raw.output_changes.secret.before, SENSITIVE_VALUE);
  assert.equal(raw.planned_values.outputs.secret.value, SENSITIVE_VALUE);
  const bar = raw.planned_values.root_module.resources.find((x: any) => x.address === "null_resource.bar");
  assert.equal(bar.values.triggers, SENSITIVE_VALUE);
  const baz = byAddress(r.resources, "null_resource.baz");
  assert.deepEqual(baz.sensitive, [["triggers", "foo"]]);
  assert.equal((baz.after!["triggers"] as any).foo, SENSITIVE_VALUE);
});

test("pre-0.15 plans: secrets redacted by attribute name, with a note", () => {
  const f = plans.find((p) => p.includes("test_issue_401"))!;
  const d = readDoc(f);
  const rc = (d.data as any).resource_changes[0];
  assert.equal(rc.type, "aws_db_instance");
  assert.equal(rc.change.after_sensitive, undefined);
  const r = terraformPlanReader.read(d, ctx());
  const db = r.resources[0]!;
  assert.equal(rc.change.after.password, "foobarbaz");
  assert.equal(db.after!["password"], SENSITIVE_VALUE);
  assert.deepEqual(db.sensitive, [["password"]]);
  assert.ok(!serialize(r).includes("foobarbaz"), "also gone from planned_values and configuration in input.raw");
  assert.ok(r.sources[0]!.notes.some((n) => n.includes("redacted by name")));
});

test("region and account from ARNs, attributes and provider configuration", () => {
  const create = terraformPlanReader.read(readDoc(plans.find((p) => p.includes("tf-plan-create"))!), ctx());
  assert.ok(create.resources.every((x) => x.region === "eu-west-1" && x.account === "719261439472"));
  const modules = terraformPlanReader.read(readDoc(plans.find((p) => p.includes("terracost__examples__terraform-plan"))!), ctx());
  const regions = new Set(modules.resources.map((x) => x.region));
  assert.ok(regions.has("eu-west-3") || regions.has("eu-west-1"));
  const gcp = terraformPlanReader.read(readDoc(plans.find((p) => p.includes("sensitive-empty-string"))!), ctx());
  assert.equal(gcp.resources[0]!.region, "europe-west2");
  assert.equal(gcp.resources[0]!.account, "a-project");
});

test("tags come from tags_all/tags and labels", () => {
  const r = terraformPlanReader.read(readDoc(plans.find((p) => p.includes("plan_tags_variety"))!), ctx());
  assert.ok(r.resources.some((x) => Object.keys(x.tags).length > 0));
  for (const x of r.resources) for (const v of Object.values(x.tags)) assert.equal(typeof v, "string");
});

test("deletion protection read from the resource's attribute", () => {
  const f = plans.find((p) => p.includes("terraform_v0.14_plan"))!;
  const r = terraformPlanReader.read(readDoc(f), ctx());
  const db = byAddress(r.resources, "module.db.module.db_1.module.db_instance.aws_db_instance.this[0]");
  assert.equal(db.protection.deletion_protection, false);
  const alb = terraformPlanReader.read(readDoc(plans.find((p) => p.includes("test_issue-249"))!), ctx());
  assert.equal(byAddress(alb.resources, "module.alb.aws_alb.alb").protection.deletion_protection, false);
  const gce = terraformPlanReader.read(readDoc(plans.find((p) => p.includes("sensitive-empty-string"))!), ctx());
  assert.equal(gce.resources[0]!.protection.deletion_protection, false);
  const bucket = r.resources.find((x) => x.type === "aws_s3_bucket");
  if (bucket) assert.equal(bucket.protection.deletion_protection, null);
  const checkov = terraformPlanReader.read(readDoc(plans.find((p) => p.includes("runner__resources__plan__tfplan"))!), ctx());
  assert.equal(checkov.resources.find((x) => x.type === "aws_db_instance")!.protection.deletion_protection, null, "null in the plan: unknown");
});

test("the workspace comes from the context", () => {
  const r = terraformPlanReader.read(readDoc(plans[0]!), ctx({ workspace: "staging" }));
  assert.equal(r.sources[0]!.workspace, "staging");
  assert.equal(terraformPlanReader.read(readDoc(plans[0]!), ctx()).sources[0]!.workspace, null);
});

test("actions: replacements, forget, import, unknown actions", () => {
  assert.deepEqual(normalizeActions(["delete", "create"], false), {
    actions: ["delete", "create"], action: "replace", replacement: true, destroys: true, forgets: false, unknown: [],
  });
  assert.equal(normalizeActions(["create", "delete"], false).action, "replace");
  assert.equal(normalizeActions(["delete"], false).destroys, true);
  const forget = normalizeActions(["forget"], false);
  assert.equal(forget.action, "forget");
  assert.equal(forget.destroys, false);
  const cf = normalizeActions(["create", "forget"], false);
  assert.equal(cf.action, "replace");
  assert.equal(cf.destroys, false);
  assert.deepEqual(normalizeActions(["no-op"], true).actions, ["import"]);
  assert.equal(normalizeActions(["no-op"], true).action, "import");
  assert.deepEqual(normalizeActions(["update"], true).actions, ["import", "update"]);
  assert.equal(normalizeActions(["update"], true).action, "update");
  assert.deepEqual(normalizeActions(["explode"], false).unknown, ["explode"]);
  assert.equal(normalizeActions(["read"], false).action, "read");
});

function plan(changes: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { format_version: "1.2", terraform_version: "1.9.0", resource_changes: changes, ...extra };
}

function rc(address: string, actions: string[], change: Record<string, unknown> = {}, more: Record<string, unknown> = {}) {
  const [type, name] = address.split(".").slice(-2);
  return { address, mode: "managed", type, name, provider_name: "registry.terraform.io/hashicorp/aws", change: { actions, before: null, after: {}, after_unknown: {}, ...change }, ...more };
}

test("forget, import and deposed objects", () => {
  const r = terraformPlanReader.read(
    doc(
      plan([
        rc("aws_ebs_volume.keep", ["forget"], { before: { id: "vol-1" }, after: null }),
        rc("aws_db_instance.imp", ["no-op"], { before: { id: "db" }, after: { id: "db" }, importing: { id: "db" } }),
        rc("aws_instance.x", ["delete"], { before: { id: "i-old" }, after: null }, { deposed: "abcd1234" }),
        rc("aws_instance.x", ["no-op"], { before: { id: "i-new" }, after: { id: "i-new" } }),
      ]),
    ),
    ctx(),
  );
  const [keep, imp, deposed, current] = r.resources;
  assert.equal(keep!.action, "forget");
  assert.equal(keep!.destroys, false);
  assert.equal(keep!.protection.retain_on_delete, true);
  assert.deepEqual(imp!.actions, ["import"]);
  assert.notEqual(deposed!.id, current!.id);
  assert.equal(deposed!.destroys, true);
});

test("after_unknown on nested blocks and lists; a whole unknown object", () => {
  const r = terraformPlanReader.read(
    doc(
      plan([
        rc("aws_instance.a", ["create"], {
          after: { ami: "ami-1", ebs_block_device: [{ device_name: "/dev/sdb" }, { device_name: "/dev/sdc" }], tags: { Name: "a" } },
          after_unknown: { id: true, ebs_block_device: [{ volume_id: true }, { volume_id: true, iops: true }], tags: {}, tags_all: true },
        }),
        { ...rc("data.aws_ami.x", ["read"], { after: null, after_unknown: true }), mode: "data", type: "aws_ami", name: "x" },
      ]),
    ),
    ctx(),
  );
  const a = r.resources[0]!;
  assert.equal(a.after!["id"], UNKNOWN_VALUE);
  assert.equal((a.after!["ebs_block_device"] as any)[1].iops, UNKNOWN_VALUE);
  assert.equal((a.after!["ebs_block_device"] as any)[0].device_name, "/dev/sdb");
  assert.deepEqual(a.unknown, [["id"], ["ebs_block_device", 0, "volume_id"], ["ebs_block_device", 1, "volume_id"], ["ebs_block_device", 1, "iops"], ["tags_all"]]);
  assert.deepEqual(a.tags, { Name: "a" }, "an unknown tags_all does not hide the known tags");
  assert.deepEqual(r.resources[1]!.unknown, [[]]);
  assert.equal(r.resources[1]!.mode, "data");
});

test("a format_version from the future still loads, with a note", () => {
  const r = terraformPlanReader.read(doc(plan([rc("aws_s3_bucket.b", ["create"])], { format_version: "9.0" })), ctx());
  assert.equal(r.resources.length, 1);
  assert.ok(r.sources[0]!.notes.some((n) => n.includes("format_version 9.0 is newer")));
  const known = terraformPlanReader.read(doc(plan([rc("aws_s3_bucket.b", ["create"])], { format_version: "1.9" })), ctx());
  assert.ok(!known.sources[0]!.notes.some((n) => n.includes("newer")));
});

test("errored and incomplete plans say so", () => {
  const r = terraformPlanReader.read(doc(plan([], { errored: true, complete: false })), ctx());
  assert.ok(r.sources[0]!.notes.some((n) => n.includes("errored")));
  assert.ok(r.sources[0]!.notes.some((n) => n.includes("incomplete")));
});

test("malformed plans fail with one line naming the file", () => {
  const bad = (data: unknown, re: RegExp) =>
    assert.throws(
      () => terraformPlanReader.read(doc(data, "bad-plan.json"), ctx()),
      (e: unknown) => e instanceof InputError && e.file === "bad-plan.json" && re.test(e.message) && !e.message.includes("\n"),
    );
  bad({ format_version: "1.0", resource_changes: {} }, /"resource_changes" must be a list/);
  bad(plan([{ address: "a.b", type: "a", name: "b", change: {} }]), /change\.actions/);
  bad(plan([{ type: "a", name: "b", change: { actions: [] } }]), /no "address"/);
  bad(plan([42]), /must be an object/);
});

test("hostile: __proto__ and constructor keys are data, never prototypes", () => {
  const data = JSON.parse(
    '{"format_version":"1.2","resource_changes":[{"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b","provider_name":"aws","change":{"actions":["create"],"before":null,"after":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"tags":{"__proto__":"x","constructor":"y","Name":"n"}},"after_unknown":{"__proto__":{"deep":true}},"after_sensitive":{"constructor":{"prototype":true}}}}]}',
  );
  const r = terraformPlanReader.read(doc(data), ctx());
  assert.equal(({} as any).polluted, undefined);
  assert.equal((Object.prototype as any).deep, undefined);
  const b = r.resources[0]!;
  assert.equal(Object.getPrototypeOf(b.after), Object.prototype);
  assert.ok(Object.prototype.hasOwnProperty.call(b.after, "__proto__"));
  assert.equal((Object.getOwnPropertyDescriptor(b.after, "__proto__")!.value as any).deep, UNKNOWN_VALUE);
  assert.equal((Object.getOwnPropertyDescriptor(b.after, "constructor")!.value as any).prototype, SENSITIVE_VALUE);
  assert.equal(Object.getOwnPropertyDescriptor(b.tags, "__proto__")!.value, "x");
  assert.equal(b.tags["Name"], "n");
  assert.equal(({} as any).polluted, undefined);
});

function deep(levels: number, leaf: unknown): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

test("hostile: 100,000-deep nesting in an attribute passes through; in a mask it fails cleanly", () => {
  // with sensitivity marks the reader never walks the value: it is passed on by reference
  const value = { policy: deep(100_000, 1) };
  const r = terraformPlanReader.read(doc(plan([rc("aws_s3_bucket.b", ["create"], { after: value, after_sensitive: {}, before_sensitive: false })])), ctx());
  assert.equal(r.resources.length, 1);
  assert.equal(r.resources[0]!.after!["policy"], value.policy);
  // without marks (pre-0.15 plans) the by-name walk stops at the limit with one clean line
  assert.throws(
    () => terraformPlanReader.read(doc(plan([rc("aws_s3_bucket.b", ["create"], { after: value })]), "deep.json"), ctx()),
    (e: unknown) => e instanceof InputError && e.file === "deep.json" && /deeper than 10000 levels/.test(e.message),
  );
  assert.throws(
    () => terraformPlanReader.read(doc(plan([rc("aws_s3_bucket.b", ["create"], { after: { x: deep(100_000, 1) }, after_unknown: { x: deep(100_000, true) } })]), "deep.json"), ctx()),
    (e: unknown) => e instanceof InputError && e.file === "deep.json" && /deeper than 10000 levels/.test(e.message),
  );
  assert.throws(
    () => terraformPlanReader.read(doc(plan([rc("aws_s3_bucket.b", ["create"], { after: { x: deep(100_000, "s") }, after_sensitive: { x: deep(100_000, true) } })]), "deep.json"), ctx()),
    (e: unknown) => e instanceof InputError && /deeper than/.test(e.message),
  );
});

test("huge counts: 100,000 resource changes read quickly, sharing the input's values", () => {
  const after = { bucket: "b", tags: { env: "prod" } };
  const changes = Array.from({ length: 100_000 }, (_, i) =>
    rc(`aws_s3_bucket.b[${i}]`, ["create"], { after, after_unknown: { id: true, arn: true } }, { index: i, name: "b", type: "aws_s3_bucket" }),
  );
  const t = Date.now();
  const r = readTerraformPlan(doc(plan(changes)), ctx());
  const ms = Date.now() - t;
  assert.equal(r.resources.length, 100_000);
  assert.ok(ms < 8_000, `took ${ms} ms`);
  assert.equal(r.resources[99_999]!.after!["tags"], after.tags, "untouched branches are shared, not copied");
  assert.equal((r.raw as any).resource_changes, changes, "nothing sensitive: the raw document is the input itself");
});

test("provider short names", () => {
  assert.equal(providerShortName("registry.terraform.io/hashicorp/aws"), "aws");
  assert.equal(providerShortName("registry.opentofu.org/hashicorp/aws"), "aws");
  assert.equal(providerShortName('provider["registry.terraform.io/integrations/github"].org'), "github");
  assert.equal(providerShortName("module.x.provider.aws.west"), "aws");
  assert.equal(providerShortName("provider.azurerm"), "azurerm");
  assert.equal(providerShortName("null.aliased"), "null");
  assert.equal(providerShortName("registry.terraform.io/hashicorp/google-beta"), "google");
  assert.equal(providerShortName(""), null);
});
