// Recursive-descent parser for Rego (v1 syntax by default, v0 on request).
//
// Operator precedence, lowest first (as OPA's parser):
//   = :=          (expression level only)
//   in            (x in xs, k, v in xs)
//   == != < > <= >=
//   |
//   &
//   + -
//   * / %

import { CORE_SCHEMA, load as loadYAML } from "js-yaml";
import type {
  AnnotationBlock,
  Body,
  Call,
  Expr,
  ExprNode,
  Import,
  Module,
  Ref,
  Rule,
  RuleHead,
  Term,
  Var,
  With,
} from "./ast.js";
import { RegoError, snippetAt, type Location } from "./errors.js";
import { type Comment, type Token, tokenize } from "./lexer.js";
import { parseNumber } from "./number.js";
import type { Value } from "./value.js";

export type RegoVersion = "v0" | "v1";

const INFIX_FN: Record<string, string> = {
  "==": "equal",
  "!=": "neq",
  "<": "lt",
  ">": "gt",
  "<=": "lte",
  ">=": "gte",
  "|": "or",
  "&": "and",
  "+": "plus",
  "-": "minus",
  "*": "mul",
  "/": "div",
  "%": "rem",
};

const MAX_NESTING = 200; // bracket nesting depth; real policies stay far below

interface ParseContext {
  /** keywords enabled: in, every, contains, if */
  kw: Set<string>;
  regoVersion: RegoVersion;
  /** `import rego.v2`: `not { ... }` negates a body */
  v2: boolean;
}

export class Parser {
  private toks: Token[];
  private comments: Comment[];
  private p = 0;
  private depth = 0;
  private ctx: ParseContext;
  private wildcardCount = 0;
  private importedFuture = false;
  /** nesting depth of operator calls, to bound long operator chains */
  private readonly opDepth = new WeakMap<Term, number>();
  private importedRegoV1 = false;

  constructor(
    private readonly src: string,
    private readonly file: string,
    regoVersion: RegoVersion,
  ) {
    const { tokens, comments } = tokenize(src, file);
    this.toks = tokens;
    this.comments = comments;
    this.ctx = {
      kw: regoVersion === "v1" ? new Set(["in", "every", "contains", "if"]) : new Set(),
      regoVersion,
      v2: false,
    };
  }

  // -------------------------------------------------------------------------------------------
  // token helpers

  private get tok(): Token {
    return this.toks[this.p]!;
  }
  private peek(n = 1): Token {
    return this.toks[Math.min(this.p + n, this.toks.length - 1)]!;
  }
  private next(): Token {
    const t = this.toks[this.p]!;
    if (this.p < this.toks.length - 1) this.p++;
    return t;
  }
  private atEOF(): boolean {
    return this.toks[this.p]!.kind === "eof";
  }
  private isPunct(text: string, t: Token = this.tok): boolean {
    return t.kind === "punct" && t.text === text;
  }
  private isIdent(text: string, t: Token = this.tok): boolean {
    return t.kind === "ident" && t.text === text;
  }
  private isKw(text: string, t: Token = this.tok): boolean {
    return t.kind === "ident" && t.text === text && this.ctx.kw.has(text);
  }
  private loc(t: Token = this.tok): Location {
    return { file: this.file, row: t.row, col: t.col };
  }
  fail(msg: string, t: Token = this.tok): never {
    throw new RegoError({
      code: "rego_parse_error",
      message: msg,
      location: { file: this.file, row: t.row, col: t.col },
      snippet: snippetAt(this.src, t.row, t.col),
    });
  }
  private expectPunct(text: string): Token {
    if (!this.isPunct(text)) this.fail(`unexpected ${this.describe(this.tok)} token: expected ${text}`);
    return this.next();
  }
  private describe(t: Token): string {
    switch (t.kind) {
      case "eof":
        return "eof";
      case "ident":
        return t.text === "true" || t.text === "false" || t.text === "null" ? t.text : "ident";
      case "string":
      case "rawstring":
        return "string";
      case "number":
        return "number";
      default:
        return t.text;
    }
  }
  private enter(): void {
    if (++this.depth > MAX_NESTING) this.fail("nesting too deep");
  }
  private leave(): void {
    this.depth--;
  }

  // -------------------------------------------------------------------------------------------
  // module

