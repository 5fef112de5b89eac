// Escaping of values that come from the input (resource names, tags, messages built from
// them) before they reach Markdown, HTML, XML or workflow commands. Hostile inputs such as a
// resource named `<img src=x>` or `](javascript:alert(1))` must render as text.

/** Markdown/HTML: every ASCII punctuation character becomes a numeric entity; newlines become spaces. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\r\n\t]+/g, " ").replace(/[!-/:-@[-`{-~]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** XML text and attribute values. */
export function escapeXml(s: string): string {
  // drop characters XML 1.0 forbids
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "");
  return clean.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** GitHub workflow command data (the message part). */
export function escapeCommandData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** GitHub workflow command property values (file=, title=). */
export function escapeCommandProperty(s: string): string {
  return escapeCommandData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** Terminal output: strip control characters (no escape sequences from the input). */
export function escapeTerminal(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "�");
}
