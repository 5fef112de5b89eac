// One CDKTF stack (`cdk.tf.json`, Terraform JSON configuration from `cdktf synth`).
//
// A synth is configuration, not a plan: it says what will exist, not what changes. Each
// `resource.<type>.<name>` block becomes one Resource with action "create", before null and
// after = its arguments (the resource as it will be); `data` blocks are "read". Arguments that
// are Terraform expressions (`${aws_kms_key.k.arn}`) are unknown until apply. `lifecycle.prevent_destroy`
// is known (absent = false, source "cdktf"). count/for_each blocks are reported once, at the
// block address (instances are not expanded); module calls are listed in a note (their resources
// are not in the synth).

import type { Path, Resource } from "../../model/types.js";
import { SENSITIVE_VALUE } from "../../model/types.js";
import { InputError } from "../input-error.js";
import type { InputReader, RawDocument, ReadContext, ReadResult } from "../types.js";
import { providerFromType, providerShortName } from "../provider-types.js";
import { referencedResource } from "../terraform/addresses.js";
import { withinDepth, PathWriter, getAt, isRecord, own, setOwn, type Rec } from "../terraform/paths.js";
import { JsonProviderBlocks } from "../terraform/providers.js";
import { makeResource, makeSource } from "../terraform/resource-builder.js";
import { redactPaths, isSecretName, secretNamePaths } from "../terraform/sensitive.js";
import { markUnknownPaths } from "../terraform/unknowns.js";
import { isExpression, scanExpressions } from "./expressions.js";

/** Meta-arguments: not resource attributes. */
const META = new Set(["//", "lifecycle", "depends_on", "count", "for_each", "provider", "provisioner", "connection"]);

/** Whether a parsed document is a CDKTF synth (or Terraform JSON configuration). */
export function isCdktfSynth(data: unknown): boolean {
  if (!isRecord(data)) return false;
  const meta = own(own(data, "//"), "metadata");
  if (isRecord(meta) && (own(meta, "stackName") !== undefined || own(meta, "backend") !== undefined)) return true;
  if (!isRecord(own(data, "terraform"))) return false;
  return isRecord(own(data, "resource")) || isRecord(own(data, "data")) || isRecord(own(data, "module")) || isRecord(own(data, "provider"));
}

export const cdktfSynthReader: InputReader = {
  kind: "cdktf-synth",
  label: "CDKTF synth output (cdk.tf.json)",
  detect: (doc) => isCdktfSynth(doc.data),
  read: (doc, ctx) => readCdktfStack(doc, ctx),
};

export interface StackOptions {
  /** source id for this stack (default ctx.sourceId) */
  sourceId?: string;
  /** stack name from the manifest (default: the synth's own metadata) */
  stackName?: string;
}

export function readCdktfStack(doc: RawDocument, ctx: ReadContext, opts: StackOptions = {}): ReadResult {
  return withinDepth(doc.path, () => read(doc, ctx, opts));
}

