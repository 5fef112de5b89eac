// Terraform input readers: plan JSON, state JSON and raw v4 state, and the --tf-dir lifecycle pre-pass.
export { terraformPlanReader, readTerraformPlan, isTerraformPlan } from "./plan-reader.js";
export { terraformStateReader, readTerraformState, isTerraformStateJSON, isRawTerraformState } from "./state-reader.js";
export {
  loadLifecycle,
  lifecycleFor,
  type LifecycleContext,
  type LifecycleEntry,
  type LifecycleIndex,
} from "./lifecycle-hcl.js";
