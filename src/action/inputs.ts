// The action's inputs (action.yml), read and validated. Lists accept one item per line or
// comma-separated items.

import { SEVERITIES, type Severity } from "../config/schema.js";

export type CommentMode = "on" | "off" | "always";

export interface Approver {
  kind: "user" | "team";
  /** user login, or the team's org */
  login: string;
  /** team slug (teams only) */
  team?: string;
  /** as written in the input, for messages */
  label: string;
}

export interface ActionInputs {
  plans: string[];
  tokens: string[];
  config: string | null;
  policies: string[];
  tfDirs: string[];
  workspace: string | null;
  failOn: Severity | "none" | null;
  comment: CommentMode;
  checkName: string;
  sarifFile: string | null;
  approvers: Approver[];
  token: string;
  /** workflow_run mode: the PR number handed over by the untrusted workflow (verified against its head SHA) */
  pullRequest: number | null;
  /** what evaluates the policies: own (default), opa, wasm (with bundle) */
  engine: string | null;
  /** a pre-built OPA wasm bundle (implies engine wasm) */
  bundle: string | null;
}

export class InputsError extends Error {}

export type GetInput = (name: string) => string;

/** What @actions/core's getInput reads: INPUT_<NAME> with spaces as underscores, upper-cased. */
export function envInput(env: Record<string, string | undefined> = process.env): GetInput {
  return (name) => (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

export function list(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && !s.startsWith("#"));
}

export function parseApprovers(value: string): Approver[] {
  return list(value).map((raw) => {
    const s = raw.replace(/^@/, "");
    const team = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9_.-]+)$/.exec(s);
    if (team) return { kind: "team", login: team[1]!, team: team[2]!, label: `@${team[1]}/${team[2]}` };
    if (/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/.test(s)) return { kind: "user", login: s, label: `@${s}` };
    throw new InputsError(`approvers: '${raw}' is neither a user login nor an org/team-slug`);
  });
}

export function readInputs(get: GetInput): ActionInputs {
  const plans = list(get("plan"));
  const tokens = list(get("tokens"));
  if (plans.length + tokens.length === 0) throw new InputsError("give at least one plan file or glob in `plan` (terraform show -json, pulumi preview --json, cdktf.out) or a token config in `tokens`");
  const failOnRaw = get("fail-on").toLowerCase();
  if (failOnRaw && ![...SEVERITIES, "none"].includes(failOnRaw)) throw new InputsError(`fail-on must be one of ${[...SEVERITIES, "none"].join(", ")}, got '${failOnRaw}'`);
  const commentRaw = (get("comment") || "on").toLowerCase();
  const comment: CommentMode | undefined = ({ on: "on", true: "on", yes: "on", off: "off", false: "off", no: "off", always: "always" } as Record<string, CommentMode>)[commentRaw];
  if (!comment) throw new InputsError(`comment must be on, off or always, got '${commentRaw}'`);
  const checkName = get("check-name") || "policy-check";
  if (checkName.length > 100 || /[\r\n]/.test(checkName)) throw new InputsError("check-name must be one line of at most 100 characters");
  const sarifRaw = get("sarif-file");
  const sarifFile = sarifRaw === "" ? "policy-check.sarif" : ["off", "false", "none"].includes(sarifRaw.toLowerCase()) ? null : sarifRaw;
  const prRaw = get("pull-request");
  let pullRequest: number | null = null;
  if (prRaw) {
    if (!/^[1-9][0-9]{0,9}$/.test(prRaw)) throw new InputsError(`pull-request must be a pull request number, got '${prRaw.slice(0, 40)}'`);
    pullRequest = Number(prRaw);
  }
  return {
    plans,
    tokens,
    config: get("config") || null,
    policies: list(get("policy")),
    tfDirs: list(get("tf-dir")),
    workspace: get("workspace") || null,
    failOn: (failOnRaw || null) as Severity | "none" | null,
    comment,
    checkName,
    sarifFile,
    approvers: parseApprovers(get("approvers")),
    token: get("github-token"),
    pullRequest,
    engine: get("engine").toLowerCase() || null,
    bundle: get("bundle") || null,
  };
}
