// The plan document as policies see it under `input.raw`, with every sensitive value replaced
// by "(sensitive)": resource changes, drift and deferred changes, planned values and prior
// state, outputs, root variables that hold secrets (declared sensitive, named like a secret such
// as `aws_secret_key`, or passed to a provider credential, a sensitive resource argument or a
// module's sensitive variable; secret-named fields inside the others), variable defaults, and
// literal values in the configuration (resource arguments that are sensitive, provider and
// module arguments named like secrets). Copy-on-write: only the objects on the way to a secret
// are copied.

import { SENSITIVE_VALUE, type Path } from "../../model/types.js";
import { configAddress } from "./addresses.js";
import { DepthLimitError, MAX_VALUE_DEPTH, PathWriter, getAt, hasOwn, isRecord, maskPaths, own, type Rec } from "./paths.js";
import { isSecretName, secretLike, secretNamePaths } from "./sensitive.js";

export interface InstanceSecrets {
  before: Path[];
  after: Path[];
}

export interface PlanSecrets {
  /** redacted before/after per resource_changes index (only those that changed) */
  changes: Map<number, { before: Rec | null; after: Rec | null }>;
  /** sensitive paths per instance address (from resource_changes) */
  byAddress: Map<string, InstanceSecrets>;
  /** sensitive top-level arguments per configuration address */
  byConfig: Map<string, Set<string>>;
}

/**
 * The plan as policies see it under `input.raw`, secrets redacted. With `sections` =
 * "configuration" (no policy reads input.raw), only what the checker itself reads (provider
 * credentials, see tokens/provider-blocks.ts): the root variables and
 * `configuration.provider_config`. Resource changes, planned values, prior state and the rest of
 * the configuration are neither redacted nor kept.
 */
export function redactPlanDocument(plan: Rec, secrets: PlanSecrets, where: string, sections: "all" | "configuration" = "all"): unknown {
  // root variables holding secrets: from the whole configuration, before it is trimmed
  const secretVars = secretRootVariables(plan, secrets);
  const declared = own(own(own(plan, "configuration"), "root_module"), "variables");
  if (sections === "configuration") {
    const trimmed: Rec = {};
    for (const k of ["format_version", "terraform_version", "variables"]) if (hasOwn(plan, k)) trimmed[k] = plan[k];
    const providers = own(own(plan, "configuration"), "provider_config");
    if (providers !== undefined) trimmed["configuration"] = { provider_config: providers };
    plan = trimmed;
  }
  const w = new PathWriter(plan);
  const redact = (base: Path, paths: readonly Path[]) => {
    for (const p of paths) {
      const full = [...base, ...p];
      const v = getAt(plan, full);
      if (v !== undefined && v !== null) w.set(full, SENSITIVE_VALUE);
    }
  };

  for (const [i, c] of secrets.changes) {
    w.set(["resource_changes", i, "change", "before"], c.before);
    w.set(["resource_changes", i, "change", "after"], c.after);
  }

  // drift and deferred changes (Terraform 1.9+) carry their own masks
  const redactChange = (rc: unknown, base: Path, label: string) => {
    const change = own(rc, "change");
    const type = String(own(rc, "type") ?? "");
    for (const side of ["before", "after"] as const) {
      const value = own(change, side);
      if (value === undefined || value === null) continue;
      const marked = isRecord(change) && Object.prototype.hasOwnProperty.call(change, `${side}_sensitive`);
      const mask = marked ? own(change, `${side}_sensitive`) : undefined;
      // a whole value marked sensitive, or unmarked: by the names of its attributes
      const paths = mask === true ? [[]] : marked ? maskPaths(mask, `${where} ${label}`) : secretNamePaths(type, value, `${where} ${label}`);
      redact([...base, "change", side], paths);
    }
  };
  const drift = own(plan, "resource_drift");
  if (Array.isArray(drift)) drift.forEach((rc, i) => redactChange(rc, ["resource_drift", i], `resource_drift[${i}]`));
  const deferred = own(plan, "deferred_changes");
  if (Array.isArray(deferred))
    deferred.forEach((d, i) => redactChange(own(d, "resource_change"), ["deferred_changes", i, "resource_change"], `deferred_changes[${i}]`));

  redactModuleValues(plan, ["planned_values"], secrets, redact, where);
  redactModuleValues(plan, ["prior_state", "values"], secrets, redact, where);

  // output changes and output values
  const outChanges = own(plan, "output_changes");
  if (isRecord(outChanges)) {
    for (const name of Object.keys(outChanges)) {
      const oc = outChanges[name];
      for (const side of ["before", "after"] as const) {
        const mask = own(oc, `${side}_sensitive`);
        if (mask === true) redact(["output_changes", name, side], [[]]);
        else redact(["output_changes", name, side], maskPaths(mask, `${where} output_changes`));
      }
    }
  }
  redactOutputs(plan, ["planned_values", "outputs"], redact);
  redactOutputs(plan, ["prior_state", "values", "outputs"], redact);

  // root variables holding secrets; secret-named fields inside the others
  const variables = own(plan, "variables");
  if (isRecord(variables)) {
    for (const name of Object.keys(variables)) {
      // Terraform writes {"value": ...}; an entry of another shape is taken as the value itself
      const base: Path = isRecord(variables[name]) && hasOwn(variables[name], "value") ? ["variables", name, "value"] : ["variables", name];
      const value = getAt(plan, base);
      if (own(own(declared, name), "sensitive") === true || (secretVars.has(name) && secretLike(value))) redact(base, [[]]);
      else redact(base, namedSecrets(value, `${where} variables.${name}`));
    }
  }

  redactConfiguration(plan, secrets, secretVars, redact, where);
  return w.value;
}

