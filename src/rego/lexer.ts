// Lexer for Rego source text. Produces tokens with 1-based row/col positions; comments are
// kept aside so the parser can read `# METADATA` blocks.

import { RegoError, snippetAt } from "./errors.js";

export type TokenKind =
  | "ident"
  | "string" // value holds the decoded string
  | "rawstring"
  | "number"
  | "punct"
  | "eof";

export interface Token {
  kind: TokenKind;
  /** identifier name, punctuation text, number text, or decoded string */
  text: string;
  row: number;
  col: number;
  /** offset of the token start in the source */
  pos: number;
  /** offset just past the token */
  end: number;
  /** a newline precedes this token (statement separator) */
  nl: boolean;
}

export interface Comment {
  text: string; // without the leading '#'
  row: number;
  col: number;
}

const PUNCT3 = new Set<string>([]);
const PUNCT2 = new Set([":=", "==", "!=", "<=", ">="]);
const PUNCT1 = new Set([
  "{", "}", "[", "]", "(", ")", ".", ",", ";", ":", "=", "<", ">", "+", "-", "*", "/", "%", "|", "&",
]);

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export class Lexer {
  readonly tokens: Token[] = [];
  readonly comments: Comment[] = [];
  private i = 0;
  private row = 1;
  private lineStart = 0;

  constructor(
    private readonly src: string,
    private readonly file: string,
  ) {}

  fail(msg: string, row: number, col: number): never {
    throw new RegoError({
      code: "rego_parse_error",
      message: msg,
      location: { file: this.file, row, col },
      snippet: snippetAt(this.src, row, col),
    });
  }

  run(): Token[] {
    const src = this.src;
    let nl = true;
    while (true) {
      // skip whitespace and comments
      while (this.i < src.length) {
        const c = src.charCodeAt(this.i);
        if (c === 10) {
          this.i++;
          this.row++;
          this.lineStart = this.i;
          nl = true;
        } else if (c === 32 || c === 9 || c === 13 || c === 0xfeff) {
          this.i++;
        } else if (c === 35) {
          const start = this.i;
          let j = this.i;
          while (j < src.length && src.charCodeAt(j) !== 10) j++;
          this.comments.push({ text: src.slice(start + 1, j).replace(/\r$/, ""), row: this.row, col: start - this.lineStart + 1 });
          this.i = j;
        } else {
          break;
        }
      }
      const col = this.i - this.lineStart + 1;
      const row = this.row;
      const pos = this.i;
      if (this.i >= src.length) {
        this.tokens.push({ kind: "eof", text: "", row, col, pos, end: pos, nl: true });
        return this.tokens;
      }
      const c = src.charCodeAt(this.i);
      let tok: Token;
      if (isIdentStart(c)) {
        let j = this.i + 1;
        while (j < src.length && isIdentPart(src.charCodeAt(j))) j++;
        tok = { kind: "ident", text: src.slice(this.i, j), row, col, pos, end: j, nl };
        this.i = j;
      } else if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(this.i + 1)))) {
        tok = this.number(row, col, nl);
      } else if (c === 34) {
        tok = this.string(row, col, nl);
      } else if (c === 96) {
        const j = src.indexOf("`", this.i + 1);
        if (j < 0) this.fail("non-terminated raw string", row, col);
        const text = src.slice(this.i + 1, j);
        // raw strings may span lines
        for (let k = this.i; k < j; k++) {
          if (src.charCodeAt(k) === 10) {
            this.row++;
            this.lineStart = k + 1;
          }
        }
        tok = { kind: "rawstring", text, row, col, pos, end: j + 1, nl };
        this.i = j + 1;
      } else {
        const two = src.slice(this.i, this.i + 2);
        const one = src[this.i]!;
        if (PUNCT3.has(src.slice(this.i, this.i + 3))) {
          tok = { kind: "punct", text: src.slice(this.i, this.i + 3), row, col, pos, end: pos + 3, nl };
        } else if (PUNCT2.has(two)) {
          tok = { kind: "punct", text: two, row, col, pos, end: pos + 2, nl };
        } else if (PUNCT1.has(one)) {
          tok = { kind: "punct", text: one, row, col, pos, end: pos + 1, nl };
        } else if (one === "!") {
          this.fail(`illegal ! character`, row, col);
        } else {
          const cp = src.codePointAt(this.i)!;
          this.fail(`illegal token ${JSON.stringify(String.fromCodePoint(cp))}`, row, col);
        }
        this.i = tok.end;
      }
      this.tokens.push(tok);
      nl = false;
    }
  }

  private number(row: number, col: number, nl: boolean): Token {
    const src = this.src;
    const start = this.i;
    let j = this.i;
    while (j < src.length && isDigit(src.charCodeAt(j))) j++;
    if (src.charCodeAt(j) === 46 && isDigit(src.charCodeAt(j + 1))) {
      j++;
      while (j < src.length && isDigit(src.charCodeAt(j))) j++;
    }
    const e = src.charCodeAt(j);
    if (e === 101 || e === 69) {
      let k = j + 1;
      const s = src.charCodeAt(k);
      if (s === 43 || s === 45) k++;
      if (isDigit(src.charCodeAt(k))) {
        while (k < src.length && isDigit(src.charCodeAt(k))) k++;
        j = k;
      }
    }
    // a number immediately followed by an identifier character is an error ("1a")
    if (j < src.length && (isIdentStart(src.charCodeAt(j)) || src.charCodeAt(j) === 46)) {
      if (src.charCodeAt(j) !== 46 || isDigit(src.charCodeAt(j + 1))) {
        this.fail("illegal number format", row, col);
      }
    }
    const text = src.slice(start, j);
    if (text.length > 1 && text[0] === "0" && isDigit(text.charCodeAt(1))) {
      this.fail("illegal number format: leading zero", row, col);
    }
    this.i = j;
    return { kind: "number", text, row, col, pos: start, end: j, nl };
  }

  private string(row: number, col: number, nl: boolean): Token {
    const src = this.src;
    const start = this.i;
    let j = this.i + 1;
    let out = "";
    let chunk = j;
    while (true) {
      if (j >= src.length) this.fail("non-terminated string", row, col);
      const c = src.charCodeAt(j);
      if (c === 34) break;
      if (c === 10) this.fail("non-terminated string", row, col);
      if (c === 92) {
        out += src.slice(chunk, j);
        const n = src[j + 1];
        switch (n) {
          case '"':
            out += '"';
            j += 2;
            break;
          case "\\":
            out += "\\";
            j += 2;
            break;
          case "/":
            out += "/";
            j += 2;
            break;
          case "b":
            out += "\b";
            j += 2;
            break;
          case "f":
            out += "\f";
            j += 2;
            break;
          case "n":
            out += "\n";
            j += 2;
            break;
          case "r":
            out += "\r";
            j += 2;
            break;
          case "t":
            out += "\t";
            j += 2;
            break;
          case "u": {
            const hex = src.slice(j + 2, j + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("illegal escape sequence in string", row, j - this.lineStart + 1);
            out += String.fromCharCode(parseInt(hex, 16));
            j += 6;
            break;
          }
          default:
            this.fail("illegal escape sequence in string", row, j - this.lineStart + 1);
        }
        chunk = j;
        continue;
      }
      j++;
    }
    out += src.slice(chunk, j);
    this.i = j + 1;
    return { kind: "string", text: out, row, col, pos: start, end: j + 1, nl };
  }
}

export function tokenize(src: string, file: string): { tokens: Token[]; comments: Comment[] } {
  const lx = new Lexer(src, file);
  const tokens = lx.run();
  return { tokens, comments: lx.comments };
}