  parseModule(): Module {
    const blocks = this.metadataBlocks();
    if (!this.isIdent("package")) this.fail(this.atEOF() ? "empty module" : "package expected");
    const pkgTok = this.next();
    const pkgRef = this.parseRefOnly();
    const pkgPath = this.packagePath(pkgRef, pkgTok);
    const module: Module = {
      file: this.file,
      package: pkgPath,
      packageLoc: this.loc(pkgTok),
      imports: [],
      rules: [],
      annotations: [],
      regoVersion: this.ctx.regoVersion,
      source: this.src,
    };
    // package-level annotations: blocks that precede the package statement
    for (const b of blocks) {
      if (b.row < pkgTok.row) {
        const ab = this.annotationBlock(b, "package");
        module.annotations.push(ab);
      }
    }
    this.endStatement();
    while (this.isIdent("import")) {
      module.imports.push(this.parseImport());
      this.endStatement();
    }
    // `import rego.v1` makes a v0 module follow v1's rules (`if` and `contains` required, ...)
    module.regoVersion = this.ctx.regoVersion;
    const ruleBlocks = blocks.filter((b) => b.row > pkgTok.row);
    let bi = 0;
    while (this.tok.kind !== "eof") {
      if (this.isIdent("import")) this.fail("imports must appear before rules");
      if (this.isIdent("package")) this.fail("unexpected package keyword: only one package per module");
      const start = this.tok;
      const annotations: AnnotationBlock[] = [];
      while (bi < ruleBlocks.length && ruleBlocks[bi]!.row < start.row) {
        const b = ruleBlocks[bi++]!;
        const ab = this.annotationBlock(b, "rule");
        if (ab.scope === "package" || ab.scope === "subpackages") module.annotations.push(ab);
        else annotations.push(ab);
      }
      const rules = this.parseRules(module);
      for (const r of rules) r.annotations = annotations;
      module.rules.push(...rules);
    }
    return module;
  }

  private packagePath(ref: Term, at: Token): string[] {
    const parts: string[] = [];
    const push = (t: Term) => {
      if (t.kind === "var") parts.push(t.name);
      else if (t.kind === "scalar" && typeof t.value === "string") parts.push(t.value);
      else this.fail("package name must be a ref of strings", at);
    };
    if (ref.kind === "var") push(ref);
    else if (ref.kind === "ref") {
      push(ref.head);
      for (const p of ref.path) push(p);
    } else this.fail("package expected", at);
    if (parts[0] === "data") parts.shift();
    if (parts.length === 0) this.fail("package name must not be just data", at);
    return parts;
  }

  private parseImport(): Import {
    const t = this.next(); // import
    const loc = this.loc(t);
    const path = this.parseRefOnly();
    const root = path.kind === "var" ? path.name : path.kind === "ref" && path.head.kind === "var" ? path.head.name : "";
    if (!["data", "input", "future", "rego"].includes(root)) {
      this.fail(`unexpected import path, must begin with one of: {data, future, input, rego}, got: ${root || "?"}`, t);
    }
    let alias: string | null = null;
    if (this.isIdent("as")) {
      this.next();
      if (this.tok.kind !== "ident") this.fail("import alias must be a variable");
      alias = this.next().text;
    }
    const text = path.kind === "ref" ? refPath(path) : [root];
    const isRegoV1 = root === "rego" && text.length === 2 && text[1] === "v1";
    if ((root === "future" && this.importedRegoV1) || (isRegoV1 && this.importedFuture)) {
      this.fail("the `rego.v1` import implies `future.keywords`, these are therefore mutually exclusive", t);
    }
    if (isRegoV1 && this.importedRegoV1) this.fail("import must not shadow import rego.v1", t);
    if (root === "future") this.importedFuture = true;
    if (isRegoV1) {
      this.importedRegoV1 = true;
      this.ctx.regoVersion = "v1";
    }
    if (root === "future") {
      if (text[1] !== "keywords") this.fail("invalid import, must be `future.keywords` or a keyword under it", t);
      if (text.length === 2) for (const k of ["in", "every", "contains", "if"]) this.ctx.kw.add(k);
      else if (text.length === 3 && ["in", "every", "contains", "if"].includes(text[2]!)) {
        this.ctx.kw.add(text[2]!);
        if (text[2] === "every") this.ctx.kw.add("in"); // `every x in xs` needs `in`
      }
      else if (text.length === 3 && text[2] === "not") {
        // `not` is always a keyword; accepted for compatibility
      }
      else this.fail(`unexpected keyword, must be one of [contains every if in]`, t);
    } else if (root === "rego") {
      if (text.length !== 2 || (text[1] !== "v1" && text[1] !== "v2")) this.fail("invalid import `" + text.join(".") + "`, must be `rego.v1`", t);
      for (const k of ["in", "every", "contains", "if"]) this.ctx.kw.add(k);
      if (text[1] === "v2") this.ctx.v2 = true;
    }
    return { path, alias, loc };
  }

  private endStatement(): void {
    if (this.isPunct(";")) {
      this.next();
      return;
    }
    if (this.atEOF() || this.tok.nl) return;
    this.fail(`unexpected ${this.describe(this.tok)} token`);
  }

