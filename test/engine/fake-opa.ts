// A fake `opa` for the tests: a Node script (CommonJS, no extension, run by its #! line) written to a temp dir (pointed to by OPA_BIN) that
// records each invocation (argv, stdin, environment, the files under each --data path) and
// answers by the first rule that matches, in the shape `opa eval --format json` and
// `opa test --format json` print.

import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface FakeRule {
  /** first argument: eval, test, version */
  command: string;
  /** the query (last argument of eval) contains this text */
  queryIncludes?: string;
  /** answer: printed as given */
  stdout?: string;
  /** answer: printed as JSON */
  json?: unknown;
  /** answer to an engine query `e0 := [x | x := REF]; ...`: REF -> its value (absent: undefined) */
  values?: Record<string, unknown>;
  stderr?: string;
  code?: number;
  /** wait this long before answering */
  sleepMs?: number;
}

export interface Invocation {
  argv: string[];
  stdin: string;
  env: Record<string, string>;
  /** for each --data path: relative file name -> content */
  data: Record<string, Record<string, string>>;
}

const SCRIPT = String.raw`
const { appendFileSync, readFileSync, readdirSync, statSync } = require("node:fs");
const { join, relative } = require("node:path");
const { log, rules } = JSON.parse(readFileSync(CONFIG, "utf8"));
const argv = process.argv.slice(2);
let stdin = "";
try { stdin = readFileSync(0, "utf8"); } catch {}
const data = {};
for (let i = 0; i < argv.length; i++) {
  if (argv[i] !== "--data") continue;
  const root = argv[i + 1];
  const files = {};
  const walk = (p) => {
    if (statSync(p).isDirectory()) for (const n of readdirSync(p).sort()) walk(join(p, n));
    else if (/\.(rego|json)$/.test(p) && statSync(p).size < 200000) files[relative(root, p) || p] = readFileSync(p, "utf8");
  };
  try { walk(root); } catch {}
  data[root] = files;
}
const env = {};
for (const k of ["FAKE_MARK", "GREETING"]) if (process.env[k] !== undefined) env[k] = process.env[k];
appendFileSync(log, JSON.stringify({ argv, stdin, env, data }) + "\n");
const query = argv[0] === "eval" ? argv[argv.length - 1] : "";
const rule = rules.find((r) => r.command === argv[0] && (r.queryIncludes === undefined || query.includes(r.queryIncludes)));
const answer = () => {
  if (!rule) {
    process.stderr.write("fake opa: no rule for " + argv.join(" ") + "\n");
    process.exit(64);
  }
  let out = rule.stdout;
  if (rule.json !== undefined) out = JSON.stringify(rule.json);
  if (rule.values !== undefined) {
    const bindings = {};
    for (const m of query.matchAll(/(e\d+) := \[x \| x := (.+?)\](?=;|$)/g)) bindings[m[1]] = Object.prototype.hasOwnProperty.call(rule.values, m[2]) ? [rule.values[m[2]]] : [];
    out = JSON.stringify({ result: [{ expressions: [], bindings }] });
  }
  if (out !== undefined) process.stdout.write(out);
  if (rule.stderr !== undefined) process.stderr.write(rule.stderr);
  process.exitCode = rule.code ?? 0;
};
if (rule && rule.sleepMs) setTimeout(answer, rule.sleepMs); else answer();
`;

export interface FakeOpa {
  bin: string;
  invocations(): Invocation[];
  /** replaces the rules */
  answer(rules: FakeRule[]): void;
}

export function writeFakeOpa(dir: string, rules: FakeRule[] = [], name = "opa"): FakeOpa {
  const bin = join(dir, name);
  const config = join(dir, `${name}.config.json`);
  const log = join(dir, `${name}.log`);
  const answer = (rs: FakeRule[]) => writeFileSync(config, JSON.stringify({ log, rules: rs }));
  answer(rules);
  writeFileSync(bin, `#!${process.execPath}\nconst CONFIG = ${JSON.stringify(config)};\n${SCRIPT}`);
  chmodSync(bin, 0o755);
  return {
    bin,
    answer,
    invocations: () => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Invocation) : []),
  };
}

/** `opa version` as opa prints it. */
export const VERSION_RULE: FakeRule = { command: "version", stdout: "Version: 1.99.0-fake\nBuild Commit: none\n" };
