// Token provider names: one canonical spelling per provider (aws, gcp, azure, cloudflare, ...),
// the aliases people and tools use for them (google, azurerm, hetzner, ...), and the provider a
// secret is for, guessed from its name (AWS_ACCESS_KEY_ID -> aws, CF_API_TOKEN -> cloudflare).

function table(entries: Record<string, string>): Readonly<Record<string, string>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, string>, entries));
}

/** Providers policy-check knows by name (others are accepted as written, in lower case). */
export const KNOWN_PROVIDERS: readonly string[] = Object.freeze([
  "aws", "gcp", "azure", "cloudflare", "github", "gitlab", "bitbucket", "railway", "vault", "hcloud",
  "digitalocean", "render", "fly", "vercel", "netlify", "heroku", "supabase", "neon", "planetscale",
  "mongodb-atlas", "datadog", "kubernetes", "docker", "npm", "pypi", "pulumi", "terraform-cloud", "snowflake",
  "linode", "vultr", "scaleway", "ovh", "oci", "ibm", "alibaba", "openstack", "stripe", "sentry", "slack",
  "okta", "auth0", "twilio", "sendgrid", "openai", "anthropic", "doppler", "1password", "circleci", "codecov",
]);

const ALIASES = table({
  amazon: "aws", "amazon-web-services": "aws",
  google: "gcp", "google-beta": "gcp", "google-cloud": "gcp", gcloud: "gcp",
  azurerm: "azure", azuread: "azure", "azure-ad": "azure", entra: "azure", azapi: "azure",
  cf: "cloudflare",
  gh: "github",
  "hashicorp-vault": "vault",
  hetzner: "hcloud", "hetzner-cloud": "hcloud",
  do: "digitalocean", "digital-ocean": "digitalocean",
  flyio: "fly", "fly.io": "fly",
  k8s: "kubernetes",
  dockerhub: "docker",
  tfc: "terraform-cloud", tfe: "terraform-cloud", "hcp-terraform": "terraform-cloud",
  atlas: "mongodb-atlas", mongodbatlas: "mongodb-atlas",
  onepassword: "1password",
});

/** The canonical token provider name for a spelling (`google` -> `gcp`, `AzureRM` -> `azure`). */
export function canonicalProvider(name: string): string {
  const lower = name.trim().toLowerCase();
  return ALIASES[lower] ?? lower;
}

/** Whether a (canonicalized) provider name is one policy-check knows. */
export function isKnownProvider(name: string): boolean {
  return KNOWN_PROVIDERS.includes(canonicalProvider(name));
}

// Word (between underscores) -> provider, checked over every word of a secret name.
const SECRET_WORDS = table({
  AWS: "aws", AMAZON: "aws",
  CLOUDFLARE: "cloudflare", CF: "cloudflare",
  RAILWAY: "railway",
  VAULT: "vault",
  GCP: "gcp", GOOGLE: "gcp", GCLOUD: "gcp", GCS: "gcp", GKE: "gcp",
  AZURE: "azure", ARM: "azure", AZ: "azure",
  HCLOUD: "hcloud", HETZNER: "hcloud",
  DIGITALOCEAN: "digitalocean", DO: "digitalocean",
  RENDER: "render",
  FLY: "fly", FLYIO: "fly",
  VERCEL: "vercel",
  NETLIFY: "netlify",
  HEROKU: "heroku",
  SUPABASE: "supabase",
  NEON: "neon",
  PLANETSCALE: "planetscale",
  DATADOG: "datadog", DD: "datadog",
  KUBE: "kubernetes", KUBECONFIG: "kubernetes", K8S: "kubernetes", KUBERNETES: "kubernetes",
  DOCKER: "docker", DOCKERHUB: "docker",
  NPM: "npm", PYPI: "pypi",
  PULUMI: "pulumi",
  TFC: "terraform-cloud", TFE: "terraform-cloud",
  SNOWFLAKE: "snowflake",
  LINODE: "linode", VULTR: "vultr", SCALEWAY: "scaleway", SCW: "scaleway", OVH: "ovh",
  STRIPE: "stripe", SENTRY: "sentry", SLACK: "slack", OKTA: "okta", AUTH0: "auth0",
  TWILIO: "twilio", SENDGRID: "sendgrid", OPENAI: "openai", ANTHROPIC: "anthropic",
  DOPPLER: "doppler", OP: "1password", CIRCLECI: "circleci", CODECOV: "codecov",
  GITHUB: "github", GH: "github", PAT: "github", GITLAB: "gitlab", BITBUCKET: "bitbucket",
  MONGODB: "mongodb-atlas", ATLAS: "mongodb-atlas",
});

