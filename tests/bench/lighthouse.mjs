// npm run bench:lighthouse [-- --url http://127.0.0.1:4790 --runs 3 --dry]
// Lighthouse's performance measure of home, /projects and a fund page, in Chromium with an empty cache,
// under Lighthouse 12's mobile conditions (412 × 823 screen at DPR 1.75, CPU slowed 4×, 150 ms RTT and
// 1.6 Mbit/s down). The `lighthouse` package is not a dependency of the project (the table says whether
// it happens to be installed): the page's own metrics are read from Chromium's PerformanceObserver through
// Playwright — cumulative layout shift, largest and first contentful paint, total blocking time (long
// tasks beyond 50 ms up to LCP) — and scored with Lighthouse 12's curves and weights. Speed Index needs
// Lighthouse's filmstrip and is not measured: its 10 % weight is shared among the four others.
// Without --url, it builds nothing: it starts `node build` (run `npm run build` first) on a fresh demo,
// and beside it the bench's bare SvelteKit page when built, measured the same way for comparison.
// The results go into tests/bench/README.md between the lighthouse markers.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : fallback;
};
const runs = Number(option('runs', 3));
const log = (line) => console.info(`[lighthouse] ${line}`);

const lighthouseAvailable = (() => {
	try {
		createRequire(import.meta.url).resolve('lighthouse');
		return true;
	} catch {
		return false;
	}
})();

let origin = option('url', null);
let server = null;
let dataDir = null;
if (!origin) {
	if (!existsSync(join(root, 'build/index.js'))) throw new Error('no build: run `npm run build` first, or pass --url');
	dataDir = mkdtempSync(join(tmpdir(), 'entente-lighthouse-'));
	const port = Number(option('port', 4795));
	origin = `http://127.0.0.1:${port}`;
	server = spawn(process.execPath, ['build/index.js'], {
		cwd: root,
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: origin, DATA_DIR: dataDir, DATABASE_URL: `file:${join(dataDir, 'entente.db')}` },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	for (let i = 0; ; i++) {
		try {
			if ((await fetch(`${origin}/healthz`)).ok) break;
		} catch {
			// not yet
		}
		if (i > 600) throw new Error('Entente did not start');
		await new Promise((r) => setTimeout(r, 500));
	}
}
// The bare SvelteKit page of the bench (tests/bench/baseline, built by `npm run bench`), measured in the
// same run: what any server-rendered page can score on this machine at this moment.
let bare = null;
let bareServer = null;
if (existsSync(join(root, 'tests/bench/baseline/.build/index.js'))) {
	const barePort = Number(option('bare-port', 4796));
	bare = `http://127.0.0.1:${barePort}`;
	bareServer = spawn(process.execPath, ['tests/bench/baseline/.build/index.js'], {
		cwd: root,
		env: { ...process.env, PORT: String(barePort), HOST: '127.0.0.1' },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	for (let i = 0; ; i++) {
		try {
			if ((await fetch(bare)).ok) break;
		} catch {
			// not yet
		}
		if (i > 120) throw new Error('the bare page did not start');
		await new Promise((r) => setTimeout(r, 500));
	}
}
const cleanUp = () => {
	server?.kill('SIGTERM');
	bareServer?.kill('SIGTERM');
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
};
process.on('exit', cleanUp);

const fundId = (await (await fetch(`${origin}/api/v1/funds?limit=1`)).json()).data[0]?.id;
const pages = [
	[`${origin}/`, 'home'],
	[`${origin}/projects`, '/projects'],
	[`${origin}/funds/${fundId}`, 'a fund page'],
	...(bare ? [[`${bare}/`, 'the bare SvelteKit page (same run)']] : [])
];

// ——— Lighthouse 12's scoring (lighthouse-core/lib/statistics.js, mobile control points) ———
function erf(x) {
	// Abramowitz–Stegun 7.1.26
	const sign = Math.sign(x);
	const t = 1 / (1 + 0.3275911 * Math.abs(x));
	const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
	return sign * y;
}
function logNormalScore({ p10, median }, value) {
	if (value <= 0) return 1;
	const standardizedX = (Math.log(value / median) * 0.9061938024368232) / -Math.log(p10 / median);
	const score = (1 - erf(standardizedX)) / 2;
	return Math.min(1, Math.max(0, score));
}
const curves = {
	fcp: { p10: 1800, median: 3000, weight: 0.1 },
	lcp: { p10: 2500, median: 4000, weight: 0.25 },
	tbt: { p10: 200, median: 600, weight: 0.3 },
	cls: { p10: 0.1, median: 0.25, weight: 0.25 }
};
const weightSum = Object.values(curves).reduce((s, c) => s + c.weight, 0);
const scoreOf = (metrics) => Object.entries(curves).reduce((sum, [name, curve]) => sum + (logNormalScore(curve, metrics[name]) * curve.weight) / weightSum, 0);

/** One cold visit under mobile conditions: the page's metrics once it is loaded and quiet. */
async function visit(browser, url) {
	const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true, locale: 'fr-FR' });
	const page = await context.newPage();
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
	await cdp.send('Network.emulateNetworkConditions', {
		offline: false,
		latency: 150,
		downloadThroughput: (1.6 * 1024 * 1024) / 8,
		uploadThroughput: (750 * 1024) / 8
	});
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
	await page.addInitScript(() => {
		const m = { cls: 0, lcp: 0, fcp: 0, longTasks: [] };
		window.__metrics = m;
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) if (!entry.hadRecentInput) m.cls += entry.value;
		}).observe({ type: 'layout-shift', buffered: true });
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) m.lcp = entry.startTime;
		}).observe({ type: 'largest-contentful-paint', buffered: true });
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') m.fcp = entry.startTime;
		}).observe({ type: 'paint', buffered: true });
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) m.longTasks.push([entry.startTime, entry.duration]);
		}).observe({ type: 'longtask', buffered: true });
	});
	await page.goto(url, { waitUntil: 'networkidle' });
	// Fonts and late images settle; LCP stops at the first input, so none is made.
	await page.evaluate(() => document.fonts.ready);
	await page.waitForLoadState('networkidle');
	const m = await page.evaluate(() => window.__metrics);
	await context.close();
	const tbt = m.longTasks.filter(([start]) => start >= m.fcp).reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0);
	return { cls: m.cls, lcp: m.lcp, fcp: m.fcp, tbt };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const browser = await chromium.launch({ executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined });
