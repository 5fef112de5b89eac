// Shared by the report, decision, configuration and CLI tests: findings and check results built
// by hand, Terraform plan fixtures written to temp directories, the checker run in-process,
// validators for the JSON report and SARIF schemas, and a small strict XML reader.

import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv04 from "ajv-draft-04";
import * as formatsModule from "ajv-formats";
import { newAjv } from "../../src/config/ajv.js";
import { defaultConfig } from "../../src/config/load-config.js";
import type { Config, Exception } from "../../src/config/types.js";
import { decide } from "../../src/decide/decide.js";
import type { Finding } from "../../src/evaluate/finding.js";
import { runCheck } from "../../src/check/run-check.js";
import type { ChangeSummary, CheckResult } from "../../src/report/types.js";
import type { Source } from "../../src/model/types.js";

export const root = fileURLToPath(new URL("../../", import.meta.url));

// ---------------------------------------------------------------------------------------------
// findings and results built by hand

export function finding(p: Partial<Finding> = {}): Finding {
  return {
    policy: "PC-TEST-001",
    title: "Test policy",
    severity: "high",
    kind: "deny",
    message: "something is wrong",
    resource: "aws_ebs_volume.data",
    resource_id: "s1:aws_ebs_volume.data",
    action: "delete",
    file: "plan.json",
    needs_approval: false,
    undecided: false,
    description: "What the test policy checks.",
    remediation: "Fix it.",
    docs: null,
    rule: { package: "policy_check.test", name: "deny", file: "policy/test.rego", row: 3 },
    details: {},
    ...p,
  };
}

export function exception(p: Partial<Exception> = {}): Exception {
  return { policy: "PC-TEST-001", resource: "aws_ebs_volume.data", reason: "accepted for the test", owner: "@acme/platform", expires: null, ...p };
}

export function config(patch: { failOn?: Config["failOn"]; exceptions?: Exception[]; enable?: string[] | null; disable?: string[]; severity?: Config["policies"]["severity"] } = {}): Config {
  const c = defaultConfig();
  if (patch.failOn) c.failOn = patch.failOn;
  if (patch.exceptions) c.exceptions = patch.exceptions;
  if (patch.enable !== undefined) c.policies.enable = patch.enable;
  if (patch.disable) c.policies.disable = patch.disable;
  if (patch.severity) c.policies.severity = patch.severity;
  return c;
}

export function source(p: Partial<Source> = {}): Source {
  return { id: "s1", path: "plan.json", kind: "terraform-plan", tool: "terraform", tool_version: "1.9.0", format_version: "1.2", workspace: null, project: null, environment: null, notes: [], ...p };
}

export interface ResultOptions {
  config?: Config;
  notes?: string[];
  changes?: Partial<ChangeSummary>;
  sources?: Source[];
  today?: Date;
}

/** A CheckResult as the pipeline produces it: the findings decided under the configuration. */
export function resultOf(findings: Finding[], o: ResultOptions = {}): CheckResult {
  return {
    tool: { name: "policy-check", version: "9.9.9-test" },
    sources: o.sources ?? [source()],
    changes: { resources: 1, create: 0, update: 0, delete: 1, replace: 0, read: 0, no_op: 0, tokens: 0, ...o.changes },
    decision: decide(findings, o.config ?? config(), o.today ?? new Date("2026-06-15T12:00:00Z")),
    notes: o.notes ?? [],
    policies: { files: 3, rules: 7 },
  };
}

// ---------------------------------------------------------------------------------------------
// temp directories and plan fixtures

export interface TempDir {
  dir: string;
  /** writes a file (creating directories) and returns its path */
  write(name: string, content: string | object): string;
  remove(): void;
}

export function tempDir(prefix = "pc-test-"): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write(name, content) {
      const p = join(dir, name);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content, null, 2));
      return p;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ChangeSpec {
  address: string;
  type: string;
  name: string;
  actions: string[];
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  index?: string | number;
  module?: string;
  beforeSensitive?: unknown;
  afterSensitive?: unknown;
}

