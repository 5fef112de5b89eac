// One resource state as both readers meet it (a preview step's oldState/newState, a stack
// export's resource): its URN and types, and its values converted for one side of a change,
// with the raw paths to redact collected for `input.raw`.

import type { Path } from "../../model/types.js";
import { InputError } from "../input-error.js";
import { isRecord, own, type Rec } from "../terraform/paths.js";
import { shapeFor } from "./property-shapes.js";
import { PROVIDER_SECRET_NAMES } from "./providers.js";
import type { RawSecrets } from "./raw-redaction.js";
import { stateValues, type StateValues } from "./state-values.js";
import { terraformType, type TypeMapping } from "./type-tokens.js";
import { ROOT_STACK_TYPE, parseUrn, providerPackage, type ParsedUrn } from "./urn.js";

export interface ReadState {
  state: Rec;
  urn: string;
  parsed: ParsedUrn;
  mapping: TypeMapping;
  /** Pulumi package of the type (`aws` for `aws:s3/bucket:Bucket`) */
  pkg: string;
  rawBase: Path;
  isProvider: boolean;
  isRoot: boolean;
  custom: boolean;
}

/** Reads a state's identity; the URN is required (a state without one is not Pulumi's). */
export function readState(v: unknown, rawBase: Path, file: string, where: string): ReadState | null {
  if (v === null || v === undefined) return null;
  if (!isRecord(v)) throw new InputError(file, `${where} must be an object`);
  const urn = own(v, "urn");
  const parsed = parseUrn(urn);
  if (!parsed) throw new InputError(file, `${where} has no valid "urn" (expected urn:pulumi:<stack>::<project>::<type>::<name>)`);
  const stateType = own(v, "type");
  const type = typeof stateType === "string" && stateType !== "" ? stateType : parsed.type;
  const colon = type.indexOf(":");
  return {
    state: v,
    urn: urn as string,
    parsed: { ...parsed, type },
    mapping: terraformType(type),
    pkg: colon > 0 ? type.slice(0, colon) : type,
    rawBase,
    isProvider: providerPackage(type) !== null,
    isRoot: type === ROOT_STACK_TYPE,
    custom: own(v, "custom") === true,
  };
}

/** Converts a state for one side of a change, collecting its raw secrets. */
export function convertState(s: ReadState, side: "before" | "after", secrets: RawSecrets, where: string): StateValues {
  const v = stateValues(s.state, side, {
    type: s.isProvider ? "" : s.mapping.type,
    shapes: s.isProvider ? null : shapeFor(s.mapping.type),
    rawBase: s.rawBase,
    where,
    extraSecretNames: s.isProvider ? PROVIDER_SECRET_NAMES : undefined,
  });
  secrets.add(v.rawSecrets);
  return v;
}
