import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const ctx = await b.newContext({ locale: process.argv[3] || 'zh-CN', viewport: { width: 1360, height: 860 } });
const p = await ctx.newPage();
p.on('pageerror', e => console.log('PAGEERROR', e));
p.on('console', m => console.log('CONSOLE', m.type(), m.text()));
await p.goto(process.argv[2]);
await p.waitForTimeout(1500);
await p.screenshot({ path: '/tmp/peek1.png' });
const s = p.getByTestId('load-sample'); if (await s.count()) { await s.click(); await p.waitForTimeout(500); }
await p.screenshot({ path: '/tmp/peek2.png' });
await p.click('a[href="/products"]'); await p.waitForTimeout(800);
await p.screenshot({ path: '/tmp/peek3.png' });
await b.close();
