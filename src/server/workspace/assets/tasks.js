// 我的任务: my claimed tasks and my department's unclaimed ones, with the card's 认领 button and a
// 完成 form — each a tap or a command as the signed-in person.
import { startTicking, tick } from './countdown.js';
import { $, api, esc, levelName, live, post, toast } from './common.js';

function item(t) {
  const head = `<div class="head"><span class="dot ${esc(t.incident.level)}"></span><b>${esc(t.ref)}</b> ${esc(t.title)}</div>
<p class="muted"><a href="/incidents/${encodeURIComponent(t.incident.number)}">${esc(t.incident.number)}</a> ${esc(t.incident.title)} · ${levelName(t.incident.level)}预警${t.department ? ` · ${esc(t.department)}` : ''}</p>`;
  if (t.status === 'open') {
    const due = t.claimDueAt ? `<p>认领时限 <span class="countdown" data-due="${t.claimDueAt}"></span></p>` : '';
    return `<div class="item" data-ref="${esc(t.ref)}">${head}${due}<div class="actions"><button class="btn primary" data-action="claim" data-value="${esc(t.ref)}">认领</button></div></div>`;
  }
  return `<div class="item mine" data-ref="${esc(t.ref)}">${head}<p><span class="tag ok">我已认领</span></p>
<form class="actions done-form" data-ref="${esc(t.ref)}"><input type="text" name="note" placeholder="完成说明（可选）" aria-label="完成说明"><button class="btn primary" type="submit">完成</button></form></div>`;
}

async function refresh() {
  const data = await api('/tasks');
  const mine = data.tasks.filter((t) => t.mine);
  const open = data.tasks.filter((t) => !t.mine);
  $('#main').innerHTML =
    `<section class="panel" id="mine"><h1>我的任务</h1>${mine.length ? mine.map(item).join('') : '<p class="empty">没有我认领的进行中的任务。</p>'}</section>
<section class="panel" id="open"><h2>待认领</h2>${open.length ? open.map(item).join('') : '<p class="empty">没有待认领的任务。</p>'}</section>`;
  tick();
}

document.addEventListener('click', async (e) => {
  const btn = e.target.closest('button[data-action]');
  if (!btn) return;
  btn.disabled = true;
  const r = await post('actions', { action: btn.dataset.action, value: btn.dataset.value });
  if (r) toast(r.toast);
  btn.disabled = false;
});
document.addEventListener('submit', async (e) => {
  const form = e.target.closest('form.done-form');
  if (!form) return;
  e.preventDefault();
  const r = await post('commands', { command: '完成', ref: form.dataset.ref, note: form.note.value });
  if (r) toast(r.outcome === 'done' ? r.toast : r.reply || r.toast);
});

live(refresh);
startTicking();
