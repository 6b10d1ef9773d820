// 待我审批: the releases whose open step I may decide, with the card's 同意 and 驳回 (with a reason).
import { $, api, dateTime, esc, live, post, toast } from './common.js';

function item(a) {
  return `<div class="item" data-ref="${esc(a.ref)}"><div class="head"><span class="dot ${esc(a.incident.level)}"></span><b>${esc(a.ref)}</b> 第 ${a.version} 版 · ${esc(a.step)}（第 ${esc(a.stepOf)} 步）</div>
<p class="muted"><a href="/incidents/${encodeURIComponent(a.incident.number)}">${esc(a.incident.number)}</a> ${esc(a.incident.title)} · 起草：${esc(a.author)} · ${dateTime(a.waitingSince)} 起等待</p>
<div class="content">${esc(a.content)}</div>
${a.earlier.length ? `<ul class="muted">${a.earlier.map((d) => `<li>${esc(d.step)}：${esc(d.decider)} ${d.decision === 'approve' ? '同意' : '驳回'} · ${dateTime(d.at)}</li>`).join('')}</ul>` : ''}
<form class="actions reject-form" data-ref="${esc(a.ref)}">
  <button class="btn primary" type="button" data-action="approve" data-value="${esc(a.ref)}">同意</button>
  <input type="text" name="reason" placeholder="驳回理由" aria-label="驳回理由"><button class="btn danger" type="submit">驳回</button>
</form></div>`;
}

async function refresh() {
  const data = await api('/approvals');
  $('#main').innerHTML =
    `<section class="panel"><h1>待我审批</h1>${data.approvals.length ? data.approvals.map(item).join('') : '<p class="empty">没有等你审批的发布稿。</p>'}</section>`;
}

document.addEventListener('click', async (e) => {
  const btn = e.target.closest('button[data-action="approve"]');
  if (!btn) return;
  if (!confirm(`同意 ${btn.dataset.value}？`)) return;
  const r = await post('actions', { action: 'approve', value: btn.dataset.value });
  if (r) toast(r.toast);
});
document.addEventListener('submit', async (e) => {
  const form = e.target.closest('form.reject-form');
  if (!form) return;
  e.preventDefault();
  const reason = form.reason.value.trim();
  if (!reason) return toast('驳回要写理由');
  const r = await post('actions', { action: 'reject', value: `${form.dataset.ref} ${reason}` });
  if (r) toast(r.toast);
});

live(refresh);
