// The neutral language of the policy fixture matrix: a case is a handful of resources written
// once (Terraform types, snake_case attributes, Terraform JSON block shapes), which the
// renderers turn into a Terraform plan (`terraform show -json`), a Pulumi preview
// (`pulumi preview --json`) and a CDKTF stack synthesized with the real `cdktf` and
// `@cdktf/provider-aws` classes. Each case says which policy ids fire on its subject resource.
//
// Values:
// - plain objects are maps (tags) or attributes of object type: keys are kept as written;
// - `one({...})` is a nested block with at most one element (MaxItems 1): a one-element list in
//   Terraform JSON, an object in Pulumi and CDKTF;
// - arrays of objects are repeated nested blocks (lists): Pulumi pluralizes their name;
// - `ref("name.attr")` references another resource of the case: known or unknown at plan time
//   depending on whether that value is known (a literal of the referenced resource, or a
//   computed value of an existing object), always an expression in CDKTF.

export type Kind = "terraform" | "pulumi" | "cdktf" | "tokens" | "workflow";
export const KINDS: readonly Kind[] = ["terraform", "pulumi", "cdktf", "tokens", "workflow"];

export type Action = "create" | "update" | "delete" | "replace" | "no-op" | "forget";

export class One {
  constructor(readonly value: Obj) {}
}
export class Ref {
  constructor(
    readonly resource: string,
    readonly attr: string,
  ) {}
}

/** A value only known after apply that references nothing in the case (e.g. another stack's output). */
export class Unknown {
  constructor(readonly from: string) {}
}

export type Val = string | number | boolean | null | One | Ref | Unknown | Val[] | Obj;
export interface Obj {
  [k: string]: Val;
}

export const one = (value: Obj): One => new One(value);
export const unknown = (from = "terraform_data.settings.output"): Unknown => new Unknown(from);
export const ref = (path: string): Ref => {
  const [resource, ...attr] = path.split(".");
  if (!resource || attr.length !== 1) throw new Error(`ref("${path}"): expected "<resource name>.<attribute>"`);
  return new Ref(resource, attr[0]!);
};

export interface ResourceSpec {
  type: string;
  /** local name, unique in the case */
  name: string;
  /** attributes as configured (after the change; for deletions, the object being deleted) */
  attrs: Obj;
  /** attributes before an update (default: attrs) */
  before?: Obj;
  action?: Action;
  /**
   * Terraform lifecycle.prevent_destroy (TF sources via --tf-dir, CDKTF lifecycle) and Pulumi
   * `protect`. undefined: the plan is given without Terraform sources (prevent_destroy unknown),
   * CDKTF and Pulumi without the option.
   */
  protect?: boolean;
  /** Pulumi retainOnDelete */
  retainOnDelete?: boolean;
  /** provider configuration this resource uses (alias of `Case.providers`), default the main one */
  provider?: string;
}

export interface ProviderSpec {
  region?: string;
  account?: string;
  /** AWS: leave allowed_account_ids out (by default the provider is pinned to `account`) */
  unpinned?: boolean;
  /** AWS: literal access_key / secret_key arguments in the provider block */
  staticKeys?: boolean;
}

/** Literal keys of `staticKeys` providers (AWS's documented example key, not a real one). */
export const EXAMPLE_ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
export const EXAMPLE_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

export interface TokenSpec {
  name: string;
  provider: string;
  holder: { kind: "agent" | "ci" | "human" | "service"; name?: string };
  environments: string[];
  operations: string[];
  resources: string[];
  ttl?: string;
  expires_at?: string;
  storage: { kind: string; location?: string };
}

export interface Case {
  /** unique, kebab-case */
  id: string;
  /** the policy ids this case is about: it is a failing case for those it expects, a passing one for the others */
  rules: string[];
  /** one line: what the case shows */
  title: string;
  resources?: ResourceSpec[];
  tokens?: TokenSpec[];
  /** a GitHub Actions workflow file (YAML text) */
  workflow?: string;
  /** resource (or token) name the expectation is about; default the first */
  subject?: string;
  /** the subject's name where an input kind names it differently (`provider aws.main` vs `provider aws::main`) */
  subjects?: Partial<Record<Kind, string>>;
  /**
   * Policy ids expected on the subject, exactly: `ID` (a finding), `ID?` (an undecided finding:
   * known only after apply), optionally limited to kinds with `@kind,kind`.
   */
  expect: string[];
  /** workspace (Terraform), stack (Pulumi, CDKTF) the change comes from */
  workspace?: string;
  /** the main provider configuration, and aliases */
  providers?: Record<string, ProviderSpec>;
  /** kinds this case is rendered to; default: every kind that can express its resources */
  kinds?: Kind[];
  /** kinds not to render (the input cannot express what the case is about) */
  skip?: Partial<Record<Kind, string>>;
}

export interface Expectation {
  id: string;
  undecided: boolean;
}

/** The expected ids for one kind: `["PC-DP-004"]`, undecided ones with a trailing "?". */
export function expectedFor(c: Case, kind: Kind): string[] {
  const out = new Set<string>();
  for (const e of c.expect) {
    const [body, kinds] = e.split("@");
    if (kinds && !kinds.split(",").includes(kind)) continue;
    out.add(body!);
  }
  return [...out].sort();
}

export const DEFAULT_REGION = "eu-west-1";
export const DEFAULT_ACCOUNT = "111111111111";

export function providersOf(c: Case): Record<string, Required<ProviderSpec>> {
  const out: Record<string, Required<ProviderSpec>> = {};
  const main = c.providers?.[""] ?? {};
  out[""] = { region: main.region ?? DEFAULT_REGION, account: main.account ?? DEFAULT_ACCOUNT, unpinned: main.unpinned ?? false, staticKeys: main.staticKeys ?? false };
  for (const [alias, p] of Object.entries(c.providers ?? {})) {
    if (alias === "") continue;
    out[alias] = { region: p.region ?? out[""].region, account: p.account ?? out[""].account, unpinned: p.unpinned ?? false, staticKeys: p.staticKeys ?? false };
  }
  return out;
}

export function subjectOf(c: Case, kind?: Kind): string {
  const named = kind ? c.subjects?.[kind] : undefined;
  if (named) return named;
  if (c.subject) return c.subject;
  const first = c.resources?.[0]?.name ?? c.tokens?.[0]?.name ?? (c.workflow !== undefined ? "GITHUB_TOKEN" : undefined);
  if (!first) throw new Error(`case ${c.id} has no resources or tokens`);
  return first;
}

export function isRef(v: unknown): v is Ref {
  return v instanceof Ref;
}
export function isOne(v: unknown): v is One {
  return v instanceof One;
}
export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}
export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof One) && !(v instanceof Ref) && !(v instanceof Unknown);
}

/** snake_case -> camelCase */
export function camel(s: string): string {
  return s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Pulumi's (tfbridge) plural of a list property name: rule -> rules, policy -> policies. */
export function plural(s: string): string {
  if (/s$/.test(s)) return s;
  if (/[^aeiou]y$/.test(s)) return s.slice(0, -1) + "ies";
  return s + "s";
}
