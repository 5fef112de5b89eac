// Builtins: crypto family (OPA's crypto.go): digests and HMACs of a string's UTF-8 bytes, as
// lowercase hex; and the io.jwt family (OPA's tokens.go, see go-jwt.ts): decode, verify with a
// secret / certificate / public key / JWK(S), decode_verify with constraints, encode_sign.
// X.509 parsing (crypto.x509.*) and crypto.parse_private_keys are not offered.

import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { decodeJWT, decodeVerify, encodeSign, verifyHS, verifyWithKeys } from "./go-jwt.js";
import { goJSONMarshal } from "./go-json.js";
import { type BuiltinDef, obj, str } from "./registry.js";

const utf8 = (s: string): Buffer => Buffer.from(s, "utf8");

const digest = (name: string, algorithm: string): BuiltinDef => ({
  name,
  arity: 1,
  fn: (args) => createHash(algorithm).update(utf8(str(args, 0))).digest("hex"),
});

const hmac = (name: string, algorithm: string): BuiltinDef => ({
  name,
  arity: 2,
  fn: (args) => {
    const message = str(args, 0);
    const key = str(args, 1);
    return createHmac(algorithm, utf8(key)).update(utf8(message)).digest("hex");
  },
});

const verifyHSDef = (alg: "HS256" | "HS384" | "HS512"): BuiltinDef => ({
  name: `io.jwt.verify_${alg.toLowerCase()}`,
  arity: 2,
  fn: (args) => verifyHS(args[0]!, args[1]!, alg),
});

const verifyKeyDef = (alg: string): BuiltinDef => ({
  name: `io.jwt.verify_${alg.toLowerCase()}`,
  arity: 2,
  fn: (args) => verifyWithKeys(args[0]!, args[1]!, alg),
});

export const builtins: BuiltinDef[] = [
  digest("crypto.md5", "md5"),
  digest("crypto.sha1", "sha1"),
  digest("crypto.sha256", "sha256"),
  hmac("crypto.hmac.md5", "md5"),
  hmac("crypto.hmac.sha1", "sha1"),
  hmac("crypto.hmac.sha256", "sha256"),
  hmac("crypto.hmac.sha512", "sha512"),
  {
    name: "crypto.hmac.equal",
    arity: 2,
    fn: (args) => {
      const a = utf8(str(args, 0));
      const b = utf8(str(args, 1));
      // hmac.Equal: constant time for equal lengths; different lengths are simply unequal
      return a.length === b.length && timingSafeEqual(a, b);
    },
  },

  { name: "io.jwt.decode", arity: 1, fn: (args) => decodeJWT(args[0]!) },
  verifyHSDef("HS256"),
  verifyHSDef("HS384"),
  verifyHSDef("HS512"),
  ...["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"].map(verifyKeyDef),
  {
    name: "io.jwt.decode_verify",
    arity: 2,
    nondeterministic: true,
    fn: (args, ctx) => decodeVerify(args[0]!, obj(args, 1), ctx.nowNs),
  },
  {
    name: "io.jwt.encode_sign",
    arity: 3,
    nondeterministic: true,
    fn: (args) => encodeSign(goJSONMarshal(args[0]!), goJSONMarshal(args[1]!), goJSONMarshal(args[2]!)),
  },
  {
    name: "io.jwt.encode_sign_raw",
    arity: 3,
    nondeterministic: true,
    fn: (args) => {
      const key = str(args, 2);
      return encodeSign(str(args, 0), str(args, 1), key);
    },
  },
];
