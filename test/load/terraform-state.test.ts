import { test } from "node:test";
import assert from "node:assert/strict";
import { basename } from "node:path";
import { SENSITIVE_VALUE } from "../../src/model/types.js";
import { InputError } from "../../src/load/input-error.js";
import { UnsupportedInputError } from "../../src/load/types.js";
import { terraformStateReader } from "../../src/load/terraform/state-reader.js";
import { terraformPlanReader } from "../../src/load/terraform/plan-reader.js";
import { cdktfSynthReader } from "../../src/load/cdktf/synth-reader.js";
import { corpusFiles, ctx, doc, readDoc, serialize } from "./terraform-test-helpers.js";

const states = corpusFiles("tf-state");

/** Resources a state holds: instances of a raw state, resources of show-json values (all modules). */
function expectedCount(data: any): number {
  if (Array.isArray(data.resources)) return data.resources.reduce((n: number, r: any) => n + r.instances.length, 0);
  let n = 0;
  const stack = data.values?.root_module ? [data.values.root_module] : [];
  while (stack.length) {
    const m = stack.pop();
    n += (m.resources ?? []).length;
    stack.push(...(m.child_modules ?? []));
  }
  return n;
}

test("every corpus state is detected as a state, and only as a state", () => {
  assert.equal(states.length, 21);
  for (const f of states) {
    const d = readDoc(f);
    assert.equal(terraformStateReader.detect(d), true, basename(f));
    assert.equal(terraformPlanReader.detect(d), false, basename(f));
    assert.equal(cdktfSynthReader.detect(d), false, basename(f));
  }
});

test("every corpus state loads, except the legacy version 3 state, refused in one line", () => {
  let loaded = 0;
  let refused = 0;
  for (const f of states) {
    const d = readDoc(f);
    const data = d.data as any;
    if (data.version === 3) {
      assert.throws(
        () => terraformStateReader.read(d, ctx()),
        (e: unknown) =>
          e instanceof UnsupportedInputError &&
          e.message.startsWith(`${f}: `) &&
          e.message.includes("terraform show -json") &&
          !e.message.includes("\n"),
      );
      refused++;
      continue;
    }
    const r = terraformStateReader.read(d, ctx());
    loaded++;
    assert.equal(r.resources.length, expectedCount(data), basename(f));
    const src = r.sources[0]!;
    assert.equal(src.kind, "terraform-state");
    assert.equal(src.tool_version, data.terraform_version);
    assert.equal(src.format_version, data.format_version ?? String(data.version));
    for (const res of r.resources) {
      assert.equal(res.action, "no-op");
      assert.deepEqual(res.actions, ["no-op"]);
      assert.equal(res.destroys, false);
      assert.equal(res.after, res.before);
      assert.deepEqual(res.unknown, []);
      assert.match(res.provider, /^[a-z0-9-]+$/);
    }
    const ids = new Set(r.resources.map((x) => x.id));
    assert.equal(ids.size, r.resources.length, `${basename(f)}: unique ids`);
  }
  assert.equal(loaded, 20);
  assert.equal(refused, 1);
});

test("show-json state: sensitive_values redact values and outputs; module addresses", () => {
  const f = states.find((p) => p.includes("has_checks__state"))!;
  const r = terraformStateReader.read(readDoc(f), ctx());
  const foo = r.resources.find((x) => x.address === 'module.files.local_file.foo["file1.txt"]')!;
  assert.equal(foo.module, "module.files");
  assert.deepEqual(foo.sensitive, [["sensitive_content"]]);
  const sens = readDoc(f).data as any;
  const original = sens.values.root_module.child_modules[0].resources[0].values.sensitive_content;
  if (typeof original === "string" && original !== "") assert.ok(!serialize(r).includes(JSON.stringify(original)));

  const out = terraformStateReader.read(readDoc(states.find((p) => p.includes("110_sensitive_values"))!), ctx());
  assert.equal((out.raw as any).values.outputs.foo.value, SENSITIVE_VALUE);
  assert.equal((out.raw as any).values.outputs.string.value, "foo");
  assert.deepEqual(
    out.resources.find((x) => x.address === "null_resource.bar")!.depends_on,
    ["null_resource.foo"],
  );
});

test("show-json state format 0.1 (no sensitive_values): the RDS password is redacted by name", () => {
  const f = states.find((p) => p.includes("terraform_v0.14_state"))!;
  const d = readDoc(f);
  const r = terraformStateReader.read(d, ctx());
  const db = r.resources.find((x) => x.type === "aws_db_instance")!;
  assert.deepEqual(db.sensitive, [["password"]]);
  assert.equal(db.after!["password"], SENSITIVE_VALUE);
  const stack = [(d.data as any).values.root_module];
  let password: string | undefined;
  while (stack.length) {
    const m = stack.pop();
    for (const res of m.resources ?? []) if (res.type === "aws_db_instance") password = res.values.password;
    stack.push(...(m.child_modules ?? []));
  }
  assert.equal(typeof password, "string");
  assert.ok(!serialize(r).includes(JSON.stringify(password)));
  assert.equal(db.region, "us-east-1");
  assert.equal(db.account, "123123123123");
  assert.ok(r.sources[0]!.notes.some((n) => n.includes("redacted by name")));
});

