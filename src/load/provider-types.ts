// Provider short names (aws, google, azurerm, ...) from the many ways Terraform and CDKTF spell a
// provider: registry source addresses, state provider references, plan provider names, local
// names with aliases, and resource type prefixes.

/** Providers published under another name that policies should see as the main one. */
const SHORT_ALIASES: Readonly<Record<string, string>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, string>, {
    "google-beta": "google",
    "azurerm-beta": "azurerm",
  }),
);

function alias(name: string): string {
  const lower = name.toLowerCase();
  return Object.prototype.hasOwnProperty.call(SHORT_ALIASES, lower) ? SHORT_ALIASES[lower]! : lower;
}

/**
 * The provider short name from any provider spelling:
 * - `registry.terraform.io/hashicorp/aws`, `hashicorp/aws`, `aws` (source addresses, plan `provider_name`)
 * - `provider["registry.terraform.io/hashicorp/aws"].west`, `module.x.provider.aws.west`,
 *   `provider.aws` (state `provider` references)
 * - `aws.west`, `null.aliased` (local names with an alias)
 * Returns null when nothing usable is there.
 */
export function providerShortName(spelling: unknown): string | null {
  if (typeof spelling !== "string") return null;
  // a plan repeats a handful of spellings on every resource
  const cached = SHORT_NAMES.get(spelling);
  if (cached !== undefined) return cached;
  const name = shortName(spelling);
  if (SHORT_NAMES.size >= MAX_CACHED) SHORT_NAMES.clear();
  SHORT_NAMES.set(spelling, name);
  return name;
}

const SHORT_NAMES = new Map<string, string | null>();
const MAX_CACHED = 4096;

function shortName(spelling: string): string | null {
  let s = spelling.trim();
  if (s === "") return null;
  // provider["registry.terraform.io/hashicorp/aws"].alias  ->  registry.terraform.io/hashicorp/aws
  const quoted = /provider\["([^"]*)"\]/.exec(s);
  if (quoted) s = quoted[1]!;
  else {
    // module.x.provider.aws.west / provider.aws  ->  aws.west
    const at = s.lastIndexOf("provider.");
    if (at === 0 || (at > 0 && s[at - 1] === ".")) s = s.slice(at + "provider.".length);
  }
  // a source address: the last path segment is the type
  if (s.includes("/")) s = s.slice(s.lastIndexOf("/") + 1);
  // local name with alias: aws.west -> aws
  const dot = s.indexOf(".");
  if (dot >= 0) s = s.slice(0, dot);
  return s === "" ? null : alias(s);
}

/** The provider local name implied by a Terraform resource type: everything before the first `_`. */
export function providerFromType(type: string): string {
  const i = type.indexOf("_");
  return alias(i > 0 ? type.slice(0, i) : type);
}