/** A Terraform plan JSON document (`terraform show -json`) with the given resource changes. */
export function planDoc(changes: ChangeSpec[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format_version: "1.2",
    terraform_version: "1.9.0",
    resource_changes: changes.map((c) => ({
      address: c.address,
      ...(c.module ? { module_address: c.module } : {}),
      mode: "managed",
      type: c.type,
      name: c.name,
      ...(c.index !== undefined ? { index: c.index } : {}),
      provider_name: "registry.terraform.io/hashicorp/aws",
      change: {
        actions: c.actions,
        before: c.before ?? null,
        after: c.after ?? null,
        after_unknown: {},
        before_sensitive: c.beforeSensitive ?? (c.before ? {} : false),
        after_sensitive: c.afterSensitive ?? (c.after ? {} : false),
      },
    })),
    configuration: { root_module: {} },
    ...extra,
  };
}

/** A production EBS volume deleted by the plan: PC-DEL-001 (critical, needs approval). */
export function deletedVolume(address = "aws_ebs_volume.data", p: Partial<ChangeSpec> = {}): ChangeSpec {
  return {
    address,
    type: "aws_ebs_volume",
    name: "data",
    actions: ["delete"],
    before: { id: "vol-0123456789abcdef0", size: 100, availability_zone: "us-east-1a", tags: { Environment: "production", Name: "data" } },
    after: null,
    ...p,
  };
}

// ---------------------------------------------------------------------------------------------
// the checker in-process (what the CLI does, without a child process)

export interface CheckRun {
  inputs: string[];
  config?: Config;
  raw?: boolean;
  workspace?: string | null;
  tfDirs?: string[];
  today?: Date;
}

export async function check(o: CheckRun): Promise<CheckResult> {
  const { result } = await runCheck({
    inputs: o.inputs,
    config: o.config ?? defaultConfig(),
    tfDirs: o.tfDirs ?? [],
    workspace: o.workspace ?? null,
    raw: o.raw ?? false,
    print: () => {},
    ...(o.today ? { today: o.today } : {}),
  });
  return result;
}

// ---------------------------------------------------------------------------------------------
// schema validation