type Redact = (base: Path, paths: readonly Path[]) => void;

/** `values`-shaped module trees (planned_values, prior_state.values): resources by module, iteratively. */
function redactModuleValues(plan: Rec, base: Path, secrets: PlanSecrets, redact: Redact, where: string): void {
  const root = getAt(plan, [...base, "root_module"]);
  if (!isRecord(root)) return;
  const stack: { mod: unknown; path: Path; depth: number }[] = [{ mod: root, path: [...base, "root_module"], depth: 0 }];
  while (stack.length > 0) {
    const { mod, path, depth } = stack.pop()!;
    if (depth > 200) throw new DepthLimitError(`${where} ${base.join(".")} modules`);
    const resources = own(mod, "resources");
    if (Array.isArray(resources)) {
      resources.forEach((r, k) => {
        const values = own(r, "values");
        if (!isRecord(values)) return;
        const address = own(r, "address");
        // the resource's own marks and those of its change (planned_values of some versions
        // leave schema-sensitive attributes unmarked); by name when neither exists
        const marked = isRecord(r) && Object.prototype.hasOwnProperty.call(r, "sensitive_values");
        const known = typeof address === "string" ? secrets.byAddress.get(address) : undefined;
        const paths: Path[] = [];
        if (marked) paths.push(...maskPaths(r["sensitive_values"], `${where} ${String(address)}`));
        if (known) paths.push(...known.before, ...known.after);
        if (!marked && !known) paths.push(...secretNamePaths(String(own(r, "type") ?? ""), values, `${where} ${String(address)}`));
        redact([...path, "resources", k, "values"], paths);
      });
    }
    const children = own(mod, "child_modules");
    if (Array.isArray(children)) children.forEach((c, j) => stack.push({ mod: c, path: [...path, "child_modules", j], depth: depth + 1 }));
  }
}

function redactOutputs(plan: Rec, base: Path, redact: Redact): void {
  const outputs = getAt(plan, base);
  if (!isRecord(outputs)) return;
  for (const name of Object.keys(outputs)) if (own(outputs[name], "sensitive") === true) redact([...base, name, "value"], [[]]);
}

/** Paths of secret-named fields in a value (an object, or a list of them). */
function namedSecrets(value: unknown, where: string): Path[] {
  if (Array.isArray(value)) return secretNamePaths("", { "": value }, where).map((p) => p.slice(1));
  return secretNamePaths("", value, where);
}

/** Every `var.NAME` an expression (and the nested blocks in it) refers to. */
function referencedVariables(expr: unknown, out: Set<string>): void {
  const stack: unknown[] = [expr];
  while (stack.length > 0) {
    const n = stack.pop();
    if (Array.isArray(n)) stack.push(...n);
    else if (isRecord(n))
      for (const k of Object.keys(n)) {
        const v = n[k];
        if (k === "references" && Array.isArray(v)) {
          for (const r of v) {
            const m = typeof r === "string" ? /^var\.([A-Za-z_][\w-]*)/.exec(r) : null;
            if (m) out.add(m[1]!);
          }
        } else if (typeof v === "object" && v !== null) stack.push(v);
      }
  }
}

/**
 * Root variables whose values are secrets (when strings, lists or maps; see secretLike):
 * declared sensitive, named like a secret (`aws_secret_key`, `hcloud_token`, `db_password`),
 * or referenced by a secret argument of the root module (a provider credential such as `secret_key = var.creds`, a resource argument
 * that is sensitive or named like a secret, a module input named like a secret or declared
 * sensitive by the module).
 */
