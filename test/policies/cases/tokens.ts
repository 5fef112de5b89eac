// Cases of policy_check.tokens (PC-TOK-001..014): credentials minted in plans (IAM access keys,
// OIDC roles, Vault tokens, GCP service-account keys), provider blocks, token files and
// workflows. The subject is the token's name in the model (docs/token-config.md).

import { ref, type Case, type Obj, type ResourceSpec, type TokenSpec } from "../spec.js";
import { PROD, STAGING, ebsVolume } from "./build.js";

const ACCOUNT = "111111111111";
const GITHUB_OIDC = "token.actions.githubusercontent.com";

function policyJson(actions: string[], resource: string | string[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: resource }] });
}

const DEPLOY_ACTIONS = ["ecs:UpdateService", "ecs:DescribeServices"];
const DEPLOY_SERVICE = `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/prod/api`;

/** An IAM user (holder from its Holder tag), its access key and an inline policy. */
function iamKey(user: string, holder: string, actions: string[] = DEPLOY_ACTIONS, resource: string | string[] = DEPLOY_SERVICE, env: string = PROD): ResourceSpec[] {
  return [
    { type: "aws_iam_user", name: "user", attrs: { name: user, path: "/", tags: { environment: env, Holder: holder } } },
    { type: "aws_iam_access_key", name: "key", attrs: { user: user } },
    { type: "aws_iam_user_policy", name: "policy", attrs: { name: `${user}-deploy`, user: user, policy: policyJson(actions, resource) } },
  ];
}

