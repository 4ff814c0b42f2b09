// The team's day (issue 16, first slice): team and "me", tasks created / ticked off / kept after
// a reload, bad input refused, recurring tasks made once per day after a week away, a proposed
// registration-deadline task accepted and another dismissed, the Dashboard's counts, labelled
// controls in zh and en, and two profiles exchanging plan files and seeing each other's ticks.
// The clock is pinned (page.clock.setFixedTime before the app loads) to 2026-12-05 12:00 in
// UTC+8; moving it forward a week is another setFixedTime before a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launch, serve, newPage, shot, settled } from './helpers.mjs';

const NOW = new Date('2026-12-05T04:00:00Z');
let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

const tid = (page, id) => page.getByTestId(id);

async function open(locale = 'zh-CN') {
  const { ctx, page } = await newPage(browser, { locale });
  await page.clock.setFixedTime(NOW);
  return { ctx, page };
}

async function start(page, how = 'load-sample') {
  await page.goto(server.url + '/');
  await tid(page, how).click();
  await tid(page, 'page-dashboard').waitFor();
  await settled(page);
}

async function tasksPage(page) {
  await page.goto(server.url + '/tasks');
  await tid(page, 'page-tasks').waitFor();
}

const stored = async (page, key) => {
  const raw = await page.evaluate((k) => localStorage.getItem(k), key);
  return raw ? JSON.parse(raw).data : [];
};
const liveTasks = async (page) => (await stored(page, 'sop/tasks')).filter((t) => !t.deleted);

async function addMember(page, name, role) {
  await tid(page, 'member-name').fill(name);
  await tid(page, 'member-role').selectOption(role);
  await tid(page, 'member-add').click();
  await tid(page, 'tasks-team').getByText(name).waitFor();
}

async function chooseMe(page, name) {
  const value = await tid(page, 'tasks-me').locator('option', { hasText: name }).getAttribute('value');
  await tid(page, 'tasks-me').selectOption(value);
}

async function addTask(page, { title, due = '', owner = '' }) {
  await tid(page, 'task-title-input').fill(title);
  await tid(page, 'task-due-input').fill(due);
  if (owner) {
    const value = await tid(page, 'task-owner-input').locator('option', { hasText: owner }).getAttribute('value');
    await tid(page, 'task-owner-input').selectOption(value);
  }
  await tid(page, 'task-save').click();
}

const rowIn = (page, group, title) => tid(page, group).getByTestId('task-row').filter({ hasText: title });

/** Every control on the page has a name: a label around it, aria-label, or its own text. */
async function unlabelled(page) {
  return page.evaluate(() => [...document.querySelectorAll('[data-testid=page-tasks] :is(input, select, textarea, button)')]
    .filter((el) => !(el.closest('label') || el.getAttribute('aria-label') || el.textContent.trim()))
    .map((el) => el.outerHTML.slice(0, 120)));
}

