// JSON Web Tokens as OPA's tokens.go handles them (JWS compact serialization only): decoding,
// signature verification with HMAC secrets, PEM certificates / public keys and JWK(S), full
// decode-and-verify with constraints, and signing with a JWK. Cryptography is node:crypto.

import {
  type KeyObject,
  X509Certificate,
  constants,
  createHmac,
  createPrivateKey,
  createPublicKey,
  sign as cryptoSign,
  timingSafeEqual,
  verify as cryptoVerify,
} from "node:crypto";
import { isValidJSON, parseJSONValue } from "../json-text.js";
import { Float, toJS as numToJS } from "../number.js";
import { type Value, RObject, toJS, typeName } from "../value.js";
import { CodecError, base64urlDecode, fromBytes } from "./go-codec.js";
import { goJSONMarshal } from "./go-json.js";
import { BuiltinError, operandErr } from "./registry.js";

export class JWTError extends BuiltinError {}

// ---------------------------------------------------------------------------------------------
// token parts

interface Token {
  header: string;
  payload: string;
  signature: string;
}

function stringOperand(v: Value, pos: number): string {
  if (typeof v !== "string") throw operandErr(pos, `must be string but got ${typeName(v)}`);
  return v;
}

export function splitToken(v: Value): Token {
  const s = stringOperand(v, 1);
  if (!s.includes(".")) throw new JWTError("encoded JWT had no period separators");
  const parts = s.split(".");
  if (parts.length !== 3) throw new JWTError(`encoded JWT must have 3 sections, found ${parts.length}`);
  return { header: parts[0]!, payload: parts[1]!, signature: parts[2]! };
}

function decodePart(s: string, what: string): Uint8Array {
  try {
    return base64urlDecode(s);
  } catch (e) {
    if (e instanceof CodecError) throw new JWTError(what ? `JWT ${what} had invalid encoding: ${e.message}` : e.message);
    throw e;
  }
}

function jsonObject(text: string): RObject {
  let v: Value;
  try {
    v = parseJSONValue(text);
  } catch (e) {
    throw new JWTError(`invalid JSON: ${(e as Error).message}`);
  }
  if (!(v instanceof RObject)) throw new JWTError("decoded JSON type was not an Object");
  return v;
}

function decodeHeader(t: Token): RObject {
  const text = fromBytes(decodePart(t.header, "header"));
  let h: RObject;
  try {
    h = jsonObject(text);
  } catch (e) {
    throw new JWTError(`bad JWT header: ${(e as Error).message}`);
  }
  if (h.has("enc")) throw new JWTError("JWT is a JWE object, which is not supported");
  return h;
}

const decodeSignature = (t: Token): Uint8Array => decodePart(t.signature, "");

