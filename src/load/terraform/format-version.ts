// Format versions the Terraform readers know, and the note for one from the future.

/** Plan and state JSON format versions this reader was written against: 0.1, 0.2, 1.0–1.x. */
export function futureFormatNote(formatVersion: string | null, what: string): string | null {
  if (formatVersion === null) return null;
  const m = /^(\d+)\.(\d+)/.exec(formatVersion);
  if (!m) return `${what} format_version "${formatVersion}" is not a version this checker knows (0.1–1.x); read as 1.x, results may be incomplete`;
  const major = Number(m[1]);
  if (major > 1) return `${what} format_version ${formatVersion} is newer than the versions this checker knows (0.1–1.x); read as 1.x, results may be incomplete`;
  return null;
}

export function versionString(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  return null;
}
