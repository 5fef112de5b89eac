// Region and account from ARNs: the indexOf parser against the plain reading of the format
// (split on ":", region the 4th field, account the 5th when it is 12 digits).

import { test } from "node:test";
import assert from "node:assert/strict";
import { parseArn } from "../../src/load/terraform/resource-facts.js";

function bySplit(s: string): { region: string | null; account: string | null } | null {
  if (!s.startsWith("arn:")) return null;
  const parts = s.split(":");
  if (parts.length < 6) return null;
  return { region: parts[3] || null, account: /^\d{12}$/.test(parts[4]!) ? parts[4]! : null };
}

test("parseArn reads region and account as the ARN format defines them", () => {
  const cases = [
    "arn:aws:s3:::bucket",
    "arn:aws:iam::123456789012:role/x",
    "arn:aws:rds:eu-west-1:123456789012:db:main",
    "arn:aws-us-gov:ec2:us-gov-west-1:12345678901:volume/vol-1",
    "arn:aws:ec2:eu-west-1:1234567890123:volume/vol-1",
    "arn:aws:ec2:eu-west-1:12345678901a:volume/vol-1",
    "arn:aws:ec2:eu-west-1:123456789012",
    "arn:aws:ec2",
    "arn:",
    "arn:::::",
    "arn:aws:backup:us-east-1:123456789012:backup-vault:a:b:c",
    "not-an-arn:aws:s3:::x",
  ];
  for (const c of cases) assert.deepEqual(parseArn(c), bySplit(c), c);
  assert.equal(parseArn("(known after apply)"), null);
  assert.equal(parseArn(42), null);
});
