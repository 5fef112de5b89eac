// Public API of the Rego engine: compile(modules) -> PolicySet; policySet.eval(query, opts).
export type {
  CompileOptions,
  EvalOptions,
  Limits,
  Result,
  ResultSet,
  ExpressionResult,
  RegoVersion,
  Annotations,
  TestResult,
} from "./api.js";
export { RegoError, type ErrorCode, type ErrorDetail, type Location } from "./errors.js";
export type { Value } from "./value.js";
export { RObject, RSet, fromJSON, adoptJSON, toJS, toJSONText, equal, compare } from "./value.js";

export { compile, parseValue, PolicySet, Session, DEFAULT_LIMITS } from "./policyset.js";
export type { Rule, Module } from "./ast.js";
export { formatValue } from "./format.js";
