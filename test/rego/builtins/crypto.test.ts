import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac, generateKeyPairSync } from "node:crypto";
import { BUILTINS } from "../../../src/rego/builtins/index.js";
import { parseValue, toJSONText } from "../../../src/rego/index.js";
import { type Value, equal, fromJSON } from "../../../src/rego/value.js";
import { testCtx, builtinError } from "./ctx.js";

const ctx = testCtx();
const call = (name: string, ...args: Value[]): Value | undefined => BUILTINS.get(name)!.fn(args, ctx) as Value | undefined;

function fail(name: string, ...args: Value[]): [string, string] {
  return builtinError(() => call(name, ...args), `${name} did not fail`);
}

test("digests: hex of the UTF-8 bytes", () => {
  assert.equal(call("crypto.md5", ""), "d41d8cd98f00b204e9800998ecf8427e");
  assert.equal(call("crypto.md5", "abc"), "900150983cd24fb0d6963f7d28e17f72");
  assert.equal(call("crypto.sha1", "abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  assert.equal(call("crypto.sha256", "abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // non-ASCII text is hashed as UTF-8 (c3 a9)
  assert.equal(call("crypto.sha256", "é"), "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
  assert.equal(call("crypto.md5", "é"), "66ddcd97cfdeabb2f6fb8a999b4bc76f");
  assert.deepEqual(fail("crypto.sha256", 1), ["eval_type_error", "operand 1 must be string but got number"]);
});

test("HMACs (RFC 2104 / RFC 4231 vectors)", () => {
  const key = "Jefe";
  const msg = "what do ya want for nothing?";
  assert.equal(call("crypto.hmac.md5", msg, key), "750c783e6ab0b503eaa86e310a5db738");
  assert.equal(call("crypto.hmac.sha1", msg, key), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  assert.equal(call("crypto.hmac.sha256", msg, key), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  assert.equal(
    call("crypto.hmac.sha512", msg, key),
    "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
  );
  assert.deepEqual(fail("crypto.hmac.sha256", "m", 1), ["eval_type_error", "operand 2 must be string but got number"]);
  assert.deepEqual(fail("crypto.hmac.sha256", 1, "k"), ["eval_type_error", "operand 1 must be string but got number"]);
});

test("crypto.hmac.equal", () => {
  const mac = call("crypto.hmac.sha256", "message", "secret") as string;
  assert.equal(call("crypto.hmac.equal", mac, mac), true);
  assert.equal(call("crypto.hmac.equal", mac, mac.slice(0, -1) + (mac.endsWith("0") ? "1" : "0")), false);
  assert.equal(call("crypto.hmac.equal", mac, mac.slice(0, -1)), false);
  assert.equal(call("crypto.hmac.equal", "", ""), true);
  assert.equal(call("crypto.hmac.equal", "é", "é"), true);
  assert.deepEqual(fail("crypto.hmac.equal", "a", null), ["eval_type_error", "operand 2 must be string but got null"]);
});

// ---------------------------------------------------------------------------------------------
// io.jwt (OPA compliance jwtbuiltins / jwtdecodeverify cases, and round trips through encode_sign)


const same = (got: Value | undefined, want: string) =>
  assert.ok(got !== undefined && equal(got, parseValue(want)), `got ${got === undefined ? "undefined" : toJSONText(got)}, want ${want}`);

const HS_TOKEN =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJuZXciOiJJIGFtIGEgdXNlciBjcmVhdGVkIGZpZWxkIiwiaXNzIjoib3BhIn0.6UmjsclVDGD9jcmX_F8RJzVgHtUZuLu2pxkF_UEQCrE";

test("io.jwt.decode (compliance jwtbuiltins)", () => {
  same(call("io.jwt.decode", HS_TOKEN), '[{"alg": "HS256", "typ": "JWT"}, {"iss": "opa", "new": "I am a user created field"}, "e949a3b1c9550c60fd8dc997fc5f112735601ed519b8bbb6a71905fd41100ab1"]');
  same(
    call("io.jwt.decode", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwIiwiaXNzIjoib3BhIiwiZXh0Ijp7ImFiYyI6IjEyMyIsImNiYSI6WzEwLCIxMCJdfX0.IIxF-uJ6i4K5Dj71xNLnUeqB9jmujl6ujTInhii1PxE"),
    '[{"alg": "HS256", "typ": "JWT"}, {"ext": {"abc": "123", "cba": [10, "10"]}, "iss": "opa", "sub": "0"}, "208c45fae27a8b82b90e3ef5c4d2e751ea81f639ae8e5eae8d32278628b53f11"]',
  );
  // nested (cty JWT), twice
  same(
    call(
      "io.jwt.decode",
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImN0eSI6IkpXVCJ9.ImV5SmhiR2NpT2lKSVV6STFOaUlzSW5SNWNDSTZJa3BYVkNJc0ltTjBlU0k2SWtwWFZDSjkuSW1WNVNtaGlSMk5wVDJsS1NWVjZTVEZPYVVselNXNVNOV05EU1RaSmEzQllWa05LT1M1bGVVcDZaRmRKYVU5cFNYZEphWGRwWVZoT2VrbHFiMmxpTTBKb1NXNHdMbGh0Vm05TWIwaEpNM0I0VFhSTlQxOVhVazlPVFZOS2VrZFZSRkE1Y0VScWVUaEtjREJmZEdSU1dGa2kuOFcwcXg0bUx4c2xtWmw3d0VNVVdCeEg3dFNUM1hzRXVXWHhlc1hxRm5SSSI.U8rwnGAJ-bJoGrAYKEzNtbJQWd3x1eW0Y25nLKHDCgo",
    ),
    '[{"alg": "HS256", "typ": "JWT"}, {"iss": "opa", "sub": "0"}, "5e65682e81c8de9c4cb4c3bf59138d3122731940cff690e3cbc269d3fb5d4576"]',
  );
  assert.deepEqual(fail("io.jwt.decode", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImVuYyI6ImJsYWgifQ.eyJuZXciOiJJIGFtIGEgdXNlciBjcmVhdGVkIGZpZWxkIiwiaXNzIjoib3BhIn0.McGUb1e-UviZKy6UyQErNNQzEUgeV25Buwk7OHOa8U8"), [
    "eval_builtin_error",
    "JWT is a JWE object, which is not supported",
  ]);
  assert.deepEqual(fail("io.jwt.decode", "abc"), ["eval_builtin_error", "encoded JWT had no period separators"]);
  assert.deepEqual(fail("io.jwt.decode", "a.b"), ["eval_builtin_error", "encoded JWT must have 3 sections, found 2"]);
  assert.deepEqual(fail("io.jwt.decode", "eyJhbGciOiJIU^%zI1NiI+sInR5cCI6IkpXVCJ9.eyJzdWIiOiIwIiwiaXNzIjoib3BhIn0.XmVoLoHI3pxMtMO_WRONMSJzGUDP9pDjy8Jp0_tdRXY"), [
    "eval_builtin_error",
    "JWT header had invalid encoding: illegal base64 data at input byte 13",
  ]);
  assert.deepEqual(fail("io.jwt.decode", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwIiwia/XNzIjoib3BhIn0.XmVoLoHI3pxMtMO_WRONMSJzGUDP9pDjy8Jp0_tdRXY"), [
    "eval_builtin_error",
    "JWT payload had invalid encoding: illegal base64 data at input byte 17",
  ]);
  const b = (s: string) => Buffer.from(s).toString("base64url");
  assert.deepEqual(fail("io.jwt.decode", `${b("[1]")}.${b("{}")}.`), ["eval_builtin_error", "bad JWT header: decoded JSON type was not an Object"]);
  assert.deepEqual(fail("io.jwt.decode", `${b('{"alg":"x"}')}.${b("[]")}.`), ["eval_builtin_error", "decoded JSON type was not an Object"]);
  assert.match(fail("io.jwt.decode", `${b('{"alg":"x"}')}.${b("{")}.`)[1], /^invalid JSON: unexpected end of input/);
  assert.deepEqual(fail("io.jwt.decode", 5), ["eval_type_error", "operand 1 must be string but got number"]);
});

test("io.jwt.verify_hs256/384/512", () => {
  const b = (s: string) => Buffer.from(s).toString("base64url");
  const unsigned = `${b('{"alg":"HS256"}')}.${b('{"sub":"x"}')}`;
  for (const [alg, hash] of [["hs256", "sha256"], ["hs384", "sha384"], ["hs512", "sha512"]] as const) {
    const sig = createHmac(hash, "secret").update(unsigned).digest("base64url");
    assert.equal(call(`io.jwt.verify_${alg}`, `${unsigned}.${sig}`, "secret"), true, alg);
    assert.equal(call(`io.jwt.verify_${alg}`, `${unsigned}.${sig}`, "wrong"), false, alg);
  }
  assert.deepEqual(fail("io.jwt.verify_hs256", `${unsigned}.a`, 5), ["eval_type_error", "operand 2 must be string but got number"]);
  assert.deepEqual(fail("io.jwt.verify_hs256", 5, "s"), ["eval_type_error", "operand 1 must be string but got number"]);
  assert.deepEqual(fail("io.jwt.verify_hs256", `${unsigned}.!`, "s"), ["eval_builtin_error", "illegal base64url string: !"]);
});

test("io.jwt.decode_verify (compliance jwtdecodeverify)", () => {
  const ed =
    "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiYWRtaW4iOnRydWUsImlhdCI6MTUxNjIzOTAyMn0.JkKWCY39IdWEQttmdqR7VdsvT-_QxheW_eb0S5wr_j83ltux_JDUIXs7a3Dtn3xuqzuhetiuJrWIvy5TzimeCg";
  const edKey = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAwmK6SSAu2E9V7uynkCKEaj5nZJyTvNG4x0KohsRzLpg=\n-----END PUBLIC KEY-----\n";
  same(call("io.jwt.decode_verify", ed, fromJSON({ cert: edKey })), '[true, {"alg": "EdDSA", "typ": "JWT"}, {"admin": true, "iat": 1516239022, "name": "John Doe", "sub": "1234567890"}]');
  assert.equal(call("io.jwt.verify_eddsa", ed, edKey), true);
  assert.equal(call("io.jwt.verify_es256", ed, edKey), false); // wrong key type
  const rs =
    "eyJhbGciOiAiUlMyNTYiLCAidHlwIjogIkpXVCJ9.eyJpc3MiOiAieHh4IiwgImV4cCI6IDMwMDB9.hqDP3AzshNhUZMI02U3nLPrj93QFrgs-74XFrF1Vry2bplrz-NKpdVdfTu8iY_bhmkWf2Om5DdwRZj2ZgpGahtnshnHaRq0RyqF-m3Y7oNj6JL_YMwgxsFIIHtBlagBqDU-gZK99iqSOSGqVhvxqX6gCqFgE7vnEGHeeDedtRM53coAJuwzy8rQV9m3TewoofPdPasGv-dBLQZ3qgmnibkSgb7SmFpjXBy8zL3xJXOZhAHYlgcmcEoFVaWlBguIcWA87WZlpCLYcdYTJzSZweC3QLUhZ4RLJW84-LMKp6xWLLPrp3OgnsduB2G9PYMmYw_qCkuY1KGwfH4PvCQbAzQ";
  const cert =
    "-----BEGIN CERTIFICATE-----\nMIIC/DCCAeSgAwIBAgIJAJRvYDU3ei3EMA0GCSqGSIb3DQEBCwUAMBMxETAPBgNV\nBAMMCHdoYXRldmVyMB4XDTE4MDgxMDEwMzgxNloXDTE4MDkwOTEwMzgxNlowEzER\nMA8GA1UEAwwId2hhdGV2ZXIwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIB\nAQC4kCmzLMW/5jzkzkmN7Me8wPD+ymBUIjsGqliGfMrfFfDV2eTPVtZcYD3IXoB4\nAOUT7XJzWjOsBRFOcVKKEiCPjXiLcwLb/QWQ1x0Budft32r3+N0KQd1rgcRHTPNc\nJoeWCfOgDPp51RTzTT6HQuV4ud+CDhRJP7QMVMIgal9Nuzs49LLZaBPW8/rFsHjk\nJQ4kDujSrpcT6F2FZY3SmWsOJgP7RjVKk5BheYeFKav5ZV4p6iHn/TN4RVpvpNBh\n5z/XoHITJ6lpkHSDpbIaQUTpobU2um8N3biz+HsEAmD9Laa27WUpYSpiM6DDMSXl\ndBDJdumerVRJvXYCtfXqtl17AgMBAAGjUzBRMB0GA1UdDgQWBBRz74MkVzT2K52/\nFJC4mTa9coM/DTAfBgNVHSMEGDAWgBRz74MkVzT2K52/FJC4mTa9coM/DTAPBgNV\nHRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBCwUAA4IBAQAD1ZE4IaIAetqGG+vt9oz1\nIx0j4EPok0ONyhhmiSsF6rSv8zlNWweVf5y6Z+AoTNY1Fym0T7dbpbqIox0EdKV3\nFLzniWOjznupbnqfXwHX/g1UAZSyt3akSatVhvNpGlnd7efTIAiNinX/TkzIjhZ7\nihMIZCGykT1P0ys1OaeEf57wAzviatD4pEMTIW0OOqY8bdRGhuJR1kKUZ/2Nm8Ln\ny7E0y8uODVbH9cAwGyzWB/QFc+bffNgi9uJaPQQc5Zxwpu9utlqyzFvXgV7MBYUK\nEYSLyxp4g4e5aujtLugaC8H6n9vP1mEBr/+T8HGynBZHNTKlDhhL9qDbpkkNB6/w\n-----END CERTIFICATE-----";
  // expired at the evaluation's time (rs256-exp-now-explicit-expired)
  same(call("io.jwt.decode_verify", rs, fromJSON({ cert })), "[false, {}, {}]");
  same(call("io.jwt.decode_verify", rs, fromJSON({ cert, time: 2_999_000_000_000n })), '[true, {"alg": "RS256", "typ": "JWT"}, {"exp": 3000, "iss": "xxx"}]');
  same(call("io.jwt.decode_verify", rs, fromJSON({ cert, time: 3_000_000_000_000n })), "[false, {}, {}]");
  same(call("io.jwt.decode_verify", rs, fromJSON({ cert, time: 0, iss: "xxx" })), '[true, {"alg": "RS256", "typ": "JWT"}, {"exp": 3000, "iss": "xxx"}]');
  same(call("io.jwt.decode_verify", rs, fromJSON({ cert, time: 0, iss: "yyy" })), "[false, {}, {}]");
  same(call("io.jwt.decode_verify", rs, fromJSON({ cert, time: 0, aud: "a" })), "[false, {}, {}]");
  same(call("io.jwt.decode_verify", rs, fromJSON({ cert, time: 0, alg: "RS512" })), "[false, {}, {}]");
  assert.equal(call("io.jwt.verify_rs256", rs, cert), true);
  assert.equal(call("io.jwt.verify_ps256", rs, cert), false);
  assert.deepEqual(fail("io.jwt.decode_verify", rs, fromJSON({})), ["eval_builtin_error", "no key constraint"]);
  assert.deepEqual(fail("io.jwt.decode_verify", rs, fromJSON({ cert, secret: "s" })), ["eval_builtin_error", "duplicate key constraints"]);
  assert.deepEqual(fail("io.jwt.decode_verify", rs, fromJSON({ cert, foo: 1 })), ["eval_builtin_error", "unknown token validation constraint: foo"]);
  assert.deepEqual(fail("io.jwt.decode_verify", rs, fromJSON({ cert: 1 })), ["eval_builtin_error", "cert constraint: must be a string"]);
  assert.deepEqual(fail("io.jwt.decode_verify", rs, fromJSON({ cert, time: "x" })), ["eval_builtin_error", "token time constraint: must be a number"]);
  assert.deepEqual(fail("io.jwt.decode_verify", rs, fromJSON({ cert: "x" }))[0], "eval_builtin_error");
  assert.deepEqual(fail("io.jwt.decode_verify", rs, "x"), ["eval_type_error", "operand 2 must be object but got string"]);
  assert.equal(BUILTINS.get("io.jwt.decode_verify")!.nondeterministic, true);
});

test("io.jwt.encode_sign / encode_sign_raw round trips for every algorithm family", () => {
  const oct = { kty: "oct", k: Buffer.from("secret").toString("base64url") };
  const hs = call("io.jwt.encode_sign_raw", '{"alg":"HS256","typ":"JWT"}', '{"iss":"me"}', JSON.stringify(oct)) as string;
  assert.equal(hs, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJtZSJ9." + createHmac("sha256", "secret").update("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJtZSJ9").digest("base64url"));
  same(call("io.jwt.decode_verify", hs, fromJSON({ secret: "secret", iss: "me" })), '[true, {"alg": "HS256", "typ": "JWT"}, {"iss": "me"}]');
  same(call("io.jwt.decode_verify", hs, fromJSON({ secret: "wrong" })), "[false, {}, {}]");
  const specs = [
    ["rsa", { modulusLength: 2048 }, "RS256"],
    ["rsa", { modulusLength: 2048 }, "PS512"],
    ["ec", { namedCurve: "P-256" }, "ES256"],
    ["ec", { namedCurve: "P-384" }, "ES384"],
    ["ed25519", {}, "EdDSA"],
  ] as const;
  for (const [type, opts, alg] of specs) {
    const { privateKey, publicKey } = generateKeyPairSync(type as "rsa", opts as { modulusLength: number });
    const jwk = fromJSON(privateKey.export({ format: "jwk" }));
    const token = call("io.jwt.encode_sign", fromJSON({ alg, typ: "JWT" }), fromJSON({ sub: "x" }), jwk) as string;
    const pem = publicKey.export({ format: "pem", type: "spki" }) as string;
    assert.equal(call(`io.jwt.verify_${alg.toLowerCase()}`, token, pem), true, alg);
    same(call("io.jwt.decode_verify", token, fromJSON({ cert: pem })), `[true, {"alg": "${alg}", "typ": "JWT"}, {"sub": "x"}]`);
    const jwks = JSON.stringify({ keys: [{ ...publicKey.export({ format: "jwk" }), kid: "k1", alg }] });
    same(call("io.jwt.decode_verify", token, fromJSON({ cert: jwks })), `[true, {"alg": "${alg}", "typ": "JWT"}, {"sub": "x"}]`);
  }
  assert.deepEqual(fail("io.jwt.encode_sign_raw", '{"alg":"none"}', "{}", JSON.stringify(oct)), ["eval_builtin_error", "unknown JWS algorithm: none"]);
  assert.deepEqual(fail("io.jwt.encode_sign_raw", '{"alg":"HS256"}', "not json", JSON.stringify(oct)), ["eval_builtin_error", "type is JWT but payload is not JSON"]);
  assert.deepEqual(fail("io.jwt.encode_sign_raw", '{"alg":"HS256"}', "{}", JSON.stringify({ keys: [] })), ["eval_builtin_error", "no keys found in JWK set"]);
  assert.deepEqual(fail("io.jwt.encode_sign_raw", '{"alg":"HS256"}', "{}", 5), ["eval_type_error", "operand 3 must be string but got number"]);
});
