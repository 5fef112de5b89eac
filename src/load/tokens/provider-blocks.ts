// Provider configurations as one shape, whatever wrote them: Terraform plan JSON
// (`configuration.provider_config`: `constant_value` literals and `references`), CDKTF synth
// output (`provider` blocks with literal values and `${...}` expressions) and Pulumi provider
// resources (`pulumi:providers:aws`, inputs in snake_case). Each argument reads as absent, a
// literal written in the configuration, a value from input variables, or another expression.

import { isExpression } from "../cdktf/expressions.js";
import { providerShortName } from "../provider-types.js";
import { isRecord, own, type Rec } from "../terraform/paths.js";
import { isPlaceholder } from "./resource-values.js";

export type ArgValue =
  | { kind: "absent" }
  /** a value written in the configuration (possibly redacted to "(sensitive)" by the reader) */
  | { kind: "literal"; value: unknown }
  /** the value of input variables (`var.x`) */
  | { kind: "variable"; names: string[] }
  /** computed from resources, data sources, functions or locals */
  | { kind: "expression" };

export interface ProviderBlock {
  sourceId: string;
  /** where it comes from */
  tool: "terraform" | "cdktf" | "pulumi";
  /** provider short name: aws, google, azurerm, cloudflare, vault, github, ... */
  provider: string;
  /** configuration key: `aws`, `aws.east`, `module.db:aws` (plans); the URN for Pulumi */
  key: string;
  /** display address: `provider.aws`, `provider.aws.east`, `module.db.provider.aws`, a Pulumi URN */
  address: string;
  /** the file it was read from */
  file: string;
  /** names of the arguments it sets */
  argNames: string[];
  /** Pulumi stack configuration: the settings file its values come from (`Pulumi.<stack>.yaml`) */
  configFile?: string;
  /** for a Pulumi default provider: the stack configuration block it runs with */
  stackConfig?: ProviderBlock;
  /** reads an argument, `assume_role.role_arn` for one in the first nested block */
  arg(path: string): ArgValue;
  /** whether a nested block (assume_role) is present */
  hasBlock(name: string): boolean;
  /** root variable values of the plan (for `variable` arguments), when the input has them */
  variable(name: string): unknown;
}

const ABSENT: ArgValue = Object.freeze({ kind: "absent" });

function firstBlock(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

/** A plan configuration expression as an argument value. */
function planExpression(e: unknown): ArgValue {
  if (!isRecord(e)) return ABSENT;
  if (Object.prototype.hasOwnProperty.call(e, "constant_value")) {
    const v = e["constant_value"];
    return v === null || v === undefined ? ABSENT : { kind: "literal", value: v };
  }
  const refs = own(e, "references");
  if (Array.isArray(refs) && refs.length > 0) {
    const vars = refs.filter((r): r is string => typeof r === "string" && r.startsWith("var."));
    if (vars.length === refs.length) return { kind: "variable", names: [...new Set(vars.map((v) => v.slice(4).split(".")[0]!))] };
    return { kind: "expression" };
  }
  return ABSENT;
}

/** Provider blocks of a Terraform plan's configuration. */
export function planProviderBlocks(sourceId: string, file: string, plan: unknown): ProviderBlock[] {
  const configuration = own(plan, "configuration");
  const configs = own(configuration, "provider_config");
  const variables = own(plan, "variables");
  const out: ProviderBlock[] = [];
  if (!isRecord(configs)) return out;
  for (const key of Object.keys(configs)) {
    const pc = configs[key];
    if (!isRecord(pc)) continue;
    const exprs = own(pc, "expressions");
    // an entry without arguments (older plans list inherited providers per module) configures nothing
    if (!isRecord(exprs) || Object.keys(exprs).length === 0) continue;
    const provider = providerShortName(own(pc, "full_name") ?? own(pc, "name") ?? key) ?? key;
    const moduleAddress = own(pc, "module_address");
    const local = key.includes(":") ? key.slice(key.lastIndexOf(":") + 1) : key;
    const alias = own(pc, "alias");
    const name = typeof alias === "string" && alias !== "" && !local.includes(".") ? `${local}.${alias}` : local;
    out.push({
      sourceId,
      tool: "terraform",
      provider,
      key,
      address: typeof moduleAddress === "string" && moduleAddress !== "" ? `${moduleAddress}.provider.${name}` : `provider.${name}`,
      file,
      argNames: Object.keys(exprs),
      arg: (path) => {
        const [first, second] = path.split(".");
        let e = own(exprs, first!);
        if (second !== undefined) e = own(firstBlock(e), second);
        return planExpression(e);
      },
      hasBlock: (n) => {
        const b = own(exprs, n);
        return Array.isArray(b) ? b.length > 0 : isRecord(b);
      },
      variable: (n) => own(own(variables, n), "value"),
    });
  }
  return out;
}

/** A CDKTF / Terraform JSON argument value. */
function jsonValue(v: unknown): ArgValue {
  if (v === undefined || v === null) return ABSENT;
  if (typeof v === "string" && isExpression(v)) {
    const m = /^\$\{var\.([A-Za-z_][A-Za-z0-9_-]*)\}$/.exec(v.trim());
    return m ? { kind: "variable", names: [m[1]!] } : { kind: "expression" };
  }
  return { kind: "literal", value: v };
}

/** Provider blocks of a CDKTF synth (`provider: { aws: [ {...}, {alias: "us", ...} ] }`). */
export function cdktfProviderBlocks(sourceId: string, file: string, stack: unknown): ProviderBlock[] {
  const out: ProviderBlock[] = [];
  const providers = own(stack, "provider");
  if (!isRecord(providers)) return out;
  const required = own(own(stack, "terraform"), "required_providers");
  for (const local of Object.keys(providers)) {
    const rp = own(required, local);
    const src = typeof rp === "string" ? rp : own(rp, "source");
    const provider = providerShortName(typeof src === "string" ? src : local) ?? local;
    const raw = providers[local];
    for (const b of (Array.isArray(raw) ? raw : [raw]).filter(isRecord)) {
      const alias = own(b, "alias");
      const name = typeof alias === "string" && alias !== "" ? `${local}.${alias}` : local;
      out.push({
        sourceId,
        tool: "cdktf",
        provider,
        key: name,
        address: `provider.${name}`,
        file,
        argNames: Object.keys(b),
        arg: (path) => {
          const [first, second] = path.split(".");
          let v = own(b, first!);
          if (second !== undefined) v = own(firstBlock(v), second);
          return jsonValue(v);
        },
        hasBlock: (n) => {
          const v = own(b, n);
          return Array.isArray(v) ? v.length > 0 : isRecord(v);
        },
        variable: () => undefined,
      });
    }
  }
  return out;
}

const PULUMI_PACKAGES: Readonly<Record<string, string>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, string>, { gcp: "google", "google-native": "google", azure: "azurerm", "azure-native": "azurerm", "aws-native": "aws" }),
);

