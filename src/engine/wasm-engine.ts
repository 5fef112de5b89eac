// The wasm backend: a pre-built OPA bundle evaluated with @open-policy-agent/opa-wasm in a
// worker thread. WebAssembly cannot be interrupted from the thread that runs it, so the module
// runs in a worker and every load and evaluation has a time budget: past it, the worker is
// terminated and the evaluation is an error. Memory is bounded by the module's memory maximum
// (MEMORY_PAGES in wasm-host.ts).

import type { Worker } from "node:worker_threads";
import { startWorker } from "../load/worker-thread.js";
import { fromJSON, toJSONText } from "../rego/index.js";
import type { Bundle } from "./bundle.js";
import { EngineError, type EntrypointResult, type PolicyEngine } from "./engine.js";
import type { FromWorker, ToWorker } from "./wasm-worker.js";

export interface WasmEngineOptions {
  bundle: Bundle;
  /** budget of loading the module and of each evaluate() call, in milliseconds */
  timeoutMs: number;
  print?: (line: string) => void;
  /** memory of the module, in 64 KiB pages */
  memory?: { initial: number; maximum: number };
}

/** Bound on starting a worker thread (from the TypeScript sources it compiles them first). */
const BOOT_TIMEOUT_MS = 60_000;

export class WasmEngine implements PolicyEngine {
  readonly kind = "wasm" as const;
  readonly label: string;
  private worker: Worker | null = null;
  private nextId = 1;
  private moduleEntrypoints: string[] = [];
  private pending: { id: number | null; resolve: (m: FromWorker) => void; reject: (e: Error) => void } | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(private readonly opts: WasmEngineOptions) {
    this.label = `bundle ${opts.bundle.file}`;
  }

  /** Loads the bundle's module in a new worker and checks the manifest's entrypoints against it. */
  static async load(opts: WasmEngineOptions): Promise<WasmEngine> {
    const engine = new WasmEngine(opts);
    try {
      await engine.start();
    } catch (e) {
      await engine.close();
      throw e;
    }
    return engine;
  }

  private get where(): string {
    const b = this.opts.bundle;
    return b.wasmName === b.file ? b.file : `${b.file} (${b.wasmName})`;
  }

  private async start(): Promise<void> {
    const b = this.opts.bundle;
    const msg: ToWorker = { type: "load", module: b.module, where: this.where, dataJSON: toJSONText(fromJSON(b.data)), ...(this.opts.memory ? { memory: this.opts.memory } : {}) };
    const reply = await this.request(null, msg, "loading the module");
    if (reply.type !== "loaded") throw new EngineError(`${this.where}: unexpected reply from the wasm worker`);
    this.moduleEntrypoints = reply.entrypoints;
    if (b.entrypoints) {
      const absent = b.entrypoints.filter((e) => !reply.entrypoints.includes(e));
      if (absent.length > 0) throw new EngineError(`${b.file}: bad manifest: entrypoint${absent.length > 1 ? "s" : ""} ${absent.join(", ")} not in ${b.wasmName} (it has ${reply.entrypoints.join(", ") || "none"})`);
    }
  }

  /** A new worker, once it has started (its start does not count against the time budget). */
  private async spawn(): Promise<Worker> {
    const w = startWorker(import.meta.url, "wasm-worker");
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: FromWorker): void => (m.type === "ready" ? done() : fail(`unexpected message ${m.type}`));
      const onError = (e: Error): void => fail(e.message);
      const onExit = (code: number): void => fail(`exited with code ${code}`);
      const timer = setTimeout(() => fail(`not ready within ${BOOT_TIMEOUT_MS} ms`), BOOT_TIMEOUT_MS);
      const detach = (): void => {
        clearTimeout(timer);
        w.off("message", onMessage).off("error", onError).off("exit", onExit);
      };
      const done = (): void => {
        detach();
        resolve();
      };
      const fail = (why: string): void => {
        detach();
        void w.terminate();
        reject(new EngineError(`${this.where}: the wasm worker did not start (${why})`));
      };
      w.on("message", onMessage).on("error", onError).on("exit", onExit);
    });
    this.listen(w);
    return w;
  }

  private listen(w: Worker): void {
    // a worker stopped after a time budget may still report: only the current one is heard
    w.on("message", (m: FromWorker) => {
      if (this.worker !== w) return;
      if (m.type === "print") {
        this.opts.print?.(m.line);
        return;
      }
      const p = this.pending;
      if (!p) return;
      this.pending = null;
      if (m.type === "error") p.reject(new EngineError(m.message));
      else p.resolve(m);
    });
    w.on("error", (e) => {
      if (this.worker !== w) return;
      const p = this.pending;
      this.pending = null;
      this.worker = null;
      p?.reject(new EngineError(`${this.where}: the wasm worker failed: ${e.message}`));
    });
    w.on("exit", (code) => {
      if (this.worker !== w) return;
      this.worker = null;
      const p = this.pending;
      this.pending = null;
      p?.reject(new EngineError(`${this.where}: the wasm worker exited (code ${code})`));
    });
  }

  /** One request at a time, with the time budget. */
  private request(id: number | null, msg: ToWorker, doing: string): Promise<FromWorker> {
    const run = async (): Promise<FromWorker> => {
      if (!this.worker) {
        if (msg.type !== "load") throw new EngineError(`${this.where}: the wasm engine was stopped`);
        this.worker = await this.spawn();
      }
      const worker = this.worker;
      return await new Promise<FromWorker>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.pending = null;
          this.worker = null;
          void worker.terminate();
          reject(new EngineError(`${this.where}: ${doing} did not finish within ${this.opts.timeoutMs} ms; the wasm evaluation was stopped`));
        }, this.opts.timeoutMs);
        this.pending = {
          id,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        };
        worker.postMessage(msg);
      });
    };
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => undefined);
    return p;
  }

  entrypoints(): readonly string[] {
    return this.opts.bundle.entrypoints ?? this.moduleEntrypoints;
  }

  async evaluate(input: unknown, entrypoints: readonly string[]): Promise<EntrypointResult[]> {
    if (this.closed) throw new EngineError(`${this.where}: the wasm engine was closed`);
    // a worker stopped after a time budget was exceeded is replaced by a fresh one
    if (!this.worker) await this.start();
    const id = this.nextId++;
    const inputJSON = toJSONText(fromJSON(input));
    const reply = await this.request(id, { type: "eval", id, inputJSON, entrypoints: [...entrypoints] }, `evaluating ${entrypoints.join(", ")}`);
    if (reply.type !== "result") throw new EngineError(`${this.where}: unexpected reply from the wasm worker`);
    return reply.results.map((r) => ({ entrypoint: r.entrypoint, outputs: r.defined ? [{ value: r.value }] : [] }));
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
