import { test } from "node:test";
import assert from "node:assert/strict";
import type { Value } from "../../../src/rego/value.js";
import { callValue as call, failValue as fail } from "./ctx.js";

test("semver.is_valid (compliance semverisvalid-strict, regorus semver/is_valid)", () => {
  const valid = ["0.0.0", "1.2.3-0", "1.2.3-0a", "1.2.3+01", "1.9.10", "1.8.15", "1.1.12-rc1+foo",
    "1.0.0-alpha.beta.1", "1.0.0-x-y-z.--", "1.0.0+21AF26D3----117B344092BD", "9223372036854775807.0.0"];
  const invalid = ["01.2.3", "1.02.3", "1.2.03", "1.2.3-01", "1.2.3-alpha.01", "1.2.3-", "1.2.3+", "1.1", "1",
    "v1.2.3", "1.2.3.4", "1.2.3-a..b", "1.2.3+a..b", "1.2.3-é", " 1.2.3", "1.2.3\n", "", "-1.2.3", "1.2.3-+",
    "9223372036854775808.0.0"];
  for (const v of valid) assert.equal(call("semver.is_valid", v), true, v);
  for (const v of invalid) assert.equal(call("semver.is_valid", v), false, v);
  // not a string: false, not an error
  for (const v of [1, null, ["1.0.0"]] as Value[]) assert.equal(call("semver.is_valid", v), false);
});

test("semver.compare (compliance semvercompare, regorus semver/compare)", () => {
  assert.equal(call("semver.compare", "1.0.0", "2.0.0"), -1);
  assert.equal(call("semver.compare", "2.0.0", "1.0.0"), 1);
  assert.equal(call("semver.compare", "1.2.3-0", "1.2.3-1"), -1);
  assert.equal(call("semver.compare", "1.2.3+01", "1.2.3+2"), 0); // build metadata is ignored
  const vers = ["1.9.10", "1.8.15"];
  assert.deepEqual(vers.flatMap((a) => vers.map((b) => call("semver.compare", a, b))), [0, 1, -1, 0]);
  // SemVer 2.0.0 precedence: 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta <
  // 1.0.0-beta.2 < 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0
  const order = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
    "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", "10.0.0"];
  for (let i = 0; i < order.length; i++) {
    for (let j = 0; j < order.length; j++) {
      assert.equal(call("semver.compare", order[i]!, order[j]!), Math.sign(i - j), `${order[i]} vs ${order[j]}`);
    }
  }
  assert.equal(call("semver.compare", "1.0.0-99999999999999999999999", "1.0.0-100000000000000000000000"), -1);
  assert.equal(call("semver.compare", "1.0.0-a-", "1.0.0-a"), 1); // ASCII order
});

test("semver.compare: errors", () => {
  const notValid = (op: number, s: string) => ["eval_builtin_error", `operand ${op}: string ${s} is not a valid SemVer`];
  assert.deepEqual(fail("semver.compare", "1", "1.0.0"), notValid(1, '"1"'));
  assert.deepEqual(fail("semver.compare", "1.02.3", "1.2.3"), notValid(1, '"1.02.3"'));
  assert.deepEqual(fail("semver.compare", "1.2.3", "1.2.3-01"), notValid(2, '"1.2.3-01"'));
  assert.deepEqual(fail("semver.compare", "1.2.3-", "1.2.3"), notValid(1, '"1.2.3-"'));
  assert.deepEqual(fail("semver.compare", "v1.0.0", "1.0.0"), notValid(1, '"v1.0.0"'));
  // the version is quoted as Go's strconv.Quote does
  assert.deepEqual(fail("semver.compare", "1.0.0", 'x"\n\u0085é\u{1F600}\u200b'), notValid(2, '"x\\"\\n\\u0085é\u{1F600}\\u200b"'));
  assert.deepEqual(fail("semver.compare", "", 1), ["eval_type_error", "operand 2 must be string but got number"]);
  assert.deepEqual(fail("semver.compare", 1, ""), ["eval_type_error", "operand 1 must be string but got number"]);
  // types are checked before versions
  assert.deepEqual(fail("semver.compare", "x", 1), ["eval_type_error", "operand 2 must be string but got number"]);
});

test("hostile input: long versions are linear", () => {
  const long = "1.2.3-" + "1".repeat(200_000) + "!";
  const t = Date.now();
  assert.equal(call("semver.is_valid", long), false);
  assert.equal(call("semver.is_valid", "1.2.3-" + "a.".repeat(100_000) + "."), false);
  assert.ok(Date.now() - t < 2000);
});
