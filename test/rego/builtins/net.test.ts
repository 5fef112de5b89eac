import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTINS } from "../../../src/rego/builtins/index.js";
import { type Value, RSet, fromJSON, toJSONText } from "../../../src/rego/value.js";
import { callValue as call, failValue as fail, testCtx } from "./ctx.js";

/** A set result as sorted JSON. */
const json = (v: Value | undefined) => toJSONText(v!);

test("net.cidr_contains (compliance netcidrcontains)", () => {
  assert.equal(call("net.cidr_contains", "10.0.0.0/8", "10.1.0.0/24"), true);
  assert.equal(call("net.cidr_contains", "2001:4860:4860::8888/32", "2001:4860:4860:1234::8888/40"), true);
  assert.equal(call("net.cidr_contains", "2001:4860:4860::8888/32", "2001:4860:4860:1234:5678:1234:5678:8888/128"), true);
  assert.equal(call("net.cidr_contains", "10.0.0.0/8", "10.1.2.3"), true);
  assert.equal(call("net.cidr_contains", "10.0.0.0/8", "11.1.2.3"), false);
  assert.equal(call("net.cidr_contains", "10.0.0.0/8", "10.0.0.0/7"), false);
  assert.equal(call("net.cidr_contains", "10.0.0.0/8", "10.255.255.255/32"), true);
  assert.equal(call("net.cidr_contains", "10.0.0.0/8", "::ffff:10.1.2.3"), true);
  assert.equal(call("net.cidr_contains", "10.0.0.0/8", "::1"), false);
  assert.equal(call("net.cidr_contains", "::/0", "10.1.2.3"), false); // IPv4 is not in an IPv6 network
  assert.equal(call("net.cidr_contains", "0.0.0.0/0", "255.255.255.255"), true);
  assert.equal(call("net.cidr_contains", "127.0.0.1/24", "127.0.0.64/26"), true);
  assert.deepEqual(fail("net.cidr_contains", "not-a-cidr", "192.168.1.67"), ["eval_builtin_error", "invalid CIDR address: not-a-cidr"]);
  assert.deepEqual(fail("net.cidr_contains", "192.168.1.67", "192.168.1.67"), ["eval_builtin_error", "invalid CIDR address: 192.168.1.67"]);
  assert.deepEqual(fail("net.cidr_contains", "192.168.1.0/28", "not-a-cidr"), [
    "eval_builtin_error", "not a valid textual representation of an IP address or CIDR: not-a-cidr",
  ]);
  // OPA reports both operands as operand 1
  assert.deepEqual(fail("net.cidr_contains", 1, "1.2.3.4"), ["eval_type_error", "operand 1 must be string but got number"]);
  assert.deepEqual(fail("net.cidr_contains", "1.0.0.0/8", 1), ["eval_type_error", "operand 1 must be string but got number"]);
});

test("net.cidr_intersects", () => {
  assert.equal(call("net.cidr_intersects", "192.168.0.0/16", "192.168.1.0/24"), true);
  assert.equal(call("net.cidr_intersects", "192.168.1.0/24", "192.168.0.0/16"), true);
  assert.equal(call("net.cidr_intersects", "10.0.0.0/16", "10.1.0.0/16"), false);
  assert.equal(call("net.cidr_intersects", "fd1e:5bfe:8af3:9ddc::/64", "fd1e:5bfe:8af3:9ddc:1111::/72"), true);
  assert.equal(call("net.cidr_intersects", "10.0.0.0/8", "::/0"), false);
  assert.deepEqual(fail("net.cidr_intersects", "10.0.0.0/8", "10.0.0.1"), ["eval_builtin_error", "invalid CIDR address: 10.0.0.1"]);
  assert.deepEqual(fail("net.cidr_intersects", "10.0.0.0/8", 1), ["eval_type_error", "operand 1 must be string but got number"]);
});

test("net.cidr_is_valid (v0 compliance netcidrisvalid) and Go's strict address syntax", () => {
  const valid = ["192.168.1.0/24", "2002::1234:abcd:ffff:c0a8:101/64", "192.168.0.0/30", "::/0", "0.0.0.0/0",
    "1.2.3.4/024", "1:2:3:4:5:6:7:8/64", "::ffff:1.2.3.4/120", "1:2:3:4:5:6:1.2.3.4/100", "::1.2.3.4/128",
    "ABCD:EF01::/32", "1::/128"];
  const invalid = ["", "there goes a string", "192.168.1.2", "192.168.0.500/30", "192.168.01.0/24", "::1/129",
    "1.2.3.4/33", "fe80::1%eth0/64", "1:2:3:4:5:6:7:8:9/64", "1::2::3/64", "1:2:3:4:5:1.2.3.4/100", "12345::/16",
    "/24", "1.2.3.4/", "1.2.3.4/-1", "1.2.3.4/ 8", "1.2.3/8", "1.2.3.4.5/8", "1..2.3/8", "1:2:3:4:5:6:7::8/64",
    ":1::/64", "1::/1a", "1.2.3.4/8/8", "0x1.2.3.4/8"];
  for (const s of valid) assert.equal(call("net.cidr_is_valid", s), true, s);
  for (const s of invalid) assert.equal(call("net.cidr_is_valid", s), false, s);
  assert.equal(call("net.cidr_is_valid", 1), false);
});

