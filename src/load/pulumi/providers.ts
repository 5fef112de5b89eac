// Provider resources (`pulumi:providers:aws`) and the stack configuration default providers read
// (`aws:region`): what they say about region and account (through the Terraform readers'
// factsFromArguments, so both tools read `region`, `allowed_account_ids`, `assume_role.role_arn`,
// GCP `project` and Azure `subscription_id` the same way), and which provider configurations
// hold static credentials. Like the Terraform readers, this yields facts and notes, not Tokens.

import type { Path } from "../../model/types.js";
import { SENSITIVE_VALUE } from "../../model/types.js";
import { isRecord, own, type Rec } from "../terraform/paths.js";
import { factsFromArguments } from "../terraform/providers.js";
import { NO_PROVIDER_FACTS, type ProviderFacts } from "../terraform/resource-facts.js";
import { isSecretName } from "../terraform/sensitive.js";
import { propertyName } from "./property-names.js";
import { providerOfPackage } from "./type-tokens.js";
import { parseUrn, providerPackage, providerReferenceUrn } from "./urn.js";

/** Provider arguments that are secret although their names do not say so. */
export const PROVIDER_SECRET_NAMES: ReadonlySet<string> = new Set(["kubeconfig", "client_certificate", "client_key"]);

export interface PulumiProvider {
  urn: string;
  /** Pulumi package: aws, gcp, azure-native, kubernetes, ... */
  package: string;
  /** model provider short name: aws, google, azurerm, ... */
  provider: string;
  name: string;
  facts: ProviderFacts;
  /** arguments holding static credentials (snake_case), e.g. access_key, secret_key, token */
  staticCredentials: string[];
}

const MAX_JSON_ARG = 100_000;

/** Older Pulumi versions store non-string provider arguments as JSON text (`"[\"123\"]"`). */
function decoded(v: unknown): unknown {
  if (typeof v !== "string" || v.length > MAX_JSON_ARG) return v;
  const t = v.trim();
  if (!(t.startsWith("{") || t.startsWith("["))) return v;
  try {
    return JSON.parse(t);
  } catch {
    return v;
  }
}

