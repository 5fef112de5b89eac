// The magic values Pulumi writes into serialized property values (sdk/go/common/resource/sig and
// pkg/resource/stack/deployment.go): unknown ("computed") placeholders, the secret signature and
// the other signed objects (assets, archives, resource references, output values).

import { isRecord, own } from "../terraform/paths.js";

/** Key under which a signed property value carries its signature. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** Signatures of signed property values. */
export const SIG = Object.freeze({
  secret: "1b47061264138c4ac30d75fd1eb44270",
  asset: "c44067f5952c0a294b673a41bacd8c17",
  archive: "0def7320c3a5731c473e5ecbe6d01bc7",
  resourceReference: "5cf8f73096256a8f31e491e813e4eb8e",
  outputValue: "d0e6a833031e9bbcd3f4e8bde6ca49a4",
});

/**
 * Unknown-value sentinels: the state serializer writes every computed value as the string
 * sentinel; the RPC layer has one per type, and any of them may reach a file.
 */
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (and what deployment.go writes for every computed value)
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // bool
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

export const UNKNOWN_STRING_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What `pulumi preview --json` writes instead of a secret value. */
export const SECRET_PLACEHOLDER = "[secret]";

export function isUnknownSentinel(v: unknown): boolean {
  return typeof v === "string" && UNKNOWN_SENTINELS.has(v);
}

export function signatureOf(v: unknown): string | null {
  if (!isRecord(v)) return null;
  const sig = own(v, SIG_KEY);
  return typeof sig === "string" ? sig : null;
}

/** `{"4dabf...": "1b47...", "ciphertext"|"plaintext": ...}` */
export function isSecretObject(v: unknown): boolean {
  return signatureOf(v) === SIG.secret;
}