  // -------------------------------------------------------------------------------------------
  // metadata

  private metadataBlocks(): { row: number; col: number; yaml: string; endRow: number }[] {
    const out: { row: number; col: number; yaml: string; endRow: number }[] = [];
    const cs = this.comments;
    for (let i = 0; i < cs.length; i++) {
      if (cs[i]!.text.trim() !== "METADATA") continue;
      const start = cs[i]!;
      const lines: string[] = [];
      let j = i + 1;
      let row = start.row;
      while (j < cs.length && cs[j]!.row === row + 1 && cs[j]!.col === start.col) {
        lines.push(cs[j]!.text.startsWith(" ") ? cs[j]!.text.slice(1) : cs[j]!.text);
        row = cs[j]!.row;
        j++;
      }
      out.push({ row: start.row, col: start.col, yaml: lines.join("\n"), endRow: row });
      i = j - 1;
    }
    return out;
  }

  private annotationBlock(b: { row: number; col: number; yaml: string }, defaultScope: "package" | "rule"): AnnotationBlock {
    let data: unknown;
    try {
      data = b.yaml.trim() === "" ? {} : loadYAML(b.yaml, { schema: CORE_SCHEMA });
    } catch (e) {
      const reason = (e as { reason?: string }).reason ?? (e as Error).message.split("\n")[0];
      this.fail(`yaml: ${reason}`, { ...this.tok, row: b.row, col: b.col });
    }
    if (!withinNodes(data, MAX_METADATA_NODES)) {
      this.fail(`yaml: METADATA block expands to more than ${MAX_METADATA_NODES} values (aliases); refused`, { ...this.tok, row: b.row, col: b.col });
    }
    if (data === null || data === undefined) data = {};
    if (typeof data !== "object" || Array.isArray(data)) {
      this.fail("invalid METADATA block: must be a YAML mapping", { ...this.tok, row: b.row, col: b.col });
    }
    const rec = data as Record<string, unknown>;
    const scope = (rec["scope"] as string | undefined) ?? defaultScope;
    if (!["package", "rule", "document", "subpackages"].includes(scope)) {
      this.fail(`invalid annotation scope '${scope}'`, { ...this.tok, row: b.row, col: b.col });
    }
    return {
      scope: scope as AnnotationBlock["scope"],
      data: rec,
      loc: { file: this.file, row: b.row, col: b.col },
    };
  }

  // -------------------------------------------------------------------------------------------
  // rules