function camel(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Reads `name` or `block.name` from snake_case arguments (the block may be JSON text or a list). */
function argReader(args: Rec): (path: string) => unknown {
  return (path) => {
    const [first, second] = path.split(".") as [string, string | undefined];
    let v = decoded(own(args, first));
    if (second === undefined) return v === SENSITIVE_VALUE ? undefined : v;
    if (Array.isArray(v)) v = v[0];
    const inner = own(v, second) ?? own(v, camel(second));
    return inner === SENSITIVE_VALUE ? undefined : inner;
  };
}

/** Static credentials in a provider's arguments (snake_case names, raw values). */
function credentialNames(args: Rec, rawArgs: unknown): string[] {
  const out: string[] = [];
  for (const k of Object.keys(args)) {
    const v = args[k];
    if (v === null || v === undefined || v === "" || typeof v === "boolean" || typeof v === "number") continue;
    if (k === "kubeconfig") {
      const raw = rawKubeconfig(rawArgs);
      if (raw !== null && /\b(token|client-key-data|password)\b\s*["']?\s*:/.test(raw)) out.push(k);
      continue;
    }
    if (k === "profile" || k === "shared_credentials_files" || k === "shared_config_files") continue;
    if (isSecretName(k) || PROVIDER_SECRET_NAMES.has(k)) out.push(k);
  }
  return out;
}

function rawKubeconfig(rawArgs: unknown): string | null {
  const v = own(rawArgs, "kubeconfig");
  if (typeof v === "string") return v;
  if (isRecord(v)) return JSON.stringify(v);
  return null;
}

export class PulumiProviders {
  private readonly byUrn = new Map<string, PulumiProvider>();
  private readonly defaults = new Map<string, ProviderFacts>();
  private readonly configCredentials: string[] = [];
  private readonly memo = new Map<string, ProviderFacts>();

  /** `config` of a preview (`"aws:region": "us-east-1"`): what default providers use. */
  constructor(config?: unknown) {
    if (!isRecord(config)) return;
    const byPackage = new Map<string, Rec>();
    for (const key of Object.keys(config)) {
      const colon = key.indexOf(":");
      if (colon <= 0) continue;
      const pkg = key.slice(0, colon);
      const name = propertyName(key.slice(colon + 1));
      let args = byPackage.get(pkg);
      if (!args) byPackage.set(pkg, (args = Object.create(null) as Rec));
      args[name] = config[key];
      // secret configuration shows as "[secret]": a plain value under a credential name was set without --secret
      const v = config[key];
      if ((isSecretName(name) || PROVIDER_SECRET_NAMES.has(name)) && typeof v === "string" && v !== "" && v !== "[secret]")
        this.configCredentials.push(key);
    }
    for (const [pkg, args] of byPackage) this.defaults.set(pkg, factsFromArguments(providerOfPackage(pkg), argReader(args)));
  }

  /** Records a provider resource from its (converted, redacted) arguments and its raw inputs. */
  add(urn: string, args: Rec, rawInputs: unknown): void {
    const parsed = parseUrn(urn);
    const pkg = parsed ? providerPackage(parsed.type) : null;
    if (!parsed || !pkg) return;
    const provider = providerOfPackage(pkg);
    this.memo.clear();
    this.byUrn.set(urn, {
      urn,
      package: pkg,
      provider,
      name: parsed.name,
      facts: factsFromArguments(provider, argReader(args)),
      staticCredentials: credentialNames(args, rawInputs),
    });
  }

  /** Facts for a resource's provider reference; default providers fall back to the stack configuration. */
  factsFor(reference: unknown, pkg: string): ProviderFacts {
    const key = `${pkg}\u0000${typeof reference === "string" ? reference : ""}`;
    let facts = this.memo.get(key);
    if (facts === undefined) {
      facts = this.lookup(reference, pkg);
      this.memo.set(key, facts);
    }
    return facts;
  }

  private lookup(reference: unknown, pkg: string): ProviderFacts {
    const urn = providerReferenceUrn(reference);
    const known = urn ? this.byUrn.get(urn) : undefined;
    if (known) return known.facts;
    const name = urn ? parseUrn(urn)?.name : undefined;
    if (urn === null || (name !== undefined && name.startsWith("default"))) return this.defaults.get(pkg) ?? NO_PROVIDER_FACTS;
    return NO_PROVIDER_FACTS;
  }

  get providers(): PulumiProvider[] {
    return [...this.byUrn.values()];
  }

  /** Notes about static credentials in provider configurations. */
  notes(): string[] {
    const out: string[] = [];
    const holding = this.providers.filter((p) => p.staticCredentials.length > 0);
    if (holding.length > 0)
      out.push(
        `${holding.length} provider configuration(s) hold static credentials (redacted): ${holding
          .slice(0, 10)
          .map((p) => `${p.package} provider "${p.name}" (${p.staticCredentials.join(", ")})`)
          .join("; ")}${holding.length > 10 ? "; ..." : ""}`,
      );
    if (this.configCredentials.length > 0)
      out.push(
        `the stack configuration holds credentials as plain text, not as secrets (redacted): ${this.configCredentials.slice(0, 10).join(", ")}`,
      );
    return out;
  }
}

/** Raw paths of `config` entries to redact: plain values under secret-like names. */
export function configSecretPaths(config: unknown, base: Path): Path[] {
  if (!isRecord(config)) return [];
  const out: Path[] = [];
  for (const key of Object.keys(config)) {
    const name = propertyName(key.slice(key.indexOf(":") + 1));
    const v = config[key];
    if (v === null || v === "[secret]" || typeof v === "boolean" || typeof v === "number") continue;
    if (isSecretName(name) || PROVIDER_SECRET_NAMES.has(name)) out.push([...base, key]);
  }
  return out;
}
