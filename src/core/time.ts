// Display of stored instants (UTC milliseconds) in the organisation's time zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(ms: number, timeZone: string): Record<string, string> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(ms))) out[p.type] = p.value;
  return out;
}

/** `20261121`, for incident numbers. */
export function dayStamp(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone);
  return `${p.year}${p.month}${p.day}`;
}

/** `09:02` */
export function clockTime(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** `11-21 09:02`, or just `09:02` when it is the same day as `reference`. */
export function shortTime(ms: number, timeZone: string, reference?: number): string {
  const p = parts(ms, timeZone);
  if (reference !== undefined && dayStamp(reference, timeZone) === dayStamp(ms, timeZone)) return `${p.hour}:${p.minute}`;
  return `${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** `2026-11-21 09:02:05` */
export function fullTime(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** `25 分钟` / `2 小时 5 分钟` — for durations people read. */
export function humanDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} 分钟`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} 小时` : `${h} 小时 ${m} 分钟`;
}