  private parseRules(module: Module): Rule[] {
    const startTok = this.tok;
    let isDefault = false;
    if (this.isIdent("default")) {
      const nt = this.peek();
      if (nt.kind === "ident" && !nt.nl) {
        this.next();
        isDefault = true;
      }
    }
    if (this.tok.kind !== "ident") this.fail(`unexpected ${this.describe(this.tok)} token: expected rule`);
    const headLoc = this.loc();
    const refTerm = this.parseRefOnly(true);
    const ref = refElems(refTerm);
    if (ref[0]!.kind !== "var") this.fail("rule name must be a variable", startTok);
    const name = (ref[0] as Var).name;
    if (name === "input" || name === "data") this.fail(`rule name conflicts with built-in ${name} document`, startTok);
    if (["true", "false", "null"].includes(name)) this.fail(`unexpected ${name} token`, startTok);

    const head: RuleHead = { ref, args: null, key: null, value: null, assign: false, loc: headLoc };
    let kind: Rule["kind"] = "complete";

    // function?
    if (this.isPunct("(") && !this.tok.nl) {
      this.next();
      const args: Term[] = [];
      if (!this.isPunct(")")) {
        while (true) {
          args.push(this.parseTermInfix(false));
          if (this.isPunct(",")) {
            this.next();
            continue;
          }
          break;
        }
      }
      this.expectPunct(")");
      head.args = args;
      kind = "function";
    }

    if (kind !== "function" && this.isKw("contains")) {
      this.next();
      head.key = this.parseTermInfix(false);
      kind = "partialset";
    }

    if (this.isPunct(":=") || this.isPunct("=")) {
      if (kind === "partialset") this.fail("unexpected assignment in multi-value rule");
      head.assign = this.next().text === ":=";
      head.value = this.parseTermInfix(false);
      if (this.isPunct(":=") || this.isPunct("=")) this.fail(`unexpected ${this.tok.text} token`);
    }

    // classify ref-head rules
    if (kind === "complete") {
      const last = ref[ref.length - 1]!;
      const hasVar = ref.slice(1).some((t) => !(t.kind === "scalar" && typeof t.value === "string"));
      if (this.ctx.regoVersion === "v0" && head.value === null && ref.length === 2 && !isDefault) {
        // v0 partial set: p[x] { ... }, and (kept for compatibility) p.q { ... } = p contains "q"
        head.key = last;
        head.ref = ref.slice(0, 1);
        kind = "partialset";
      } else if (ref.length > 1 && hasVar) {
        kind = "partialobject";
      }
    }
    if (isDefault) {
      if (kind === "partialset" || kind === "partialobject") this.fail("default rules must not have a key or variables in the rule ref", startTok);
      if (head.value === null) this.fail("default rule must have a value", startTok);
      const bad = nonGround(head.value);
      if (bad) this.fail(`default rule value cannot contain ${bad}`, startTok);
    }

    const rule: Rule = {
      kind,
      head,
      body: [],
      bodyless: true,
      isDefault,
      else: null,
      module,
      loc: this.loc(startTok),
      annotations: [],
      path: [],
      frameSize: 0,
    };

    const rules: Rule[] = [rule];
    if (isDefault) {
      this.endStatement();
      return rules;
    }

    // body
    const hasIf = this.isKw("if") && !this.tok.nl;
    if (hasIf) {
      this.next();
      rule.body = this.parseRuleBody(true);
      rule.bodyless = false;
    } else if (this.isPunct("{") && !this.tok.nl) {
      if (this.ctx.regoVersion === "v1") this.fail("`if` keyword is required before rule body");
      rule.body = this.parseRuleBody(false);
      rule.bodyless = false;
    }

    if (rule.bodyless && head.value === null && kind !== "partialset" && kind !== "function" && kind !== "partialobject") {
      // `p` alone is not a rule
      this.fail(`rule must have a value or a body`, startTok);
    }

    // else chain
    let cur = rule;
    while (this.isIdent("else") && !rule.bodyless) {
      if (kind === "partialset" || kind === "partialobject") this.fail("else keyword cannot be used on multi-value rules");
      const et = this.next();
      const er: Rule = {
        kind,
        head: { ref: head.ref, args: head.args, key: null, value: null, assign: false, loc: this.loc(et) },
        body: [],
        bodyless: true,
        isDefault: false,
        else: null,
        module,
        loc: this.loc(et),
        annotations: [],
        path: [],
        frameSize: 0,
      };
      if (this.isPunct(":=") || this.isPunct("=")) {
        er.head.assign = this.next().text === ":=";
        er.head.value = this.parseTermInfix(false);
      }
      if (this.isKw("if") && !this.tok.nl) {
        this.next();
        er.body = this.parseRuleBody(true);
        er.bodyless = false;
      } else if (this.isPunct("{") && !this.tok.nl) {
        if (this.ctx.regoVersion === "v1") this.fail("`if` keyword is required before rule body");
        er.body = this.parseRuleBody(false);
        er.bodyless = false;
      }
      cur.else = er;
      cur = er;
      if (er.bodyless) break;
    }

    // v0 allows several bodies for one head: p { a } { b }
    while (this.isPunct("{") && !this.tok.nl && this.ctx.regoVersion === "v0" && !rule.bodyless) {
      const extra: Rule = { ...rule, body: this.parseRuleBody(false), else: null, bodyless: false };
      rules.push(extra);
    }

    this.endStatement();
    return rules;
  }

  private parseRuleBody(afterIf: boolean): Body {
    if (this.isPunct("{")) {
      // `if {` starts a body, unless what follows is a single term such as an object
      // comprehension (`if {x: i | ...}`): try the body first, then the literal.
      const save = this.p;
      const saveWild = this.wildcardCount;
      try {
        this.next();
        const body = this.parseQuery("}");
        this.expectPunct("}");
        if (body.length === 0) this.fail("found empty body");
        return body;
      } catch (e) {
        if (!afterIf || !(e instanceof RegoError)) throw e;
        this.p = save;
        this.wildcardCount = saveWild;
        try {
          return [this.parseLiteral(0)];
        } catch {
          throw e;
        }
      }
    }
    if (!afterIf) this.fail("rule body expected");
    // single literal after if
    const e = this.parseLiteral(0);
    return [e];
  }

  // -------------------------------------------------------------------------------------------
  // queries and literals

  /** Parses literals until `end` (a punct) or eof; separators are `;` and newlines. */
  parseQuery(end: string | null): Body {
    const body: Body = [];
    while (true) {
      if (end !== null && this.isPunct(end)) return body;
      if (this.atEOF()) {
        if (end !== null) this.fail(`unexpected eof token: expected ${end}`);
        return body;
      }
      const e = this.parseLiteral(body.length);
      body.push(e);
      if (this.isPunct(";")) {
        this.next();
        continue;
      }
      if (end !== null && this.isPunct(end)) return body;
      if (this.atEOF()) {
        if (end !== null) this.fail(`unexpected eof token: expected ${end}`);
        return body;
      }
      if (!this.tok.nl) this.fail(`unexpected ${this.describe(this.tok)} token`);
    }
  }

