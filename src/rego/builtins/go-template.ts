// strings.render_template: a subset of Go's text/template, executed as OPA does it (the
// variables object is decoded from its JSON text, numbers as json.Number, with
// Option("missingkey=error")).
//
// Supported: text; comments {{/* */}}; trim markers {{- and -}}; pipelines with | of
//   . .field.chain $ $var $var.field "string" `raw` 'c' numbers true false nil (pipelines)
// control actions if / else if / else, with / else with / else, range (over arrays and objects,
// with $v := or $k, $v :=, else, break, continue), end; variables $x := ... and $x = ...;
// functions and or not eq ne lt le gt ge len index print printf println.
// Not supported (reported as errors): define, template, block, and the other functions
// (html, js, urlquery, slice, call). Values print as Go's fmt prints them: strings and numbers
// as they are, arrays as [a b], objects as map[k:v], null as <no value>.

import { Float, numToString } from "../number.js";
import { type Value, RObject, RSet } from "../value.js";
import { type GoArg, type GoValue, goSprint, goSprintf, goTypeName, isPrint } from "./go-fmt.js";
import { BuiltinError } from "./registry.js";
import { regoText } from "./rego-text.js";

const NAME = "template";
const UTF8 = new TextEncoder();

// ---------------------------------------------------------------------------------------------
// data: OPA decodes the Rego text of the object as JSON (ast.As), so what JSON cannot read fails

function jsonError(msg: string): BuiltinError {
  return new BuiltinError(msg);
}

function toData(v: Value): GoArg {
  switch (typeof v) {
    case "string": {
      for (const ch of v) {
        const c = ch.codePointAt(0)!;
        // strconv.Quote writes these as escapes that JSON does not have
        if (c === 7) throw jsonError("invalid character 'a' in string escape code");
        if (c === 11) throw jsonError("invalid character 'v' in string escape code");
        if ((c < 0x20 && c !== 8 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 0x7f)
          throw jsonError("invalid character 'x' in string escape code");
        if (c > 0xffff && !isPrint(c)) throw jsonError("invalid character 'U' in string escape code");
      }
      return { t: "string", v };
    }
    case "boolean":
      return { t: "bool", v };
    case "number":
    case "bigint":
      return { t: "string", v: String(v), type: "json.Number" };
  }
  if (v === null) return null;
  if (v instanceof Float) return { t: "string", v: numToString(v), type: "json.Number" };
  if (Array.isArray(v)) return { t: "slice", v: (v as readonly Value[]).map(toData) };
  if (v instanceof RObject) {
    const entries: [string, GoArg][] = [];
    for (const [k, x] of v.entries()) {
      if (typeof k !== "string")
        throw jsonError(`invalid character '${regoText(k)[0]}' looking for beginning of object key string`);
      const key = toData(k) as GoValue & { t: "string" };
      entries.push([key.v, toData(x)]);
    }
    return { t: "map", v: entries };
  }
  const s = v as RSet;
  if (s.size === 0) throw jsonError("invalid character 's' looking for beginning of value");
  const first = s.values()[0]!;
  if (typeof first !== "string")
    throw jsonError(`invalid character '${regoText(first)[0]}' looking for beginning of object key string`);
  toData(first);
  throw jsonError(`invalid character '${s.size > 1 ? "," : "}"}' after object key`);
}

// ---------------------------------------------------------------------------------------------
// lexer

type TokKind =
  | "text"
  | "left"
  | "right"
  | "field" // .name
  | "dot"
  | "var" // $ or $name
  | "ident"
  | "string"
  | "number"
  | "char"
  | "pipe"
  | "lparen"
  | "rparen"
  | "comma"
  | "declare"
  | "assign"
  | "space"
  | "eof";

interface Tok {
  k: TokKind;
  v: string;
  pos: number;
}

class TemplateSyntaxError extends Error {}

function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\r" || c === "\n";
}

function isAlnum(c: string | undefined): boolean {
  return c !== undefined && /^[\p{L}\p{Nd}_]$/u.test(c);
}

const NUMBER = /^[+-]?(?:0[xX][0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?[0-9_]+)?|0[bB][01_]+|0[oO][0-7_]+|(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][+-]?[0-9_]+)?)i?/;

