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

/** `2026-11-21`: the calendar day in the zone. */
export function localDate(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The instant when the zone's clock shows `date hh:mm` (zones without DST, like Asia/Shanghai, exactly). */
export function zonedTime(date: string, hhmm: string, timeZone: string): number {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = hhmm.split(':').map(Number);
  const naive = Date.UTC(y!, mo! - 1, d!, h!, mi!);
  const p = parts(naive, timeZone);
  const shown = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  return naive - (shown - naive);
}

/** `2026-11-21` plus n days. */
export function addDays(date: string, n: number): string {
  const [y, mo, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, mo! - 1, d! + n)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
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
