// Attribute names that say they hold secrets: redacted by name where an input does not mark its
// sensitive values (pre-0.15 plans, raw states, CDKTF synth output, Pulumi inputs).

import { test } from "node:test";
import assert from "node:assert/strict";
import { isSecretName } from "../../src/load/terraform/sensitive.js";

test("isSecretName: attribute names that say they hold secrets, the same on every call", () => {
  const secret = ["password", "db_password", "master_password", "secret_key", "api_key", "token", "auth_token", "private_key_pem", "client_secret", "access_key", "kubeconfig_raw", "password_v2"];
  const plain = ["name", "manage_master_user_password_rotation", "token_type_hint", "passwords_allowed", "tokenizer", "key_name", "secretary", ""];
  // asked twice: the second answer comes from the memo and must not differ
  for (let round = 0; round < 2; round++) {
    for (const n of secret) assert.equal(isSecretName(n), true, `${n} (round ${round})`);
    for (const n of plain) assert.equal(isSecretName(n), false, `${n} (round ${round})`);
  }
  // names too long to be remembered are still answered
  assert.equal(isSecretName("x".repeat(200) + "_password"), true);
  assert.equal(isSecretName("x".repeat(200)), false);
});
