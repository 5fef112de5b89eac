// Loading and evaluating one OPA wasm policy module with @open-policy-agent/opa-wasm.
//
// opa-wasm's LoadedPolicy does the evaluation ABI (data, input, entrypoints, result reading,
// ABI 1.0-1.1 eval contexts and the ABI 1.2 opa_eval fast path). The host side, the module's
// imports, is ours: opa-wasm's own import object would answer `sprintf`, `regex.split` and the
// `yaml.*` builtins with JavaScript libraries (sprintf-js, JS RegExp) before any custom
// builtin, which is not what OPA does; here every host builtin is the project's own (OPA's
// semantics, RE2 regexes), and an abort, a builtin error or a trap is an EngineError.
//
// Runs inside the worker thread (wasm-worker.ts), so that a module that never returns can be
// stopped.

import { createRequire } from "node:module";
import { EngineError } from "./engine.js";
import { HostBuiltins, valueFromModule, valueToModule } from "./host-builtins.js";

interface LoadedPolicyLike {
  entrypoints: Record<string, number>;
  evaluate(input: ArrayBuffer, entrypoint: number | string): unknown;
  setData(data: ArrayBuffer): void;
}

interface OpaWasm {
  LoadedPolicy: new (policy: WebAssembly.Instance, memory: WebAssembly.Memory, minorVersion: number) => LoadedPolicyLike;
}

// the package's ESM entry exports only loadPolicy; LoadedPolicy is on its CommonJS exports
const opaWasm = createRequire(import.meta.url)("@open-policy-agent/opa-wasm") as OpaWasm;

/** 64 KiB pages: initial memory as opa-wasm's default, and a bound (2 GiB) on growth. */
export const MEMORY_PAGES = { initial: 5, maximum: 32_768 };

export interface LoadOptions {
  module: WebAssembly.Module;
  /** names the module in errors: the bundle file (and the module's path inside it) */
  where: string;
  /** base documents as JSON text */
  dataJSON: string;
  print?: (line: string) => void;
  memory?: { initial: number; maximum: number };
}

export interface EntrypointValue {
  entrypoint: string;
  defined: boolean;
  value?: unknown;
}

type Exports = Record<string, unknown>;

const REQUIRED = ["builtins", "entrypoints", "opa_malloc", "opa_json_parse", "opa_json_dump", "opa_heap_ptr_get", "opa_heap_ptr_set"];
const EVAL_CTX = ["eval", "opa_eval_ctx_new", "opa_eval_ctx_set_input", "opa_eval_ctx_set_data", "opa_eval_ctx_set_entrypoint", "opa_eval_ctx_get_result"];

const utf8 = new TextDecoder("utf-8");
const encoder = new TextEncoder();

function globalValue(g: unknown): number | undefined {
  if (typeof g === "number") return g;
  if (g instanceof WebAssembly.Global) return Number(g.value);
  return undefined;
}

export class WasmPolicy {
  private readonly policy: LoadedPolicyLike;
  private readonly host: HostBuiltins;
  readonly entrypoints: string[];
  readonly builtins: string[];

