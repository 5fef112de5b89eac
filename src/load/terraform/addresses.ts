// Terraform addresses: module instance paths (`module.db["eu"].module.x[0]`), resource instance
// addresses, the configuration address a resource instance comes from (instance keys dropped:
// `module.db.module.x.aws_db_instance.main`), and references (`aws_kms_key.k.arn` -> `aws_kms_key.k`).

export interface ModuleStep {
  name: string;
  /** instance key (count index or for_each key), undefined for a single instance */
  key?: string | number;
}

/**
 * Parses a module instance address (`module.a["x"].module.b[0]`) into its steps, scanning
 * character by character so keys may hold dots, brackets and escaped quotes. Null when it is
 * not a module address.
 */
export function parseModuleAddress(address: string): ModuleStep[] | null {
  const steps: ModuleStep[] = [];
  let i = 0;
  const n = address.length;
  while (i < n) {
    if (!address.startsWith("module.", i)) return null;
    i += "module.".length;
    const start = i;
    while (i < n && /[A-Za-z0-9_-]/.test(address[i]!)) i++;
    if (i === start) return null;
    const step: ModuleStep = { name: address.slice(start, i) };
    if (address[i] === "[") {
      const key = readIndexKey(address, i);
      if (key === null) return null;
      step.key = key.key;
      i = key.end;
    }
    steps.push(step);
    if (i === n) break;
    if (address[i] !== ".") return null;
    i++;
  }
  return steps;
}

/** Reads `[0]` or `["key"]` starting at `at` (the `[`). */
function readIndexKey(s: string, at: number): { key: string | number; end: number } | null {
  let i = at + 1;
  if (s[i] === '"') {
    let out = "";
    i++;
    while (i < s.length && s[i] !== '"') {
      if (s[i] === "\\" && i + 1 < s.length) {
        const c = s[i + 1]!;
        if (c === "u" && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(s.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        out += c === "n" ? "\n" : c === "t" ? "\t" : c === "r" ? "\r" : c;
        i += 2;
        continue;
      }
      out += s[i];
      i++;
    }
    if (s[i] !== '"' || s[i + 1] !== "]") return null;
    return { key: out, end: i + 2 };
  }
  const start = i;
  while (i < s.length && s[i]! >= "0" && s[i]! <= "9") i++;
  if (i === start || s[i] !== "]") return null;
  return { key: Number(s.slice(start, i)), end: i + 1 };
}

/** The module's configuration path: `module.db["eu"].module.x[0]` -> `module.db.module.x`. */
export function moduleConfigPath(moduleAddress: string | null | undefined): string {
  if (!moduleAddress) return "";
  const steps = parseModuleAddress(moduleAddress);
  if (steps) return steps.map((s) => `module.${s.name}`).join(".");
  // not parseable: drop anything in brackets as a best effort
  return moduleAddress.replace(/\[[^\]]*\]/g, "");
}

/** `[0]` or `["key"]`, as Terraform writes instance keys. */
export function formatIndexKey(key: unknown): string {
  if (typeof key === "number" || typeof key === "bigint") return `[${key}]`;
  if (typeof key === "string") return `[${JSON.stringify(key)}]`;
  return "";
}

/** The configuration address of a resource: module path (no keys) + `data.`? + type.name. */
export function configAddress(moduleAddress: string | null | undefined, mode: string, type: string, name: string): string {
  const mod = moduleConfigPath(moduleAddress);
  const res = `${mode === "data" ? "data." : ""}${type}.${name}`;
  return mod === "" ? res : `${mod}.${res}`;
}

/** A resource instance address from its parts. */
export function instanceAddress(
  moduleAddress: string | null | undefined,
  mode: string,
  type: string,
  name: string,
  indexKey?: unknown,
): string {
  const res = `${mode === "data" ? "data." : ""}${type}.${name}${indexKey === undefined || indexKey === null ? "" : formatIndexKey(indexKey)}`;
  return moduleAddress ? `${moduleAddress}.${res}` : res;
}

const NOT_RESOURCES = new Set(["var", "local", "module", "each", "count", "path", "terraform", "self", "data", "null", "true", "false"]);

/**
 * The resource a reference points at, or null when it is not a resource:
 * `aws_kms_key.k.arn` -> `aws_kms_key.k`, `aws_instance.x[0].id` -> `aws_instance.x`,
 * `data.aws_iam_policy_document.p.json` -> `data.aws_iam_policy_document.p`; `var.x`, `local.y`,
 * `module.m.out`, `each.value` -> null.
 */
export function referencedResource(ref: string): string | null {
  const parts = ref.split(".");
  const strip = (s: string | undefined) => (s === undefined ? "" : s.replace(/\[.*$/, ""));
  const ident = /^[A-Za-z_][A-Za-z0-9_-]*$/;
  if (parts[0] === "data") {
    const t = strip(parts[1]);
    const n = strip(parts[2]);
    return ident.test(t) && ident.test(n) ? `data.${t}.${n}` : null;
  }
  const t = strip(parts[0]);
  const n = strip(parts[1]);
  if (NOT_RESOURCES.has(t) || !ident.test(t) || !ident.test(n)) return null;
  return `${t}.${n}`;
}