const rows = [];
for (const [url, label] of pages) {
	const results = [];
	for (let i = 0; i < runs; i++) results.push(await visit(browser, url));
	const metrics = {
		cls: median(results.map((r) => r.cls)),
		lcp: median(results.map((r) => r.lcp)),
		fcp: median(results.map((r) => r.fcp)),
		tbt: median(results.map((r) => r.tbt))
	};
	const row = { label, ...metrics, clsMax: Math.max(...results.map((r) => r.cls)), score: Math.round(scoreOf(metrics) * 100) };
	rows.push(row);
	log(
		`${label}: CLS ${row.cls.toFixed(3)} (max ${row.clsMax.toFixed(3)}), LCP ${row.lcp.toFixed(0)} ms, FCP ${row.fcp.toFixed(0)} ms, TBT ${row.tbt.toFixed(0)} ms, score ${row.score}`
	);
}
const chromiumVersion = browser.version();
await browser.close();

const table = [
	`Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${runs} cold visits per page (medians), Chromium ${chromiumVersion} through Playwright. ` +
		(lighthouseAvailable
			? 'The `lighthouse` package is installed but this script measures with PerformanceObserver all the same, so that every run is comparable.'
			: 'The `lighthouse` package is not installed (not a dependency of the project): the metrics are Chromium’s own (PerformanceObserver), the score Lighthouse 12’s mobile curves and weights over FCP, LCP, TBT and CLS (Speed Index not measured, its weight shared).'),
	'',
	'| page | CLS (median) | CLS (worst run) | LCP ms | FCP ms | TBT ms | performance score |',
	'|---|---:|---:|---:|---:|---:|---:|',
	...rows.map(
		(r) => `| ${r.label} | ${r.cls.toFixed(3)} | ${r.clsMax.toFixed(3)} | ${r.lcp.toFixed(0)} | ${r.fcp.toFixed(0)} | ${r.tbt.toFixed(0)} | ${r.score} |`
	)
].join('\n');
console.info(`\n${table}\n`);
if (!args.includes('--dry')) {
	const readme = join(root, 'tests/bench/README.md');
	const text = readFileSync(readme, 'utf8');
	const begin = '<!-- lighthouse:results -->';
	const end = '<!-- /lighthouse:results -->';
	if (text.includes(begin)) writeFileSync(readme, text.slice(0, text.indexOf(begin) + begin.length) + `\n${table}\n` + text.slice(text.indexOf(end)));
	else writeFileSync(readme, `${text.trimEnd()}\n\n## Lighthouse\n\n${begin}\n${table}\n${end}\n`);
	log('table written to tests/bench/README.md');
}
cleanUp();
process.exit(0);
