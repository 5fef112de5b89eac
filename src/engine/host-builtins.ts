// The builtins an OPA wasm module leaves to its host (`sprintf`, regex, `json.*`, `yaml.*`,
// time, ...), implemented by the project's own builtins (src/rego/builtins/). A module lists
// the host builtins it needs (its `builtins` export, name -> id); every name is checked when
// the module is loaded, so a builtin the host does not have is an error before evaluation,
// never an undefined result in the middle of it.
//
// Values cross the boundary as text: the module dumps an argument with opa_value_dump (Rego
// syntax: sets stay sets) and parses a result with opa_value_parse, as OPA's own Go SDK does.

import { parseExactJSON } from "../rego/exact-json.js";
import { BUILTINS, BuiltinError, type BuiltinContext, type FunctionBuiltin } from "../rego/builtins/index.js";
import { regoText } from "../rego/builtins/rego-text.js";
import { type Value, RObject, RSet, fromJSON, formatValue, parseValue, toJSONText } from "../rego/index.js";
import { EngineError } from "./engine.js";

type HostFn = (args: readonly Value[], ctx: BuiltinContext) => Value | undefined;

interface HostBuiltin {
  name: string;
  /** input arguments; -1: any number */
  arity: number;
  fn: HostFn;
}

/** Builtins the evaluator of the own engine implements itself, given to wasm modules here. */
const SPECIAL: Record<string, HostBuiltin> = {
  // print(a, b) compiles to internal.print([{a's values}, {b's values}]): one line per
  // combination of values, "<undefined>" for an argument without any (OPA's builtinPrint)
  "internal.print": {
    name: "internal.print",
    arity: 1,
    fn: (args, ctx) => {
      const operands = args[0];
      if (!Array.isArray(operands)) throw new BuiltinError("operand 1 must be array");
      const texts = (operands as readonly Value[]).map((s) => (s instanceof RSet ? s.values().map((v) => (typeof v === "string" ? v : regoText(v))) : [regoText(s)]));
      const buf: string[] = new Array(texts.length);
      const emit = (i: number): void => {
        if (i === texts.length) return ctx.print(buf.join(" "));
        const xs = texts[i]!;
        if (xs.length === 0) {
          buf[i] = "<undefined>";
          return emit(i + 1);
        }
        for (const x of xs) {
          buf[i] = x;
          emit(i + 1);
        }
      };
      emit(0);
      return undefined;
    },
  },
  "opa.runtime": { name: "opa.runtime", arity: 0, fn: () => new RObject() },
  trace: { name: "trace", arity: 1, fn: () => true },
};

function lookup(name: string): HostBuiltin | string {
  const special = SPECIAL[name];
  if (special) return special;
  const def = BUILTINS.get(name);
  if (!def) return "not a builtin policy-check knows";
  if (def.relation) return "a relation (several results), which the wasm host interface cannot return";
  const f = def as FunctionBuiltin;
  return { name, arity: f.arity, fn: f.fn };
}

export interface HostOptions {
  /** output of print() */
  print?: (line: string) => void;
}

/** The host side of one loaded module's builtins. */
export class HostBuiltins {
  private readonly byId = new Map<number, HostBuiltin>();
  private ctx: BuiltinContext;

  /**
   * @param required the module's `builtins` export: name -> id
   * @param where    names the module in errors (the bundle file)
   */
  constructor(
    required: Record<string, unknown>,
    private readonly where: string,
    private readonly opts: HostOptions = {},
  ) {
    const missing: string[] = [];
    for (const [name, id] of Object.entries(required)) {
      const b = lookup(name);
      if (typeof b === "string") missing.push(`${name} (${b})`);
      else if (typeof id !== "number") throw new EngineError(`${where}: the module's builtin table is malformed (${name}: ${JSON.stringify(id)})`);
      else this.byId.set(id, b);
    }
    if (missing.length > 0) {
      throw new EngineError(`${where}: the policy calls builtin${missing.length > 1 ? "s" : ""} the wasm host does not implement: ${missing.join(", ")}`);
    }
    this.ctx = this.newContext();
  }

  /** Names of the builtins the module uses. */
  get names(): string[] {
    return [...this.byId.values()].map((b) => b.name).sort();
  }

  /** A fresh context for one evaluation: time.now_ns() fixed, caches emptied. */
  reset(): void {
    this.ctx = this.newContext();
  }

  private newContext(): BuiltinContext {
    const print = this.opts.print ?? (() => {});
    return {
      nowNs: BigInt(Date.now()) * 1_000_000n,
      cache: new Map(),
      print,
      env: {},
      charge() {},
    };
  }

  /** Calls builtin `id` with its arguments; undefined when the builtin's result is undefined. */
  call(id: number, args: readonly Value[]): Value | undefined {
    const b = this.byId.get(id);
    if (!b) throw new EngineError(`${this.where}: the policy called builtin #${id}, which is not in its builtin table`);
    if (b.arity >= 0 && args.length !== b.arity) {
      throw new EngineError(`${this.where}: ${b.name} called with ${args.length} argument${args.length === 1 ? "" : "s"}, it takes ${b.arity}`);
    }
    try {
      return b.fn(args, this.ctx);
    } catch (e) {
      if (e instanceof BuiltinError) throw new EngineError(`${this.where}: ${b.name}: ${e.message}`);
      throw e;
    }
  }
}

/** A value the module dumped: Rego syntax (opa_value_dump) or JSON (opa_json_dump). */
export function valueFromModule(text: string, syntax: "rego" | "json"): Value {
  return syntax === "rego" ? parseValue(text) : fromJSON(parseExactJSON(text, true));
}

/** A value for the module to parse: Rego syntax (opa_value_parse) or JSON (opa_json_parse). */
export function valueToModule(v: Value, syntax: "rego" | "json"): string {
  return syntax === "rego" ? formatValue(v) : toJSONText(v);
}