function read(doc: RawDocument, ctx: ReadContext, opts: StackOptions): ReadResult {
  const stack = doc.data;
  const file = doc.path;
  if (!isRecord(stack)) throw new InputError(file, "a CDKTF stack (cdk.tf.json) must be a JSON object");
  const sourceId = opts.sourceId ?? ctx.sourceId;
  const meta = own(own(stack, "//"), "metadata");
  const metaName = own(meta, "stackName");
  const stackName = opts.stackName ?? (typeof metaName === "string" ? metaName : null);
  const version = own(meta, "version");

  const required = own(own(stack, "terraform"), "required_providers");
  const sourceOf = (local: string): string => {
    const rp = own(required, local);
    const src = typeof rp === "string" ? rp : own(rp, "source");
    return providerShortName(typeof src === "string" ? src : local) ?? local;
  };
  const providers = new JsonProviderBlocks(own(stack, "provider"), sourceOf);

  const w = new PathWriter(stack);
  const resources: Resource[] = [];
  const notes: string[] = [
    'CDKTF synth output is configuration, not a plan: resources are reported as they will exist (action "create", data sources "read"); values that are Terraform expressions are unknown until apply',
  ];
  let expanded = 0;
  let countZero = 0;
  let byName = 0;

  for (const mode of ["managed", "data"] as const) {
    const section = mode === "managed" ? "resource" : "data";
    const blocks = own(stack, section);
    if (blocks === undefined) continue;
    if (!isRecord(blocks)) throw new InputError(file, `"${section}" must be an object of resource types`);
    for (const type of Object.keys(blocks)) {
      const byType = blocks[type];
      if (!isRecord(byType)) throw new InputError(file, `${section}.${type} must be an object of named blocks`);
      for (const name of Object.keys(byType)) {
        const raw = byType[name];
        const list = Array.isArray(raw) ? raw : [raw];
        list.forEach((body, n) => {
          if (!isRecord(body)) throw new InputError(file, `${section}.${type}.${name} must be an object`);
          const base: Path = Array.isArray(raw) ? [section, type, name, n] : [section, type, name];
          const address = `${mode === "data" ? "data." : ""}${type}.${name}`;
          const where = `${file} ${address}`;
          const count = own(body, "count");
          if (count === 0 || count === 0n) {
            countZero++;
            return;
          }
          if (count !== undefined || own(body, "for_each") !== undefined) expanded++;

          // attributes without meta-arguments (a shallow copy; values stay shared)
          const attrs: Rec = {};
          for (const k of Object.keys(body)) if (!META.has(k)) setOwn(attrs, k, body[k]);

          const scan = scanExpressions(attrs, where);
          const secretPaths = secretNamePaths(type, attrs, where).filter((p) => {
            const v = getAt(attrs, p);
            return !(typeof v === "string" && isExpression(v));
          });
          if (secretPaths.length > 0) byName++;
          const red = redactPaths(attrs, secretPaths);
          for (const p of red.sensitive) if (getAt(attrs, p) != null) w.set([...base, ...p], SENSITIVE_VALUE);
          // expressions inside a redacted value are gone with it
          const unknown = scan.paths.filter((u) => !red.sensitive.some((sp) => sp.every((step, i) => u[i] === step)));
          const after = markUnknownPaths(red.value ?? attrs, unknown);

          const providerRef = providerReference(own(body, "provider"), type);
          const local = providerRef.split(".")[0]!;
          const provider = sourceOf(local);

          const dependsOn = new Set<string>();
          const explicit = own(body, "depends_on");
          if (Array.isArray(explicit))
            for (const d of explicit) if (typeof d === "string") {
              const plain = d.replace(/^\$\{(.*)\}$/, "$1");
              dependsOn.add(referencedResource(plain) ?? plain);
            }
          for (const r of scan.references) if (r !== address) dependsOn.add(r);

          resources.push(
            makeResource({
              sourceId,
              tool: "cdktf",
              address,
              idSuffix: Array.isArray(raw) && raw.length > 1 ? ` (${n})` : undefined,
              type,
              name,
              provider,
              module: null,
              mode,
              actions: [mode === "data" ? "read" : "create"],
              action: mode === "data" ? "read" : "create",
              replacement: false,
              destroys: false,
              before: null,
              after,
              unknown,
              sensitive: red.sensitive,
              prevent_destroy: mode === "managed" ? preventDestroy(own(body, "lifecycle")) : null,
              prevent_destroy_source: "cdktf",
              providerFacts: providers.factsFor(providerRef),
              depends_on: [...dependsOn].sort(),
            }),
          );
        });
      }
    }
  }

  redactConfiguration(stack, w, file);

  if (expanded > 0)
    notes.push(`${expanded} resource block(s) use count or for_each; each is reported once at its block address (instances are not expanded)`);
  if (countZero > 0) notes.push(`${countZero} resource block(s) with count = 0 create nothing and are not reported`);
  if (byName > 0)
    notes.push(
      `${byName} resource(s) have literal values in attributes named like secrets (password, secret, token, private_key, ...); they were redacted`,
    );
  const modules = own(stack, "module");
  if (isRecord(modules) && Object.keys(modules).length > 0) {
    const calls = Object.keys(modules).map((m) => {
      const src = own(Array.isArray(modules[m]) ? (modules[m] as unknown[])[0] : modules[m], "source");
      return typeof src === "string" ? `${m} (${src})` : m;
    });
    notes.push(
      `${calls.length} module call(s) not expanded, their resources are not in the synth: ${calls.slice(0, 10).join(", ")}${calls.length > 10 ? ", ..." : ""}`,
    );
  }

  const source = makeSource({
    id: sourceId,
    path: file,
    kind: "cdktf-synth",
    tool: "cdktf",
    tool_version: typeof version === "string" ? version : null,
    format_version: null,
    workspace: stackName ?? ctx.workspace,
    notes,
  });
  return { sources: [source], resources, tokens: [], raw: w.value };
}

