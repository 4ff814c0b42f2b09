// Benchmark section for the team's tasks (issue 16 §6): 5,000 tasks in the store (2,000 of them
// mine and due today or earlier), the Tasks page opened by a click on its nav link → the Today
// list and the board (every task, by status) all on screen and painted; against plain JS building
// the same rows (the rendered elements, attributes and text) into the same two lists and painting
// them, in the same page and run. The clock is pinned so "today" and "overdue" never move.

const N = 5000;
const MINE = 2000;
const ME = 'me000000-0000-4000-8000-000000000001';

function tasks() {
  const words = ['核对昨日数据', '回复退款', '上架新品', '竞品巡查', '写周报', '报名活动', '调整直通车出价', '检查库存'];
  const status = ['todo', 'doing', 'blocked', 'done'];
  const out = [];
  for (let i = 0; i < N; i++) {
    const mine = i < MINE;
    // mine: due from 60 days ago to today; others: spread over two months around today
    const day = mine ? 4 - (i % 60) : 4 - 30 + (i % 60);
    const due = new Date(Date.UTC(2026, 11, 1 + day)).toISOString().slice(0, 10);
    const s = mine ? status[i % 3] : status[i % 4];
    out.push({
      id: `t0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      rev: `1-${(0x10000000 + i).toString(16)}`,
      updated: 1796443200000,
      title: `${words[i % words.length]} #${i}`,
      owner: mine ? ME : `m${i % 7}`,
      role: '',
      due,
      status: s,
      blocked_reason: s === 'blocked' ? '等待供应商回复' : '',
      priority: ['high', 'normal', 'low'][i % 3],
      notes: '',
    });
  }
  return out;
}

export async function tasksSection({ browser, server, results, median }) {
  const RUNS = 5;
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 860 } });
  const page = await ctx.newPage();
  await page.clock.setFixedTime(new Date('2026-12-05T04:00:00Z'));
  await page.goto(server.url + '/');
  const list = tasks();
  await page.evaluate(({ data, me }) => {
    localStorage.clear();
    localStorage.setItem('sop/tasks', JSON.stringify({ schema: 1, data }));
    localStorage.setItem('sop/members', JSON.stringify({ schema: 1, data: [
      { id: me, rev: '1-10000000', updated: 1796443200000, name: '小王', role: 'specialist' }] }));
    localStorage.setItem('sop/prefs', JSON.stringify({ schema: 1, data: { locale: 'zh', onboarded: true, me } }));
  }, { data: list, me: ME });
  const wantToday = list.filter((t) => t.owner === ME && t.status !== 'done').length;
  const observe = `
    window.__clickAt = null; window.__paintedAt = null; window.__screenAt = null;
    document.addEventListener('click', () => { window.__clickAt ??= performance.now(); }, true);
    new MutationObserver((_, obs) => {
      const todayRows = document.querySelectorAll('[data-testid=tasks-today] [data-testid=task-row]');
      const today = todayRows.length;
      if (window.__screenAt === null && today > 0 &&
          (today >= ${wantToday} || todayRows[today - 1].getBoundingClientRect().top >= innerHeight)) {
        window.__screenAt = -1;
        requestAnimationFrame(() => requestAnimationFrame(() => { window.__screenAt = performance.now(); }));
      }
      const board = document.querySelectorAll('[data-testid=tasks-board] [data-testid=task-row]').length;
      if (today >= ${wantToday} && board >= ${N}) {
        obs.disconnect();
        document.body.offsetHeight;
        requestAnimationFrame(() => requestAnimationFrame(() => { window.__paintedAt = performance.now(); }));
      }
    }).observe(document, { childList: true, subtree: true });`;
  const appTimes = [], jsTimes = [], screenTimes = [];
  let lists = null;
  for (let i = 0; i < RUNS; i++) {
    await page.goto(server.url + '/');
    await page.getByTestId('page-dashboard').waitFor();
    await page.evaluate(observe);
    await page.getByRole('navigation').getByRole('link', { name: '任务', exact: true }).click();
    await page.waitForFunction(() => window.__paintedAt !== null, null, { timeout: 120000 });
    await page.waitForFunction(() => window.__screenAt > 0, null, { timeout: 120000 });
    appTimes.push(await page.evaluate(() => window.__paintedAt - window.__clickAt));
    screenTimes.push(await page.evaluate(() => window.__screenAt - window.__clickAt));
    if (!lists) {
      lists = await page.evaluate(() => {
        const tree = (n) => n.nodeType === 3 ? n.data : n.nodeType === 8 ? { m: n.data } : {
          t: n.tagName.toLowerCase(),
          a: [...n.attributes].map((x) => [x.name, x.value]),
          c: [...n.childNodes].map(tree),
        };
        return [...document.querySelectorAll('[data-testid=tasks-today] ul.task-list, [data-testid=tasks-board] ul.task-list')]
          .map((ul) => [...ul.children].map(tree));
      });
    }
    // plain JS: the same rows rebuilt into the same lists (emptied first), laid out and painted
    const js = await page.evaluate((lists) => new Promise((resolve) => {
      const uls = [...document.querySelectorAll('[data-testid=tasks-today] ul.task-list, [data-testid=tasks-board] ul.task-list')];
      const fresh = uls.map((ul) => { const f = document.createElement('ul'); f.className = ul.className; ul.replaceWith(f); return f; });
      document.body.offsetHeight;
      requestAnimationFrame(() => requestAnimationFrame(() => {
        const build = (n) => {
          if (typeof n === 'string') return document.createTextNode(n);
          if (n.m !== undefined) return document.createComment(n.m);
          const el = document.createElement(n.t);
          for (const [k, v] of n.a) el.setAttribute(k, v);
          for (const c of n.c) el.appendChild(build(c));
          return el;
        };
        const t0 = performance.now();
        fresh.forEach((ul, k) => { for (const r of lists[k] || []) ul.appendChild(build(r)); });
        document.body.offsetHeight;
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
      }));
    }), lists);
    jsTimes.push(js);
  }
  const a = median(appTimes), j = median(jsTimes), sc = median(screenTimes);
  const rows = (lists || []).reduce((n, l) => n + l.length, 0);
  console.log(`\n== Tasks with ${N.toLocaleString('en-US')} tasks: Today (${wantToday} mine, due) + the board (all ${N}), app vs plain JS (same run, to pixels) ==`);
  console.log(`app (click Tasks → a window full of Today's rows painted): ${screenTimes.map((t) => t.toFixed(0)).join(', ')} ms; median ${sc.toFixed(0)} ms`);
  console.log(`app (click Tasks → every row of Today and the board painted): ${appTimes.map((t) => t.toFixed(0)).join(', ')} ms; median ${a.toFixed(0)} ms`);
  console.log(`plain JS (the same ${rows} rows built → painted): ${jsTimes.map((t) => t.toFixed(0)).join(', ')} ms; median ${j.toFixed(0)} ms`);
  console.log(`ratio app / plain JS: ${(sc / j).toFixed(2)} to the first screen of rows (target ≤ 1.3), ${(a / j).toFixed(2)} to every row`);
  results.tasks_5000_screen_ms = Math.round(sc);
  results.tasks_5000_screen_ratio = Number((sc / j).toFixed(2));
  results.tasks_5000_app_ms = Math.round(a);
  results.tasks_5000_js_ms = Math.round(j);
  results.tasks_5000_ratio = Number((a / j).toFixed(2));
  await ctx.close();
}