function pulumiValue(v: unknown): ArgValue {
  if (v === undefined || v === null || v === "") return ABSENT;
  if (typeof v === "string" && isPlaceholder(v) && v !== "(sensitive)" && v !== "[secret]") return { kind: "expression" };
  return { kind: "literal", value: v };
}

/** Pulumi provider inputs (lowerCamel keys, complex values as JSON text) as a block. */
function pulumiBlock(sourceId: string, file: string, provider: string, key: string, address: string, values: Rec): ProviderBlock {
  const get = (o: unknown, name: string): unknown => own(o, camelCase(name)) ?? own(o, name);
  const nested = (n: string): unknown => get(values, n) ?? get(values, `${n}s`);
  return {
    sourceId,
    tool: "pulumi",
    provider: PULUMI_PACKAGES[provider] ?? provider,
    key,
    address,
    file,
    argNames: Object.keys(values).map(snakeCase),
    arg: (path) => {
      const [first, second] = path.split(".");
      if (second === undefined) return pulumiValue(jsonText(get(values, first!)));
      return pulumiValue(jsonText(get(firstBlock(jsonText(nested(first!))), second)));
    },
    hasBlock: (n) => {
      const v = jsonText(nested(n));
      return Array.isArray(v) ? v.length > 0 : isRecord(v);
    },
    variable: () => undefined,
  };
}

/**
 * Provider configurations of a Pulumi preview or stack export: provider resources
 * (`pulumi:providers:aws`, from the raw document: the reader keeps them out of the resources)
 * and, for default providers, the stack configuration a preview carries (`"aws:accessKey"`).
 */
export function pulumiProviderBlocks(sourceId: string, file: string, raw: unknown, stack: string | null): ProviderBlock[] {
  const out: ProviderBlock[] = [];
  const states: { urn: string; type: string; inputs: unknown }[] = [];
  const steps = own(raw, "steps");
  if (Array.isArray(steps)) {
    for (const st of steps) {
      const state = own(st, "newState");
      const op = own(st, "op");
      if (!isRecord(state) || op === "delete" || op === "delete-replaced" || op === "discard") continue;
      states.push({ urn: String(own(state, "urn") ?? own(st, "urn") ?? ""), type: String(own(state, "type") ?? own(st, "type") ?? ""), inputs: own(state, "inputs") });
    }
  }
  const deployment = own(raw, "deployment") ?? own(own(raw, "checkpoint"), "latest");
  const resources = own(deployment, "resources");
  if (Array.isArray(resources))
    for (const r of resources) states.push({ urn: String(own(r, "urn") ?? ""), type: String(own(r, "type") ?? ""), inputs: own(r, "inputs") });
  for (const s of states) {
    if (!s.type.startsWith("pulumi:providers:") || !isRecord(s.inputs)) continue;
    const pkg = s.type.slice("pulumi:providers:".length);
    const name = s.urn.slice(s.urn.lastIndexOf("::") + 2);
    out.push(pulumiBlock(sourceId, file, pkg, `${pkg}::${name}`, s.urn, s.inputs));
  }
  // stack configuration: what the default providers of each package run with
  const config = own(raw, "config");
  if (isRecord(config)) {
    const byPackage = new Map<string, Rec>();
    for (const k of Object.keys(config)) {
      const colon = k.indexOf(":");
      if (colon <= 0) continue;
      const pkg = k.slice(0, colon);
      let args = byPackage.get(pkg);
      if (!args) byPackage.set(pkg, (args = Object.create(null) as Rec));
      Object.defineProperty(args, k.slice(colon + 1), { value: config[k], enumerable: true, writable: true, configurable: true });
    }
    const configFile = `Pulumi.${stack ?? "<stack>"}.yaml`;
    for (const [pkg, args] of byPackage) {
      // default providers run with the stack configuration: their block stands for it
      const block: ProviderBlock = { ...pulumiBlock(sourceId, file, pkg, `${pkg} (stack configuration)`, `stack configuration ${pkg}:*`, args), configFile };
      const defaults = out.filter((b) => b.key.startsWith(`${pkg}::default`));
      if (defaults.length > 0) for (const d of defaults) d.stackConfig = block;
      else out.push(block);
    }
  }
  return out;
}

/** Pulumi keeps complex provider inputs as JSON text (`"allowedAccountIds": "[\"1\"]"`). */
function jsonText(v: unknown): unknown {
  if (typeof v !== "string" || v.length > 65536 || !/^[[{]/.test(v.trim())) return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function snakeCase(s: string): string {
  return s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

function camelCase(s: string): string {
  return s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}
