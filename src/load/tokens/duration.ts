// Durations as token files, Vault and providers write them: seconds (3600, "3600"), unit
// sequences ("90d", "1h30m", "768h", "15 minutes"), and ISO 8601 ("PT1H", "P90D").

const UNIT_SECONDS: Readonly<Record<string, number>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, number>, {
    ms: 0.001,
    s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
    m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
    h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
    d: 86400, day: 86400, days: 86400,
    w: 604800, wk: 604800, week: 604800, weeks: 604800,
    y: 31536000, yr: 31536000, year: 31536000, years: 31536000,
  }),
);

const UNITS = Object.keys(UNIT_SECONDS).sort((a, b) => b.length - a.length).join("|");

/** The grammar as a JSON Schema `pattern` (kept in the schema so editors check it too). */
export const DURATION_PATTERN =
  `^\\s*(?:\\d+(?:\\.\\d+)?\\s*(?:${UNITS})\\s*)+$|^\\d+$|^P(?!$)(?:\\d+Y)?(?:\\d+M)?(?:\\d+W)?(?:\\d+D)?(?:T(?=\\d)(?:\\d+H)?(?:\\d+M)?(?:\\d+(?:\\.\\d+)?S)?)?$`;

const PART = new RegExp(`(\\d+(?:\\.\\d+)?)\\s*(${UNITS})\\s*`, "gy");
const ISO = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Seconds in a duration, rounded to whole seconds, or null when it is not a duration.
 * A bare number is seconds. ISO months count 30 days, years 365.
 */
export function parseDuration(v: unknown): number | null {
  if (typeof v === "bigint") v = Number(v);
  if (typeof v === "number") return Number.isFinite(v) && v >= 0 ? Math.round(v) : null;
  if (typeof v !== "string") return null;
  const s = v.trim();
  if (s === "" || s.length > 100) return null;
  if (/^\d+$/.test(s)) return Number(s);
  const iso = ISO.exec(s);
  if (iso) {
    const [, y, mo, w, d, h, mi, sec] = iso;
    const n = (x: string | undefined) => (x === undefined ? 0 : Number(x));
    return Math.round(n(y) * 31536000 + n(mo) * 2592000 + n(w) * 604800 + n(d) * 86400 + n(h) * 3600 + n(mi) * 60 + n(sec));
  }
  let total = 0;
  PART.lastIndex = 0;
  let at = 0;
  while (at < s.length) {
    PART.lastIndex = at;
    const m = PART.exec(s);
    if (!m) return null;
    total += Number(m[1]) * UNIT_SECONDS[m[2]!.toLowerCase()]!;
    at = PART.lastIndex;
  }
  return at > 0 ? Math.round(total) : null;
}
