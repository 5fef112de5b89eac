// ajv and ajv-formats are CommonJS; this gives them typed constructors under ES modules.
import * as ajvModule from "ajv";
import * as formatsModule from "ajv-formats";
import type { Ajv as AjvClass, Options } from "ajv";
import type { FormatName } from "ajv-formats";

type AjvCtor = new (opts?: Options) => AjvClass;
const AjvImpl: AjvCtor = ((ajvModule as unknown as { Ajv?: AjvCtor }).Ajv ?? (ajvModule as unknown as { default: AjvCtor }).default);
const addFormatsImpl = ((formatsModule as unknown as { default: { default?: unknown } }).default.default ??
  (formatsModule as unknown as { default: unknown }).default) as (ajv: AjvClass, formats?: FormatName[]) => AjvClass;

export type Ajv = AjvClass;
export type { ErrorObject } from "ajv";

/** A new validator with the given formats. */
export function newAjv(opts: Options, formats: FormatName[] = []): AjvClass {
  const ajv = new AjvImpl(opts);
  if (formats.length > 0) addFormatsImpl(ajv, formats);
  return ajv;
}
