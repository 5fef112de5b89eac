// Errors of the Rego engine, with OPA's error codes.
//
// Compile-time: rego_parse_error, rego_compile_error, rego_unsafe_var_error,
//               rego_recursion_error, rego_type_error
// Evaluation:   eval_conflict_error, eval_type_error, eval_builtin_error, eval_cancel_error
//               (budget, time or depth limit exceeded)

export interface Location {
  file: string;
  row: number;
  col: number;
}

export type ErrorCode =
  | "rego_parse_error"
  | "rego_compile_error"
  | "rego_unsafe_var_error"
  | "rego_recursion_error"
  | "rego_type_error"
  | "eval_conflict_error"
  | "eval_type_error"
  | "eval_builtin_error"
  | "eval_cancel_error"
  | "eval_internal_error";

export interface ErrorDetail {
  code: ErrorCode;
  message: string;
  location?: Location;
  /** for parse errors: the source line and a caret under the column */
  snippet?: string;
}

function formatDetail(d: ErrorDetail): string {
  const loc = d.location ? `${d.location.file}:${d.location.row}: ` : "";
  return `${loc}${d.code}: ${d.message}`;
}

/**
 * An error from compiling or evaluating Rego. `message` is OPA's text form
 * ("file:row: code: message"); `errors` holds every error when several were found.
 */
export class RegoError extends Error {
  readonly code: ErrorCode;
  readonly location: Location | undefined;
  readonly errors: readonly ErrorDetail[];

  constructor(errors: ErrorDetail | readonly ErrorDetail[]) {
    const list = Array.isArray(errors) ? (errors as readonly ErrorDetail[]) : [errors as ErrorDetail];
    const first = list[0]!;
    const msg =
      list.length === 1
        ? formatDetail(first)
        : `${list.length} errors occurred:\n${list.map(formatDetail).join("\n")}`;
    super(msg);
    this.name = "RegoError";
    this.code = first.code;
    this.location = first.location;
    this.errors = list;
  }

  /** The message with the source snippet and caret, for terminals. */
  pretty(): string {
    return this.errors
      .map((d) => formatDetail(d) + (d.snippet ? "\n" + d.snippet : ""))
      .join("\n");
  }
}

/** Renders the source line of `loc` with a caret under its column. */
export function snippetAt(source: string, row: number, col: number): string {
  const lines = source.split("\n");
  const line = (lines[row - 1] ?? "").replace(/\t/g, " ");
  const shown = line.length > 200 ? line.slice(0, 200) + "…" : line;
  return `\t${shown}\n\t${" ".repeat(Math.max(0, Math.min(col - 1, 200)))}^`;
}
