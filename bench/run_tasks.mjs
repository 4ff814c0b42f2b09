// Runs only the tasks section of the benchmark (bench/tasks.mjs) against dist/: `node bench/run_tasks.mjs` after a release build.
import { chromium } from 'playwright-core';
import { startServer } from '../tests/e2e/server.mjs';
import { CHROME_ARGS } from '../tests/e2e/helpers.mjs';
import { tasksSection } from './tasks.mjs';
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const server = await startServer('/work/main/dist');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROME_ARGS });
const results = {};
await tasksSection({ browser, server, results, median });
console.log(JSON.stringify(results));
await browser.close(); await server.close();
