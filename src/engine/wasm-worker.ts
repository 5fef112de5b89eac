// The worker thread that runs an OPA wasm module (see wasm-engine.ts for the other side).
// Messages in:  {type: "load", module, where, dataJSON}  then  {type: "eval", id, inputJSON, entrypoints}
// Messages out: {type: "ready"} once started, {type: "loaded", entrypoints, builtins} | {type: "result", id, results}
//               {type: "error", id?, message} | {type: "print", line}

import { parentPort } from "node:worker_threads";
import { EngineError } from "./engine.js";
import { WasmPolicy } from "./wasm-host.js";

export type ToWorker =
  | { type: "load"; module: WebAssembly.Module; where: string; dataJSON: string; memory?: { initial: number; maximum: number } }
  | { type: "eval"; id: number; inputJSON: string; entrypoints: string[] };

export type FromWorker =
  | { type: "ready" }
  | { type: "loaded"; entrypoints: string[]; builtins: string[] }
  | { type: "result"; id: number; results: { entrypoint: string; defined: boolean; value?: unknown }[] }
  | { type: "error"; id?: number; message: string }
  | { type: "print"; line: string };

const port = parentPort;
if (!port) throw new Error("wasm-worker.ts runs as a worker thread");

let policy: WasmPolicy | undefined;
let where = "wasm module";
const send = (m: FromWorker): void => port.postMessage(m);

function message(e: unknown): string {
  if (e instanceof EngineError) return e.message;
  if (e instanceof RangeError && /call stack/i.test(e.message)) return `${where}: evaluation nested too deeply (stack exhausted)`;
  return `${where}: ${(e as Error)?.message ?? String(e)}`;
}

port.on("message", (m: ToWorker) => {
  if (m.type === "load") {
    where = m.where;
    try {
      policy = new WasmPolicy({ module: m.module, where: m.where, dataJSON: m.dataJSON, print: (line) => send({ type: "print", line }), ...(m.memory ? { memory: m.memory } : {}) });
      send({ type: "loaded", entrypoints: policy.entrypoints, builtins: policy.builtins });
    } catch (e) {
      send({ type: "error", message: message(e) });
    }
    return;
  }
  try {
    if (!policy) throw new EngineError(`${where}: evaluated before it was loaded`);
    send({ type: "result", id: m.id, results: policy.evaluate(m.inputJSON, m.entrypoints, where) });
  } catch (e) {
    send({ type: "error", id: m.id, message: message(e) });
  }
});

send({ type: "ready" });