  private parseLiteral(index: number): Expr {
    const startTok = this.tok;
    const loc = this.loc();
    let negated = false;
    let node: ExprNode;
    if (this.isIdent("not") && this.peek().kind !== "eof" && !this.isPunct("(", this.peek()) && !this.isPunct(".", this.peek()) && !this.isPunct("[", this.peek()) && !this.isPunct(":=", this.peek()) && !this.isPunct("=", this.peek())) {
      this.next();
      negated = true;
      if (this.isIdent("some")) this.fail("unexpected some keyword after not");
      if (this.isKw("every")) this.fail("unexpected every keyword after not");
    }
    const block = negated && this.ctx.v2 && this.isPunct("{") ? this.tryBlock() : null;
    if (block) {
      node = block;
    } else if (this.isIdent("some") && !negated && this.someFollows()) {
      node = this.parseSome();
    } else if (this.isKw("every") && !negated) {
      node = this.parseEvery();
    } else {
      node = this.parseExprNode();
    }
    const withs: With[] = [];
    while (this.isIdent("with")) {
      const wt = this.next();
      const target = this.parseTermInfix(false);
      if (!this.isIdent("as")) this.fail(`unexpected ${this.describe(this.tok)} token: expected as`);
      this.next();
      const value = this.parseTermInfix(false);
      withs.push({ target, value, loc: this.loc(wt) });
    }
    if (withs.length > 0 && (node.kind === "some")) this.fail("with keyword cannot be used on some declarations", startTok);
    return { node, negated, with: withs, loc, index };
  }

  /** `{ query }` after `not` (rego.v2); null (position restored) when the braces hold a term. */
  private tryBlock(): ExprNode | null {
    const save = this.p;
    const saveWild = this.wildcardCount;
    try {
      this.next();
      const body = this.parseQuery("}");
      this.expectPunct("}");
      if (body.length === 0) this.fail("found empty body");
      return { kind: "block", body };
    } catch (e) {
      if (!(e instanceof RegoError)) throw e;
      this.p = save;
      this.wildcardCount = saveWild;
      return null;
    }
  }

  /** `some` starts a declaration when a term follows on the same line. */
  private someFollows(): boolean {
    const n = this.peek();
    return !n.nl && n.kind !== "eof";
  }

  private parseSome(): ExprNode {
    const st = this.next(); // some
    const terms: Term[] = [];
    while (true) {
      terms.push(this.parseTermRelation());
      if (this.isPunct(",")) {
        this.next();
        continue;
      }
      break;
    }
    if (this.isIdent("in") && (this.ctx.kw.has("in") || true)) {
      if (!this.ctx.kw.has("in")) this.fail("unexpected ident token: `in` requires import future.keywords.in or rego.v1");
      this.next();
      if (terms.length > 2) this.fail("unexpected , token: some accepts at most a key and a value before in", st);
      const collection = this.parseTermRelation();
      return terms.length === 2
        ? { kind: "somein", key: terms[0]!, value: terms[1]!, collection }
        : { kind: "somein", key: null, value: terms[0]!, collection };
    }
    const vars: Var[] = [];
    for (const t of terms) {
      if (t.kind !== "var") this.fail("expected var in some declaration", st);
      vars.push(t);
    }
    return { kind: "some", vars };
  }

  private parseEvery(): ExprNode {
    const et = this.next();
    const first = this.parseTermRelation();
    let key: Term | null = null;
    let value = first;
    if (this.isPunct(",")) {
      this.next();
      key = first;
      value = this.parseTermRelation();
    }
    if (!this.isIdent("in")) this.fail(`unexpected ${this.describe(this.tok)} token: expected in`);
    this.next();
    const domain = this.parseTermRelation();
    if (key !== null && key.kind !== "var") this.fail("expected var as key in every", et);
    if (value.kind !== "var") this.fail("expected var as value in every", et);
    this.expectPunct("{");
    const body = this.parseQuery("}");
    this.expectPunct("}");
    return { kind: "every", key, value, domain, body };
  }

  private parseExprNode(): ExprNode {
    const lhs = this.parseTermIn(true);
    if (this.isPunct("=") || this.isPunct(":=")) {
      const op = this.next().text as "=" | ":=";
      const rhs = this.parseTermIn(true);
      return { kind: "unify", op, left: lhs, right: rhs };
    }
    return { kind: "term", term: lhs };
  }

  // -------------------------------------------------------------------------------------------
  // terms with infix operators

  /** Parses a full infix term (including `in`), as used in rule heads, with values, args. */
  parseTermInfix(noOr: boolean): Term {
    return this.parseTermIn(false, noOr);
  }

