// What the AWS managed policies that broad credentials usually get allow, so that an attachment
// of `arn:aws:iam::aws:policy/AdministratorAccess` reads as `"Action": "*"`. Summaries of the
// published policies (their Allow statements); policies not listed here are reported by ARN as
// unresolved, and the token's operations are marked unknown.

export interface ManagedPolicy {
  operations: string[];
  resources: string[];
}

const everything = (operations: string[]): ManagedPolicy => ({ operations, resources: ["*"] });

const MANAGED: Readonly<Record<string, ManagedPolicy>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, ManagedPolicy>, {
    AdministratorAccess: everything(["*"]),
    // NotAction iam:*, organizations:*, account:* -> everything else
    PowerUserAccess: everything(["*"]),
    ReadOnlyAccess: everything(["*:Describe*", "*:Get*", "*:List*"]),
    ViewOnlyAccess: everything(["*:Describe*", "*:List*"]),
    SecurityAudit: everything(["*:Describe*", "*:Get*", "*:List*"]),
    IAMFullAccess: everything(["iam:*"]),
    AmazonS3FullAccess: everything(["s3:*", "s3-object-lambda:*"]),
    AmazonS3ReadOnlyAccess: everything(["s3:Get*", "s3:List*", "s3:Describe*"]),
    AmazonEC2FullAccess: everything(["ec2:*", "elasticloadbalancing:*", "cloudwatch:*", "autoscaling:*"]),
    AmazonEC2ReadOnlyAccess: everything(["ec2:Describe*", "elasticloadbalancing:Describe*", "cloudwatch:Describe*", "autoscaling:Describe*"]),
    AmazonRDSFullAccess: everything(["rds:*", "application-autoscaling:*", "cloudwatch:*"]),
    AmazonRDSReadOnlyAccess: everything(["rds:Describe*", "rds:ListTagsForResource"]),
    AmazonDynamoDBFullAccess: everything(["dynamodb:*", "dax:*"]),
    AWSBackupFullAccess: everything(["backup:*", "backup-storage:*"]),
    AWSBackupOperatorAccess: everything(["backup:Describe*", "backup:Get*", "backup:List*", "backup:StartBackupJob", "backup:StartRestoreJob"]),
    AmazonElasticFileSystemFullAccess: everything(["elasticfilesystem:*"]),
    AWSLambda_FullAccess: everything(["lambda:*"]),
    AmazonECS_FullAccess: everything(["ecs:*"]),
    AmazonVPCFullAccess: everything(["ec2:*Vpc*", "ec2:*Subnet*", "ec2:*Route*", "ec2:*Gateway*"]),
    AWSKeyManagementServicePowerUser: everything(["kms:*"]),
    SecretsManagerReadWrite: everything(["secretsmanager:*"]),
    AmazonSSMFullAccess: everything(["ssm:*"]),
    CloudWatchFullAccess: everything(["cloudwatch:*", "logs:*"]),
    AWSCloudFormationFullAccess: everything(["cloudformation:*"]),
  }),
);

/** The summary of an AWS managed policy ARN (any partition, any path), or null when unknown. */
export function managedPolicy(arn: string): ManagedPolicy | null {
  const m = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (!m) return null;
  return Object.prototype.hasOwnProperty.call(MANAGED, m[1]!) ? MANAGED[m[1]!]! : null;
}

/** Whether an ARN names an AWS managed policy. */
export function isManagedPolicyArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);
}
