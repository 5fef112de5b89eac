// Go's strconv.Quote, which OPA uses when it prints a string operand into an error message
// (fmt's %s of an ast.String): printable characters as they are, the rest escaped.

const NON_PRINT = /^[\p{C}\p{Z}]$/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

export function goQuote(s: string): string {
  let out = '"';
  for (let ch of s) {
    let c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) {
      c = 0xfffd; // a lone surrogate: invalid UTF-8 reads as the replacement character
      ch = "\ufffd";
    }
    if (ch === '"' || ch === "\\") {
      out += "\\" + ch;
    } else if (c <= 0xff ? (c >= 0x20 && c <= 0x7e) || (c >= 0xa1 && c !== 0xad) : !NON_PRINT.test(ch)) {
      out += ch;
    } else {
      switch (ch) {
        case "\x07": out += "\\a"; break;
        case "\b": out += "\\b"; break;
        case "\f": out += "\\f"; break;
        case "\n": out += "\\n"; break;
        case "\r": out += "\\r"; break;
        case "\t": out += "\\t"; break;
        case "\v": out += "\\v"; break;
        default:
          if (c < 0x20 || c === 0x7f) out += "\\x" + hex(c, 2);
          else if (c < 0x10000) out += "\\u" + hex(c, 4);
          else out += "\\U" + hex(c, 8);
      }
    }
  }
  return out + '"';
}