  constructor(opts: LoadOptions) {
    const where = opts.where;
    const memory = new WebAssembly.Memory(opts.memory ?? MEMORY_PAGES);
    let exports: Exports = {};
    let host: HostBuiltins | undefined;
    const cString = (addr: number): string => {
      const bytes = new Uint8Array(memory.buffer);
      let end = addr;
      while (end < bytes.length && bytes[end] !== 0) end++;
      return utf8.decode(bytes.subarray(addr, end));
    };
    const fn = (name: string) => exports[name] as (...args: number[]) => number;
    const syntax = (): "rego" | "json" => (typeof exports["opa_value_dump"] === "function" && typeof exports["opa_value_parse"] === "function" ? "rego" : "json");
    const callBuiltin = (id: number, addrs: number[]): number => {
      if (!host) throw new EngineError(`${where}: builtin called while the module was starting`);
      const s = syntax();
      const dump = fn(s === "rego" ? "opa_value_dump" : "opa_json_dump");
      const args = addrs.map((a) => valueFromModule(cString(dump(a)), s));
      const result = host.call(id, args);
      if (result === undefined) return 0;
      const bytes = encoder.encode(valueToModule(result, s));
      const at = fn("opa_malloc")(bytes.length);
      new Uint8Array(memory.buffer).set(bytes, at);
      const parsed = fn(s === "rego" ? "opa_value_parse" : "opa_json_parse")(at, bytes.length);
      if (parsed === 0) throw new EngineError(`${where}: the module could not read a builtin's result`);
      return parsed;
    };
    const imports = {
      env: {
        memory,
        opa_abort: (addr: number) => {
          throw new EngineError(`${where}: evaluation aborted: ${cString(addr)}`);
        },
        opa_println: (addr: number) => opts.print?.(cString(addr)),
        opa_builtin0: (id: number) => callBuiltin(id, []),
        opa_builtin1: (id: number, _ctx: number, a: number) => callBuiltin(id, [a]),
        opa_builtin2: (id: number, _ctx: number, a: number, b: number) => callBuiltin(id, [a, b]),
        opa_builtin3: (id: number, _ctx: number, a: number, b: number, c: number) => callBuiltin(id, [a, b, c]),
        opa_builtin4: (id: number, _ctx: number, a: number, b: number, c: number, d: number) => callBuiltin(id, [a, b, c, d]),
      },
    };
    let instance: WebAssembly.Instance;
    try {
      instance = new WebAssembly.Instance(opts.module, imports);
    } catch (e) {
      throw new EngineError(`${where}: not an OPA policy module: cannot instantiate it (${(e as Error).message.replace(/^WebAssembly\.Instance\(\): /, "")})`);
    }
    exports = instance.exports as Exports;
    const major = globalValue(exports["opa_wasm_abi_version"]);
    if (major === undefined) throw new EngineError(`${where}: not an OPA policy module (no opa_wasm_abi_version export)`);
    if (major !== 1) throw new EngineError(`${where}: OPA wasm ABI version ${major} is not supported (1.x is)`);
    const minor = globalValue(exports["opa_wasm_abi_minor_version"]) ?? 0;
    const needed = [...REQUIRED, ...(minor >= 2 ? ["opa_eval"] : EVAL_CTX)];
    const missing = needed.filter((n) => typeof exports[n] !== "function");
    if (missing.length > 0) throw new EngineError(`${where}: not an OPA policy module (ABI 1.${minor}): missing export${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);

    const required = this.dumpJSON(where, memory, exports, fn("builtins")(), "builtin table");
    if (typeof required !== "object" || required === null || Array.isArray(required)) throw new EngineError(`${where}: the module's builtin table is not an object`);
    host = new HostBuiltins(required as Record<string, unknown>, where, opts.print ? { print: opts.print } : {});
    this.host = host;
    this.builtins = host.names;

    this.policy = this.guard(where, "loading", () => new opaWasm.LoadedPolicy(instance, memory, minor));
    const eps = this.policy.entrypoints as unknown;
    if (typeof eps !== "object" || eps === null || Array.isArray(eps) || Object.values(eps).some((v) => typeof v !== "number")) {
      throw new EngineError(`${where}: the module's entrypoint table is malformed`);
    }
    this.entrypoints = Object.keys(eps);
    this.guard(where, "loading data", () => this.policy.setData(toArrayBuffer(opts.dataJSON)));
  }

  private dumpJSON(where: string, memory: WebAssembly.Memory, exports: Exports, addr: number, what: string): unknown {
    const strAddr = (exports["opa_json_dump"] as (a: number) => number)(addr);
    const bytes = new Uint8Array(memory.buffer);
    let end = strAddr;
    while (end < bytes.length && bytes[end] !== 0) end++;
    try {
      return JSON.parse(utf8.decode(bytes.subarray(strAddr, end)));
    } catch {
      throw new EngineError(`${where}: the module's ${what} is not JSON`);
    }
  }

  /** Runs f, turning opa-wasm's thrown strings and wasm traps into EngineErrors. */
  private guard<T>(where: string, doing: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof EngineError) throw e;
      if (e instanceof WebAssembly.RuntimeError) throw new EngineError(`${where}: ${doing}: wasm trap: ${e.message}`);
      if (e instanceof RangeError) throw new EngineError(`${where}: ${doing}: ${e.message}`);
      if (e instanceof Error) throw new EngineError(`${where}: ${doing}: ${e.message}`);
      throw new EngineError(`${where}: ${doing}: ${typeof e === "string" ? e : JSON.stringify(e)}`);
    }
  }

  /** Evaluates entrypoints, in order, against one input (JSON text). */
  evaluate(inputJSON: string, entrypoints: readonly string[], where: string): EntrypointValue[] {
    const input = toArrayBuffer(inputJSON);
    return entrypoints.map((ep) => {
      if (!Object.prototype.hasOwnProperty.call(this.policy.entrypoints, ep)) {
        throw new EngineError(`${where}: no entrypoint ${ep} in the module (it has ${this.entrypoints.join(", ") || "none"})`);
      }
      this.host.reset();
      const rs = this.guard(where, ep, () => this.policy.evaluate(input, ep));
      if (!Array.isArray(rs)) throw new EngineError(`${where}: ${ep}: the module's result set is not a list`);
      if (rs.length === 0) return { entrypoint: ep, defined: false };
      const first = rs[0] as Record<string, unknown> | null;
      if (rs.length > 1 || typeof first !== "object" || first === null || !("result" in first)) {
        throw new EngineError(`${where}: ${ep}: the module's result set is not [{"result": ...}]`);
      }
      return { entrypoint: ep, defined: true, value: first["result"] };
    });
  }
}

function toArrayBuffer(text: string): ArrayBuffer {
  const bytes = encoder.encode(text);
  return bytes.buffer.byteLength === bytes.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
}