  private parseTermIn(keyVal: boolean, noOr = false): Term {
    let lhs = this.parseTermRelation(noOr);
    if (keyVal && this.isPunct(",") && this.ctx.kw.has("in")) {
      // `k, v in xs` at the start of a literal
      const save = this.p;
      this.next();
      const mhs = this.parseTermRelation(noOr);
      if (this.isKw("in")) {
        const it = this.next();
        const rhs = this.parseTermRelation(noOr);
        lhs = this.mkCall("internal.member_3", [lhs, mhs, rhs], it, "in");
      } else {
        this.p = save;
        return lhs;
      }
    }
    while (this.isKw("in")) {
      const it = this.next();
      const rhs = this.parseTermRelation(noOr);
      lhs = this.mkCall("internal.member_2", [lhs, rhs], it, "in");
    }
    return lhs;
  }

  private parseTermRelation(noOr = false): Term {
    let lhs = this.parseTermOr(noOr);
    while (this.tok.kind === "punct" && ["==", "!=", "<", ">", "<=", ">="].includes(this.tok.text)) {
      const op = this.next();
      const rhs = this.parseTermOr(noOr);
      lhs = this.mkCall(INFIX_FN[op.text]!, [lhs, rhs], op, op.text, lhs.loc);
    }
    return lhs;
  }

  private parseTermOr(noOr: boolean): Term {
    let lhs = this.parseTermAnd();
    while (!noOr && this.isPunct("|")) {
      const op = this.next();
      const rhs = this.parseTermAnd();
      lhs = this.mkCall("or", [lhs, rhs], op, "|", lhs.loc);
    }
    return lhs;
  }

  private parseTermAnd(): Term {
    let lhs = this.parseTermArith();
    while (this.isPunct("&")) {
      const op = this.next();
      const rhs = this.parseTermArith();
      lhs = this.mkCall("and", [lhs, rhs], op, "&", lhs.loc);
    }
    return lhs;
  }

  private parseTermArith(): Term {
    let lhs = this.parseTermFactor();
    while (this.isPunct("+") || this.isPunct("-")) {
      const op = this.next();
      const rhs = this.parseTermFactor();
      lhs = this.mkCall(INFIX_FN[op.text]!, [lhs, rhs], op, op.text, lhs.loc);
    }
    return lhs;
  }

  private parseTermFactor(): Term {
    let lhs = this.parseTerm();
    while (this.isPunct("*") || this.isPunct("/") || this.isPunct("%")) {
      const op = this.next();
      const rhs = this.parseTerm();
      lhs = this.mkCall(INFIX_FN[op.text]!, [lhs, rhs], op, op.text, lhs.loc);
    }
    return lhs;
  }

  private mkCall(name: string, args: Term[], at: Token, infix?: string, loc?: Location): Call {
    const l = loc ?? this.loc(at);
    // operator chains nest like brackets (`1 + 1 + ...` is a tree as deep as it is long)
    let depth = 1;
    for (const a of args) depth = Math.max(depth, (this.opDepth.get(a) ?? 0) + 1);
    if (depth + this.depth > MAX_NESTING) this.fail("expression nested too deeply", at);
    const parts = name.split(".");
    const head: Var = { kind: "var", name: parts[0]!, loc: l, slot: -1 };
    const fn: Ref = {
      kind: "ref",
      head,
      path: parts.slice(1).map((p) => ({ kind: "scalar", value: p, loc: l })),
      loc: l,
    };
    const c: Call = { kind: "call", fn, args, loc: l };
    if (infix) c.infix = infix;
    this.opDepth.set(c, depth);
    return c;
  }

  // -------------------------------------------------------------------------------------------
  // primary terms

  /** A ref (var with .x and [t] suffixes) without calls; used for package/import/rule heads. */
  private parseRefOnly(allowBrackets = true): Term {
    if (this.tok.kind !== "ident") this.fail(`unexpected ${this.describe(this.tok)} token: expected ref`);
    const t = this.next();
    const head: Var = { kind: "var", name: t.text, loc: this.loc(t), slot: -1 };
    const path: Term[] = [];
    while (!this.tok.nl) {
      if (this.isPunct(".") && this.peek().kind === "ident" && this.peek().pos === this.tok.end) {
        this.next();
        const n = this.next();
        path.push({ kind: "scalar", value: n.text, loc: this.loc(n) });
      } else if (allowBrackets && this.isPunct("[") && this.tok.pos === this.toks[this.p - 1]!.end) {
        this.next();
        path.push(this.parseTermInfix(false));
        this.expectPunct("]");
      } else break;
    }
    if (path.length === 0) return head;
    return { kind: "ref", head, path, loc: head.loc };
  }

  parseTerm(): Term {
    this.enter();
    try {
      const term = this.parsePrimary();
      return this.parseSuffixes(term);
    } finally {
      this.leave();
    }
  }