test("net.cidr_expand (compliance netcidrexpand)", () => {
  assert.equal(json(call("net.cidr_expand", "192.168.1.1/30")), '["192.168.1.0","192.168.1.1","192.168.1.2","192.168.1.3"]');
  assert.deepEqual(fail("net.cidr_expand", "192.168.1.1/33"), ["eval_builtin_error", "invalid CIDR address: 192.168.1.1/33"]);
  assert.equal(json(call("net.cidr_expand", "1.1.0.0/32")), '["1.1.0.0"]');
  assert.equal(json(call("net.cidr_expand", "2002::1234:abcd:ffff:c0a8:101/128")), '["2002::1234:abcd:ffff:c0a8:101"]');
  assert.equal(json(call("net.cidr_expand", "2002::1234:abcd:ffff:c0a8:101/127")), '["2002::1234:abcd:ffff:c0a8:100","2002::1234:abcd:ffff:c0a8:101"]');
  assert.equal(json(call("net.cidr_expand", "255.255.255.254/31")), '["255.255.255.254","255.255.255.255"]');
  // IPv4-mapped IPv6 networks print their addresses as IPv4, as Go does
  assert.equal(json(call("net.cidr_expand", "::ffff:1.2.3.0/126")), '["1.2.3.0","1.2.3.1","1.2.3.2","1.2.3.3"]');
  assert.equal(json(call("net.cidr_expand", "::/127")), '["::","::1"]');
  assert.equal((call("net.cidr_expand", "10.0.0.0/16") as RSet).size, 65536);
  assert.deepEqual(fail("net.cidr_expand", 1), ["eval_type_error", "operand 1 must be string but got number"]);
});

test("net.cidr_expand: huge networks are charged before expanding", () => {
  const budget = testCtx({
    charge: (n) => {
      if (n > 1_000_000) throw new Error("budget exhausted");
    },
  });
  const expand = BUILTINS.get("net.cidr_expand")!;
  assert.throws(() => expand.fn(["1.0.0.0/1"], budget), /budget exhausted/);
  assert.throws(() => expand.fn(["0.0.0.0/0"], budget), /budget exhausted/);
  assert.throws(() => expand.fn(["2001:db8::/32"], budget), /budget exhausted/);
  assert.throws(() => expand.fn(["::/0"], budget), /budget exhausted/);
  assert.throws(() => expand.fn(["::ffff:0:0/96"], budget), /budget exhausted/);
});