function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let pos = 0;
  let trimNext = false;
  for (;;) {
    let start = pos;
    if (trimNext) {
      while (start < src.length && isSpace(src[start])) start++;
      trimNext = false;
    }
    const open = src.indexOf("{{", start);
    let text = src.slice(start, open < 0 ? src.length : open);
    if (open < 0) {
      if (text) toks.push({ k: "text", v: text, pos: start });
      toks.push({ k: "eof", v: "", pos: src.length });
      return toks;
    }
    let p = open + 2;
    if (src[p] === "-" && isSpace(src[p + 1])) {
      text = text.replace(/[ \t\r\n]+$/, "");
      p += 2;
    }
    if (text) toks.push({ k: "text", v: text, pos: start });
    // a comment: {{/* ... */}}, nothing else in the action
    if (src.startsWith("/*", p)) {
      const close = src.indexOf("*/", p + 2);
      if (close < 0) throw new TemplateSyntaxError("unclosed comment");
      const after = close + 2;
      if (isSpace(src[after]) && src[after + 1] === "-" && src.startsWith("}}", after + 2)) {
        trimNext = true;
        pos = after + 4;
      } else if (src.startsWith("}}", after)) {
        pos = after + 2;
      } else {
        throw new TemplateSyntaxError("comment ends before closing delimiter");
      }
      continue;
    }
    toks.push({ k: "left", v: "{{", pos: open });
    // inside the action
    for (;;) {
      if (p >= src.length) throw new TemplateSyntaxError("unclosed action");
      if (isSpace(src[p]) && src[p + 1] === "-" && src.startsWith("}}", p + 2)) {
        toks.push({ k: "right", v: "}}", pos: p });
        trimNext = true;
        pos = p + 4;
        break;
      }
      if (src.startsWith("}}", p)) {
        toks.push({ k: "right", v: "}}", pos: p });
        pos = p + 2;
        break;
      }
      const c = src[p]!;
      if (isSpace(c)) {
        let e = p;
        while (isSpace(src[e])) e++;
        toks.push({ k: "space", v: src.slice(p, e), pos: p });
        p = e;
        continue;
      }
      const simple: Record<string, TokKind> = { "|": "pipe", "(": "lparen", ")": "rparen", ",": "comma", "=": "assign" };
      if (c === ":") {
        if (src[p + 1] !== "=") throw new TemplateSyntaxError("expected :=");
        toks.push({ k: "declare", v: ":=", pos: p });
        p += 2;
        continue;
      }
      if (simple[c]) {
        toks.push({ k: simple[c]!, v: c, pos: p });
        p++;
        continue;
      }
      if (c === '"' || c === "`" || c === "'") {
        let e = p + 1;
        while (e < src.length && src[e] !== c) {
          if (c !== "`" && src[e] === "\\") e++;
          if (c !== "`" && src[e] === "\n") break;
          e++;
        }
        if (e >= src.length || src[e] !== c) {
          throw new TemplateSyntaxError(c === "`" ? "unterminated raw quoted string" : c === "'" ? "unterminated character constant" : "unterminated quoted string");
        }
        toks.push({ k: c === "'" ? "char" : "string", v: src.slice(p, e + 1), pos: p });
        p = e + 1;
        continue;
      }
      if (c === "$") {
        let e = p + 1;
        while (isAlnum(src[e])) e++;
        toks.push({ k: "var", v: src.slice(p, e), pos: p });
        p = e;
        continue;
      }
      if (c === "." && !/[0-9]/.test(src[p + 1] ?? "")) {
        let e = p + 1;
        while (isAlnum(src[e])) e++;
        toks.push(e === p + 1 ? { k: "dot", v: ".", pos: p } : { k: "field", v: src.slice(p, e), pos: p });
        p = e;
        continue;
      }
      if (/[0-9.+-]/.test(c)) {
        const m = NUMBER.exec(src.slice(p));
        if (!m || m[0] === "" || m[0] === "+" || m[0] === "-" || isAlnum(src[p + m[0].length]))
          throw new TemplateSyntaxError(`bad number syntax: "${src.slice(p, p + (m?.[0].length ?? 0) + 1)}"`);
        toks.push({ k: "number", v: m[0], pos: p });
        p += m[0].length;
        continue;
      }
      if (isAlnum(c)) {
        let e = p;
        while (isAlnum(src[e])) e++;
        toks.push({ k: "ident", v: src.slice(p, e), pos: p });
        p = e;
        continue;
      }
      throw new TemplateSyntaxError(`unrecognized character in action: ${quoteChar(c)}`);
    }
  }
}

function quoteChar(c: string): string {
  return "U+" + c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0") + " '" + c + "'";
}

// ---------------------------------------------------------------------------------------------
// parse tree

