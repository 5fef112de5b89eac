// Functions the evaluator implements itself (they need evaluation state rather than values):
// name -> arity (-1: any number of arguments).
export const SPECIAL_FUNCTIONS: ReadonlyMap<string, number> = new Map([
  ["print", -1],
  ["internal.print", 1],
  ["internal.member_2", 2],
  ["internal.member_3", 3],
  ["rego.metadata.rule", 0],
  ["rego.metadata.chain", 0],
  ["opa.runtime", 0],
  ["trace", 1],
]);
