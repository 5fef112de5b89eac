// Exception resource globs: `*` any run of characters (dots, brackets and quotes included), `?`
// one character, everything else literal, and always the whole address.

import { test } from "node:test";
import assert from "node:assert/strict";
import { addressGlob, matchesAddress } from "../../src/decide/address-glob.js";

const DB = 'module.db["eu"].aws_db_instance.main[0]';

test("an address written as it appears matches itself, including module keys and indexes", () => {
  for (const a of [DB, "aws_ebs_volume.data", 'aws_s3_bucket.logs["a.b"]', "module.a.module.b.aws_kms_key.k[12]", 'tokens["ORDERS_OPS_AWS_KEY"]']) {
    assert.ok(matchesAddress(a, a), a);
  }
});

test("* matches any run of characters, across dots, brackets and quotes", () => {
  assert.ok(matchesAddress('module.db["eu"].aws_db_instance.main[*]', DB));
  assert.ok(matchesAddress('module.db["*"].aws_db_instance.main[0]', DB));
  assert.ok(matchesAddress("module.db*", DB));
  assert.ok(matchesAddress("*.aws_db_instance.*", DB));
  assert.ok(matchesAddress("*aws_db_instance.main*", DB));
  assert.ok(matchesAddress("*", DB));
  assert.ok(matchesAddress("*", ""));
  assert.ok(matchesAddress('module.legacy["eu"].aws_ebs_volume.scratch[*]', 'module.legacy["eu"].aws_ebs_volume.scratch["nightly-1"]'));
});

test("? matches exactly one character", () => {
  assert.ok(matchesAddress("module.db[?eu?].aws_db_instance.main[?]", DB));
  assert.ok(!matchesAddress("aws_db_instance.main[?]", "aws_db_instance.main[10]"));
  assert.ok(matchesAddress("aws_db_instance.main[??]", "aws_db_instance.main[10]"));
});

test("globs match the full address, never a part of it", () => {
  assert.ok(!matchesAddress("aws_db_instance.main", DB), "a root address does not match the same resource in a module");
  assert.ok(!matchesAddress("aws_db_instance.main[*]", DB));
  assert.ok(!matchesAddress('module.db["eu"].aws_db_instance.main', DB), "without the index it is another address");
  assert.ok(!matchesAddress("aws_ebs_volume.data", "aws_ebs_volume.data_old"));
  assert.ok(!matchesAddress("aws_ebs_volume.data", "old_aws_ebs_volume.data"));
  assert.ok(!matchesAddress('module.db["us"].aws_db_instance.main[*]', DB));
  assert.ok(!matchesAddress("aws_db_instance.main[0]", "aws_db_instance.main[0]\n"));
});

test("regular-expression characters in a pattern are literal", () => {
  assert.ok(!matchesAddress("aws_ebs_volume.dat.", "aws_ebs_volume.data"), ". is not any character");
  assert.ok(!matchesAddress("aws_ebs_volume.data[0|1]", "aws_ebs_volume.data[0]"));
  assert.ok(!matchesAddress("aws_ebs_volume.data[01]", "aws_ebs_volume.data[0]"), "brackets are not a character class");
  assert.ok(matchesAddress("a+b(c)^$|{1}\\", "a+b(c)^$|{1}\\"));
  assert.ok(!matchesAddress("a+b", "aab"));
  assert.ok(!matchesAddress("x{2}", "xx"));
});

test("* spans newlines too (addresses from hostile input cannot slip past a broad exception)", () => {
  assert.ok(matchesAddress("aws_s3_bucket.*", 'aws_s3_bucket.b["a\nb"]'));
  assert.ok(addressGlob("*").test("\n"));
});