// Whole names that say more than their words.
const SECRET_NAMES = table({
  TF_API_TOKEN: "terraform-cloud",
  TF_TOKEN_APP_TERRAFORM_IO: "terraform-cloud",
  GITHUB_TOKEN: "github",
  GH_TOKEN: "github",
  GH_PAT: "github",
  PAT: "github",
  PERSONAL_ACCESS_TOKEN: "github",
  DO_TOKEN: "digitalocean",
  DIGITALOCEAN_ACCESS_TOKEN: "digitalocean",
  FLY_API_TOKEN: "fly",
  NPM_TOKEN: "npm",
  NODE_AUTH_TOKEN: "npm",
  PYPI_API_TOKEN: "pypi",
  TWINE_PASSWORD: "pypi",
  KUBECONFIG: "kubernetes",
  KUBE_CONFIG: "kubernetes",
  GOOGLE_CREDENTIALS: "gcp",
  GOOGLE_APPLICATION_CREDENTIALS: "gcp",
  GCP_SA_KEY: "gcp",
  ARM_CLIENT_SECRET: "azure",
  CODECOV_TOKEN: "codecov",
  SONAR_TOKEN: "sonarcloud",
  SNYK_TOKEN: "snyk",
});

/** The provider a secret is for, from its name; "unknown" when the name does not say. */
export function providerFromSecretName(name: string): string {
  const upper = name.toUpperCase();
  const whole = SECRET_NAMES[upper];
  if (whole) return whole;
  const words = upper.split(/[^A-Z0-9]+/).filter((w) => w !== "");
  // the first word that names a provider (PROD_AWS_ACCESS_KEY_ID -> aws); words like
  // DO / AZ / OP only count at the start, where they are prefixes, not ordinary words
  const weak = new Set(["DO", "AZ", "OP", "ARM", "CF", "DD", "GH", "FLY", "NEON", "RENDER", "ATLAS"]);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const p = SECRET_WORDS[w];
    if (p && (i === 0 || !weak.has(w))) return p;
  }
  return "unknown";
}

// Words that make a name a credential, and words of names that only identify something.
const CREDENTIAL_WORD = /(?:^|_)(?:TOKEN|TOKENS|SECRET|SECRETS|KEY|KEYS|APIKEY|PASSWORD|PASSWD|PASS|PWD|PAT|CREDENTIAL|CREDENTIALS|CREDS|AUTH|KUBECONFIG|PRIVATE|CERT|CERTIFICATE|PEM|P12|PFX|WEBHOOK|DSN|CONNECTION|CONFIG|SESSION|COOKIE|SIGNING)(?:_|$)/;
const IDENTIFIER_WORD = /(?:^|_)(?:ARN|ARNS|REGION|REGIONS|ACCOUNT|ACCOUNTS|ID|IDS|TENANT|SUBSCRIPTION|PROJECT|URL|URI|HOST|HOSTNAME|ENDPOINT|USER|USERNAME|LOGIN|EMAIL|BUCKET|DOMAIN|ZONE|ORG|ORGANIZATION|NAME|OWNER|REPO|REPOSITORY|BRANCH|PATH|PORT|VERSION|ENV|ENVIRONMENT|STAGE|CLUSTER|NAMESPACE|ROLE)(?:_|$)/;

/**
 * Whether a secret holds a credential, judged from its name: names with TOKEN, SECRET, KEY,
 * PASSWORD, ... do; names made of identifiers only (AWS_ROLE_ARN, AZURE_TENANT_ID,
 * CLOUDFLARE_ZONE_ID, DOCKERHUB_USERNAME) do not; anything else is counted as one.
 */
export function secretIsCredential(name: string): boolean {
  const upper = name.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
  if (CREDENTIAL_WORD.test(upper)) return true;
  return !IDENTIFIER_WORD.test(upper);
}
