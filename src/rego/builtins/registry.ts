// The builtin function table: each family file (strings.ts, time.ts, ...) exports a list of
// BuiltinDef and the table is assembled in builtins/index.ts. Arguments are checked through
// the shared helpers below so that every builtin reports type errors the way OPA does:
//   "operand 1 must be string but got number"
//   "operand 2 must be one of {set, array} but got object"

import { Float, type Num, asBigInt } from "../number.js";
import { type Value, RObject, RSet, typeName } from "../value.js";

export interface BuiltinContext {
  /** Nanoseconds since the Unix epoch, fixed for the whole query (time.now_ns). */
  readonly nowNs: bigint;
  /** Per-query cache for builtins (compiled patterns, rand.intn results, ...). */
  readonly cache: Map<string, unknown>;
  /** Output of print(). */
  print(line: string): void;
  /** Environment visible to opa.runtime(). */
  readonly env: Readonly<Record<string, string>>;
  /** Charges `units` steps of work against the evaluation budget; throws when exhausted. */
  charge(units: number): void;
}

/** A builtin that yields one value, or undefined when the result is undefined. */
export interface FunctionBuiltin {
  readonly name: string;
  /** Number of input arguments (the output, if passed, is not counted). -1 = variadic. */
  readonly arity: number;
  readonly fn: (args: readonly Value[], ctx: BuiltinContext) => Value | undefined;
  readonly relation?: false;
  /** Result depends on more than the arguments (time, randomness): never constant-folded. */
  readonly nondeterministic?: boolean;
  /** Returns a boolean and may be used as a bare expression (only informs documentation). */
  readonly predicate?: boolean;
}

/** A builtin that yields several values (e.g. walk): each is unified with the output. */
export interface RelationBuiltin {
  readonly name: string;
  readonly arity: number;
  readonly fn: (args: readonly Value[], ctx: BuiltinContext) => Iterable<Value>;
  readonly relation: true;
  readonly nondeterministic?: boolean;
}

export type BuiltinDef = FunctionBuiltin | RelationBuiltin;

// ---------------------------------------------------------------------------------------------
// errors

/** A builtin failed (OPA: eval_builtin_error). The message does not include the builtin name. */
export class BuiltinError extends Error {
  readonly code: string = "eval_builtin_error";
}

/** An operand had the wrong type or shape (OPA: eval_type_error). */
export class OperandError extends BuiltinError {
  override readonly code: string = "eval_type_error";
}

/** The builtin is refused in this engine (network access, ...): always an error, even non-strict. */
export class RefusedBuiltinError extends BuiltinError {}

export function operandErr(pos: number, msg: string): OperandError {
  return new OperandError(`operand ${pos} ${msg}`);
}

/** "operand 1 must be string but got number" / "operand 1 must be one of {a, b} but got x" */
export function typeErr(pos: number, got: Value, ...expected: string[]): OperandError {
  if (expected.length === 1) return operandErr(pos, `must be ${expected[0]} but got ${typeName(got)}`);
  return operandErr(pos, `must be one of {${expected.join(", ")}} but got ${typeName(got)}`);
}

/** "operand 1 must be array of strings but got array containing number" */
export function elementErr(pos: number, composite: Value, got: Value, ...expected: string[]): OperandError {
  const t = typeName(composite);
  if (expected.length === 1)
    return operandErr(pos, `must be ${t} of ${expected[0]}s but got ${t} containing ${typeName(got)}`);
  return operandErr(pos, `must be ${t} of (any of) {${expected.join(", ")}} but got ${t} containing ${typeName(got)}`);
}

// ---------------------------------------------------------------------------------------------
// argument helpers: args are 0-based, positions in messages are 1-based

export function str(args: readonly Value[], i: number): string {
  const v = args[i]!;
  if (typeof v !== "string") throw typeErr(i + 1, v, "string");
  return v;
}

export function num(args: readonly Value[], i: number): Num {
  const v = args[i]!;
  if (typeof v === "number" || typeof v === "bigint" || v instanceof Float) return v;
  throw typeErr(i + 1, v, "number");
}

/** An integer operand that fits a JS safe integer. */
export function int(args: readonly Value[], i: number): number {
  const v = num(args, i);
  if (typeof v === "number") return v;
  if (typeof v === "bigint") throw operandErr(i + 1, "must be integer number but got too large number");
  throw operandErr(i + 1, "must be integer number but got floating-point number");
}

/** An integer operand of any size. */
export function bigint(args: readonly Value[], i: number): bigint {
  const v = num(args, i);
  const b = asBigInt(v);
  if (b === undefined) throw operandErr(i + 1, "must be integer number but got floating-point number");
  return b;
}

export function bool(args: readonly Value[], i: number): boolean {
  const v = args[i]!;
  if (typeof v !== "boolean") throw typeErr(i + 1, v, "boolean");
  return v;
}

export function arr(args: readonly Value[], i: number): readonly Value[] {
  const v = args[i]!;
  if (!Array.isArray(v)) throw typeErr(i + 1, v, "array");
  return v as readonly Value[];
}

export function obj(args: readonly Value[], i: number): RObject {
  const v = args[i]!;
  if (!(v instanceof RObject)) throw typeErr(i + 1, v, "object");
  return v;
}

export function set(args: readonly Value[], i: number): RSet {
  const v = args[i]!;
  if (!(v instanceof RSet)) throw typeErr(i + 1, v, "set");
  return v;
}

/** Elements of an array or a set operand. */
export function collection(args: readonly Value[], i: number): readonly Value[] {
  const v = args[i]!;
  if (Array.isArray(v)) return v as readonly Value[];
  if (v instanceof RSet) return v.values();
  throw typeErr(i + 1, v, "array", "set");
}

/** An array or set of strings. */
export function strings(args: readonly Value[], i: number): string[] {
  const v = args[i]!;
  const items = collection(args, i);
  const out: string[] = [];
  for (const x of items) {
    if (typeof x !== "string") throw elementErr(i + 1, v, x, "string");
    out.push(x);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// constructors

export const arrayOf = (xs: Value[]): readonly Value[] => xs;
export const setOf = (xs: Iterable<Value>): RSet => RSet.of(xs);
export const objectOf = (entries: Iterable<readonly [Value, Value]>): RObject => RObject.fromEntries(entries);
