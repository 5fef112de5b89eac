// Token inputs: the token configuration YAML and GitHub Actions workflows (readers), and the
// tokens minted in plans or held by provider blocks (extractTokens, run on the loaded inputs).
export { tokenConfigReader, readTokenConfig, readTokenConfigFile, isTokenConfig } from "./config-reader.js";
export { githubWorkflowReader, readGithubWorkflow, isGithubWorkflow } from "./workflow/workflow-reader.js";
export { extractTokens } from "./extract.js";
export { TOKEN_CONFIG_SCHEMA, TOKEN_CONFIG_KIND, TOKEN_CONFIG_VERSION } from "./config-schema.js";
