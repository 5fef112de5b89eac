// `policy-check init`: writes a starter .policy-check.yml and a GitHub Actions workflow that runs
// the check on pull requests. Never overwrites a file unless --force.

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { UsageError } from "./fail.js";

export interface InitOptions {
  dir: string;
  force: boolean;
  /** which IaC tool the workflow plans with */
  tool: "terraform" | "pulumi" | "cdktf";
}

export const STARTER_CONFIG = `# policy-check configuration: https://github.com/policy-check/policy-check/blob/main/docs/config.md
version: 1

# lowest severity that fails the check: critical, high, medium, low, info or none
fail_on: high

policies:
  # your own Rego policies, checked with the shipped ones
  paths: []
  # policy ids to switch off, and severity overrides
  disable: []
  severity: {}

# which environment each workspace, stack, account or tag belongs to
environments:
  production:
    workspaces: [prod, production, "prod-*"]
    stacks: ["*/prod", "*/production"]
    tags: { Environment: [production, prod] }
  staging:
    workspaces: [staging, "staging-*"]
    stacks: ["*/staging"]
    tags: { Environment: [staging] }

# accepted findings: every exception needs a reason and an owner, and should expire
exceptions: []
#  - policy: PC-DEL-001
#    resource: aws_ebs_volume.scratch
#    reason: scratch volume, recreated nightly
#    owner: "@your-org/platform"
#    expires: 2027-01-31
`;

// Credentials for the plan come from OIDC (a read-only role), never from stored keys: the
// placeholders name repository variables the user sets.
const PLAN_STEPS: Record<InitOptions["tool"], string> = {
  terraform: `      - uses: hashicorp/setup-terraform@v3
        with:
          terraform_wrapper: false  # the wrapper adds output to stdout, which breaks \`show -json > file\`
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: \${{ vars.PLAN_ROLE_ARN }}  # a read-only role trusting this repository's OIDC subject
          aws-region: \${{ vars.AWS_REGION }}
      - run: terraform init -input=false
      - run: terraform plan -input=false -lock=false -out=tfplan
      - run: terraform show -json tfplan > plan.json`,
  pulumi: `      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: \${{ vars.PLAN_ROLE_ARN }}  # a read-only role trusting this repository's OIDC subject
          aws-region: \${{ vars.AWS_REGION }}
      - uses: pulumi/actions@v6
        with:
          command: preview
          stack-name: \${{ vars.PULUMI_STACK }}
          json: true
          save-output: plan.json`,
  cdktf: `      - uses: hashicorp/setup-terraform@v3
        with:
          terraform_wrapper: false
      - run: npm ci && npx cdktf synth`,
};

export function starterWorkflow(tool: InitOptions["tool"]): string {
  const plan = tool === "cdktf" ? "cdktf.out" : "plan.json";
  const tfDir = tool === "terraform" ? "\n          tf-dir: .  # reads lifecycle { prevent_destroy } from the sources" : "";
  const idToken = tool === "cdktf" ? "" : "\n      id-token: write         # OIDC for the read-only plan role (no stored cloud keys)";
  return `# policy-check: blocks IaC changes that can destroy data until a human approves them.
# Runs on every pull request, and again when a review is submitted or dismissed (the approval gate
# re-evaluates on the same head commit). Require the \`policy-check\` check on the default branch.
name: policy-check

on:
  pull_request:
  pull_request_review:
    types: [submitted, dismissed]

# least privilege: nothing at the workflow level, the job grants what it uses
permissions: {}

concurrency:
  group: policy-check-\${{ github.event.pull_request.number }}
  cancel-in-progress: true

jobs:
  policy-check:
    runs-on: ubuntu-latest
    permissions:
      contents: read          # checkout
      pull-requests: write    # the PR comment (and reading reviews for the approval gate)
      checks: write           # the check run to require${idToken}
      security-events: write  # the SARIF upload (drop it with the upload step if you do not use code scanning)
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
${PLAN_STEPS[tool]}
      - id: policy
        uses: policy-check/policy-check@v1
        with:
          plan: ${plan}${tfDir}
          config: .policy-check.yml
          check-name: policy-check
          approvers: \${{ vars.POLICY_CHECK_APPROVERS }}
      - if: always() && steps.policy.outputs.sarif-file != ''
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: \${{ steps.policy.outputs.sarif-file }}
          category: policy-check
`;
}

export function runInit(opts: InitOptions, out: (s: string) => void): number {
  const files: [string, string][] = [
    [join(opts.dir, ".policy-check.yml"), STARTER_CONFIG],
    [join(opts.dir, ".github", "workflows", "policy-check.yml"), starterWorkflow(opts.tool)],
  ];
  const existing = files.filter(([p]) => existsSync(p));
  if (existing.length > 0 && !opts.force) {
    throw new UsageError(`${existing.map(([p]) => relative(process.cwd(), p) || p).join(", ")} already exist${existing.length === 1 ? "s" : ""}: use --force to overwrite`);
  }
  for (const [p, text] of files) {
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    out(`wrote ${relative(process.cwd(), p) || p}\n`);
  }
  const vars = opts.tool === "cdktf" ? "POLICY_CHECK_APPROVERS" : opts.tool === "pulumi" ? "POLICY_CHECK_APPROVERS, PLAN_ROLE_ARN, AWS_REGION and PULUMI_STACK" : "POLICY_CHECK_APPROVERS, PLAN_ROLE_ARN and AWS_REGION";
  out(`next: set the repository variables ${vars} (approvers: users or org/team slugs), then require the 'policy-check' check on your default branch\n`);
  return 0;
}
