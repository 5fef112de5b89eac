// The plan document as policies see it under `input.raw`, with every sensitive value replaced
// by "(sensitive)": resource changes and drift, planned values and prior state, outputs,
// sensitive root variables, and literal values in the configuration (resource arguments that
// are sensitive, provider and module arguments named like secrets). Copy-on-write: only the
// objects on the way to a secret are copied.

import { SENSITIVE_VALUE, type Path } from "../../model/types.js";
import { configAddress } from "./addresses.js";
import { DepthLimitError, MAX_VALUE_DEPTH, PathWriter, getAt, isRecord, maskPaths, own, type Rec } from "./paths.js";
import { SECRET_NAME, secretNamePaths } from "./sensitive.js";

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

export function redactPlanDocument(plan: Rec, secrets: PlanSecrets, where: string): unknown {
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

  // drift entries carry their own masks
  const drift = own(plan, "resource_drift");
  if (Array.isArray(drift)) {
    drift.forEach((rc, i) => {
      const change = own(rc, "change");
      const type = String(own(rc, "type") ?? "");
      for (const side of ["before", "after"] as const) {
        const value = own(change, side);
        if (!isRecord(value)) continue;
        const marked = isRecord(change) && Object.prototype.hasOwnProperty.call(change, `${side}_sensitive`);
        const paths = marked
          ? maskPaths(own(change, `${side}_sensitive`), `${where} resource_drift[${i}]`)
          : secretNamePaths(type, value, `${where} resource_drift[${i}]`);
        redact(["resource_drift", i, "change", side], paths);
      }
    });
  }

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

  // variables declared sensitive at the root
  const config = own(plan, "configuration");
  const declared = own(own(config, "root_module"), "variables");
  const variables = own(plan, "variables");
  if (isRecord(declared) && isRecord(variables)) {
    for (const name of Object.keys(variables))
      if (own(own(declared, name), "sensitive") === true) redact(["variables", name, "value"], [[]]);
  }

  redactConfiguration(plan, secrets, redact, where);
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

/** Literal values (`constant_value`) in the configuration that are secrets. */
function redactConfiguration(plan: Rec, secrets: PlanSecrets, redact: Redact, where: string): void {
  const root = own(own(plan, "configuration"), "root_module");
  if (!isRecord(root)) return;
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
    for (const k of Object.keys(exprs)) if (SECRET_NAME.test(k)) constantsUnder([...base, k], exprs[k]);
  };

  const providers = own(own(plan, "configuration"), "provider_config");
  if (isRecord(providers))
    for (const key of Object.keys(providers))
      byName(["configuration", "provider_config", key, "expressions"], own(providers[key], "expressions"));

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
          if (keys?.has(key) || SECRET_NAME.test(key)) constantsUnder([...path, "resources", k, "expressions", key], exprs[key]);
      });
    }
    // sensitive variable defaults
    const vars = own(mod, "variables");
    if (isRecord(vars))
      for (const name of Object.keys(vars))
        if (own(vars[name], "sensitive") === true) redact([...path, "variables", name, "default"], [[]]);
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