test('create a task, bad input refused, tick it off, reload: still done; Dashboard counts', async () => {
  const { page } = await open();
  await start(page);
  await tasksPage(page);
  await addMember(page, '小王', 'specialist');
  await tid(page, 'member-role').selectOption('other');
  await tid(page, 'member-role-typed').fill('直播运营');
  await tid(page, 'member-name').fill('小李');
  await tid(page, 'member-add').click();
  await tid(page, 'tasks-team').getByText('直播运营').waitFor();
  await tid(page, 'tasks-me-hint').waitFor();
  await chooseMe(page, '小王');

  // bad input: refused with a message, nothing stored
  await addTask(page, { title: '   ', due: '2026-12-05' });
  await tid(page, 'task-error').waitFor();
  assert.match(await tid(page, 'task-error').textContent(), /标题/);
  await addTask(page, { title: '写周报', due: '2026-13-40' });
  assert.match(await tid(page, 'task-error').textContent(), /2026-13-40.*YYYY-MM-DD/);
  await tid(page, 'task-status-input').selectOption('blocked');
  await tid(page, 'task-due-input').fill('2026-12-05');
  await tid(page, 'task-save').click();
  assert.match(await tid(page, 'task-error').textContent(), /原因/);
  await settled(page);
  assert.equal((await liveTasks(page)).length, 0, 'nothing was created');
  await tid(page, 'task-status-input').selectOption('todo');

  // good input
  await addTask(page, { title: '写周报', due: '2026-12-05', owner: '小王' });
  await tid(page, 'task-saved').waitFor();
  await addTask(page, { title: '补拍主图', due: '2026-12-01', owner: '小王' });
  await addTask(page, { title: '小李的事', due: '2026-12-05', owner: '小李' });
  await rowIn(page, 'tasks-todo', '小李的事').waitFor();
  const today = tid(page, 'tasks-today').getByTestId('task-row');
  assert.deepEqual(await today.getByTestId('task-title').allTextContents(), ['补拍主图', '写周报'], 'mine, overdue first');
  await tid(page, 'tasks-today').getByTestId('task-overdue').waitFor();
  assert.equal(await tid(page, 'tasks-today').getByTestId('task-overdue').count(), 1);
  assert.deepEqual(await unlabelled(page), []);
  await settled(page);
  await shot(page, 'tasks-zh');

  // edit: rename and block with a reason
  await rowIn(page, 'tasks-todo', '补拍主图').getByTestId('task-edit').click();
  assert.equal(await tid(page, 'task-title-input').inputValue(), '补拍主图');
  await tid(page, 'task-status-input').selectOption('blocked');
  await tid(page, 'task-reason-input').fill('等样品');
  await tid(page, 'task-save').click();
  await rowIn(page, 'tasks-blocked', '补拍主图').getByTestId('task-reason').filter({ hasText: '受阻：等样品' }).waitFor();

  // the Dashboard: one due today, one overdue (the blocked one still counts)
  await page.goto(server.url + '/');
  await tid(page, 'tile-tasks-today').waitFor();
  assert.equal((await tid(page, 'tile-tasks-today').locator('.tile-value').textContent()).trim(), '1');
  assert.equal((await tid(page, 'tile-tasks-overdue').locator('.tile-value').textContent()).trim(), '1');

  // tick off, reload, still done
  await tasksPage(page);
  await rowIn(page, 'tasks-today', '写周报').getByLabel('完成：写周报').click();
  await rowIn(page, 'tasks-done', '写周报').waitFor();
  await settled(page);
  await page.reload();
  await tid(page, 'page-tasks').waitFor();
  const done = rowIn(page, 'tasks-done', '写周报');
  await done.waitFor();
  assert.ok(await done.getByTestId('task-done').isChecked());
  assert.equal(await rowIn(page, 'tasks-today', '写周报').count(), 0);
  await page.goto(server.url + '/');
  await tid(page, 'tile-tasks-today').waitFor();
  assert.equal((await tid(page, 'tile-tasks-today').locator('.tile-value').textContent()).trim(), '0');

  // delete one; undo brings it back
  await tasksPage(page);
  await rowIn(page, 'tasks-todo', '小李的事').getByTestId('task-delete').click();
  await tid(page, 'tasks-by-status').getByText('小李的事').waitFor({ state: 'detached' });
  await tid(page, 'undo').click();
  await rowIn(page, 'tasks-todo', '小李的事').waitFor();

  // English: the same controls, labelled in English
  await tid(page, 'lang-switch').click();
  await tid(page, 'task-form').getByRole('heading', { name: 'New task' }).waitFor();
  await page.getByLabel('Done: 写周报').waitFor();
  await tid(page, 'task-form').getByText('Due date (YYYY-MM-DD)').waitFor();
  assert.deepEqual(await unlabelled(page), []);
  await addTask(page, { title: 'x', due: 'tomorrow' });
  assert.match(await tid(page, 'task-error').textContent(), /“tomorrow” is not valid/);
  await shot(page, 'tasks-en');
  assert.deepEqual(page.errors, []);
});