test("raw v4 state: addresses with modules and keys, providers, secrets, private data", () => {
  const r = terraformStateReader.read(readDoc(states.find((p) => p.includes("tf-summarize__example__terraform.tfstate"))!), ctx());
  assert.equal(r.resources[0]!.address, 'module.github["terraform-plan-summary"].github_branch.main');
  assert.equal(r.resources[0]!.module, 'module.github["terraform-plan-summary"]');
  assert.equal(r.resources[0]!.provider, "github");

  const rds = terraformStateReader.read(readDoc(states.find((p) => p.includes("aws_rds_cluster"))!), ctx());
  const cluster = rds.resources[0]!;
  assert.equal(cluster.type, "aws_rds_cluster");
  assert.deepEqual(cluster.sensitive, [["master_password"]]);
  assert.equal(cluster.after!["master_password"], SENSITIVE_VALUE);
  assert.equal(cluster.protection.deletion_protection, false);
  assert.equal(cluster.region, "us-east-1");
  assert.equal(cluster.account, "533948124879");
  const rawInstance = (rds.raw as any).resources[0].instances[0];
  assert.equal(rawInstance.attributes.master_password, SENSITIVE_VALUE);
  assert.equal(rawInstance.private, SENSITIVE_VALUE);
  assert.ok(rds.sources[0]!.notes.some((n) => n.includes("raw state file")));

  const mixed = terraformStateReader.read(readDoc(states.find((p) => p.includes("aws_lb_listener"))!), ctx());
  const az = mixed.resources.find((x) => x.type.startsWith("azurerm_"))!;
  assert.equal(az.provider, "azurerm");
  assert.equal(az.mode, "data");
  assert.ok(az.address.startsWith("data."));

  const outputs = terraformStateReader.read(readDoc(states.find((p) => p.includes("go-tfe__test-fixtures__state-version"))!), ctx());
  assert.equal((outputs.raw as any).outputs.test_output_string.value, SENSITIVE_VALUE);
  assert.equal((outputs.raw as any).outputs.test_output_number.value, 5);
});

test("raw state sensitive_attributes (cty paths) are honoured", () => {
  const state = {
    version: 4,
    terraform_version: "1.5.0",
    serial: 1,
    lineage: "x",
    outputs: {},
    resources: [
      {
        mode: "managed",
        type: "null_resource",
        name: "n",
        provider: 'provider["registry.terraform.io/hashicorp/null"]',
        instances: [
          {
            index_key: "a b",
            attributes: { id: "1", triggers: { api: "s3cr3t-value", list: ["x", "t0ps3cret"] } },
            sensitive_attributes: [
              [{ type: "get_attr", value: "triggers" }, { type: "index", value: { value: "api", type: "string" } }],
              [{ type: "get_attr", value: "triggers" }, { type: "get_attr", value: "list" }, { type: "index", value: { value: 1, type: "number" } }],
            ],
            dependencies: ["null_resource.m"],
          },
        ],
      },
    ],
  };
  const r = terraformStateReader.read(doc(state), ctx());
  const n = r.resources[0]!;
  assert.equal(n.address, 'null_resource.n["a b"]');
  assert.deepEqual(n.sensitive, [["triggers", "api"], ["triggers", "list", 1]]);
  assert.deepEqual(n.depends_on, ["null_resource.m"]);
  const text = serialize(r);
  assert.ok(!text.includes("s3cr3t-value") && !text.includes("t0ps3cret"));
  assert.equal(state.resources[0]!.instances[0]!.attributes.triggers.api, "s3cr3t-value", "input untouched");
});

test("an empty show-json state loads with no resources; a future raw version is read with a note", () => {
  const empty = terraformStateReader.read(doc({ format_version: "1.0", terraform_version: "1.9.0" }), ctx());
  assert.equal(empty.resources.length, 0);
  const v5 = terraformStateReader.read(doc({ version: 5, serial: 1, lineage: "l", resources: [] }), ctx());
  assert.ok(v5.sources[0]!.notes.some((n) => n.includes("version 5 is newer")));
});

test("malformed raw states fail in one line naming the file", () => {
  assert.throws(
    () => terraformStateReader.read(doc({ version: 4, serial: 1, lineage: "l", resources: [{ type: "a_b", name: "c", instances: 3 }] }, "st.tfstate"), ctx()),
    (e: unknown) => e instanceof InputError && e.file === "st.tfstate" && /instances/.test(e.message),
  );
  assert.throws(
    () => terraformStateReader.read(doc({ version: 2, serial: 1, lineage: "l", modules: [] }, "old.tfstate"), ctx()),
    (e: unknown) => e instanceof UnsupportedInputError && e.message.startsWith("old.tfstate: ") && /version 2/.test(e.message),
  );
});

test("hostile: __proto__ keys in state attributes stay data", () => {
  const state = JSON.parse(
    '{"version":4,"serial":1,"lineage":"l","resources":[{"mode":"managed","type":"aws_s3_bucket","name":"b","provider":"provider.aws","instances":[{"attributes":{"__proto__":{"polluted":1},"tags":{"__proto__":"t"},"password":"pw-123456"}}]}]}',
  );
  const r = terraformStateReader.read(doc(state), ctx());
  assert.equal(({} as any).polluted, undefined);
  const b = r.resources[0]!;
  assert.ok(Object.prototype.hasOwnProperty.call(b.after, "__proto__"));
  assert.equal(Object.getOwnPropertyDescriptor(b.tags, "__proto__")!.value, "t");
  assert.ok(!serialize(r).includes("pw-123456"));
});
