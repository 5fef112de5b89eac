// Provider configurations and what they say about region and account: plan JSON
// `configuration.provider_config` (constant expressions, root variables) and CDKTF `provider`
// blocks (literal values). A resource finds its configuration by `provider_config_key`.

import { providerShortName } from "../provider-types.js";
import { isRecord, own } from "./paths.js";
import { NO_PROVIDER_FACTS, parseArn, type ProviderFacts } from "./resource-facts.js";

/** Reads one provider argument as a literal value, or undefined when it is not a literal. */
type ArgReader = (name: string) => unknown;

function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" && !v.includes("${") ? v : null;
}

function firstBlock(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

/** Region and account from a provider's arguments. */
export function factsFromArguments(provider: string, arg: ArgReader): ProviderFacts {
  switch (provider) {
    case "aws": {
      const region = str(arg("region"));
      let account: string | null = null;
      const allowed = arg("allowed_account_ids");
      if (Array.isArray(allowed) && allowed.length === 1) account = str(String(allowed[0]));
      if (account === null) {
        const role = arg("assume_role.role_arn");
        account = parseArn(role)?.account ?? null;
      }
      return { region, account };
    }
    case "google":
      return { region: str(arg("region")), account: str(arg("project")) };
    case "azurerm":
      return { region: null, account: str(arg("subscription_id")) };
    default:
      return { region: str(arg("region")), account: null };
  }
}

/** The literal value of a plan configuration expression (`constant_value`, or a root `var.x`). */
function expressionValue(expr: unknown, variables: unknown, atRoot: boolean): unknown {
  if (!isRecord(expr)) return undefined;
  if (Object.prototype.hasOwnProperty.call(expr, "constant_value")) return expr["constant_value"];
  const refs = own(expr, "references");
  if (atRoot && Array.isArray(refs) && refs.length === 1 && typeof refs[0] === "string" && refs[0].startsWith("var.")) {
    const v = own(own(variables, refs[0].slice(4)), "value");
    return v;
  }
  return undefined;
}

/** Provider configurations of a plan, looked up by a resource's `provider_config_key`. */
export class PlanProviderConfigs {
  private readonly facts = new Map<string, ProviderFacts>();

  constructor(configuration: unknown, variables: unknown) {
    const configs = own(configuration, "provider_config");
    if (!isRecord(configs)) return;
    for (const key of Object.keys(configs)) {
      const pc = configs[key];
      if (!isRecord(pc)) continue;
      const name = providerShortName(own(pc, "full_name") ?? own(pc, "name") ?? key) ?? "";
      const exprs = own(pc, "expressions");
      const atRoot = !own(pc, "module_address");
      const arg: ArgReader = (path) => {
        const [first, second] = path.split(".");
        let e = own(exprs, first!);
        if (second !== undefined) e = own(firstBlock(e), second);
        return expressionValue(e, variables, atRoot);
      };
      // an entry without arguments (older plans list inherited providers per module) inherits
      if (isRecord(exprs) && Object.keys(exprs).length > 0) this.facts.set(key, factsFromArguments(name, arg));
    }
  }

  /**
   * Facts for a provider config key (`aws`, `aws.east`, `module.db:aws`); a module key without
   * its own configuration falls back to the root configuration it inherits.
   */
  factsFor(key: string | null | undefined): ProviderFacts {
    if (!key) return this.facts.get("") ?? NO_PROVIDER_FACTS;
    const exact = this.facts.get(key);
    if (exact) return exact;
    const colon = key.lastIndexOf(":");
    if (colon >= 0) return this.facts.get(key.slice(colon + 1)) ?? NO_PROVIDER_FACTS;
    return NO_PROVIDER_FACTS;
  }
}

/** CDKTF / Terraform JSON `provider` blocks: `{ aws: [{ region, alias }, ...] }` (or one object). */
export class JsonProviderBlocks {
  private readonly facts = new Map<string, ProviderFacts>();

  constructor(providerBlock: unknown, sourceOf: (localName: string) => string) {
    if (!isRecord(providerBlock)) return;
    for (const local of Object.keys(providerBlock)) {
      const raw = providerBlock[local];
      const blocks = Array.isArray(raw) ? raw : [raw];
      for (const b of blocks) {
        if (!isRecord(b)) continue;
        const alias = str(own(b, "alias"));
        const arg: ArgReader = (path) => {
          const [first, second] = path.split(".");
          let v = own(b, first!);
          if (second !== undefined) v = own(firstBlock(v), second);
          return v;
        };
        this.facts.set(alias ? `${local}.${alias}` : local, factsFromArguments(sourceOf(local), arg));
      }
    }
  }

  /** Facts for a provider reference (`aws`, `aws.us`). */
  factsFor(ref: string): ProviderFacts {
    return this.facts.get(ref) ?? NO_PROVIDER_FACTS;
  }

  get size(): number {
    return this.facts.size;
  }
}
