// Pulumi URNs: `urn:pulumi:<stack>::<project>::<parent types$...$type>::<name>` (the name may
// itself contain "::"), and provider references: `<provider URN>::<provider resource id>`.

export interface ParsedUrn {
  stack: string;
  project: string;
  /** the resource's own type token (last `$` segment of the qualified type) */
  type: string;
  /** types of the parents, outermost first */
  parentTypes: string[];
  name: string;
}

const PREFIX = "urn:pulumi:";

const MAX_MEMO = 20_000;
const parsedUrns = new Map<string, ParsedUrn | null>();

/** Parses a URN (results of repeated URNs are shared: treat them as read-only). */
export function parseUrn(urn: unknown): ParsedUrn | null {
  if (typeof urn !== "string" || !urn.startsWith(PREFIX)) return null;
  const known = parsedUrns.get(urn);
  if (known !== undefined) return known;
  const parsed = parse(urn);
  if (parsedUrns.size >= MAX_MEMO) parsedUrns.clear();
  parsedUrns.set(urn, parsed);
  return parsed;
}

function parse(urn: string): ParsedUrn | null {
  const parts = urn.slice(PREFIX.length).split("::");
  if (parts.length < 4) return null;
  const [stack, project, qualified] = parts as [string, string, string];
  const types = qualified.split("$");
  const type = types.pop()!;
  if (type === "") return null;
  return { stack, project, type, parentTypes: types, name: parts.slice(3).join("::") };
}

export function isUrn(v: unknown): v is string {
  return parseUrn(v) !== null;
}

/** The provider resource URN of a provider reference (`<urn>::<id>`), or null. */
export function providerReferenceUrn(ref: unknown): string | null {
  if (typeof ref !== "string") return null;
  const at = ref.lastIndexOf("::");
  if (at < 0) return null;
  const urn = ref.slice(0, at);
  const parsed = parseUrn(urn);
  return parsed && parsed.type.startsWith("pulumi:providers:") ? urn : null;
}

/** `pulumi:providers:aws` -> `aws`; null for other types. */
export function providerPackage(type: string): string | null {
  return type.startsWith("pulumi:providers:") ? type.slice("pulumi:providers:".length) : null;
}

export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