type Operand =
  | { k: "dot"; pos: number }
  | { k: "nil"; pos: number }
  | { k: "bool"; v: boolean; pos: number }
  | { k: "number"; text: string; pos: number }
  | { k: "string"; v: string; text: string; pos: number }
  | { k: "field"; fields: string[]; pos: number } // .a.b
  | { k: "var"; name: string; fields: string[]; pos: number } // $x.a
  | { k: "ident"; name: string; pos: number }
  | { k: "pipe"; pipe: Pipeline; fields: string[]; pos: number };

interface Command {
  args: Operand[];
  pos: number;
}

interface Pipeline {
  decl: string[];
  isAssign: boolean;
  cmds: Command[];
  pos: number;
}

interface Control {
  k: "if" | "with" | "range";
  pipe: Pipeline;
  list: Node[];
  elseList: Node[] | null;
  pos: number;
}

type Node = { k: "text"; v: string } | { k: "action"; pipe: Pipeline } | Control | { k: "break" | "continue"; pos: number };

const FUNCS = new Set(["and", "or", "not", "eq", "ne", "lt", "le", "gt", "ge", "len", "index", "print", "printf", "println"]);
const UNSUPPORTED = new Set(["html", "js", "urlquery", "slice", "call"]);

/** deeper nesting of actions or parentheses is refused (the JS stack is not Go's) */
const MAX_NESTING = 250;

class Parser {
  private i = 0;
  private depth = 0;
  private vars: string[][] = [["$"]];
  private rangeDepth = 0;

  constructor(
    private readonly src: string,
    private readonly toks: Tok[],
  ) {}

  private line(pos: number): number {
    let n = 1;
    for (let i = 0; i < pos && i < this.src.length; i++) if (this.src.charCodeAt(i) === 10) n++;
    return n;
  }

  private error(msg: string, pos?: number): never {
    const p = pos ?? this.toks[Math.min(this.i, this.toks.length - 1)]!.pos;
    throw new BuiltinError(`template: ${NAME}:${this.line(p)}: ${msg}`);
  }

  private peek(skipSpace = true): Tok {
    let j = this.i;
    while (skipSpace && this.toks[j]!.k === "space") j++;
    return this.toks[j]!;
  }

  private next(skipSpace = true): Tok {
    while (skipSpace && this.toks[this.i]!.k === "space") this.i++;
    return this.toks[this.i++]!;
  }

  parse(): Node[] {
    const [list, end] = this.parseList();
    if (end !== "eof") this.error(`unexpected {{${end}}}`);
    return list;
  }

  /** a list of nodes up to {{end}}, {{else ...}} or the end of the input: returns what stopped it */
  private parseList(): [Node[], string] {
    const out: Node[] = [];
    for (;;) {
      const t = this.next(false);
      if (t.k === "eof") return [out, "eof"];
      if (t.k === "text") {
        out.push({ k: "text", v: t.v });
        continue;
      }
      // t is {{
      const kw = this.peek();
      if (kw.k === "ident") {
        switch (kw.v) {
          case "end":
          case "else":
            this.next();
            return [out, kw.v];
          case "if":
          case "with":
          case "range":
            this.next();
            out.push(this.parseControl(kw.v, kw.pos));
            continue;
          case "break":
          case "continue": {
            this.next();
            if (this.rangeDepth === 0) this.error(`{{${kw.v}}} outside {{range}}`, kw.pos);
            this.expectRight(kw.v);
            out.push({ k: kw.v, pos: kw.pos });
            continue;
          }
          case "define":
          case "template":
          case "block":
            this.error(`{{${kw.v}}} is not supported by strings.render_template`, kw.pos);
        }
      }
      out.push({ k: "action", pipe: this.parsePipeline("command", false) });
    }
  }

  private expectRight(context: string): void {
    const t = this.next();
    if (t.k !== "right") this.error(`unexpected "${t.v}" in ${context}`, t.pos);
  }

  private nest(pos: number): void {
    if (++this.depth > MAX_NESTING) this.error(`nesting deeper than ${MAX_NESTING} levels`, pos);
  }

  private parseControl(kind: "if" | "with" | "range", pos: number): Node {
    this.nest(pos);
    try {
      return this.parseControlBody(kind, pos);
    } finally {
      this.depth--;
    }
  }