  private parseSuffixes(term: Term): Term {
    while (true) {
      const t = this.tok;
      if (t.nl) return term;
      const prev = this.toks[this.p - 1]!;
      const adjacent = t.pos === prev.end;
      if (this.isPunct(".") && adjacent) {
        const n = this.peek();
        if (n.kind !== "ident" || n.pos !== t.end) this.fail("unexpected . token: expected ident");
        this.next();
        this.next();
        term = appendRef(term, { kind: "scalar", value: n.text, loc: this.loc(n) });
      } else if (this.isPunct("[") && adjacent) {
        this.next();
        const idx = this.parseTermInfix(false);
        this.expectPunct("]");
        term = appendRef(term, idx);
      } else if (this.isPunct("(") && adjacent && (term.kind === "var" || (term.kind === "ref" && isCallableRef(term)))) {
        this.next();
        const args: Term[] = [];
        if (!this.isPunct(")")) {
          while (true) {
            args.push(this.parseTermInfix(false));
            if (this.isPunct(",")) {
              this.next();
              if (this.isPunct(")")) break;
              continue;
            }
            break;
          }
        }
        this.expectPunct(")");
        const fn: Ref = term.kind === "var" ? { kind: "ref", head: term, path: [], loc: term.loc } : term;
        term = { kind: "call", fn, args, loc: term.loc };
      } else {
        return term;
      }
    }
  }

  private parsePrimary(): Term {
    const t = this.tok;
    const loc = this.loc(t);
    switch (t.kind) {
      case "number": {
        this.next();
        return { kind: "scalar", value: this.num(t.text, t), loc };
      }
      case "string":
      case "rawstring":
        this.next();
        return { kind: "scalar", value: t.text, loc };
      case "ident": {
        if (t.text === "null") {
          this.next();
          return { kind: "scalar", value: null, loc };
        }
        if (t.text === "true" || t.text === "false") {
          this.next();
          return { kind: "scalar", value: t.text === "true", loc };
        }
        if (t.text === "set" && this.isPunct("(", this.peek()) && this.isPunct(")", this.peek(2)) && this.peek().pos === t.end) {
          this.next();
          this.next();
          this.next();
          return { kind: "set", items: [], loc };
        }
        if (this.isReservedTerm(t.text)) this.fail(`unexpected ${t.text} keyword`);
        this.next();
        const name = t.text === "_" ? `$${this.wildcardCount++}` : t.text;
        return { kind: "var", name, loc, slot: -1 };
      }
      case "punct":
        break;
      case "eof":
        this.fail("unexpected eof token");
    }
    switch (t.text) {
      case "-": {
        const n = this.peek();
        if (n.kind === "number" && n.pos === t.end) {
          this.next();
          this.next();
          return { kind: "scalar", value: this.num("-" + n.text, n), loc };
        }
        // unary minus on a term: 0 - x
        this.next();
        const operand = this.parseTerm();
        return this.mkCall("minus", [{ kind: "scalar", value: 0, loc }, operand], t, "-", loc);
      }
      case "(": {
        this.next();
        const inner = this.parseTermIn(true);
        this.expectPunct(")");
        return inner;
      }
      case "[":
        return this.parseArray();
      case "{":
        return this.parseBrace();
      default:
        this.fail(`unexpected ${t.text} token`);
    }
  }

  private isReservedTerm(name: string): boolean {
    if (name === "not" || name === "with" || name === "as" || name === "import" || name === "package" || name === "default" || name === "else") return true;
    if (name === "some") return true;
    if ((name === "every" || name === "in" || name === "if") && this.ctx.kw.has(name)) return true;
    return false;
  }

  private num(text: string, t: Token): Value {
    const n = parseNumber(text);
    if (n === undefined) this.fail("illegal number format", t);
    return n;
  }

  private parseArray(): Term {
    const open = this.next();
    const loc = this.loc(open);
    if (this.isPunct("]")) {
      this.next();
      return { kind: "array", items: [], loc };
    }
    const start = this.p;
    const first = this.parseTermInfix(true);
    if (this.isPunct("|")) {
      const compr = this.tryComprehension("]", open);
      if (compr) return { kind: "arraycompr", term: first, body: compr, loc };
      // not a comprehension (`[x | y, 5]`): an array whose first item is a set union
      this.p = start;
    }
    const items = [this.p === start ? this.parseTermInfix(false) : first];
    while (this.isPunct(",")) {
      this.next();
      if (this.isPunct("]")) break;
      items.push(this.parseTermInfix(false));
    }
    this.expectPunct("]");
    return { kind: "array", items, loc };
  }

