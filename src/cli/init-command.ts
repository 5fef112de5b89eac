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

const PLAN_STEPS: Record<InitOptions["tool"], string> = {
  terraform: `      - uses: hashicorp/setup-terraform@v3
        with:
          terraform_wrapper: false
      - run: terraform init -input=false
      - run: terraform plan -input=false -out plan.out
      - run: terraform show -json plan.out > plan.json`,
  pulumi: `      - uses: pulumi/actions@v6
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
  return `# policy-check: blocks IaC changes that can destroy data until a human approves them.
name: policy-check
on:
  pull_request:
  pull_request_review:
    types: [submitted, dismissed]

# least privilege: read the code, write the comment and the check run, upload SARIF
permissions:
  contents: read
  pull-requests: write
  checks: write
  security-events: write

jobs:
  policy-check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
${PLAN_STEPS[tool]}
      - id: policy
        uses: policy-check/policy-check@v1
        with:
          plan: ${plan}
          config: .policy-check.yml
          approvers: \${{ vars.POLICY_CHECK_APPROVERS }}
      - if: always() && steps.policy.outputs.sarif-file != ''
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: \${{ steps.policy.outputs.sarif-file }}
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
  out("next: set the repository variable POLICY_CHECK_APPROVERS (users or org/team slugs) and require the 'policy-check' check on your default branch\n");
  return 0;
}
