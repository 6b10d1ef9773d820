// 迟报与责任追究: late and missed items of a period per person and department, each with its
// findings, and (for leaders) a form to record 说明 / 责任认定 / 处理结果.
import { $, api, dateTime, esc, post, toast } from './common.js';

const KIND = { late_deadline: '迟报', missed_deadline: '漏报', late_claim: '超时认领', unclaimed: '未认领', missed_update: '未按时续报' };
const FINDING = { explanation: '说明', responsibility: '责任认定', outcome: '处理结果' };
const mins = (ms) => `${Math.round(ms / 60000)} 分钟`;

function tally(list) {
  if (!list.length) return '<p class="empty">没有。</p>';
  const kinds = Object.keys(KIND);
  return `<div class="table-wrap"><table><thead><tr><th>名称</th>${kinds.map((k) => `<th>${KIND[k]}</th>`).join('')}<th>合计</th></tr></thead><tbody>${list
    .map(
      (t) =>
        `<tr><td>${esc(t.name)}${t.department ? ` <span class="muted">${esc(t.department)}</span>` : ''}</td>${kinds.map((k) => `<td>${t.counts[k] || ''}</td>`).join('')}<td>${t.total}</td></tr>`,
    )
    .join('')}</tbody></table></div>`;
}

function items(list, canRecord) {
  if (!list.length) return '<p class="empty">这段时间没有迟报、漏报、超时认领或未按时续报。</p>';
  return list
    .map(
      (
        i,
      ) => `<div class="item"><div class="head"><b>${esc(i.ref)}</b> <span class="tag late">${KIND[i.kind]}</span> <a href="/incidents/${encodeURIComponent(i.incident.number)}">${esc(i.incident.number)}</a> ${esc(i.what)}</div>
<p class="muted">${dateTime(i.dueAt)} 到期 · ${i.doneAt ? `${dateTime(i.doneAt)} 完成` : '未完成'}${i.lateByMs > 0 ? ` · 迟 ${mins(i.lateByMs)}` : ''}${i.person ? ` · ${esc(i.person)}` : ''}${i.department ? ` · ${esc(i.department)}` : ''}</p>
${i.findings.length ? `<ul>${i.findings.map((f) => `<li>${FINDING[f.kind]}：${esc(f.text)} <span class="muted">${esc(f.author)} · ${dateTime(f.at)}</span></li>`).join('')}</ul>` : ''}
${canRecord ? `<form class="actions finding-form" data-ref="${esc(i.ref)}"><select name="kind" aria-label="类别"><option value="说明">说明</option><option value="责任">责任认定</option><option value="处理">处理结果</option></select><input type="text" name="text" placeholder="内容" aria-label="内容" required><button class="btn" type="submit">记录</button></form>` : ''}</div>`,
    )
    .join('');
}

async function refresh() {
  const period = $('#period').value;
  try {
    const data = await api(`/accountability?period=${encodeURIComponent(period)}`);
    $('#results').innerHTML = `<h2>${esc(data.period.label)} · 共 ${data.items.length} 项</h2>
<h3>按人员</h3>${tally(data.byPerson)}<h3>按部门</h3>${tally(data.byDepartment)}<h3>明细</h3>${items(data.items, data.canRecord)}`;
  } catch (err) {
    $('#results').innerHTML = `<p class="empty">${esc(err.message)}</p>`;
  }
}

$('#main').innerHTML = `<section class="panel"><h1>迟报与责任追究</h1><form id="choose" class="actions"><select id="period" aria-label="时段">
${['近30天', '近7天', '今天', '本周', '上周', '本月', '上月', '全部'].map((p) => `<option>${p}</option>`).join('')}</select><button class="btn primary" type="submit">查看</button></form>
<p class="muted">记录只增不删：后来的认定与先前的并列保留。</p></section><section class="panel" id="results"><div class="loading">加载中…</div></section>`;
$('#choose').addEventListener('submit', (e) => {
  e.preventDefault();
  refresh();
});
document.addEventListener('submit', async (e) => {
  const form = e.target.closest('form.finding-form');
  if (!form) return;
  e.preventDefault();
  const r = await post('commands', { command: '认定', ref: form.dataset.ref, kind: form.kind.value, text: form.text.value });
  if (r) {
    toast(r.outcome === 'done' ? r.toast : r.reply || r.toast);
    if (r.outcome === 'done') refresh();
  }
});
refresh();