function secretRootVariables(plan: Rec, secrets: PlanSecrets): Set<string> {
  const out = new Set<string>();
  const config = own(plan, "configuration");
  const root = own(config, "root_module");
  const declared = own(root, "variables");
  const values = own(plan, "variables");
  const names = [...(isRecord(declared) ? Object.keys(declared) : []), ...(isRecord(values) ? Object.keys(values) : [])];
  for (const n of names) if (isSecretName(n) || own(own(declared, n), "sensitive") === true) out.add(n);

  // provider credentials; providers configured inside modules refer to module variables
  const providers = own(config, "provider_config");
  if (isRecord(providers))
    for (const key of Object.keys(providers)) {
      const moduleAddress = own(providers[key], "module_address");
      if (typeof moduleAddress === "string" && moduleAddress !== "") continue;
      const exprs = own(providers[key], "expressions");
      if (isRecord(exprs)) for (const k of Object.keys(exprs)) if (isSecretName(k)) referencedVariables(exprs[k], out);
    }
  const resources = own(root, "resources");
  if (Array.isArray(resources))
    for (const r of resources) {
      const exprs = own(r, "expressions");
      if (!isRecord(exprs)) continue;
      const addr = configAddress(null, String(own(r, "mode") ?? "managed"), String(own(r, "type") ?? ""), String(own(r, "name") ?? ""));
      const keys = secrets.byConfig.get(addr);
      for (const k of Object.keys(exprs)) if (keys?.has(k) || isSecretName(k)) referencedVariables(exprs[k], out);
    }
  const calls = own(root, "module_calls");
  if (isRecord(calls))
    for (const name of Object.keys(calls)) {
      const exprs = own(calls[name], "expressions");
      const inner = own(own(calls[name], "module"), "variables");
      if (isRecord(exprs))
        for (const k of Object.keys(exprs)) if (isSecretName(k) || own(own(inner, k), "sensitive") === true) referencedVariables(exprs[k], out);
    }
  return out;
}

/** Literal values (`constant_value`) in the configuration that are secrets, and secret variable defaults. */
function redactConfiguration(plan: Rec, secrets: PlanSecrets, secretVars: ReadonlySet<string>, redact: Redact, where: string): void {
  const constantsUnder = (base: Path, node: unknown): void => {
    const stack: { node: unknown; path: Path }[] = [{ node, path: base }];
    while (stack.length > 0) {
      const { node: n, path } = stack.pop()!;
      if (path.length > MAX_VALUE_DEPTH) throw new DepthLimitError(`${where} configuration`);
      if (Array.isArray(n)) n.forEach((v, i) => stack.push({ node: v, path: [...path, i] }));
      else if (isRecord(n))
        for (const k of Object.keys(n)) {
          if (k === "constant_value") redact([...path, k], [[]]);
          else if (typeof n[k] === "object" && n[k] !== null) stack.push({ node: n[k], path: [...path, k] });
        }
    }
  };
  const byName = (base: Path, exprs: unknown) => {
    if (!isRecord(exprs)) return;
    for (const k of Object.keys(exprs)) if (isSecretName(k)) constantsUnder([...base, k], exprs[k]);
  };

  const providers = own(own(plan, "configuration"), "provider_config");
  if (isRecord(providers))
    for (const key of Object.keys(providers))
      byName(["configuration", "provider_config", key, "expressions"], own(providers[key], "expressions"));

  const root = own(own(plan, "configuration"), "root_module");
  if (!isRecord(root)) return;
  const stack: { mod: unknown; path: Path; modPath: string; depth: number }[] = [
    { mod: root, path: ["configuration", "root_module"], modPath: "", depth: 0 },
  ];
  while (stack.length > 0) {
    const { mod, path, modPath, depth } = stack.pop()!;
    if (depth > 100) throw new DepthLimitError(`${where} configuration modules`);
    const resources = own(mod, "resources");
    if (Array.isArray(resources)) {
      resources.forEach((r, k) => {
        const exprs = own(r, "expressions");
        if (!isRecord(exprs)) return;
        const type = String(own(r, "type") ?? "");
        const addr = configAddress(modPath === "" ? null : modPath, String(own(r, "mode") ?? "managed"), type, String(own(r, "name") ?? ""));
        const keys = secrets.byConfig.get(addr);
        for (const key of Object.keys(exprs))
          if (keys?.has(key) || isSecretName(key)) constantsUnder([...path, "resources", k, "expressions", key], exprs[key]);
      });
    }
    // defaults of variables that hold secrets (sensitive, named like one, or a root variable
    // feeding a secret argument); secret-named fields inside the others
    const vars = own(mod, "variables");
    if (isRecord(vars))
      for (const name of Object.keys(vars)) {
        const value = own(vars[name], "default");
        const inferred = isSecretName(name) || (depth === 0 && secretVars.has(name));
        if (own(vars[name], "sensitive") === true || (inferred && secretLike(value))) redact([...path, "variables", name, "default"], [[]]);
        else redact([...path, "variables", name, "default"], namedSecrets(value, `${where} variable ${name}`));
      }
    const calls = own(mod, "module_calls");
    if (isRecord(calls))
      for (const name of Object.keys(calls)) {
        byName([...path, "module_calls", name, "expressions"], own(calls[name], "expressions"));
        const child = own(calls[name], "module");
        if (isRecord(child))
          stack.push({
            mod: child,
            path: [...path, "module_calls", name, "module"],
            modPath: modPath === "" ? `module.${name}` : `${modPath}.module.${name}`,
            depth: depth + 1,
          });
      }
  }
}
