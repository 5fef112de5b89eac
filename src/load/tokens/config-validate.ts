// Validates a parsed token file against the schema (ajv, every error at once) plus the checks a
// schema cannot express (a misspelled provider, a ttl that does not parse), and throws one
// InputError listing every problem, one line each.

import { newAjv, type Ajv } from "../../config/ajv.js";
import { didYouMean } from "../../config/did-you-mean.js";
import { InputError } from "../input-error.js";
import { isRecord, own } from "../terraform/paths.js";
import { describeErrors, describePath } from "./config-errors.js";
import { TOKEN_CONFIG_SCHEMA, TOKEN_CONFIG_VERSION } from "./config-schema.js";
import { parseDuration } from "./duration.js";
import { canonicalProvider, isKnownProvider, KNOWN_PROVIDERS } from "./provider-names.js";

/** At most this many problems are listed; the rest are counted. */
const MAX_LISTED = 25;

let validator: ReturnType<Ajv["compile"]> | null = null;

function schemaValidator(): ReturnType<Ajv["compile"]> {
  if (!validator) validator = newAjv({ allErrors: true, strict: true, verbose: true }, ["date", "date-time"]).compile(TOKEN_CONFIG_SCHEMA);
  return validator;
}

/** Problems the schema cannot see (`reported`: instance paths the schema already complained about). */
function semanticProblems(data: unknown, reported: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const tokens = own(data, "tokens");
  if (!Array.isArray(tokens)) return out;
  tokens.forEach((t, i) => {
    if (!isRecord(t)) return;
    const provider = own(t, "provider");
    if (typeof provider === "string" && provider.length >= 4 && !isKnownProvider(provider)) {
      const hint = didYouMean(canonicalProvider(provider), KNOWN_PROVIDERS);
      if (hint) out.push(`${describePath(`/tokens/${i}/provider`, data)}: unknown provider ${JSON.stringify(provider)} (did you mean "${hint}"?)`);
    }
    const ttl = own(t, "ttl");
    if (reported.has(`/tokens/${i}/ttl`)) return;
    if (ttl !== undefined && (typeof ttl === "string" || typeof ttl === "number") && parseDuration(ttl) === null)
      out.push(`${describePath(`/tokens/${i}/ttl`, data)}: ${JSON.stringify(ttl)} is not a duration (use seconds, or 1h, 90d, 1h30m, PT1H)`);
    if (ttl !== undefined && parseDuration(ttl) === 0) out.push(`${describePath(`/tokens/${i}/ttl`, data)}: must be longer than 0 seconds`);
  });
  return out;
}

export function validateTokenConfig(data: unknown, file: string): void {
  if (!isRecord(data)) throw new InputError(file, `a token file must be a mapping with kind, version and tokens, found ${Array.isArray(data) ? "a list" : typeof data}`);
  const version = own(data, "version");
  if (version !== undefined && String(version) !== String(TOKEN_CONFIG_VERSION) && (typeof version === "number" || typeof version === "string"))
    throw new InputError(file, `token file version ${JSON.stringify(version)} is not supported; this policy-check reads version ${TOKEN_CONFIG_VERSION}`);
  const validate = schemaValidator();
  const errors = validate(data) ? [] : (validate.errors ?? []);
  const problems = describeErrors(errors, data);
  problems.push(...semanticProblems(data, new Set(errors.map((e) => e.instancePath))));
  if (problems.length === 0) return;
  const listed = problems.slice(0, MAX_LISTED);
  if (problems.length > MAX_LISTED) listed.push(`... and ${problems.length - MAX_LISTED} more problem(s)`);
  // one line per problem, each "file: problem" when printed
  throw new InputError(file, listed.join(`\n${file}: `));
}
