// String format checks as gojsonschema performs them with Go's standard library: url.Parse
// (uri, uri-reference, uri-template), net/mail.ParseAddress (email) and time.Parse (date, time,
// date-time). These follow the rules of those parsers closely enough for validation; they do
// not build the parsed values.

import { NAMED_LAYOUTS } from "./go-time-layout.js";
import { parseTime } from "./go-time-parse.js";
import { UTC } from "./go-time.js";

// ---------------------------------------------------------------------------------------------
// url.Parse

const HEX2 = /^[0-9a-fA-F]{2}$/;

/** Every '%' is followed by two hex digits. */
function validEscapes(s: string): boolean {
  for (let i = s.indexOf("%"); i >= 0; i = s.indexOf("%", i + 1)) {
    if (!HEX2.test(s.slice(i + 1, i + 3))) return false;
  }
  return true;
}

function validOptionalPort(port: string): boolean {
  return port === "" || /^:[0-9]*$/.test(port);
}

// characters Go's url package accepts unescaped in a host
const HOST_OK = /^[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"%\u0080-\uffff]*$/;

function validHost(host: string): boolean {
  if (host.startsWith("[")) {
    const i = host.lastIndexOf("]");
    if (i < 0) return false;
    if (!validOptionalPort(host.slice(i + 1))) return false;
  } else {
    const i = host.lastIndexOf(":");
    if (i >= 0 && !validOptionalPort(host.slice(i))) return false;
  }
  return HOST_OK.test(host) && validEscapes(host);
}

const USERINFO_OK = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;

/** url.Parse: the scheme and path, or undefined when Go reports an error. */
export function parseURL(raw: string): { scheme: string; path: string } | undefined {
  const hash = raw.indexOf("#");
  let u = raw;
  if (hash >= 0) {
    if (!validEscapes(raw.slice(hash + 1))) return undefined;
    u = raw.slice(0, hash);
  }
  if (/[\u0000-\u001f\u007f]/.test(u)) return undefined;
  if (u === "*") return { scheme: "", path: "*" };
  let scheme = "";
  let rest = u;
  for (let i = 0; i < u.length; i++) {
    const c = u[i]!;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) break;
      continue;
    }
    if (c === ":") {
      if (i === 0) return undefined; // missing protocol scheme
      scheme = u.slice(0, i).toLowerCase();
      rest = u.slice(i + 1);
    }
    break;
  }
  if (rest.endsWith("?") && rest.split("?").length === 2) rest = rest.slice(0, -1);
  else {
    const q = rest.indexOf("?");
    if (q >= 0) rest = rest.slice(0, q);
  }
  if (!rest.startsWith("/")) {
    if (scheme !== "") return { scheme, path: "" }; // opaque
    const slash = rest.indexOf("/");
    const first = slash < 0 ? rest : rest.slice(0, slash);
    if (first.includes(":")) return undefined; // first path segment cannot contain colon
  }
  if ((scheme !== "" || !rest.startsWith("///")) && rest.startsWith("//")) {
    const after = rest.slice(2);
    const slash = after.indexOf("/");
    const authority = slash < 0 ? after : after.slice(0, slash);
    rest = slash < 0 ? "" : after.slice(slash);
    const at = authority.lastIndexOf("@");
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      if (!USERINFO_OK.test(userinfo) || !validEscapes(userinfo)) return undefined;
    }
    if (!validHost(authority.slice(at + 1))) return undefined;
  }
  if (!validEscapes(rest)) return undefined;
  let path = rest;
  try {
    path = decodeURIComponent(rest);
  } catch {
    // invalid UTF-8 after unescaping: Go keeps the bytes; the text is still a path
  }
  return { scheme, path };
}

export function isValidURI(s: string): boolean {
  const u = parseURL(s);
  return u !== undefined && u.scheme !== "" && !s.includes("\\");
}

export function isValidURIReference(s: string): boolean {
  return parseURL(s) !== undefined && !s.includes("\\");
}

export function isValidURITemplate(s: string): boolean {
  const u = parseURL(s);
  if (u === undefined || s.includes("\\")) return false;
  return /^([^{]*(\{[^}]*\})?)*$/.test(u.path);
}

// ---------------------------------------------------------------------------------------------
// net/mail.ParseAddress

const ATEXT = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~\\u0080-\\uffff]";
const DOT_ATOM = `${ATEXT}+(?:\\.${ATEXT}+)*`;
const QUOTED = `"(?:[^"\\\\\\r\\n]|\\\\.)*"`;
const ADDR_SPEC = new RegExp(`^(?:${DOT_ATOM}|${QUOTED})@${DOT_ATOM}$`, "u");
const PHRASE = new RegExp(`^(?:(?:${ATEXT}|\\.)+|${QUOTED})(?:[ \\t]+(?:(?:${ATEXT}|\\.)+|${QUOTED}))*$`, "u");

export function isValidEmail(s: string): boolean {
  const t = s.trim();
  const m = /^([^<]*)<([^<>]*)>$/su.exec(t);
  if (m) {
    const name = m[1]!.trim();
    if (name !== "" && !PHRASE.test(name)) return false;
    return ADDR_SPEC.test(m[2]!.trim());
  }
  return ADDR_SPEC.test(t);
}

// ---------------------------------------------------------------------------------------------
// time.Parse

const LAYOUTS: Record<string, string[]> = {
  date: ["2006-01-02"],
  time: ["15:04:05Z07:00", "15:04:05"],
  "date-time": ["15:04:05", "15:04:05Z07:00", "2006-01-02", NAMED_LAYOUTS["RFC3339"]!, NAMED_LAYOUTS["RFC3339Nano"]!],
};

export function isValidTimeFormat(format: "date" | "time" | "date-time", s: string): boolean {
  for (const layout of LAYOUTS[format]!) {
    try {
      parseTime(layout, s, UTC);
      return true;
    } catch {
      // next layout
    }
  }
  return false;
}
