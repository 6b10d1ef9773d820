// 台账: every incident with its level, dates, counts, review and figures; search by text, level,
// date and department; export what is shown as Excel.
import { $, api, dateTime, esc, levelName } from './common.js';

const mins = (ms) => (ms == null ? '—' : Math.round(ms / 60000));

function query(form) {
  const params = new URLSearchParams();
  for (const name of ['q', 'level', 'from', 'to', 'department']) if (form[name].value.trim()) params.set(name, form[name].value.trim());
  if (form.drills.checked) params.set('drills', '1');
  return params.toString();
}

function rows(list) {
  if (!list.length) return '<p class="empty">没有符合条件的事件。</p>';
  return `<div class="table-wrap"><table><thead><tr><th>事件</th><th>级别</th><th>状态</th><th>发布</th><th>结案</th><th>部门</th><th>线索/任务/发布稿</th><th>线索→预警(分)</th><th>时限 按时/迟/漏</th><th>总结评估</th></tr></thead><tbody>${list
    .map(
      (i) => `<tr><td><a href="/incidents/${encodeURIComponent(i.number)}">${esc(i.number)}</a> ${i.isDrill ? '【演练】' : ''}${esc(i.title)}</td>
<td><span class="dot ${esc(i.level)}"></span>${levelName(i.level)}</td><td>${esc(i.status)}</td><td>${dateTime(i.raisedAt)} ${esc(i.raisedBy)}</td><td>${dateTime(i.closedAt)}</td>
<td>${i.departments.map(esc).join('、')}</td><td>${i.leads} / ${i.tasks} / ${i.releases}</td><td>${mins(i.figures.leadToWarningMs)}</td>
<td>${i.figures.deadlinesOnTime} / ${i.figures.deadlinesLate} / ${i.figures.deadlinesMissed}</td>
<td><a href="/incidents/${encodeURIComponent(i.number)}/review">${esc(i.review.status)}</a></td></tr>`,
    )
    .join('')}</tbody></table></div>`;
}

async function search() {
  const form = $('#search');
  const q = query(form);
  $('#export').href = `/workspace/api/archive/export.xlsx${q ? `?${q}` : ''}`;
  try {
    const data = await api(`/archive${q ? `?${q}` : ''}`);
    $('#results').innerHTML = `<p class="muted">共 ${data.count} 个事件</p>${rows(data.incidents)}`;
  } catch (err) {
    $('#results').innerHTML = `<p class="empty">${esc(err.message)}</p>`;
  }
}

$('#main').innerHTML = `<section class="panel"><h1>台账</h1>
<form id="search" class="actions">
<input type="search" name="q" placeholder="关键词（标题、线索、时间线）" aria-label="关键词">
<select name="level" aria-label="级别"><option value="">全部级别</option><option value="红">红色</option><option value="橙">橙色</option><option value="黄">黄色</option><option value="蓝">蓝色</option></select>
<input type="date" name="from" aria-label="从"><input type="date" name="to" aria-label="到">
<input type="text" name="department" placeholder="部门" aria-label="部门">
<label><input type="checkbox" name="drills"> 含演练</label>
<button class="btn primary" type="submit">查询</button><a class="btn" id="export" href="/workspace/api/archive/export.xlsx">导出 Excel</a>
</form></section><section class="panel" id="results"><div class="loading">加载中…</div></section>`;
$('#search').addEventListener('submit', (e) => {
  e.preventDefault();
  search();
});
search();