test("net.cidr_merge", () => {
  const merge = (xs: Value) => json(call("net.cidr_merge", xs));
  assert.equal(merge(["192.0.128.0/24", "192.0.129.0/24"]), '["192.0.128.0/23"]');
  assert.equal(merge(["2001:0db8::/32", "2001:0db9::/32"]), '["2001:db8::/31"]');
  assert.equal(merge(["1900::1/96", "1900::20/64"]), '["1900::/64"]');
  assert.equal(merge(["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/23"]), '["10.0.0.0/22"]');
  assert.equal(merge(["1.1.1.0/24", "1.1.3.0/24", "1.1.2.0/25"]), '["1.1.1.0/24","1.1.2.0/25","1.1.3.0/24"]');
  assert.equal(merge(["10.0.0.5/30", "10.0.0.8/29"]), '["10.0.0.4/30","10.0.0.8/29"]');
  assert.equal(merge(["10.0.0.0/8", "10.1.0.0/16", "10.1.0.0/16"]), '["10.0.0.0/8"]');
  assert.equal(merge(["0.0.0.0/0", "::/0"]), '["::/0"]');
  assert.equal(merge(["0.0.0.0/1", "128.0.0.0/1"]), '["0.0.0.0/0"]');
  assert.equal(merge(["10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/32"]), '["10.0.0.1/32","10.0.0.2/31","10.0.0.4/32"]');
  assert.equal(merge(["10.0.0.1/32", "10.0.0.2/32"]), '["10.0.0.1/32","10.0.0.2/32"]');
  assert.equal(merge(["10.0.0.0/32", "10.0.0.1/32", "10.0.0.2/32"]), '["10.0.0.0/31","10.0.0.2/32"]');
  assert.equal(merge(["::/128", "::1/128"]), '["::/127"]');
  assert.equal(merge(["10.0.0.0/8", "2001:db8::/32"]), '["10.0.0.0/8","2001:db8::/32"]');
  // a network that merged with nothing is printed as given; a bare IPv4 address is its
  // classful network (OPA's net.IP.DefaultMask), printed with the address unmasked
  assert.equal(merge(["192.168.1.1"]), '["192.168.1.1/24"]');
  assert.equal(merge(["192.168.1.1", "192.168.1.1"]), '["192.168.1.0/24"]');
  assert.equal(merge(["10.1.2.3", "172.16.1.1"]), '["10.1.2.3/8","172.16.1.1/16"]');
  assert.equal(merge([]), "[]");
  assert.equal(json(call("net.cidr_merge", RSet.of(["192.0.129.0/24", "192.0.128.0/24"]))), '["192.0.128.0/23"]');
  assert.deepEqual(fail("net.cidr_merge", ["2001:db8::1"]), ["eval_builtin_error", "IPv6 invalid: needs prefix length"]);
  assert.deepEqual(fail("net.cidr_merge", [1]), ["eval_builtin_error", "element must be string"]);
  assert.deepEqual(fail("net.cidr_merge", ["x"]), ["eval_builtin_error", "invalid CIDR address: x"]);
  assert.deepEqual(fail("net.cidr_merge", "10.0.0.0/8"), ["eval_builtin_error", "operand must be an array"]);
});

test("net.cidr_contains_matches (OPA's documented examples)", () => {
  const m = (a: unknown, b: unknown) => json(call("net.cidr_contains_matches", fromJSON(a), fromJSON(b)));
  assert.equal(m("1.1.1.0/24", "1.1.1.128"), '[["1.1.1.0/24","1.1.1.128"]]');
  assert.equal(m(["1.1.1.0/24", "1.1.2.0/24"], "1.1.1.128"), '[[0,"1.1.1.128"]]');
  assert.equal(m([["1.1.0.0/16", "foo"], "1.1.2.0/24"], ["1.1.1.128", ["1.1.254.254", "bar"]]), "[[0,0],[0,1]]");
  assert.equal(m([["1.1.2.0/24", "foo", 1], "1.1.0.0/16"], { x: "1.1.1.128", y: ["1.1.254.254", "bar"] }), '[[1,"x"],[1,"y"]]');
  assert.equal(m([["1.1.0.0/16", "foo", 1], "1.1.2.0/24"], { x: "1.1.1.128", y: ["1.1.254.254", "bar"] }), '[[0,"x"],[0,"y"]]');
  assert.equal(
    json(call("net.cidr_contains_matches", RSet.of([fromJSON(["1.1.0.0/16", "foo", 1]), "1.1.2.0/24"]), fromJSON({ x: "1.1.1.128", y: ["1.1.254.254", "bar"] }))),
    '[[["1.1.0.0/16","foo",1],"x"],[["1.1.0.0/16","foo",1],"y"]]',
  );
  assert.equal(
    json(call("net.cidr_contains_matches", RSet.of([fromJSON(["1.1.2.0/24", "foo", 1]), "1.1.0.0/16"]), fromJSON({ x: "1.1.1.128", y: ["1.1.254.254", "bar"] }))),
    '[["1.1.0.0/16","x"],["1.1.0.0/16","y"]]',
  );
  assert.equal(m({ k: "10.0.0.0/8" }, ["10.1.0.0/16", "11.0.0.0/8", "10.0.0.1"]), '[["k",0],["k",2]]');
  assert.equal(m([], ["not-a-cidr"]), "[]");
  assert.deepEqual(fail("net.cidr_contains_matches", fromJSON(["1.1.0.0/16", []]), "1.1.1.1"), [
    "eval_builtin_error", "operand 1: element must be string or non-empty array",
  ]);
  assert.deepEqual(fail("net.cidr_contains_matches", "1.1.0.0/16", fromJSON([1])), [
    "eval_builtin_error", "operand 2: element must be string or non-empty array",
  ]);
  assert.deepEqual(fail("net.cidr_contains_matches", fromJSON([[1]]), "1.1.1.1"), ["eval_type_error", "operand 1 must be string but got number"]);
  assert.deepEqual(fail("net.cidr_contains_matches", "x", "1.1.1.1"), ["eval_builtin_error", "invalid CIDR address: x"]);
});