type Validate = ((doc: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };

function explain(v: Validate, doc: unknown): string[] {
  return v(doc) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message}`);
}

let reportValidator: Validate | null = null;
/** Problems of a JSON report against docs/report.schema.json (empty when valid). */
export function jsonReportErrors(doc: unknown): string[] {
  if (!reportValidator) {
    const schema = JSON.parse(readFileSync(join(root, "docs/report.schema.json"), "utf8"));
    reportValidator = newAjv({ allErrors: true, strict: false }).compile(schema) as Validate;
  }
  return explain(reportValidator, doc);
}

/** The official SARIF 2.1.0 schema, as shipped by @microsoft/jest-sarif (draft-04). */
export const SARIF_SCHEMA_PATH = join(root, "node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

let sarifValidator: Validate | null = null;
/** Problems of a SARIF log against the official SARIF 2.1.0 schema (empty when valid). */
export function sarifErrors(doc: unknown): string[] {
  if (!sarifValidator) {
    const schema = JSON.parse(readFileSync(SARIF_SCHEMA_PATH, "utf8"));
    type Ctor = new (o: Record<string, unknown>) => { compile(s: unknown): Validate };
    const Ajv = ((Ajv04 as unknown as { default?: Ctor }).default ?? Ajv04) as unknown as Ctor;
    // the schema's language-tag pattern is not valid under the `u` flag
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    const addFormats = ((formatsModule as unknown as { default: { default?: unknown } }).default.default ?? (formatsModule as unknown as { default: unknown }).default) as (a: unknown, f: string[]) => void;
    addFormats(ajv, ["uri", "uri-reference", "date-time"]);
    sarifValidator = ajv.compile(schema);
  }
  return explain(sarifValidator, doc);
}

// ---------------------------------------------------------------------------------------------
// a strict reader for the XML the JUnit reporter writes (well-formedness, not validation)

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
// eslint-disable-next-line no-control-regex
const BAD_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function decodeXml(s: string, where: string): string {
  if (BAD_CHAR.test(s)) throw new Error(`character not allowed in XML in ${where}`);
  return s.replace(/&([^;]*);|&/g, (m, ent: string | undefined) => {
    if (ent === undefined) throw new Error(`bare & in ${where}`);
    const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
    if (ent in named) return named[ent]!;
    const num = /^#(\d+)$/.exec(ent) ?? /^#x([0-9a-fA-F]+)$/.exec(ent);
    if (num) return String.fromCodePoint(parseInt(num[1]!, ent.startsWith("#x") ? 16 : 10));
    throw new Error(`unknown entity ${m} in ${where}`);
  });
}

/** Parses an XML document strictly: one root, balanced tags, quoted unique attributes, valid entities. */
export function parseXml(text: string): XmlElement {
  let i = 0;
  const rest = () => text.slice(i);
  const skipWs = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const skipMisc = () => {
    for (;;) {
      skipWs();
      if (rest().startsWith("<!--")) {
        const end = text.indexOf("-->", i);
        if (end < 0) throw new Error("unterminated comment");
        i = end + 3;
      } else return;
    }
  };
  if (rest().startsWith("<?xml")) {
    const end = text.indexOf("?>", i);
    if (end < 0) throw new Error("unterminated XML declaration");
    i = end + 2;
  }
  skipMisc();
  const element = (): XmlElement => {
    if (text[i] !== "<") throw new Error(`expected < at ${i}`);
    i++;
    const name = NAME.exec(rest())?.[0];
    if (!name) throw new Error(`bad element name at ${i}`);
    i += name.length;
    const el: XmlElement = { name, attrs: {}, children: [], text: "" };
    for (;;) {
      const ws = i;
      skipWs();
      if (rest().startsWith("/>")) {
        i += 2;
        return el;
      }
      if (text[i] === ">") {
        i++;
        break;
      }
      if (ws === i) throw new Error(`expected whitespace before attribute at ${i} in <${name}>`);
      const an = NAME.exec(rest())?.[0];
      if (!an) throw new Error(`bad attribute name at ${i} in <${name}>`);
      i += an.length;
      if (text[i] !== "=") throw new Error(`expected = after ${an} in <${name}>`);
      i++;
      const q = text[i];
      if (q !== '"' && q !== "'") throw new Error(`unquoted attribute ${an} in <${name}>`);
      const end = text.indexOf(q, i + 1);
      if (end < 0) throw new Error(`unterminated attribute ${an}`);
      const raw = text.slice(i + 1, end);
      if (raw.includes("<")) throw new Error(`< in attribute ${an} of <${name}>`);
      if (an in el.attrs) throw new Error(`duplicate attribute ${an} in <${name}>`);
      el.attrs[an] = decodeXml(raw, `attribute ${an} of <${name}>`);
      i = end + 1;
    }
    for (;;) {
      const lt = text.indexOf("<", i);
      if (lt < 0) throw new Error(`<${name}> not closed`);
      const chunk = text.slice(i, lt);
      if (chunk.includes("]]>")) throw new Error(`]]> in text of <${name}>`);
      el.text += decodeXml(chunk, `text of <${name}>`);
      i = lt;
      if (rest().startsWith("</")) {
        i += 2;
        const close = NAME.exec(rest())?.[0];
        if (close !== name) throw new Error(`</${close}> closes <${name}>`);
        i += close.length;
        skipWs();
        if (text[i] !== ">") throw new Error(`bad closing tag </${name}`);
        i++;
        return el;
      }
      if (rest().startsWith("<!--")) {
        const end = text.indexOf("-->", i);
        if (end < 0) throw new Error("unterminated comment");
        i = end + 3;
        continue;
      }
      if (rest().startsWith("<![CDATA[")) {
        const end = text.indexOf("]]>", i);
        if (end < 0) throw new Error("unterminated CDATA");
        el.text += text.slice(i + 9, end);
        i = end + 3;
        continue;
      }
      el.children.push(element());
    }
  };
  const rootEl = element();
  skipMisc();
  if (i !== text.length) throw new Error(`content after the root element at ${i}`);
  return rootEl;
}

/** Every element named `name` under `el` (depth first). */
export function xmlAll(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => xmlAll(c, name))];
}

// ---------------------------------------------------------------------------------------------
// text helpers

/** Markdown/HTML numeric and named entities decoded (what a reader sees). */
export function decodeEntities(s: string): string {
  // one pass, so that an escaped "&amp;" from the input stays "&amp;"
  return s.replace(/&(#\d+|lt|gt|amp|quot|apos);/g, (_m, n: string) => (n.startsWith("#") ? String.fromCodePoint(Number(n.slice(1))) : { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" }[n]!));
}

// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[[0-9;]*m/;
