// Cases as CDKTF stacks: one TerraformStack per case in one App, each resource built with its
// real @cdktf/provider-aws class (camelCase configuration, single nested blocks as objects,
// lists as arrays, references as construct attribute tokens, `lifecycle.preventDestroy`),
// synthesized once with `app.synth()` into a temporary cdktf.out/. Every synthesized resource
// is compared with what the case asked for, so a misspelled attribute (which the provider
// classes silently drop) fails loudly instead of proving nothing.

import { join } from "node:path";
import { readFileSync } from "node:fs";
import { App, TerraformStack, type TerraformResource } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";
import { typeInfo } from "../types-table.js";
import { EXAMPLE_ACCESS_KEY, EXAMPLE_SECRET_KEY, camel, isObj, isOne, isRef, isUnknown, providersOf, type Case, type Obj, type ResourceSpec, type Val } from "../spec.js";

export interface CdktfStack {
  name: string;
  /** path of the stack's cdk.tf.json */
  file: string;
}

function pascal(mod: string): string {
  return mod.replace(/(^|-)([a-z0-9])/g, (_, __, ch: string) => ch.toUpperCase());
}

type ResourceClass = new (scope: TerraformStack, id: string, config: unknown) => TerraformResource;
const classes = new Map<string, ResourceClass>();

async function classFor(type: string): Promise<ResourceClass> {
  const info = typeInfo(type);
  const mod = info.cdktf;
  if (!mod) throw new Error(`no @cdktf/provider-aws module for ${type}`);
  let cls = classes.get(mod);
  if (!cls) {
    const m = (await import(`@cdktf/provider-aws/lib/${mod}/index.js`)) as Record<string, unknown>;
    const name = info.cdktfClass ?? pascal(mod);
    cls = m[name] as ResourceClass | undefined;
    if (!cls) throw new Error(`@cdktf/provider-aws/lib/${mod} has no class ${name}`);
    classes.set(mod, cls);
  }
  return cls;
}

/** Whether a case can be a CDKTF stack: AWS resources only, desired state (no destruction), values known or references. */
export function cdktfCanRender(c: Case): string | null {
  for (const r of c.resources ?? []) {
    if (!typeInfo(r.type).cdktf) return `${r.type} is not an AWS resource (the matrix synthesizes @cdktf/provider-aws only)`;
    if (r.action !== undefined && r.action !== "create" && r.action !== "no-op") return "a CDKTF synth carries desired configuration, not plan actions";
    if (hasUnknown(r.attrs)) return "the value only known after apply comes from outside the stack";
  }
  if (!c.resources?.length) return "no resources";
  return null;
}

function hasUnknown(v: Val): boolean {
  if (isUnknown(v)) return true;
  if (isOne(v)) return hasUnknown(v.value);
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (isObj(v)) return Object.values(v).some(hasUnknown);
  return false;
}

export function stackName(c: Case, index: number): string {
  return `${c.workspace ?? "case"}-${String(index).padStart(3, "0")}`;
}