/** `provider: "aws.us"` (or `${aws.us}`), else the local name from the type. */
function providerReference(v: unknown, type: string): string {
  if (typeof v === "string" && v !== "") return v.replace(/^\$\{(.*)\}$/, "$1");
  return providerFromType(type);
}

function preventDestroy(lifecycle: unknown): boolean | null {
  const lc = Array.isArray(lifecycle) ? lifecycle[0] : lifecycle;
  if (!isRecord(lc) || !Object.prototype.hasOwnProperty.call(lc, "prevent_destroy")) return false;
  const v = lc["prevent_destroy"];
  return typeof v === "boolean" ? v : v === "true" ? true : v === "false" ? false : null;
}

/** Secrets outside resources: provider arguments, backend settings, module arguments, locals, secret variable defaults and outputs. */
function redactConfiguration(stack: Rec, w: PathWriter, file: string): void {
  const byName = (base: Path, value: unknown) => {
    if (!isRecord(value)) return;
    for (const p of secretNamePaths("", value, `${file} ${base.join(".")}`)) {
      const v = getAt(value, p);
      if (v != null && !(typeof v === "string" && isExpression(v))) w.set([...base, ...p], SENSITIVE_VALUE);
    }
  };
  const eachBlock = (section: string, fn: (base: Path, body: unknown) => void) => {
    const s = own(stack, section);
    if (!isRecord(s)) return;
    for (const k of Object.keys(s)) {
      const v = s[k];
      if (Array.isArray(v)) v.forEach((b, i) => fn([section, k, i], b));
      else fn([section, k], v);
    }
  };
  eachBlock("provider", byName);
  eachBlock("module", byName);
  byName(["terraform"], own(stack, "terraform"));
  byName(["locals"], own(stack, "locals"));
  // variables holding secrets: sensitive, named like a secret, or passed to a provider or
  // module argument named like one (`secret_key = "${var.creds}"`); secret-named fields inside the others
  const fed = new Set<string>();
  const collectRefs = (_base: Path, body: unknown) => {
    if (!isRecord(body)) return;
    for (const p of secretNamePaths("", body, file)) {
      const v = getAt(body, p);
      const text = typeof v === "string" ? v : JSON.stringify(v) ?? "";
      for (const m of text.matchAll(/\bvar\.([A-Za-z_][\w-]*)/g)) fed.add(m[1]!);
    }
  };
  eachBlock("provider", collectRefs);
  eachBlock("module", collectRefs);
  eachBlock("variable", (base, body) => {
    const name = String(base[1]);
    const value = own(body, "default");
    if (value == null) return;
    if (own(body, "sensitive") === true || isSecretName(name) || fed.has(name)) w.set([...base, "default"], SENSITIVE_VALUE);
    else if (isRecord(value)) byName([...base, "default"], value);
  });
  eachBlock("output", (base, body) => {
    const v = own(body, "value");
    if (own(body, "sensitive") === true && v != null && !(typeof v === "string" && isExpression(v))) w.set([...base, "value"], SENSITIVE_VALUE);
  });
}
