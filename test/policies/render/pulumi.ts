// A case as `pulumi preview --json` prints it: steps with op (create, update, delete, same, and a
// replacement as create-replacement / replace / delete-replaced), the resource URN and Pulumi
// type token, oldState/newState (inputs with `__defaults`, outputs, id, protect,
// retainOnDelete, dependencies, propertyDependencies), camelCase property names with
// pluralized lists and single nested blocks as objects, and the preview's unknown sentinel for
// values only known after the update.

import { typeInfo, computedAttributes } from "../types-table.js";
import { AZURE_SUB } from "../cases/build.js";
import { EXAMPLE_ACCESS_KEY, EXAMPLE_SECRET_KEY, camel, isObj, isOne, isRef, isUnknown, plural, providersOf, type Case, type Obj, type ResourceSpec, type Val } from "../spec.js";
import { computedOf, exists, keepsIdentity, resolveValue, resourceByName } from "./resolve.js";

/** The string Pulumi puts where a value is not known during preview. */
export const PULUMI_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const PULUMI_PROJECT = "policy-matrix";

export function stackOf(c: Case): string {
  return c.workspace ?? "main";
}

export function urnOf(c: Case, r: ResourceSpec): string {
  return `urn:pulumi:${stackOf(c)}::${PULUMI_PROJECT}::${typeInfo(r.type).pulumi}::${r.name}`;
}

interface Converted {
  value: unknown;
  /** URNs this value depends on */
  deps: string[];
}

/** A spec value as a Pulumi property value. */
function convert(c: Case, v: Val): Converted {
  if (isRef(v)) {
    const r = resolveValue(c, v);
    const dep = urnOf(c, resourceByName(c, v.resource));
    return { value: r.known ? r.value : PULUMI_UNKNOWN, deps: [dep] };
  }
  if (isUnknown(v)) return { value: PULUMI_UNKNOWN, deps: [] };
  if (isOne(v)) return convertBlock(c, v.value);
  if (Array.isArray(v)) {
    const parts = v.map((x) => (isObj(x) ? convertBlock(c, x) : convert(c, x)));
    return { value: parts.map((p) => p.value), deps: parts.flatMap((p) => p.deps) };
  }
  if (isObj(v)) {
    // a map (tags, labels): keys as written
    const out: Record<string, unknown> = {};
    const deps: string[] = [];
    for (const [k, x] of Object.entries(v)) {
      const p = convert(c, x);
      out[k] = p.value;
      deps.push(...p.deps);
    }
    return { value: out, deps };
  }
  return { value: v, deps: [] };
}

/** A nested block (or the resource's own properties): camelCase keys, lists pluralized. */
function convertBlock(c: Case, o: Obj): Converted {
  const out: Record<string, unknown> = {};
  const deps: string[] = [];
  for (const [k, x] of Object.entries(o)) {
    const p = convert(c, x);
    out[propertyName(k, x)] = p.value;
    deps.push(...p.deps);
  }
  return { value: out, deps };
}

function propertyName(key: string, v: Val): string {
  const c = camel(key);
  return Array.isArray(v) ? plural(c) : c;
}

interface Props {
  inputs: Record<string, unknown>;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
}

function properties(c: Case, attrs: Obj): Props {
  const inputs: Record<string, unknown> = { __defaults: [] };
  const propertyDependencies: Record<string, string[]> = {};
  const dependencies = new Set<string>();
  for (const [k, x] of Object.entries(attrs)) {
    const p = convert(c, x);
    let value = p.value;
    if (isObj(x) && value && typeof value === "object") value = { ...(value as object), __defaults: [] };
    const name = propertyName(k, x);
    inputs[name] = value;
    propertyDependencies[name] = [...new Set(p.deps)];
    for (const d of p.deps) dependencies.add(d);
  }
  return { inputs, dependencies: [...dependencies], propertyDependencies };
}