test('recurring tasks: made once per day, and a week away catches up each day exactly once', async () => {
  const { page } = await open();
  await start(page, 'start-empty');
  await tasksPage(page);
  await tid(page, 'templates-standard').click();
  await tid(page, 'tasks-templates').getByTestId('template').nth(6).waitFor();
  await settled(page);
  let ids = (await liveTasks(page)).map((t) => t.id).sort();
  assert.deepEqual(ids, ['rt-tpl-daily-figures-20261205', 'rt-tpl-daily-listings-20261205', 'rt-tpl-daily-refunds-20261205']);
  // clicking again adds nothing
  await tid(page, 'templates-standard').click();
  await page.reload();
  await tid(page, 'page-tasks').waitFor();
  await settled(page);
  assert.equal((await liveTasks(page)).length, 3);

  // a week later
  await page.clock.setFixedTime(new Date('2026-12-12T04:00:00Z'));
  await page.reload();
  await tid(page, 'page-tasks').waitFor();
  await settled(page);
  const check = async () => {
    const all = await stored(page, 'sop/tasks');
    ids = all.map((t) => t.id);
    assert.equal(new Set(ids).size, ids.length, 'no id twice');
    const figures = ids.filter((i) => i.startsWith('rt-tpl-daily-figures-')).sort();
    assert.deepEqual(figures, ['05', '06', '07', '08', '09', '10', '11', '12'].map((d) => `rt-tpl-daily-figures-202612${d}`));
    assert.deepEqual(ids.filter((i) => i.startsWith('rt-tpl-weekly-competitors-')), ['rt-tpl-weekly-competitors-20261207']);
    assert.deepEqual(ids.filter((i) => i.startsWith('rt-tpl-weekly-report-')), ['rt-tpl-weekly-report-20261211']);
    assert.deepEqual(ids.filter((i) => i.startsWith('rt-tpl-monthly-')), []);
    assert.equal(ids.length, 8 * 3 + 2);
  };
  await check();
  await page.reload();
  await tid(page, 'page-tasks').waitFor();
  await settled(page);
  await check();
  // on screen: eight daily "check yesterday's figures" tasks, one per day
  assert.equal(await rowIn(page, 'tasks-todo', '查看昨日数据与异常').count(), 8);
  // the next day the app opens on the Dashboard, which makes that day's tasks
  await page.clock.setFixedTime(new Date('2026-12-13T04:00:00Z'));
  await page.goto(server.url + '/');
  await tid(page, 'page-dashboard').waitFor();
  await settled(page);
  ids = (await stored(page, 'sop/tasks')).map((t) => t.id);
  assert.deepEqual(ids.filter((i) => i.endsWith('-20261213')).sort(),
    ['rt-tpl-daily-figures-20261213', 'rt-tpl-daily-listings-20261213', 'rt-tpl-daily-refunds-20261213']);
  assert.equal(ids.length, 8 * 3 + 2 + 3);
  assert.deepEqual(page.errors, []);
});

test('a proposed deadline task is accepted, another dismissed; neither comes back', async () => {
  const { page } = await open();
  await start(page);
  await tasksPage(page);
  await addMember(page, '小王', 'specialist');
  await chooseMe(page, '小王');
  const proposal = tid(page, 'tasks-proposals').getByTestId('proposal');
  await proposal.first().waitFor();
  assert.equal(await proposal.count(), 1);
  assert.match(await proposal.textContent(), /2026-12-07 报名截止：双12 聚划算 引流款/);
  await proposal.getByRole('button', { name: '接受建议任务：双12 聚划算 引流款' }).click();
  const row = rowIn(page, 'tasks-todo', '报名：双12 聚划算 引流款');
  await row.waitFor();
  assert.match(await row.getByTestId('task-link').textContent(), /促销: 双12 聚划算 引流款/);
  assert.match(await row.textContent(), /截止 2026-12-07/);
  assert.match(await row.getByTestId('task-owner').textContent(), /小王/);
  assert.equal(await proposal.count(), 0);
  await settled(page);

  // nine days later the 2027 年货节 registration (2026-12-27) is within two weeks: dismiss it
  await page.clock.setFixedTime(new Date('2026-12-14T04:00:00Z'));
  await page.reload();
  await tid(page, 'page-tasks').waitFor();
  await proposal.first().waitFor();
  assert.equal(await proposal.count(), 1);
  assert.match(await proposal.textContent(), /2026-12-27 报名截止：2027 年货节/);
  await proposal.getByTestId('proposal-dismiss').click();
  await tid(page, 'tasks-proposals').getByText('14 天内没有待报名的截止日期。').waitFor();
  await settled(page);
  const dismissed = (await stored(page, 'sop/tasks')).find((t) => t.id === 'pt-reg-evt-2027-nianhuo');
  assert.ok(dismissed?.deleted, 'the dismissal is stored (and shared) as a tombstone');
  await page.reload();
  await tid(page, 'page-tasks').waitFor();
  await tid(page, 'tasks-proposals').getByText('14 天内没有待报名的截止日期。').waitFor();
  assert.equal(await rowIn(page, 'tasks-todo', '报名：双12 聚划算 引流款').count(), 1);
  assert.deepEqual(page.errors, []);
});