  private parseControlBody(kind: "if" | "with" | "range", pos: number): Node {
    this.vars.push([...this.vars[this.vars.length - 1]!]);
    const pipe = this.parsePipeline(kind, kind === "range");
    if (kind === "range") this.rangeDepth++;
    const [list, stop] = this.parseList();
    if (kind === "range") this.rangeDepth--;
    let elseList: Node[] | null = null;
    if (stop === "eof") this.error("unexpected EOF");
    if (stop === "else") {
      const nxt = this.peek();
      if ((kind === "if" && nxt.k === "ident" && nxt.v === "if") || (kind === "with" && nxt.k === "ident" && nxt.v === "with")) {
        // {{else if ...}} / {{else with ...}}: a nested control that shares our {{end}}
        this.next();
        elseList = [this.parseControl(kind, nxt.pos)];
        this.vars.pop();
        return { k: kind, pipe, list, elseList, pos };
      }
      this.expectRight("else");
      const [el, stop2] = this.parseList();
      if (stop2 !== "end") this.error(stop2 === "eof" ? "unexpected EOF" : "expected end; found {{else}}");
      this.expectRight("end");
      elseList = el;
    } else {
      this.expectRight("end");
    }
    this.vars.pop();
    return { k: kind, pipe, list, elseList, pos };
  }

  private declared(name: string): boolean {
    return this.vars[this.vars.length - 1]!.includes(name);
  }

  private parsePipeline(context: string, allowTwo: boolean, inParens = false): Pipeline {
    const start = this.peek();
    const pipe: Pipeline = { decl: [], isAssign: false, cmds: [], pos: start.pos };
    // declarations: $x := / $x = / $k, $v :=
    const save = this.i;
    const v1 = this.next();
    if (v1.k === "var") {
      const after = this.next();
      if (after.k === "declare" || after.k === "assign") {
        pipe.decl = [v1.v];
        pipe.isAssign = after.k === "assign";
      } else if (after.k === "comma" && allowTwo) {
        const v2 = this.next();
        const d = this.next();
        if (v2.k !== "var" || (d.k !== "declare" && d.k !== "assign")) this.error(`range can only initialize variables`, v2.pos);
        pipe.decl = [v1.v, v2.v];
        pipe.isAssign = d.k === "assign";
      } else {
        this.i = save;
      }
    } else {
      this.i = save;
    }
    if (pipe.isAssign) for (const d of pipe.decl) if (!this.declared(d)) this.error(`undefined variable "${d}"`, start.pos);
    for (;;) {
      const t = this.peek();
      if (t.k === "right" || t.k === "rparen") {
        if (t.k === "rparen" && !inParens) this.error("unexpected right paren", t.pos);
        if (t.k === "right" && inParens) this.error("unclosed left paren", t.pos);
        if (pipe.cmds.length === 0) this.error(`missing value for ${context}`, t.pos);
        if (t.k === "right") this.next();
        break;
      }
      pipe.cmds.push(this.parseCommand());
      const sep = this.peek();
      if (sep.k === "pipe") {
        this.next();
        const after = this.peek();
        if (after.k === "right" || after.k === "rparen") this.error("missing command", after.pos);
      } else if (sep.k !== "right" && sep.k !== "rparen") {
        this.error(`unexpected "${sep.v}" in operand`, sep.pos);
      }
    }
    if (!pipe.isAssign) this.vars[this.vars.length - 1]!.push(...pipe.decl);
    return pipe;
  }

  private parseCommand(): Command {
    const cmd: Command = { args: [], pos: this.peek().pos };
    for (;;) {
      const t = this.peek();
      if (t.k === "pipe" || t.k === "right" || t.k === "rparen") break;
      if (t.k === "eof" || t.k === "left" || t.k === "text") this.error("unclosed action", t.pos);
      cmd.args.push(this.parseOperand());
      // operands are separated by spaces
      const s = this.toks[this.i]!;
      if (s.k !== "space" && s.k !== "pipe" && s.k !== "right" && s.k !== "rparen") this.error(`unexpected "${s.v}" in operand`, s.pos);
    }
    if (cmd.args.length === 0) this.error("missing value for command", cmd.pos);
    return cmd;
  }

  private chain(): string[] {
    const fields: string[] = [];
    while (this.toks[this.i]!.k === "field") fields.push(this.toks[this.i++]!.v.slice(1));
    return fields;
  }

