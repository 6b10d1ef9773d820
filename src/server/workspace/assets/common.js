// What every workspace page shares: escaping, times in the organisation's zone, the JSON API,
// the live stream, toasts and sign-out.
export const $ = (sel, root = document) => root.querySelector(sel);
export const tz = document.body.dataset.tz || 'Asia/Shanghai';

export const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const fmt = (opts) => new Intl.DateTimeFormat('zh-CN', { timeZone: tz, hour12: false, ...opts });
const hm = fmt({ hour: '2-digit', minute: '2-digit' });
const mdhm = fmt({ month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const md = fmt({ month: 'numeric', day: 'numeric', weekday: 'short' });
export const time = (ms) => (ms == null ? '' : hm.format(ms));
export const dateTime = (ms) => (ms == null ? '' : mdhm.format(ms));
export const dayLabel = (date) => md.format(new Date(`${date}T12:00:00Z`));

/** Server time minus browser time: countdowns follow the bot's clock, not the phone's. */
let offset = 0;
export const now = () => Date.now() + offset;
export function syncClock(serverNow) {
  if (typeof serverNow === 'number') offset = serverNow - Date.now();
}

export function duration(ms) {
  const m = Math.floor(Math.abs(ms) / 60000);
  const s = Math.floor((Math.abs(ms) % 60000) / 1000);
  if (m >= 60 * 24) return `${Math.floor(m / 1440)} 天 ${Math.floor((m % 1440) / 60)} 小时`;
  if (m >= 60) return `${Math.floor(m / 60)} 小时 ${m % 60} 分`;
  return `${m} 分 ${String(s).padStart(2, '0')} 秒`;
}

export async function api(path) {
  const res = await fetch(`/workspace/api${path}`, { headers: { accept: 'application/json' } });
  if (res.status === 401) {
    location.href = `/login?next=${encodeURIComponent(location.pathname)}`;
    throw new Error('signed out');
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(data.error || `HTTP ${res.status}`), { status: res.status });
  syncClock(data.now);
  return data;
}

/** A change, as the signed-in person: JSON only (the server refuses anything else). */
export async function post(path, body = {}) {
  const res = await fetch(path.startsWith('/') ? path : `/workspace/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    toast(data.error || `出错了（HTTP ${res.status}）`);
    return null;
  }
  return data;
}

export function toast(text) {
  const t = $('#toast');
  if (!t || !text) return;
  t.textContent = text;
  t.style.display = 'block';
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (t.style.display = 'none'), 3000);
}

/** Calls `refresh` now, on every change the server announces, and when the page comes back into view. */
export function live(refresh) {
  let busy = false;
  let again = false;
  const run = async () => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      await refresh();
    } catch (err) {
      if (err.message !== 'signed out') console.warn(err);
    }
    busy = false;
    if (again) {
      again = false;
      run();
    }
  };
  run();
  const connect = () => {
    const es = new EventSource('/workspace/api/stream');
    es.addEventListener('change', run);
    es.addEventListener('ready', (e) => {
      try {
        syncClock(JSON.parse(e.data).now);
      } catch {}
    });
    es.onerror = () => {
      es.close();
      setTimeout(connect, 3000);
    };
    window.addEventListener('pagehide', () => es.close(), { once: true });
  };
  connect();
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) run();
  });
}

export function levelName(level) {
  return { red: '红色', orange: '橙色', yellow: '黄色', blue: '蓝色' }[level] || level;
}

const logout = $('#logout');
if (logout)
  logout.addEventListener('click', async () => {
    const r = await post('/logout');
    if (r) location.href = '/login';
  });