function trustPolicy(sub: string | null): string {
  const condition: Obj = { StringEquals: { [`${GITHUB_OIDC}:aud`]: "sts.amazonaws.com" } };
  if (sub !== null) condition[sub.includes("*") ? "StringLike" : "StringEquals"] = { [`${GITHUB_OIDC}:sub`]: sub };
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${GITHUB_OIDC}` },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: condition,
      },
    ],
  });
}

/** A deploy role GitHub Actions assumes through OIDC, with a scoped inline policy. */
function oidcRole(sub: string | null): ResourceSpec[] {
  return [
    { type: "aws_iam_role", name: "deploy", attrs: { name: "gha-deploy", assume_role_policy: trustPolicy(sub), max_session_duration: 3600, tags: { environment: PROD } } },
    { type: "aws_iam_role_policy", name: "deploy_policy", attrs: { name: "deploy", role: "gha-deploy", policy: policyJson(DEPLOY_ACTIONS, DEPLOY_SERVICE) } },
  ];
}

function vaultToken(attrs: Obj, policies: Record<string, string> = { "app-read": 'path "secret/data/app/*" {\n  capabilities = ["read"]\n}\n' }): ResourceSpec[] {
  return [
    { type: "vault_token", name: "app", attrs: { display_name: "orders-app", ...attrs } },
    ...Object.entries(policies).map(([name, policy]): ResourceSpec => ({ type: "vault_policy", name: `policy_${name.replace(/-/g, "_")}`, attrs: { name, policy } })),
  ];
}

const SA_EMAIL = "ci-deployer@acme-prod.iam.gserviceaccount.com";

function gcpKey(role: string, keyAttrs: Obj = {}): ResourceSpec[] {
  return [
    { type: "google_service_account", name: "ci", attrs: { account_id: "ci-deployer", project: "acme-prod", display_name: "CI deployer" } },
    { type: "google_service_account_key", name: "ci_key", attrs: { service_account_id: ref("ci.name"), ...keyAttrs } },
    { type: "google_project_iam_member", name: "ci_role", attrs: { project: "acme-prod", role, member: ref("ci.member") } },
  ];
}

function token(name: string, over: Partial<TokenSpec> = {}): TokenSpec {
  return {
    name,
    provider: "aws",
    holder: { kind: "ci", name: "deploy-production" },
    environments: [PROD],
    operations: DEPLOY_ACTIONS,
    resources: [DEPLOY_SERVICE],
    ttl: "1h",
    storage: { kind: "oidc", location: "github:acme/app/environments/production" },
    ...over,
  };
}

function workflow(opts: { on?: string; permissions?: string | null; jobPermissions?: string; steps?: string[] } = {}): string {
  const lines = ["name: deploy", `on: ${opts.on ?? "push"}`];
  if (opts.permissions !== null) lines.push(`permissions: ${opts.permissions ?? "{}"}`);
  lines.push("jobs:", "  deploy:", "    runs-on: ubuntu-latest");
  if (opts.jobPermissions) lines.push("    permissions:", ...opts.jobPermissions.split("\n").map((l) => `      ${l}`));
  lines.push("    steps:", ...(opts.steps ?? ["      - uses: actions/checkout@v4", "      - run: make deploy"]));
  return lines.join("\n") + "\n";
}

const SUBJECT_KEY = "github-ci access key";

export const tokensCases: Case[] = [
  // ----------------------------------------------------------- PC-TOK-001/003/004/007: IAM access keys
  {
    id: "tok-007-ci-access-key",
    title: "CI deploys with a long-lived IAM access key instead of OIDC",
    rules: ["PC-TOK-001", "PC-TOK-003", "PC-TOK-004", "PC-TOK-007"],
    resources: iamKey("github-ci", "ci"),
    subject: SUBJECT_KEY,
    expect: ["PC-TOK-004", "PC-TOK-007"],
  },
  {
    id: "tok-007-human-access-key",
    title: "a person's IAM access key is not a CI credential (it still never expires)",
    rules: ["PC-TOK-003", "PC-TOK-007"],
    resources: iamKey("github-ci", "human"),
    subject: SUBJECT_KEY,
    expect: ["PC-TOK-004"],
  },
  {
    id: "tok-001-agent-admin-key",
    title: "an agent's access key allows every operation on every resource",
    rules: ["PC-TOK-001", "PC-TOK-003"],
    resources: iamKey("github-ci", "agent", ["*"], "*"),
    subject: SUBJECT_KEY,
    expect: ["PC-TOK-001", "PC-TOK-003", "PC-TOK-004", "PC-TOK-007"],
  },
  {
    id: "tok-003-ci-key-deletes-volumes",
    title: "a CI access key may delete volumes and snapshots",
    rules: ["PC-TOK-003"],
    resources: iamKey("github-ci", "ci", ["ec2:DeleteVolume", "ec2:DeleteSnapshot"], `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-0abc`),
    subject: SUBJECT_KEY,
    expect: ["PC-TOK-003", "PC-TOK-004", "PC-TOK-007"],
  },
  {
    id: "tok-006-key-over-production-and-staging",
    title: "a CI key over every volume of an account holding production and staging volumes",
    rules: ["PC-TOK-002", "PC-TOK-006"],
    resources: [
      ...iamKey("github-ci", "ci", ["ec2:DescribeVolumes", "ec2:AttachVolume"], "*"),
      ebsVolume("prod_data", {}, { action: "no-op" }),
      ebsVolume("staging_data", {}, { action: "no-op", env: STAGING }),
    ],
    subject: SUBJECT_KEY,
    expect: ["PC-TOK-001", "PC-TOK-002", "PC-TOK-004", "PC-TOK-006", "PC-TOK-007"],
  },
  // ------------------------------------------------------------------- PC-TOK-014: OIDC trust
  {
    id: "tok-014-oidc-role-any-repository",
    title: "a role GitHub Actions assumes from any repository (sub repo:*)",
    rules: ["PC-TOK-014", "PC-TOK-001", "PC-TOK-004", "PC-TOK-007"],
    resources: oidcRole("repo:*"),
    subject: "role gha-deploy",
    expect: ["PC-TOK-014"],
  },
  {
    id: "tok-014-oidc-role-without-sub",
    title: "a role GitHub Actions assumes with no condition on the subject",
    rules: ["PC-TOK-014"],
    resources: oidcRole(null),
    subject: "role gha-deploy",
    expect: ["PC-TOK-014"],
  },
  {
    id: "tok-014-oidc-role-one-environment",
    title: "a role only the production environment of one repository assumes, for one hour",
    rules: ["PC-TOK-014", "PC-TOK-001", "PC-TOK-002", "PC-TOK-003", "PC-TOK-004", "PC-TOK-006", "PC-TOK-007"],
    resources: oidcRole("repo:acme/app:environment:production"),
    subject: "role gha-deploy",
    expect: [],
  },
  // ---------------------------------------------------------------------- PC-TOK-008: Vault
  {
    id: "tok-008-vault-root-token",
    title: "Terraform mints a Vault token with the root policy",
    rules: ["PC-TOK-008"],
    resources: vaultToken({ policies: ["root"], ttl: "1h", explicit_max_ttl: "1h" }, {}),
    subject: "orders-app",
    expect: ["PC-TOK-001", "PC-TOK-003", "PC-TOK-008"],
    kinds: ["terraform", "pulumi"],
  },
  {
    id: "tok-008-vault-token-without-ttl",
    title: "a Vault token without a TTL",
    rules: ["PC-TOK-008", "PC-TOK-004"],
    resources: vaultToken({ policies: ["app-read"] }),
    subject: "orders-app",
    expect: ["PC-TOK-008"],
    kinds: ["terraform", "pulumi"],
  },
  {
    id: "tok-008-vault-token-scoped",
    title: "a Vault token with a read policy and a maximum TTL",
    rules: ["PC-TOK-008", "PC-TOK-001", "PC-TOK-003", "PC-TOK-004"],
    resources: vaultToken({ policies: ["app-read"], ttl: "1h", explicit_max_ttl: "24h" }),
    subject: "orders-app",
    expect: [],
    kinds: ["terraform", "pulumi"],
  },
  // ------------------------------------------------------------- PC-TOK-009: GCP key roles
  {
    id: "tok-009-service-account-key-editor",
    title: "a key of a CI service account that is project editor",
    rules: ["PC-TOK-009"],
    resources: gcpKey("roles/editor"),
    subject: `${SA_EMAIL} key`,
    expect: ["PC-TOK-001", "PC-TOK-003", "PC-TOK-004", "PC-TOK-007", "PC-TOK-009"],
  },
  {
    id: "tok-009-service-account-key-predefined-role",
    title: "a key of a CI service account with one predefined role (still a long-lived key)",
    rules: ["PC-TOK-009", "PC-TOK-001", "PC-TOK-003"],
    resources: gcpKey("roles/run.developer"),
    subject: `${SA_EMAIL} key`,
    expect: ["PC-TOK-004", "PC-TOK-007"],
  },
  // ------------------------------------------------------------ PC-TOK-010/011: provider blocks
  // an explicit (aliased) provider: Pulumi previews carry an explicit provider's settings, not a
  // default provider's (those come from the stack configuration)
  {
    id: "tok-011-aws-provider-unpinned",
    title: "the AWS provider has no allowed_account_ids",
    rules: ["PC-TOK-011", "PC-TOK-002", "PC-TOK-006"],
    providers: { main: { unpinned: true } },
    resources: [ebsVolume("data", {}, { provider: "main" })],
    subject: "provider aws.main",
    subjects: { pulumi: "provider aws::main" },
    expect: ["PC-TOK-011"],
  },
  {
    id: "tok-010-aws-provider-static-keys",
    title: "the AWS provider block is given an access key and secret key",
    rules: ["PC-TOK-010", "PC-TOK-011"],
    providers: { main: { staticKeys: true } },
    resources: [ebsVolume("data", {}, { provider: "main" })],
    subject: "provider aws.main",
    subjects: { pulumi: "provider aws::main" },
    expect: ["PC-TOK-004", "PC-TOK-010", "PC-TOK-005@terraform"],
  },
  {
    id: "tok-010-aws-provider-pinned-ambient",
    title: "the AWS provider is pinned to its account and takes credentials from the environment",
    rules: ["PC-TOK-010", "PC-TOK-011", "PC-TOK-005"],
    providers: { main: {} },
    resources: [ebsVolume("data", {}, { provider: "main" })],
    subject: "provider aws.main",
    subjects: { pulumi: "provider aws::main" },
    expect: [],
  },
  // ------------------------------------------------------------------ token configuration files
  {
    id: "tok-005-token-in-repository-file",
    title: "an agent's blanket token kept in a file of the repository",
    rules: ["PC-TOK-001", "PC-TOK-002", "PC-TOK-003", "PC-TOK-004", "PC-TOK-005", "PC-TOK-007"],
    tokens: [
      token("RAILWAY_TOKEN", {
        provider: "railway",
        holder: { kind: "agent", name: "coding-agent" },
        environments: ["*"],
        operations: ["*"],
        resources: ["*"],
        ttl: undefined,
        storage: { kind: "repo-file", location: "services/billing/.env" },
      }),
    ],
    expect: ["PC-TOK-001", "PC-TOK-002", "PC-TOK-003", "PC-TOK-004", "PC-TOK-005"],
  },
  {
    id: "tok-006-token-shared-by-environments",
    title: "one deploy token for production and staging, valid for a year",
    rules: ["PC-TOK-002", "PC-TOK-004", "PC-TOK-006"],
    tokens: [token("DEPLOY_TOKEN", { environments: [PROD, STAGING], ttl: "365d", storage: { kind: "ci-secret", location: "DEPLOY_TOKEN" } })],
    expect: ["PC-TOK-002", "PC-TOK-004", "PC-TOK-006"],
  },
  {
    id: "tok-007-ci-secret-aws-key",
    title: "CI holds a static AWS key in a CI secret",
    rules: ["PC-TOK-007", "PC-TOK-004"],
    tokens: [token("AWS_SECRET_ACCESS_KEY", { ttl: undefined, storage: { kind: "ci-secret", location: "AWS_SECRET_ACCESS_KEY" } })],
    expect: ["PC-TOK-004", "PC-TOK-007"],
  },
  {
    id: "tok-000-scoped-oidc-token",
    title: "a production deploy credential: OIDC, one hour, two operations on one service",
    rules: ["PC-TOK-001", "PC-TOK-002", "PC-TOK-003", "PC-TOK-004", "PC-TOK-005", "PC-TOK-006", "PC-TOK-007"],
    tokens: [token("DEPLOY_ROLE")],
    expect: [],
  },
  // ------------------------------------------------------------ PC-TOK-012/013: workflows
  {
    id: "tok-012-workflow-without-permissions",
    title: "a workflow with no permissions: block (the repository default applies)",
    rules: ["PC-TOK-012", "PC-TOK-001", "PC-TOK-003"],
    workflow: workflow({ permissions: null }),
    expect: ["PC-TOK-012"],
  },
  {
    id: "tok-012-workflow-write-all",
    title: "a job granted write-all",
    rules: ["PC-TOK-012"],
    workflow: workflow({ jobPermissions: "write-all" }),
    expect: ["PC-TOK-012"],
  },
  {
    id: "tok-012-workflow-least-privilege",
    title: "permissions: {} at the top, contents: read and id-token: write for the job",
    rules: ["PC-TOK-012", "PC-TOK-013"],
    workflow: workflow({ jobPermissions: "contents: read\nid-token: write" }),
    expect: [],
  },
  {
    id: "tok-013-pull-request-target-checks-out-head",
    title: "pull_request_target checks out the pull request's head and runs it with secrets",
    rules: ["PC-TOK-013"],
    workflow: workflow({
      on: "pull_request_target",
      jobPermissions: "contents: read",
      steps: [
        "      - uses: actions/checkout@v4",
        "        with:",
        "          ref: ${{ github.event.pull_request.head.sha }}",
        "      - run: npm ci && npm test",
        "        env:",
        "          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}",
      ],
    }),
    expect: ["PC-TOK-013"],
  },
  {
    id: "tok-013-pull-request-target-labels-only",
    title: "pull_request_target that only labels the pull request, without checking it out",
    rules: ["PC-TOK-013"],
    workflow: workflow({ on: "pull_request_target", jobPermissions: "pull-requests: write", steps: ["      - uses: actions/labeler@v5"] }),
    expect: [],
  },
];