async function exportFile(page) {
  await page.goto(server.url + '/data');
  const [dl] = await Promise.all([page.waitForEvent('download'), tid(page, 'export-all').click()]);
  return fs.readFileSync(await dl.path(), 'utf8');
}

async function importMerge(page, text) {
  await page.goto(server.url + '/data');
  await tid(page, 'import-file').setInputFiles({ name: 'plan.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await tid(page, 'import-preview').waitFor();
  await tid(page, 'apply-merge').click();
  await tid(page, 'import-done').waitFor();
  await settled(page);
}

test('two profiles exchange plan files and see each other\'s ticks', async () => {
  const a = await open();
  const b = await open();
  await start(a.page);
  await tasksPage(a.page);
  await addMember(a.page, '小王', 'assistant');
  await addTask(a.page, { title: '任务甲', due: '2026-12-05', owner: '小王' });
  await addTask(a.page, { title: '任务乙', due: '2026-12-06', owner: '小王' });
  await rowIn(a.page, 'tasks-todo', '任务乙').waitFor();
  await settled(a.page);
  const first = await exportFile(a.page);
  assert.equal(JSON.parse(first).payload.tasks.length, 2);
  assert.equal(JSON.parse(first).payload.members.length, 1);

  await start(b.page, 'start-empty');
  await importMerge(b.page, first);
  await tasksPage(b.page);
  await rowIn(b.page, 'tasks-todo', '任务乙').waitFor();

  // offline, each ticks off a different task
  await tasksPage(a.page);
  await rowIn(a.page, 'tasks-todo', '任务甲').getByTestId('task-done').click();
  await rowIn(a.page, 'tasks-done', '任务甲').waitFor();
  await rowIn(b.page, 'tasks-todo', '任务乙').getByTestId('task-done').click();
  await rowIn(b.page, 'tasks-done', '任务乙').waitFor();
  await settled(a.page);
  await settled(b.page);

  const fromA = await exportFile(a.page);
  const fromB = await exportFile(b.page);
  await importMerge(a.page, fromB);
  await importMerge(b.page, fromA);
  for (const { page } of [a, b]) {
    await tasksPage(page);
    await rowIn(page, 'tasks-done', '任务甲').waitFor();
    await rowIn(page, 'tasks-done', '任务乙').waitFor();
    assert.equal(await tid(page, 'tasks-todo').getByTestId('task-row').count(), 0);
  }
  const revs = async (page) => (await stored(page, 'sop/tasks')).map((t) => `${t.id} ${t.rev}`).sort();
  assert.deepEqual(await revs(a.page), await revs(b.page), 'both hold the same revisions');
  assert.deepEqual(a.page.errors, []);
  assert.deepEqual(b.page.errors, []);
});

test('keyboard: n starts a new task, j / k move between tasks, x ticks off and back; the lists print without the forms', async () => {
  const { ctx, page } = await open();
  await start(page, 'start-empty');
  await tasksPage(page);
  await tid(page, 'tasks-keys').waitFor();
  await page.locator('h1').click(); // focus on the page, outside any field
  await page.keyboard.press('n');
  assert.equal(await tid(page, 'task-title-input').evaluate((el) => el === document.activeElement), true);
  // typing n in the field is text, not a shortcut
  await page.keyboard.type('nnn');
  assert.equal(await tid(page, 'task-title-input').inputValue(), 'nnn');
  await addTask(page, { title: '甲', due: '2026-12-06' });
  await rowIn(page, 'tasks-todo', '甲').waitFor();
  await addTask(page, { title: '乙', due: '2026-12-07' });
  await rowIn(page, 'tasks-todo', '乙').waitFor();
  const focused = () => page.evaluate(() => {
    const r = document.activeElement?.closest('[data-testid=task-row]');
    return r ? r.querySelector('[data-testid=task-title]').textContent : null;
  });
  await page.locator('h1').click();
  await page.keyboard.press('j');
  assert.equal(await focused(), '甲');
  await page.keyboard.press('j');
  assert.equal(await focused(), '乙');
  await page.keyboard.press('k');
  assert.equal(await focused(), '甲');
  // x: done, stored, the focus stays on the task; x again: not done
  await page.keyboard.press('x');
  await rowIn(page, 'tasks-done', '甲').waitFor();
  await page.waitForFunction(() => document.activeElement?.closest('[data-testid=task-row]')?.textContent.includes('甲'));
  await settled(page);
  assert.equal((await liveTasks(page)).find((t) => t.title === '甲').status, 'done');
  await page.keyboard.press('x');
  await rowIn(page, 'tasks-todo', '甲').waitFor();
  await settled(page);
  assert.equal((await liveTasks(page)).find((t) => t.title === '甲').status, 'todo');
  // print: the lists without the form, the team and the buttons
  await page.emulateMedia({ media: 'print' });
  assert.equal(await tid(page, 'task-form').isVisible(), false);
  assert.equal(await tid(page, 'tasks-print').isVisible(), false);
  assert.equal(await rowIn(page, 'tasks-todo', '乙').isVisible(), true);
  await page.emulateMedia({ media: 'screen' });
  assert.equal(await tid(page, 'tasks-print').getAttribute('type'), 'button');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('tasks proposed from the data (price guard, stock, titles, anomalies): accepted or dismissed, each once', async () => {
  const { page } = await open();
  await start(page);
  await tasksPage(page);
  const list = tid(page, 'signal-proposals').getByTestId('signal-proposal');
  await list.first().waitFor();
  const before = await list.count();
  assert.ok(before >= 2, `${before} proposals from the sample's data`);
  // the line names the cause; the task it makes says what to do
  const todo = (line) => line
    .replace(/^断货：|^库存只够卖 \d+ 天：/, '补货：')
    .replace(/^标题有 \d+ 个问题：/, '修改标题：')
    .replace(/^异常：/, '查明原因：')
    .replace(/^价格预警：(.+) 有 \d+ 个 SKU 被标记.*$/, '处理价格预警：$1');
  const first = (await list.first().locator('.task-title').textContent()).trim();
  // the sample's 双12 聚划算 prices its first SKU at cost: money at risk comes first
  assert.match(first, /^价格预警：双12 聚划算 引流款 有 \d+ 个 SKU 被标记（/);
  await list.first().getByRole('button', { name: `接受建议任务：${first}` }).click();
  await rowIn(page, 'tasks-todo', todo(first)).waitFor();
  const second = (await list.first().locator('.task-title').textContent()).trim();
  assert.notEqual(second, first, 'the accepted one left the list');
  await list.first().getByRole('button', { name: `忽略建议任务：${second}` }).click();
  await page.waitForFunction((s) => ![...document.querySelectorAll('[data-testid=signal-proposal] .task-title')].some((e) => e.textContent.trim() === s), second);
  await settled(page);
  const tasks = await stored(page, 'sop/tasks');
  assert.ok(tasks.some((t) => t.id.startsWith('pt-') && !t.deleted && t.title === todo(first)), 'accepted: a task');
  assert.ok(tasks.some((t) => t.id.startsWith('pt-') && t.deleted), 'dismissed: a tombstone');
  await page.reload();
  await tid(page, 'page-tasks').waitFor();
  await list.first().waitFor();
  const lines = (await list.locator('.task-title').allTextContents()).map((s) => s.trim());
  assert.ok(!lines.includes(first) && !lines.includes(second), 'neither comes back');
  assert.equal(await rowIn(page, 'tasks-todo', todo(first)).count(), 1);
  // the accepted price-guard task links to its promotion
  const accepted = (await stored(page, 'sop/tasks')).find((t) => t.title === todo(first));
  assert.equal(accepted.link?.kind, 'promotion');
  await shot(page, 'tasks-signals-zh');
  assert.deepEqual(page.errors, []);
});

test('a due time and a checklist, ticked in the row; the list by owner and by week', async () => {
  const { page } = await open();
  await start(page, 'start-empty');
  await tasksPage(page);
  await addMember(page, '小王', 'specialist');
  await addMember(page, '小李', 'assistant');
  await tid(page, 'task-title-input').fill('双12 报名材料');
  await tid(page, 'task-due-input').fill('2026-12-08');
  await tid(page, 'task-time-input').fill('25:00');
  await tid(page, 'task-save').click();
  assert.match((await tid(page, 'task-error').textContent()).trim(), /HH:MM/);
  await settled(page);
  assert.deepEqual(await liveTasks(page), [], 'nothing stored');
  await tid(page, 'task-time-input').fill('9:30');
  await tid(page, 'task-checklist-input').fill('核对价格\n上传素材\n\n提交报名');
  const owner = await tid(page, 'task-owner-input').locator('option', { hasText: '小王' }).getAttribute('value');
  await tid(page, 'task-owner-input').selectOption(owner);
  await tid(page, 'task-save').click();
  const row = rowIn(page, 'tasks-todo', '双12 报名材料');
  await row.waitFor();
  assert.match(await row.textContent(), /2026-12-08 09:30/);
  assert.equal((await row.getByTestId('task-checklist-count').textContent()).trim(), '检查项 0/3');
  await row.getByRole('checkbox', { name: '上传素材' }).check();
  await page.waitForFunction(() => document.querySelector('[data-testid=task-checklist-count]')?.textContent.trim() === '检查项 1/3');
  await settled(page);
  const [t] = await liveTasks(page);
  assert.equal(t.due_time, '09:30');
  assert.deepEqual(t.checklist, [{ text: '核对价格', done: false }, { text: '上传素材', done: true }, { text: '提交报名', done: false }]);
  // kept after a reload
  await page.reload();
  await tid(page, 'page-tasks').waitFor();
  assert.equal((await rowIn(page, 'tasks-todo', '双12 报名材料').getByTestId('task-checklist-count').textContent()).trim(), '检查项 1/3');

  // by owner and by week: open tasks only
  await addTask(page, { title: '写周报', due: '2026-12-14', owner: '小李' });
  await rowIn(page, 'tasks-todo', '写周报').waitFor();
  await tid(page, 'tasks-group-by').selectOption('owner');
  const byOwner = await page.locator('[data-testid^=tasks-owner-] h3').allTextContents();
  assert.deepEqual(byOwner.map((s) => s.trim()), ['小李（1）', '小王（1）']);
  await tid(page, 'tasks-group-by').selectOption('week');
  await tid(page, 'tasks-week-2026-12-07').getByText('双12 报名材料').waitFor();
  await tid(page, 'tasks-week-2026-12-14').getByText('写周报').waitFor();
  assert.match((await tid(page, 'tasks-week-2026-12-07').locator('h3').textContent()).trim(), /2026-12-07 至 2026-12-13/);
  assert.deepEqual(await unlabelled(page), []);
  await tid(page, 'tasks-group-by').selectOption('status');
  await tid(page, 'tasks-board').waitFor();

  // the calendar's tasks layer: each task on its due day, off until asked for
  await page.goto(server.url + '/calendar?v=month&d=2026-12-01');
  await tid(page, 'cal-month').waitFor();
  assert.equal(await tid(page, 'cal-task').count(), 0);
  await tid(page, 'cal-show-tasks').check();
  await tid(page, 'cal-day-2026-12-08').getByTestId('cal-task').filter({ hasText: '09:30 双12 报名材料' }).waitFor();
  await tid(page, 'cal-day-2026-12-14').getByTestId('cal-task').filter({ hasText: '写周报' }).waitFor();
  await page.waitForFunction(() => location.search.includes('tk=1'));
});

test('分工: a member made responsible for a promotion gets the task proposed from its deadline', async () => {
  const { page } = await open();
  await start(page);
  await tasksPage(page);
  await addMember(page, '小王', 'specialist');
  await addMember(page, '小李', 'assistant');
  await chooseMe(page, '小王');
  const li = tid(page, 'member').filter({ hasText: '小李' });
  await li.getByRole('button', { name: '小李 的分工' }).click();
  const editor = li.getByTestId('owns-editor');
  await editor.getByTestId('owns-promotion').getByRole('checkbox', { name: '双12 聚划算 引流款' }).check();
  await li.getByTestId('member-owns-summary').filter({ hasText: '负责：活动 1' }).waitFor();
  assert.ok(await editor.getByTestId('owns-category').getByRole('checkbox').count() > 0, 'the store\'s categories are offered');
  await settled(page);
  const members = await stored(page, 'sop/members');
  assert.equal(members.find((m) => m.name === '小李').owns.length, 1);
  // the deadline task goes to 小李, not to me
  const proposal = tid(page, 'tasks-proposals').getByTestId('proposal');
  await proposal.getByRole('button', { name: '接受建议任务：双12 聚划算 引流款' }).click();
  const row = rowIn(page, 'tasks-todo', '报名：双12 聚划算 引流款');
  await row.waitFor();
  assert.match(await row.getByTestId('task-owner').textContent(), /小李/);
  // one undo step: the tick goes
  await tid(page, 'undo').click();
  await tid(page, 'undo').click();
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid=member-owns-summary]')].some((e) => e.textContent.includes('活动 1')));
  assert.deepEqual(await unlabelled(page), []);
});