/** Synthesizes every case into one cdktf.out directory; returns each case's stack. */
export async function synthCases(cases: readonly Case[], outdir: string): Promise<Map<string, CdktfStack>> {
  const app = new App({ outdir, skipValidation: false });
  const out = new Map<string, CdktfStack>();
  const expected = new Map<string, { stack: string; address: string; body: Record<string, unknown> }[]>();
  let i = 0;
  for (const c of cases) {
    const name = stackName(c, ++i);
    const stack = new TerraformStack(app, name);
    const providers = new Map<string, AwsProvider>();
    for (const [alias, p] of Object.entries(providersOf(c)))
      providers.set(alias, new AwsProvider(stack, alias === "" ? "aws" : `aws-${alias}`, {
          region: p.region,
          ...(p.unpinned ? {} : { allowedAccountIds: [p.account] }),
          ...(p.staticKeys ? { accessKey: EXAMPLE_ACCESS_KEY, secretKey: EXAMPLE_SECRET_KEY } : {}),
          ...(alias ? { alias } : {}),
        }));
    const built = new Map<string, TerraformResource>();
    const checks: { stack: string; address: string; body: Record<string, unknown> }[] = [];
    for (const r of ordered(c)) {
      const Cls = await classFor(r.type);
      const config: Record<string, unknown> = { ...(toConfig(r.attrs, built, true) as object) };
      if (r.protect) config["lifecycle"] = { preventDestroy: true };
      if (r.provider) config["provider"] = providers.get(r.provider);
      built.set(r.name, new Cls(stack, r.name, config));
      checks.push({ stack: name, address: `${r.type}.${r.name}`, body: expectedJson(c, r.attrs) as Record<string, unknown> });
    }
    expected.set(c.id, checks);
    out.set(c.id, { name, file: join(outdir, "stacks", name, "cdk.tf.json") });
  }
  app.synth();
  // every attribute the case set is in the synthesized resource, in Terraform JSON shape
  const problems: string[] = [];
  for (const [id, checks] of expected) {
    const file = out.get(id)!.file;
    const doc = JSON.parse(readFileSync(file, "utf8")) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    for (const ch of checks) {
      const [type, rname] = ch.address.split(".") as [string, string];
      const body = doc.resource?.[type]?.[rname];
      if (!body) {
        problems.push(`${id}: ${ch.address} missing from ${file}`);
        continue;
      }
      for (const [k, v] of Object.entries(ch.body)) {
        if (canon(body[k]) !== canon(v)) problems.push(`${id}: ${ch.address}.${k} synthesized as ${JSON.stringify(body[k])}, case says ${JSON.stringify(v)}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`CDKTF synth differs from the cases:\n  ${problems.join("\n  ")}`);
  return out;
}

/** JSON with object keys sorted (the synth sorts them). */
function canon(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
}

/** Resources in an order where referenced ones come first. */
function ordered(c: Case): ResourceSpec[] {
  const rs = c.resources ?? [];
  const done = new Set<string>();
  const out: ResourceSpec[] = [];
  const visit = (r: ResourceSpec, path: string[]) => {
    if (done.has(r.name)) return;
    if (path.includes(r.name)) throw new Error(`case ${c.id}: reference cycle ${[...path, r.name].join(" -> ")}`);
    for (const dep of refTargets(r.attrs)) {
      const t = rs.find((x) => x.name === dep);
      if (t) visit(t, [...path, r.name]);
    }
    done.add(r.name);
    out.push(r);
  };
  for (const r of rs) visit(r, []);
  return out;
}

function refTargets(v: Val): string[] {
  if (isRef(v)) return [v.resource];
  if (isOne(v)) return refTargets(v.value);
  if (Array.isArray(v)) return v.flatMap(refTargets);
  if (isObj(v)) return Object.values(v).flatMap(refTargets);
  return [];
}

/** A spec value as CDKTF configuration: blocks with camelCase keys, maps as written, refs as tokens. */
function toConfig(v: Val, built: Map<string, TerraformResource>, block: boolean): unknown {
  if (isRef(v)) {
    const target = built.get(v.resource);
    if (!target) throw new Error(`ref to ${v.resource} before it is built`);
    const token = (target as unknown as Record<string, unknown>)[camel(v.attr)];
    if (token === undefined) throw new Error(`${v.resource} has no attribute ${camel(v.attr)}`);
    return token;
  }
  if (isOne(v)) return toConfig(v.value, built, true);
  if (Array.isArray(v)) return v.map((x) => toConfig(x, built, isObj(x)));
  if (isObj(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[block ? camel(k) : k] = toConfig(x, built, isOne(x) || (Array.isArray(x) && x.some(isObj)) ? true : false);
    return out;
  }
  return v;
}

/** What the synth should contain for a value: Terraform JSON, single blocks as objects, refs as `${...}`. */
function expectedJson(c: Case, v: Val): unknown {
  if (isRef(v)) {
    const t = c.resources!.find((x) => x.name === v.resource)!;
    return `\${${t.type}.${t.name}.${v.attr}}`;
  }
  if (isOne(v)) return expectedJson(c, v.value);
  if (Array.isArray(v)) return v.map((x) => expectedJson(c, x));
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expectedJson(c, x)]));
  return v;
}
