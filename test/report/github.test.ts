// GitHub workflow commands: one annotation per finding with file= and title= properties, values
// escaped as the runner reads them (%, CR, LF in data; also `:` and `,` in properties), warnings
// for expired and stale exceptions, and a closing notice.

import { test } from "node:test";
import assert from "node:assert/strict";
import { githubReporter } from "../../src/report/github-reporter.js";
import { escapeCommandData, escapeCommandProperty } from "../../src/report/escape.js";
import { config, exception, finding, resultOf } from "./helpers.js";

interface Command {
  name: string;
  props: Record<string, string>;
  data: string;
}

/** Parses one workflow command as the Actions runner does (ActionCommand.TryParseV2). */
function parseCommand(line: string): Command {
  assert.ok(line.startsWith("::"), line);
  const end = line.indexOf("::", 2);
  assert.ok(end > 2, `no data separator in ${line}`);
  const head = line.slice(2, end);
  const data = line.slice(end + 2);
  const space = head.indexOf(" ");
  const name = space < 0 ? head : head.slice(0, space);
  const props: Record<string, string> = {};
  if (space >= 0) {
    for (const pair of head.slice(space + 1).split(",")) {
      const eq = pair.indexOf("=");
      assert.ok(eq > 0, `property without = in ${line}`);
      const key = pair.slice(0, eq);
      assert.ok(!(key in props), `duplicate property ${key}`);
      props[key] = unescapeProperty(pair.slice(eq + 1));
    }
  }
  return { name, props, data: unescapeData(data) };
}

const unescapeData = (s: string) => s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
const unescapeProperty = (s: string) => s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%25/g, "%");

function commands(out: string): Command[] {
  assert.ok(out.endsWith("\n"));
  const lines = out.slice(0, -1).split("\n");
  for (const l of lines) assert.doesNotMatch(l, /\r/, "one command per line");
  return lines.map(parseCommand);
}

test("escaping follows the runner's rules", () => {
  assert.equal(escapeCommandData("50% done\r\nnext::line, a:b"), "50%25 done%0D%0Anext::line, a:b");
  assert.equal(escapeCommandProperty("50% done\r\nnext::line, a:b"), "50%25 done%0D%0Anext%3A%3Aline%2C a%3Ab");
  for (const s of ["%0A literal", "a%25b", "::error::x", "x,y=z"]) {
    assert.equal(unescapeData(escapeCommandData(s)), s);
    assert.equal(unescapeProperty(escapeCommandProperty(s)), s);
  }
});

test("one annotation per finding: error for critical/high, warning for medium and warn rules, notice for low/info", () => {
  const cmds = commands(
    githubReporter.render(
      resultOf([
        finding({ policy: "A", severity: "critical", resource: "r1" }),
        finding({ policy: "B", severity: "high", resource: "r2" }),
        finding({ policy: "C", severity: "medium", resource: "r3" }),
        finding({ policy: "D", severity: "low", resource: "r4" }),
        finding({ policy: "E", severity: "info", resource: "r5" }),
        finding({ policy: "F", severity: "critical", kind: "warn", resource: "r6" }),
      ]),
      { color: false },
    ),
  );
  assert.deepEqual(
    cmds.map((c) => `${c.name} ${c.props["title"]}`),
    ["error A r1", "warning F r6", "error B r2", "warning C r3", "notice D r4", "notice E r5", "notice policy-check"],
  );
  const a = cmds[0]!;
  assert.deepEqual(a.props, { file: "plan.json", title: "A r1" });
  assert.equal(a.data, "CRITICAL: something is wrong Fix: Fix it.");
  assert.deepEqual(cmds.at(-1), { name: "notice", props: { title: "policy-check" }, data: "FAIL: 6 finding(s), fail_on high" });
});

test("a finding without a file or resource has only a title; without remediation no Fix", () => {
  const [c] = commands(githubReporter.render(resultOf([finding({ file: null, resource: null, remediation: null })]), { color: false }));
  assert.deepEqual(c!.props, { title: "PC-TEST-001" });
  assert.equal(c!.data, "HIGH: something is wrong");
});

test("hostile values cannot end the command, add properties or start another command", () => {
  const evil = "50%,x:y\r\n::error file=evil.tf::pwned";
  const f = finding({ policy: "P,1:2", resource: `aws_s3_bucket.b["${evil}"]`, file: `dir/${evil}.json`, message: `msg ${evil}`, remediation: "line1\nline2\r\n%0A" });
  const out = githubReporter.render(resultOf([f]), { color: false });
  const cmds = commands(out);
  assert.equal(cmds.length, 2, out);
  const [c] = cmds;
  assert.equal(c!.name, "error");
  assert.deepEqual(Object.keys(c!.props).sort(), ["file", "title"]);
  assert.equal(c!.props["file"], `dir/${evil}.json`);
  assert.equal(c!.props["title"], `P,1:2 aws_s3_bucket.b["${evil}"]`);
  assert.equal(c!.data, `HIGH: msg ${evil} Fix: line1\nline2\r\n%0A`);
  assert.equal(out.split("\n").filter((l) => l.startsWith("::error")).length, 1);
});

test("expired and stale exceptions are warnings; suppressed findings are counted in the closing notice", () => {
  const live = exception({ policy: "PC-DEL-001", resource: "aws_ebs_volume.*" });
  const expired = exception({ policy: "PC-DP-001", resource: "aws_db_instance.main", owner: "bob", expires: "2026-01-01" });
  const stale = exception({ policy: "PC-X", resource: "a,b:c" });
  const cmds = commands(githubReporter.render(resultOf([finding({ policy: "PC-DEL-001" }), finding({ policy: "PC-DP-001", resource: "aws_db_instance.main" })], { config: config({ exceptions: [live, expired, stale] }) }), { color: false }));
  assert.deepEqual(
    cmds.map((c) => [c.name, c.props["title"], c.data]),
    [
      ["error", "PC-DP-001 aws_db_instance.main", "HIGH: something is wrong Fix: Fix it."],
      ["warning", "policy-check: expired exception PC-DP-001 aws_db_instance.main", "The exception for PC-DP-001 on aws_db_instance.main (owner bob) expired 2026-01-01: it no longer suppresses."],
      ["warning", "policy-check: stale exception PC-X a,b:c", "The exception for PC-X on a,b:c (owner @acme/platform) matched nothing: remove it."],
      ["notice", "policy-check", "FAIL: 1 finding(s), 1 suppressed by exceptions, fail_on high"],
    ],
  );
});

test("a clean run is one notice", () => {
  assert.equal(githubReporter.render(resultOf([]), { color: false }), "::notice title=policy-check::PASS: 0 finding(s), fail_on high\n");
});