/** io.jwt.decode: [header, payload, signature as hex]. */
export function decodeJWT(v: Value, depth = 0): Value {
  if (depth > 32) throw new JWTError("JWT nested too deeply");
  const t = splitToken(v);
  const header = decodeHeader(t);
  let payload = fromBytes(decodePart(t.payload, "payload"));
  if (header.get("cty") === "JWT") {
    payload = payload.replace(/^["']+|["']+$/g, "");
    return decodeJWT(payload, depth + 1);
  }
  const p = jsonObject(payload);
  let sig: Uint8Array;
  try {
    sig = base64urlDecode(t.signature);
  } catch (e) {
    throw new JWTError(`JWT signature had invalid encoding: ${(e as Error).message}`);
  }
  return [header, p, Buffer.from(sig).toString("hex")];
}

// ---------------------------------------------------------------------------------------------
// keys

type Key = KeyObject | Buffer;

interface VerificationKey {
  key: Key;
  alg: string;
  kid: string;
}

const ALGORITHMS = new Set(["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "HS256", "HS384", "HS512", "EdDSA"]);

const PEM_BLOCK = /-----BEGIN ([^\r\n-]*)-----\r?\n[\s\S]*?-----END \1-----[^\S\n]*(?:\r?\n|$)/;

/** A JWK (RSA, EC, OKP public or private, or an "oct" secret) as a key. */
function jwkKey(jwk: RObject): Key {
  const js = { ...(toJS(jwk) as Record<string, unknown>) };
  if (js["kty"] === "oct") {
    if (typeof js["k"] !== "string") throw new Error(`invalid "k" of an oct key`);
    return Buffer.from(js["k"], "base64url");
  }
  if (js["kty"] !== "RSA" && js["kty"] !== "EC" && js["kty"] !== "OKP") throw new Error(`invalid key type: ${String(js["kty"])}`);
  return createPublicKey({ key: js as never, format: "jwk" });
}

function jwkPrivateKey(jwk: RObject): Key {
  const js = { ...(toJS(jwk) as Record<string, unknown>) };
  if (js["kty"] === "oct") {
    if (typeof js["k"] !== "string") throw new Error(`invalid "k" of an oct key`);
    return Buffer.from(js["k"], "base64url");
  }
  return createPrivateKey({ key: js as never, format: "jwk" });
}

/** The keys of a JWK or a JWK set (`{"keys": [...]}`). */
function parseJWKS(text: string, priv: boolean): { key: Key; alg: string; kid: string }[] {
  const v = jsonObject(text);
  const list = v.get("keys");
  const entries = Array.isArray(list) ? (list as readonly Value[]) : [v];
  const out: { key: Key; alg: string; kid: string }[] = [];
  for (const e of entries) {
    if (!(e instanceof RObject)) throw new Error("a JWK must be an object");
    const alg = typeof e.get("alg") === "string" ? (e.get("alg") as string) : "";
    const kid = typeof e.get("kid") === "string" ? (e.get("kid") as string) : "";
    out.push({ key: priv ? jwkPrivateKey(e) : jwkKey(e), alg, kid });
  }
  return out;
}

/** getKeysFromCertOrJWK: a PEM certificate or public key, or a JWK (set). */
export function verificationKeys(text: string): VerificationKey[] {
  const m = PEM_BLOCK.exec(text);
  if (m) {
    if (text.slice(m.index + m[0].length).length > 0) throw new JWTError("extra data after a PEM certificate block");
    if (m[1] === "CERTIFICATE") {
      try {
        return [{ key: new X509Certificate(m[0]).publicKey, alg: "", kid: "" }];
      } catch (e) {
        throw new JWTError(`failed to parse a PEM certificate: ${(e as Error).message}`);
      }
    }
    if (m[1] === "PUBLIC KEY") {
      try {
        return [{ key: createPublicKey({ key: m[0], format: "pem" }), alg: "", kid: "" }];
      } catch (e) {
        throw new JWTError(`failed to parse a PEM public key: ${(e as Error).message}`);
      }
    }
    throw new JWTError("failed to extract a Key from the PEM certificate");
  }
  let keys;
  try {
    keys = parseJWKS(text, false);
  } catch (e) {
    throw new JWTError(`failed to parse a JWK key (set): ${(e as Error).message}`);
  }
  return keys.filter((k) => k.alg === "" || ALGORITHMS.has(k.alg));
}

// ---------------------------------------------------------------------------------------------
// signatures

const HASH: Record<string, string> = { "256": "sha256", "384": "sha384", "512": "sha512" };

/** Whether `sig` is `alg`'s signature of `data` under `key` (false for a key of the wrong kind). */
export function verifySignature(alg: string, key: Key, data: Buffer, sig: Uint8Array): boolean {
  try {
    const family = alg.slice(0, 2);
    const hash = HASH[alg.slice(2)];
    if (family === "HS" && hash) {
      if (!Buffer.isBuffer(key)) return false;
      const mac = createHmac(hash, key).update(data).digest();
      return mac.length === sig.length && timingSafeEqual(mac, sig);
    }
    if (Buffer.isBuffer(key)) return false;
    const type = key.asymmetricKeyType;
    if ((family === "RS" || family === "PS") && hash) {
      if (type !== "rsa") return false;
      const padding = family === "RS" ? constants.RSA_PKCS1_PADDING : constants.RSA_PKCS1_PSS_PADDING;
      return cryptoVerify(hash, data, { key, padding, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, sig);
    }
    if (family === "ES" && hash) {
      if (type !== "ec") return false;
      return cryptoVerify(hash, data, { key, dsaEncoding: "ieee-p1363" }, sig);
    }
    if (alg === "EdDSA") {
      if (type !== "ed25519") return false;
      return cryptoVerify(null, data, key, sig);
    }
    return false;
  } catch {
    return false;
  }
}

function signWith(alg: string, key: Key, data: Buffer): Buffer {
  const family = alg.slice(0, 2);
  const hash = HASH[alg.slice(2)];
  if (family === "HS" && hash) {
    if (!Buffer.isBuffer(key)) throw new JWTError(`invalid key for ${alg}: an "oct" key is required`);
    return createHmac(hash, key).update(data).digest();
  }
  if (Buffer.isBuffer(key)) throw new JWTError(`invalid key for ${alg}: an asymmetric private key is required`);
  const type = key.asymmetricKeyType;
  try {
    if ((family === "RS" || family === "PS") && hash && type === "rsa") {
      const padding = family === "RS" ? constants.RSA_PKCS1_PADDING : constants.RSA_PKCS1_PSS_PADDING;
      return cryptoSign(hash, data, { key, padding, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
    }
    if (family === "ES" && hash && type === "ec") return cryptoSign(hash, data, { key, dsaEncoding: "ieee-p1363" });
    if (alg === "EdDSA" && type === "ed25519") return cryptoSign(null, data, key);
  } catch (e) {
    throw new JWTError(`failed to sign with ${alg}: ${(e as Error).message}`);
  }
  throw new JWTError(`invalid key for ${alg}: a ${type} key cannot sign ${alg}`);
}

// ---------------------------------------------------------------------------------------------
// io.jwt.verify_*

export function verifyHS(jwt: Value, secret: Value, alg: "HS256" | "HS384" | "HS512"): boolean {
  stringOperand(jwt, 1);
  const s = stringOperand(secret, 2);
  const t = splitToken(jwt);
  const sig = decodeSignature(t);
  return verifySignature(alg, Buffer.from(s, "utf8"), Buffer.from(`${t.header}.${t.payload}`, "utf8"), sig);
}

interface Header {
  alg: string;
  kid: string;
  cty: string;
  valid: boolean;
}

/** parseTokenHeader and its validity (alg present, no unknown critical parameter). */
function parseHeader(h: RObject): Header {
  const out: Header = { alg: "", kid: "", cty: "", valid: true };
  const unknown: string[] = [];
  let crit: Set<string> = new Set();
  for (const [k, v] of h.entries()) {
    const name = k as string;
    switch (name) {
      case "alg":
      case "kid":
      case "typ":
      case "cty":
        if (typeof v !== "string") throw new JWTError(`${name}: must be a string`);
        if (name !== "typ") out[name] = v;
        break;
      case "crit":
        if (!Array.isArray(v)) throw new JWTError("crit: must be a list");
        crit = new Set((v as readonly Value[]).filter((x): x is string => typeof x === "string"));
        if (crit.size === 0) throw new JWTError("crit: must be a nonempty list");
        break;
      default:
        unknown.push(name);
    }
  }
  out.valid = out.alg !== "" && !unknown.some((u) => crit.has(u));
  return out;
}

/** io.jwt.verify_{rs,ps,es}* and verify_eddsa. */
export function verifyWithKeys(jwt: Value, keyText: Value, alg: string): boolean {
  const t = splitToken(jwt);
  const keys = verificationKeys(stringOperand(keyText, 2));
  const sig = decodeSignature(t);
  const header = parseHeader(decodeHeader(t));
  const data = Buffer.from(`${t.header}.${t.payload}`, "utf8");
  if (header.kid !== "") {
    const k = keys.find((x) => x.kid === header.kid);
    if (k) return verifySignature(alg, k.key, data, sig);
  }
  for (const k of keys) {
    if (k.alg !== "" && k.alg !== header.alg) continue;
    if (verifySignature(alg, k.key, data, sig)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// io.jwt.decode_verify

interface Constraints {
  secret: string;
  alg: string;
  iss: string;
  aud: string;
  keys: VerificationKey[] | undefined;
  time: number;
}

function parseConstraints(o: RObject, nowNs: bigint): Constraints {
  const c: Constraints = { secret: "", alg: "", iss: "", aud: "", keys: undefined, time: -1 };
  for (const [k, v] of o.entries()) {
    const name = typeof k === "string" ? k : goJSONMarshal(k);
    switch (name) {
      case "cert":
        if (typeof v !== "string") throw new JWTError("cert constraint: must be a string");
        c.keys = verificationKeys(v);
        break;
      case "secret":
      case "alg":
      case "iss":
      case "aud":
        if (typeof v !== "string") throw new JWTError(`${name} constraint: must be a string`);
        c[name] = v;
        break;
      case "time":
        c.time = timeConstraint(v);
        break;
      default:
        throw new JWTError(`unknown token validation constraint: ${name}`);
    }
  }
  if (c.time === -1) c.time = Number(nowNs);
  const n = (c.keys !== undefined ? 1 : 0) + (c.secret !== "" ? 1 : 0);
  if (n > 1) throw new JWTError("duplicate key constraints");
  if (n < 1) throw new JWTError("no key constraint");
  return c;
}

function timeConstraint(v: Value): number {
  if (!isNumber(v)) throw new JWTError("token time constraint: must be a number");
  const t = numToJS(v);
  if (t < 0) throw new JWTError("token time constraint: must not be negative");
  return t;
}

const UNVERIFIED: Value = [false, new RObject(), new RObject()];

export function decodeVerify(jwt: Value, constraintsArg: RObject, nowNs: bigint): Value {
  const c = parseConstraints(constraintsArg, nowNs);
  let a: Value = jwt;
  let header: RObject;
  let payloadText: string;
  for (let depth = 0; ; depth++) {
    if (depth > 32) throw new JWTError("JWT nested too deeply");
    const t = splitToken(a);
    header = decodeHeader(t);
    const h = parseHeader(header);
    if (!h.valid) return UNVERIFIED;
    if (c.alg !== "" && c.alg !== h.alg) return UNVERIFIED;
    const sig = decodeSignature(t);
    const data = Buffer.from(`${t.header}.${t.payload}`, "utf8");
    let ok = false;
    if (c.keys !== undefined) {
      const byKid = h.kid !== "" ? c.keys.find((k) => k.kid === h.kid) : undefined;
      if (byKid) ok = verifySignature(h.alg, byKid.key, data, sig);
      else ok = c.keys.some((k) => (k.alg === "" || k.alg === h.alg) && verifySignature(h.alg, k.key, data, sig));
    } else {
      ok = verifySignature(h.alg, Buffer.from(c.secret, "utf8"), data, sig);
    }
    if (!ok) return UNVERIFIED;
    payloadText = fromBytes(decodePart(t.payload, "payload"));
    if (h.cty.toLowerCase() === "jwt") {
      a = payloadText;
      continue;
    }
    break;
  }
  const payload = jsonObject(payloadText);
  if (c.iss !== "" && payload.get("iss") !== c.iss) return UNVERIFIED;
  const aud = payload.get("aud");
  if (aud !== undefined) {
    const ok = typeof aud === "string" ? aud === c.aud : Array.isArray(aud) && (aud as readonly Value[]).some((x) => x === c.aud);
    if (!ok) return UNVERIFIED;
  } else if (c.aud !== "") return UNVERIFIED;
  const now = c.time / 1e9;
  const exp = payload.get("exp");
  if (exp !== undefined) {
    if (!isNumber(exp)) throw new JWTError("exp value must be a number");
    if (!(now < numToJS(exp))) return UNVERIFIED;
  }
  const nbf = payload.get("nbf");
  if (nbf !== undefined) {
    if (!isNumber(nbf)) throw new JWTError("nbf value must be a number");
    if (now < numToJS(nbf)) return UNVERIFIED;
  }
  return [true, header, payload];
}

const isNumber = (v: Value): v is number | bigint | Float => typeof v === "number" || typeof v === "bigint" || v instanceof Float;

// ---------------------------------------------------------------------------------------------
// io.jwt.encode_sign / encode_sign_raw

export function encodeSign(headers: string, payload: string, jwkText: string): string {
  let keys;
  try {
    keys = parseJWKS(jwkText, true);
  } catch (e) {
    if (e instanceof JWTError) throw e;
    throw new JWTError(`failed to parse JWK: ${(e as Error).message}`);
  }
  if (keys.length === 0) throw new JWTError("no keys found in JWK set");
  let h: RObject;
  try {
    h = jsonObject(headers);
  } catch (e) {
    throw new JWTError(`missing or invalid 'alg' header: ${(e as Error).message}`);
  }
  const alg = h.get("alg");
  if (typeof alg !== "string") throw new JWTError("missing or invalid 'alg' header: alg is not a string");
  if (!ALGORITHMS.has(alg)) throw new JWTError(`unknown JWS algorithm: ${alg}`);
  const typ = h.get("typ");
  if ((typeof typ !== "string" || typ === "JWT") && !isValidJSON(payload)) throw new JWTError("type is JWT but payload is not JSON");
  const signingInput = `${Buffer.from(headers, "utf8").toString("base64url")}.${Buffer.from(payload, "utf8").toString("base64url")}`;
  const sig = signWith(alg, keys[0]!.key, Buffer.from(signingInput, "utf8"));
  return `${signingInput}.${sig.toString("base64url")}`;
}