function outputsOf(inputs: Record<string, unknown>, computed: Obj): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(inputs)) {
    if (k === "__defaults") continue;
    out[k] = v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).filter(([kk]) => kk !== "__defaults")) : v;
  }
  for (const [k, v] of Object.entries(computed)) out[camel(k)] = v;
  if (out["tags"]) out["tagsAll"] = out["tags"];
  return out;
}

const PROVIDER_VERSION: Record<string, string> = { aws: "6_66_0", gcp: "8_10_0", azure: "6_8_0", hcloud: "1_21_0", digitalocean: "4_38_0", linode: "4_30_0" };

function pulumiPackage(r: ResourceSpec): string {
  return typeInfo(r.type).pulumi.split(":")[0]!;
}

export function renderPulumi(c: Case): Record<string, unknown> {
  const stack = stackOf(c);
  const resources = c.resources ?? [];
  const anyExisting = resources.some(exists);
  const stackUrn = `urn:pulumi:${stack}::${PULUMI_PROJECT}::pulumi:pulumi:Stack::${PULUMI_PROJECT}-${stack}`;
  const steps: Record<string, unknown>[] = [];
  const summary: Record<string, number> = {};
  const count = (op: string) => (summary[op] = (summary[op] ?? 0) + 1);

  const stackState = { urn: stackUrn, custom: false, type: "pulumi:pulumi:Stack" };
  steps.push({ op: anyExisting ? "same" : "create", urn: stackUrn, ...(anyExisting ? { oldState: stackState } : {}), newState: stackState, detailedDiff: null });
  count(anyExisting ? "same" : "create");

  // explicit providers for aliases (resource options `provider: dr`); default providers are implicit
  const providerRefs = new Map<string, string>();
  const ps = providersOf(c);
  for (const r of resources) {
    const pkg = pulumiPackage(r);
    const key = `${pkg}.${r.provider ?? ""}`;
    if (providerRefs.has(key)) continue;
    if (!r.provider) {
      providerRefs.set(key, `urn:pulumi:${stack}::${PULUMI_PROJECT}::pulumi:providers:${pkg}::default_${PROVIDER_VERSION[pkg] ?? "1_0_0"}::${anyExisting ? "5f9a2c1e-7b1d-4e3a-9c55-0d2f1e6b7a10" : PULUMI_UNKNOWN}`);
      continue;
    }
    const p = ps[r.provider]!;
    const purn = `urn:pulumi:${stack}::${PULUMI_PROJECT}::pulumi:providers:${pkg}::${r.provider}`;
    const inputs: Record<string, unknown> = { __defaults: ["version"], region: p.region, version: PROVIDER_VERSION[pkg]!.replace(/_/g, ".") };
    if (pkg === "aws" && !p.unpinned) inputs["allowedAccountIds"] = JSON.stringify([p.account]);
    if (pkg === "aws" && p.staticKeys) Object.assign(inputs, { accessKey: EXAMPLE_ACCESS_KEY, secretKey: EXAMPLE_SECRET_KEY });
    const state = { urn: purn, custom: true, id: anyExisting ? "2c8e6a3f-1d4b-4f7a-8e29-6b0c3d5a9f17" : undefined, type: `pulumi:providers:${pkg}`, inputs, outputs: anyExisting ? { ...inputs } : undefined, parent: stackUrn };
    steps.push({ op: anyExisting ? "same" : "create", urn: purn, ...(anyExisting ? { oldState: state } : {}), newState: state, detailedDiff: null });
    count(anyExisting ? "same" : "create");
    providerRefs.set(key, `${purn}::${anyExisting ? "2c8e6a3f-1d4b-4f7a-8e29-6b0c3d5a9f17" : PULUMI_UNKNOWN}`);
  }

  for (const r of resources) {
    const action = r.action ?? "create";
    const urn = urnOf(c, r);
    const provider = providerRefs.get(`${pulumiPackage(r)}.${r.provider ?? ""}`)!;
    const type = typeInfo(r.type).pulumi;
    const computed = exists(r) ? computedOf(c, r) : {};
    const opts = (state: "old" | "new"): Record<string, unknown> => {
      const o: Record<string, unknown> = {};
      if (r.protect !== undefined) o["protect"] = r.protect;
      if (r.retainOnDelete !== undefined || (action === "forget" && state === "old")) o["retainOnDelete"] = r.retainOnDelete ?? true;
      return o;
    };
    let oldState: Record<string, unknown> | undefined;
    if (exists(r)) {
      const b = properties(c, r.before ?? r.attrs);
      oldState = {
        urn,
        custom: true,
        id: computed["id"],
        type,
        inputs: b.inputs,
        outputs: outputsOf(b.inputs, computed),
        parent: stackUrn,
        ...opts("old"),
        dependencies: b.dependencies,
        provider,
        propertyDependencies: b.propertyDependencies,
      };
    }
    let newState: Record<string, unknown> | undefined;
    if (action !== "delete" && action !== "forget") {
      const a = properties(c, r.attrs);
      const keep = keepsIdentity(r);
      const outComputed: Obj = {};
      for (const k of computedAttributes(r.type)) if (!(k in r.attrs)) outComputed[k] = keep ? (computed[k] ?? PULUMI_UNKNOWN) : PULUMI_UNKNOWN;
      newState = {
        urn,
        custom: true,
        ...(keep ? { id: computed["id"] } : {}),
        type,
        inputs: a.inputs,
        ...(action === "create" ? {} : { outputs: outputsOf(a.inputs, outComputed) }),
        parent: stackUrn,
        ...opts("new"),
        dependencies: a.dependencies,
        provider,
        propertyDependencies: a.propertyDependencies,
      };
    }
    const changedKeys = () => {
      const before = (oldState?.["inputs"] ?? {}) as Record<string, unknown>;
      const after = (newState?.["inputs"] ?? {}) as Record<string, unknown>;
      return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => k !== "__defaults" && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    };
    switch (action) {
      case "create":
        steps.push({ op: "create", urn, provider, newState, detailedDiff: null });
        count("create");
        break;
      case "update": {
        const keys = changedKeys();
        steps.push({ op: "update", urn, provider, oldState, newState, diffReasons: keys, detailedDiff: Object.fromEntries(keys.map((k) => [k, { kind: "update", inputDiff: true }])) });
        count("update");
        break;
      }
      case "no-op":
        steps.push({ op: "same", urn, provider, oldState, newState, detailedDiff: null });
        count("same");
        break;
      case "delete":
      case "forget":
        steps.push({ op: "delete", urn, provider, oldState, detailedDiff: null });
        count("delete");
        break;
      case "replace": {
        const keys = changedKeys();
        const reasons = keys.length > 0 ? keys : [Object.keys((newState!["inputs"] as object) ?? {}).find((k) => k !== "__defaults")!];
        const detailed = Object.fromEntries(reasons.map((k) => [k, { kind: "update-replace", inputDiff: true }]));
        steps.push({ op: "create-replacement", urn, provider, oldState, newState, diffReasons: reasons, replaceReasons: reasons, detailedDiff: detailed });
        steps.push({ op: "replace", urn, provider, oldState, newState, diffReasons: reasons, replaceReasons: reasons, detailedDiff: detailed });
        steps.push({ op: "delete-replaced", urn, provider, oldState, detailedDiff: null });
        count("replace");
        break;
      }
    }
  }

  const config: Record<string, string> = {};
  const main = ps[""]!;
  const pkgs = new Set(resources.map(pulumiPackage));
  if (pkgs.has("aws")) {
    config["aws:region"] = main.region;
    config["aws:allowedAccountIds"] = JSON.stringify([main.account]);
  }
  if (pkgs.has("gcp")) {
    config["gcp:project"] = "acme-prod";
    config["gcp:region"] = "europe-west1";
  }
  if (pkgs.has("azure")) {
    config["azure:location"] = "westeurope";
    config["azure:subscriptionId"] = AZURE_SUB;
  }
  return { config, steps, duration: 4210000000, changeSummary: summary };
}
