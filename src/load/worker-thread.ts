// Starts a worker thread on a module that sits beside the calling module: its compiled .js
// (lib/, or dist/ where the Action's bundle has every worker beside index.js), or its .ts source
// through tsx when running from the sources (tests, `node --import tsx`).

import { Worker, type WorkerOptions } from "node:worker_threads";

export function startWorker(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const fromSource = callerUrl.endsWith(".ts");
  const entry = new URL(`./${name}${fromSource ? ".ts" : ".js"}`, callerUrl);
  if (!fromSource) return new Worker(entry, options);
  // Node 20 does not apply the parent's --import tsx hooks to a worker's entry module
  const tsx = import.meta.resolve("tsx/esm/api");
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(entry.href)}))`, { ...options, eval: true });
}