  /** After a `|`: parses a comprehension body up to `end`, or returns null (position restored). */
  private tryComprehension(end: string, open: Token): Body | null {
    const save = this.p;
    const saveWild = this.wildcardCount;
    this.next(); // |
    try {
      const body = this.parseQuery(end);
      this.expectPunct(end);
      if (body.length === 0) this.fail("empty comprehension body", open);
      return body;
    } catch (e) {
      if (!(e instanceof RegoError)) throw e;
      this.p = save;
      this.wildcardCount = saveWild;
      return null;
    }
  }

  private parseBrace(): Term {
    const open = this.next();
    const loc = this.loc(open);
    if (this.isPunct("}")) {
      this.next();
      return { kind: "object", entries: [], loc };
    }
    const start = this.p;
    let first = this.parseTermInfix(true);
    if (this.isPunct(":")) {
      this.next();
      const vstart = this.p;
      let v = this.parseTermInfix(true);
      if (this.isPunct("|")) {
        const compr = this.tryComprehension("}", open);
        if (compr) return { kind: "objectcompr", key: first, value: v, body: compr, loc };
        this.p = vstart;
        v = this.parseTermInfix(false);
      }
      const entries: [Term, Term][] = [[first, v]];
      while (this.isPunct(",")) {
        this.next();
        if (this.isPunct("}")) break;
        const k = this.parseTermInfix(false);
        this.expectPunct(":");
        entries.push([k, this.parseTermInfix(false)]);
      }
      this.expectPunct("}");
      return { kind: "object", entries, loc };
    }
    if (this.isPunct("|")) {
      const compr = this.tryComprehension("}", open);
      if (compr) return { kind: "setcompr", term: first, body: compr, loc };
      this.p = start;
      first = this.parseTermInfix(false);
    }
    const items = [first];
    while (this.isPunct(",")) {
      this.next();
      if (this.isPunct("}")) break;
      items.push(this.parseTermInfix(false));
    }
    this.expectPunct("}");
    return { kind: "set", items, loc };
  }
}

// ---------------------------------------------------------------------------------------------
// helpers

/** What makes a default value non-constant (a var, ref or call outside comprehensions), if anything. */
function nonGround(t: Term): "var" | "ref" | "call" | undefined {
  switch (t.kind) {
    case "var":
    case "ref":
    case "call":
      return t.kind;
    case "array":
    case "set":
      for (const x of t.items) {
        const b = nonGround(x);
        if (b) return b;
      }
      return undefined;
    case "object":
      for (const [k, v] of t.entries) {
        const b = nonGround(k) ?? nonGround(v);
        if (b) return b;
      }
      return undefined;
    default:
      return undefined;
  }
}

function isCallableRef(r: Ref): boolean {
  if (r.head.kind !== "var") return false;
  return r.path.every((p) => p.kind === "scalar" && typeof p.value === "string");
}

function appendRef(term: Term, elem: Term): Term {
  if (term.kind === "ref") return { kind: "ref", head: term.head, path: [...term.path, elem], loc: term.loc };
  return { kind: "ref", head: term, path: [elem], loc: term.loc };
}

function refElems(t: Term): Term[] {
  if (t.kind === "ref") return [t.head, ...t.path];
  return [t];
}

/** The static string path of a ref (`data.a.b` -> ["data", "a", "b"]); non-strings as "?" */
export function refPath(r: Ref): string[] {
  const out: string[] = [];
  out.push(r.head.kind === "var" ? r.head.name : "?");
  for (const p of r.path) out.push(p.kind === "scalar" && typeof p.value === "string" ? p.value : "?");
  return out;
}

// ---------------------------------------------------------------------------------------------
// entry points

export function parseModule(file: string, source: string, regoVersion: RegoVersion = "v1"): Module {
  return new Parser(source, file, regoVersion).parseModule();
}

/** Parses a query body (expressions separated by `;` or newlines). */
export function parseQuery(source: string, regoVersion: RegoVersion = "v1", file = "query"): Body {
  const p = new Parser(source, file, regoVersion);
  const body = p.parseQuery(null);
  if (body.length === 0) p.fail("empty query");
  return body;
}

/** Parses a single term. */
export function parseTermText(source: string, regoVersion: RegoVersion = "v1", file = "term"): Term {
  const p = new Parser(source, file, regoVersion);
  const t = p.parseTermInfix(false);
  const body = p.parseQuery(null);
  if (body.length > 0) p.fail("unexpected token after term");
  return t;
}

/** js-yaml shares aliased nodes instead of copying them: bound what a walk of the block visits. */
const MAX_METADATA_NODES = 10_000;

function withinNodes(root: unknown, max: number): boolean {
  let seen = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (++seen > max) return false;
    if (v !== null && typeof v === "object") for (const c of Object.values(v as object)) stack.push(c);
  }
  return true;
}
