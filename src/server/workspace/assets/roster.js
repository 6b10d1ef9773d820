// 值班表: a week of shifts, and 排班 / 换班 / 代班 forms that send the same commands as the chat
// (the server decides who may; the answer says why not).
import { $, api, dayLabel, esc, live, post, time, toast } from './common.js';

let from = new URLSearchParams(location.search).get('from') || '';

const shift = (s) =>
  `<div class="shift"><b>${esc(s.name)} ${time(s.start)}–${time(s.end)}</b>${s.people.map((p) => `<span class="${p.overridden ? 'overridden' : ''}">${esc(p.role)}：${esc(p.name)}${p.overridden ? '（调）' : ''}</span>`).join('<br>')}</div>`;

const options = (list, selected) => list.map((v) => `<option${v === selected ? ' selected' : ''}>${esc(v)}</option>`).join('');

function forms(data) {
  const days = data.days.map((d) => d.date);
  const dayField = `<label>日期<select name="day">${options(days, data.today)}</select></label>`;
  const who = (name, label, selected) => `<label>${label}<select name="${name}">${options(data.members, selected)}</select></label>`;
  return `<section class="panel"><h2>调整值班</h2>
<p class="muted">${data.canEdit ? '你可以排班，也可以给任何人换班、代班。' : '你可以和别人换班、替别人代班；排班需要总指挥、副总指挥或管理员。'}</p>
<div class="forms">
  <form data-command="排班">${dayField}<label>班次<select name="shift">${options(data.shifts.map((s) => s.name))}</select></label><label>值班角色<select name="role">${options(data.roles.map((r) => r.name))}</select></label>${who('member', '成员')}<button class="btn primary" type="submit">排班</button></form>
  <form data-command="换班">${dayField}${who('a', '成员 A', data.me)}${who('b', '成员 B')}<button class="btn primary" type="submit">换班</button></form>
  <form data-command="代班">${dayField}${who('member', '替谁值班')}<button class="btn primary" type="submit">代班（由我值）</button></form>
</div></section>`;
}

async function refresh() {
  const data = await api(`/roster${from ? `?from=${from}` : ''}`);
  if (!data.hasRoster) {
    $('#main').innerHTML = '<section class="panel"><h1>值班表</h1><p class="empty">预案里没有排班（duty）。</p></section>';
    return;
  }
  const prev = shiftDate(data.from, -7);
  const next = shiftDate(data.from, 7);
  $('#main').innerHTML = `<section class="panel"><h1>值班表</h1>
<div class="week-nav"><a class="btn" href="?from=${prev}" data-from="${prev}">← 上一周</a><a class="btn" href="?from=${data.today}" data-from="${data.today}">本周</a><a class="btn" href="?from=${next}" data-from="${next}">下一周 →</a></div>
<div class="week">${data.days.map((d) => `<div class="day${d.date === data.today ? ' today' : ''}"><h3>${esc(dayLabel(d.date))}</h3>${d.shifts.map(shift).join('')}</div>`).join('')}</div></section>${forms(data)}`;
}

function shiftDate(date, days) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

document.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-from]');
  if (!a) return;
  e.preventDefault();
  from = a.dataset.from;
  history.replaceState(null, '', `?from=${from}`);
  refresh();
});
document.addEventListener('submit', async (e) => {
  const form = e.target.closest('form[data-command]');
  if (!form) return;
  e.preventDefault();
  const body = { command: form.dataset.command, ...Object.fromEntries(new FormData(form)) };
  const r = await post('commands', body);
  if (r) toast(r.outcome === 'done' ? r.toast : r.reply || r.toast);
});

live(refresh);
