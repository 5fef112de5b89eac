// `policy-check eval -d DIR -i input.json QUERY`: prints what `opa eval --format json` prints.

import { compile, toJSONText, RObject, type Value, type ResultSet, RegoError } from "../rego/index.js";
import { loadPolicyFiles, readText } from "../load/policy-files.js";
import { parseJSONDocument } from "../load/json-document.js";
import { InputError } from "../load/input-error.js";
import { EXIT_ERROR, EXIT_OK } from "./fail.js";

export interface EvalCommandOptions {
  data: string[];
  input?: string;
  regoVersion: "v0" | "v1";
  strictBuiltinErrors: boolean;
  timeout: number;
}

export function runEval(query: string, opts: EvalCommandOptions, out: (s: string) => void): number {
  const files = loadPolicyFiles(opts.data);
  const ps = compile(files.modules, { regoVersion: opts.regoVersion });
  let input: Value | undefined;
  if (opts.input !== undefined) input = parseJSONDocument(readText(opts.input), opts.input);
  try {
    const rs = ps.eval(query, {
      input,
      data: files.data,
      strictBuiltinErrors: opts.strictBuiltinErrors,
      limits: { timeoutMs: opts.timeout },
      print: (line) => process.stderr.write(line + "\n"),
    });
    out(formatResultSet(rs) + "\n");
    return EXIT_OK;
  } catch (e) {
    if (e instanceof RegoError) {
      out(formatErrors(e) + "\n");
      return EXIT_ERROR;
    }
    if (e instanceof InputError) throw e;
    throw e;
  }
}

/** `{"result": [...]}` as opa eval --format json, or `{}` when undefined. */
export function formatResultSet(rs: ResultSet): string {
  if (rs.length === 0) return "{}";
  const results: Value[] = rs.map((r) => {
    const o = new RObject();
    o.set(
      "expressions",
      r.expressions.map((e) =>
        RObject.fromRecord({
          value: e.value,
          text: e.text,
          location: RObject.fromRecord({ row: e.location.row, col: e.location.col }),
        }),
      ),
    );
    if (Object.keys(r.bindings).length > 0) o.set("bindings", RObject.fromRecord(r.bindings));
    return o;
  });
  return toJSONText(RObject.fromRecord({ result: results }), 2);
}

export function formatErrors(e: RegoError): string {
  const errors = e.errors.map((d) => {
    const o: Record<string, Value> = { message: d.message, code: d.code };
    if (d.location) o["location"] = RObject.fromRecord({ file: d.location.file, row: d.location.row, col: d.location.col });
    return RObject.fromRecord(o);
  });
  return toJSONText(RObject.fromRecord({ errors }), 2);
}