  private parseOperand(): Operand {
    const t = this.next();
    switch (t.k) {
      case "dot":
        return { k: "dot", pos: t.pos };
      case "field":
        return { k: "field", fields: [t.v.slice(1), ...this.chain()], pos: t.pos };
      case "var":
        if (!this.declared(t.v)) this.error(`undefined variable "${t.v}"`, t.pos);
        return { k: "var", name: t.v, fields: this.chain(), pos: t.pos };
      case "string":
        return { k: "string", v: unquote(t.v, (m) => this.error(m, t.pos)), text: t.v, pos: t.pos };
      case "char": {
        const s = unquote('"' + t.v.slice(1, -1).replace(/"/g, '\\"') + '"', (m) => this.error(m, t.pos));
        if ([...s].length !== 1) this.error(`malformed character constant: ${t.v}`, t.pos);
        return { k: "number", text: String(s.codePointAt(0)), pos: t.pos };
      }
      case "number":
        return { k: "number", text: t.v, pos: t.pos };
      case "lparen": {
        this.nest(t.pos);
        const pipe = this.parsePipeline("parenthesized pipeline", false, true);
        this.depth--;
        const close = this.next();
        if (close.k !== "rparen") this.error("unclosed left paren", t.pos);
        return { k: "pipe", pipe, fields: this.chain(), pos: t.pos };
      }
      case "ident":
        if (t.v === "true" || t.v === "false") return { k: "bool", v: t.v === "true", pos: t.pos };
        if (t.v === "nil") return { k: "nil", pos: t.pos };
        if (!FUNCS.has(t.v)) {
          if (UNSUPPORTED.has(t.v)) this.error(`function "${t.v}" is not supported by strings.render_template`, t.pos);
          this.error(`function "${t.v}" not defined`, t.pos);
        }
        return { k: "ident", name: t.v, pos: t.pos };
      default:
        this.error(`unexpected ${t.k === "right" ? "}}" : `"${t.v}"`} in operand`, t.pos);
    }
  }
}

function unquote(text: string, fail: (msg: string) => never): string {
  if (text[0] === "`") return text.slice(1, -1).replace(/\r/g, "");
  const body = text.slice(1, -1);
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", '"': '"', "'": "'" };
    if (e !== undefined && simple[e] !== undefined) {
      out += simple[e];
    } else if (e === "x" || e === "u" || e === "U") {
      const n = e === "x" ? 2 : e === "u" ? 4 : 8;
      const h = body.slice(i + 1, i + 1 + n);
      if (!/^[0-9a-fA-F]+$/.test(h) || h.length !== n) fail(`invalid syntax`);
      const cp = parseInt(h, 16);
      if (cp > 0x10ffff) fail(`invalid syntax`);
      out += String.fromCodePoint(cp);
      i += n;
    } else if (e !== undefined && e >= "0" && e <= "7") {
      const o = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(o)) fail(`invalid syntax`);
      out += String.fromCharCode(parseInt(o, 8));
      i += 2;
    } else {
      fail(`invalid syntax`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// execution

class Break {}
class Continue {}

const TRUE: GoValue = { t: "bool", v: true };
const FALSE: GoValue = { t: "bool", v: false };

function truth(v: GoArg): boolean {
  if (v === null) return false;
  switch (v.t) {
    case "bool":
      return v.v;
    case "string":
      return v.v.length > 0;
    case "int64":
    case "bigint":
      return v.v !== 0n;
    case "float64":
      return v.v !== 0;
    case "slice":
    case "map":
      return v.v.length > 0;
  }
}

type Kind = "bool" | "int" | "float" | "string" | "nil" | "other";

function kindOf(v: GoArg): Kind {
  if (v === null) return "nil";
  switch (v.t) {
    case "bool":
      return "bool";
    case "int64":
      return "int";
    case "float64":
      return "float";
    case "string":
      return "string";
    default:
      return "other";
  }
}

class Exec {
  private readonly out: string[] = [];
  private vars: [string, GoArg][] = [];

  constructor(
    private readonly src: string,
    private readonly charge: (n: number) => void,
  ) {}

  text(): string {
    return this.out.join("");
  }

  private error(pos: number, context: string, msg: string): never {
    const before = this.src.slice(0, pos);
    const nl = before.lastIndexOf("\n");
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    const col = UTF8.encode(nl < 0 ? before : before.slice(nl + 1)).length;
    throw new BuiltinError(`template: ${NAME}:${line}:${col}: executing "${NAME}" at <${context}>: ${msg}`);
  }

  run(nodes: Node[], dot: GoArg): void {
    this.vars = [["$", dot]];
    this.walkList(nodes, dot);
  }

  private walkList(nodes: Node[], dot: GoArg): void {
    for (const n of nodes) this.walk(n, dot);
  }

  private walk(n: Node, dot: GoArg): void {
    switch (n.k) {
      case "text":
        this.charge(n.v.length);
        this.out.push(n.v);
        return;
      case "action": {
        const v = this.evalPipeline(dot, n.pipe);
        if (n.pipe.decl.length === 0) {
          const s = v === null ? "<no value>" : goSprint([v], this.charge);
          this.charge(s.length);
          this.out.push(s);
        }
        return;
      }
      case "break":
        throw new Break();
      case "continue":
        throw new Continue();
      case "if":
      case "with": {
        const mark = this.vars.length;
        const v = this.evalPipeline(dot, n.pipe);
        if (truth(v)) this.walkList(n.list, n.k === "with" ? v : dot);
        else if (n.elseList) this.walkList(n.elseList, dot);
        this.vars.length = mark;
        return;
      }
      case "range":
        return this.walkRange(n, dot);
    }
  }

  private walkRange(n: Control, dot: GoArg): void {
    const mark = this.vars.length;
    const pipe = { ...n.pipe, decl: [] };
    const v = this.evalPipeline(dot, pipe);
    const items: [GoArg, GoArg][] = [];
    if (v !== null && v.t === "slice") v.v.forEach((e, i) => items.push([{ t: "int64", v: BigInt(i), type: "int" }, e]));
    else if (v !== null && v.t === "map") for (const [k, e] of v.v) items.push([{ t: "string", v: k }, e]);
    else if (v !== null) this.error(n.pos, "range", `range can't iterate over ${goSprint([v])}`);
    if (items.length === 0) {
      if (n.elseList) this.walkList(n.elseList, dot);
      this.vars.length = mark;
      return;
    }
    const decl = n.pipe.decl;
    for (const [key, elem] of items) {
      this.charge(1);
      this.vars.length = mark;
      if (decl.length === 1) this.setVar(decl[0]!, elem, n.pipe.isAssign);
      if (decl.length === 2) {
        this.setVar(decl[0]!, key, n.pipe.isAssign);
        this.setVar(decl[1]!, elem, n.pipe.isAssign);
      }
      try {
        this.walkList(n.list, elem);
      } catch (e) {
        if (e instanceof Break) break;
        if (!(e instanceof Continue)) throw e;
      }
    }
    this.vars.length = mark;
  }

  private setVar(name: string, v: GoArg, assign: boolean): void {
    if (assign) {
      for (let i = this.vars.length - 1; i >= 0; i--) {
        if (this.vars[i]![0] === name) {
          this.vars[i]![1] = v;
          return;
        }
      }
    }
    this.vars.push([name, v]);
  }

  private evalPipeline(dot: GoArg, pipe: Pipeline): GoArg {
    let value: GoArg | undefined;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    const v = value ?? null;
    for (const d of pipe.decl) this.setVar(d, v, pipe.isAssign);
    return v;
  }

  private evalCommand(dot: GoArg, cmd: Command, final: GoArg | undefined): GoArg {
    const first = cmd.args[0]!;
    const hasArgs = cmd.args.length > 1 || final !== undefined;
    if (first.k === "ident") return this.call(first.name, cmd, dot, final);
    if (first.k === "field" && hasArgs) this.error(first.pos, "." + first.fields.join("."), `${first.fields[first.fields.length - 1]} is not a method but has arguments`);
    if (first.k === "nil") this.error(first.pos, cmdText(cmd), "nil is not a command");
    if (hasArgs) this.error(first.pos, cmdText(cmd), `can't give argument to non-function ${operandText(first)}`);
    return this.evalArg(dot, first);
  }

  private evalArg(dot: GoArg, a: Operand): GoArg {
    switch (a.k) {
      case "dot":
        return dot;
      case "nil":
        return null;
      case "bool":
        return a.v ? TRUE : FALSE;
      case "string":
        return { t: "string", v: a.v };
      case "number":
        return this.number(a);
      case "field":
        return this.fieldChain(dot, a.fields, a.pos, "." + a.fields.join("."));
      case "var": {
        const v = this.lookupVar(a.name);
        return a.fields.length ? this.fieldChain(v, a.fields, a.pos, a.name + "." + a.fields.join(".")) : v;
      }
      case "pipe": {
        const v = this.evalPipeline(dot, a.pipe);
        return a.fields.length ? this.fieldChain(v, a.fields, a.pos, operandText(a)) : v;
      }
      case "ident":
        return this.call(a.name, { args: [a], pos: a.pos }, dot, undefined);
    }
  }

  private number(a: Operand & { k: "number" }): GoValue {
    const text = a.text.replace(/_/g, "");
    if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(text) || /^[+-]?0[bB][01]+$/.test(text) || /^[+-]?0[oO][0-7]+$/.test(text)) {
      const neg = text.startsWith("-");
      const body = text.replace(/^[+-]/, "");
      const v = BigInt(body);
      return { t: "int64", v: neg ? -v : v, type: "int" };
    }
    if (/^[+-]?[0-9]+$/.test(text)) {
      // a leading 0 is octal in Go
      const neg = text.startsWith("-");
      const body = text.replace(/^[+-]/, "");
      const v = body.length > 1 && body.startsWith("0") ? BigInt("0o" + body.slice(1)) : BigInt(body);
      return { t: "int64", v: neg ? -v : v, type: "int" };
    }
    const x = Number(text);
    if (!Number.isFinite(x)) this.error(a.pos, a.text, `illegal number syntax: "${a.text}"`);
    return { t: "float64", v: x };
  }

  private lookupVar(name: string): GoArg {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]![0] === name) return this.vars[i]![1];
    return null;
  }

  private fieldChain(receiver: GoArg, fields: string[], pos: number, context: string): GoArg {
    let v = receiver;
    // the static type of data values (and of dot inside range/with) is interface {}
    const typ = "interface {}";
    for (const f of fields) {
      if (v === null) this.error(pos, context, `nil pointer evaluating ${typ}.${f}`);
      if (v.t !== "map") this.error(pos, context, `can't evaluate field ${f} in type ${typ}`);
      const hit = v.v.find(([k]) => k === f);
      if (hit === undefined) this.error(pos, context, `map has no entry for key "${f}"`);
      v = hit[1];
    }
    return v;
  }

  private call(name: string, cmd: Command, dot: GoArg, final: GoArg | undefined): GoArg {
    const argNodes = cmd.args.slice(1);
    const context = cmdText(cmd);
    const fail = (msg: string): never => this.error(cmd.pos, context, `error calling ${name}: ${msg}`);
    const evalAll = (): GoArg[] => {
      const vals = argNodes.map((a) => this.evalArg(dot, a));
      if (final !== undefined) vals.push(final);
      return vals;
    };
    const nargs = argNodes.length + (final !== undefined ? 1 : 0);
    const want = (n: number, exact = true): void => {
      if (exact ? nargs !== n : nargs < n)
        this.error(cmd.pos, context, `wrong number of args for ${name}: want ${exact ? "" : "at least "}${n} got ${nargs}`);
    };
    switch (name) {
      case "and":
      case "or": {
        want(1, false);
        let v: GoArg = null;
        for (let i = 0; i < nargs; i++) {
          v = i < argNodes.length ? this.evalArg(dot, argNodes[i]!) : final!;
          if (truth(v) === (name === "or")) return v;
        }
        return v;
      }
      case "not":
        want(1);
        return truth(evalAll()[0]!) ? FALSE : TRUE;
      case "len": {
        want(1);
        const v = evalAll()[0]!;
        if (v !== null && v.t === "string") return { t: "int64", v: BigInt(UTF8.encode(v.v).length), type: "int" };
        if (v !== null && (v.t === "slice" || v.t === "map")) return { t: "int64", v: BigInt(v.v.length), type: "int" };
        return fail(`len of ${v === null ? "nil pointer" : "type " + goTypeName(v)}`);
      }
      case "index": {
        want(1, false);
        const [first, ...idx] = evalAll();
        let v: GoArg = first!;
        for (const i of idx) {
          if (v === null) return fail("index of untyped nil");
          if (v.t === "slice") {
            if (i === null || i.t !== "int64") return fail(`cannot index slice/array with type ${i === null ? "nil" : goTypeName(i)}`);
            if (i.v < 0n || i.v >= BigInt(v.v.length)) return fail(`index out of range: ${i.v}`);
            v = v.v[Number(i.v)]!;
          } else if (v.t === "map") {
            if (i === null || i.t !== "string") return fail(`value has type ${i === null ? "nil" : goTypeName(i)}; should be string`);
            v = v.v.find(([k]) => k === i.v)?.[1] ?? null;
          } else if (v.t === "string") {
            if (i === null || i.t !== "int64") return fail(`cannot index slice/array with type ${i === null ? "nil" : goTypeName(i)}`);
            const bytes = UTF8.encode(v.v);
            if (i.v < 0n || i.v >= BigInt(bytes.length)) return fail(`index out of range: ${i.v}`);
            v = { t: "int64", v: BigInt(bytes[Number(i.v)]!), type: "uint8" };
          } else {
            return fail(`can't index item of type ${goTypeName(v)}`);
          }
        }
        return v;
      }
      case "print":
        return { t: "string", v: goSprint(evalAll(), this.charge) };
      case "println":
        return { t: "string", v: evalAll().map((a) => goSprintf("%v", [a], this.charge)).join(" ") + "\n" };
      case "printf": {
        want(1, false);
        const [format, ...rest] = evalAll();
        if (format === null || format.t !== "string") return fail(`wrong type for value; expected string; got ${format === null ? "<nil>" : goTypeName(format)}`);
        return { t: "string", v: goSprintf(format.v, rest, this.charge) };
      }
      default:
        return this.compare(name, evalAll(), want, fail);
    }
  }

  private compare(name: string, vals: GoArg[], want: (n: number, exact?: boolean) => void, fail: (m: string) => never): GoArg {
    if (name === "eq") {
      want(1, false);
      if (vals.length < 2) return fail("missing argument for comparison");
    } else {
      want(2);
    }
    const basic = (v: GoArg): Kind => {
      const k = kindOf(v);
      if (k === "other") return fail("invalid type for comparison");
      return k;
    };
    const cmp = (a: GoArg, b: GoArg): number => {
      const ka = basic(a);
      const kb = basic(b);
      if (ka === "nil" || kb === "nil") {
        if (name !== "eq" && name !== "ne") return fail("invalid type for comparison");
        return ka === kb ? 0 : 1;
      }
      if (ka !== kb) return fail("incompatible types for comparison");
      const x = (a as GoValue).v;
      const y = (b as GoValue).v;
      if (ka === "bool") {
        if (name !== "eq" && name !== "ne") return fail("invalid type for comparison");
        return x === y ? 0 : 1;
      }
      if (ka === "string") {
        const p = x as string;
        const q = y as string;
        return p === q ? 0 : p < q ? -1 : 1;
      }
      return x === y ? 0 : (x as number) < (y as number) ? -1 : 1;
    };
    const [a, ...rest] = vals;
    switch (name) {
      case "eq":
        return rest.some((b) => cmp(a!, b) === 0) ? TRUE : FALSE;
      case "ne":
        return cmp(a!, rest[0]!) !== 0 ? TRUE : FALSE;
      case "lt":
        return cmp(a!, rest[0]!) < 0 ? TRUE : FALSE;
      case "le":
        return cmp(a!, rest[0]!) <= 0 ? TRUE : FALSE;
      case "gt":
        return cmp(a!, rest[0]!) > 0 ? TRUE : FALSE;
      default:
        return cmp(a!, rest[0]!) >= 0 ? TRUE : FALSE;
    }
  }
}

function operandText(a: Operand): string {
  switch (a.k) {
    case "dot":
      return ".";
    case "nil":
      return "nil";
    case "bool":
      return String(a.v);
    case "number":
      return a.text;
    case "string":
      return a.text;
    case "field":
      return "." + a.fields.join(".");
    case "var":
      return [a.name, ...a.fields].join(".");
    case "ident":
      return a.name;
    case "pipe":
      return "(" + pipeText(a.pipe) + ")" + a.fields.map((f) => "." + f).join("");
  }
}

function cmdText(c: Command): string {
  return c.args.map(operandText).join(" ");
}

function pipeText(p: Pipeline): string {
  const decl = p.decl.length ? p.decl.join(", ") + (p.isAssign ? " = " : " := ") : "";
  return decl + p.cmds.map(cmdText).join(" | ");
}

/** Parses and executes the template with the object's values; errors are BuiltinErrors. */
export function renderTemplate(template: string, vars: RObject, charge: (n: number) => void): string {
  const data = toData(vars);
  let toks: Tok[];
  try {
    toks = lex(template);
  } catch (e) {
    if (e instanceof TemplateSyntaxError) {
      const line = 1 + (template.match(/\n/g)?.length ?? 0);
      throw new BuiltinError(`template: ${NAME}:${line}: ${e.message}`);
    }
    throw e;
  }
  charge(toks.length);
  const nodes = new Parser(template, toks).parse();
  const exec = new Exec(template, charge);
  exec.run(nodes, data);
  return exec.text();
}
