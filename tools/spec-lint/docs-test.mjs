// docs-test: opens the HTML reference built by `make docs` in headless Chromium, served from
// 127.0.0.1 under /docs/ as the mock serves it, and checks that the page renders every
// operation of the spec under its summary, without loading anything from another host.
// It saves screenshots for a person to look at.
//
// Usage: node docs-test.mjs SPEC HTML OUTDIR
// Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM); without it the test skips.
// It prints 'docs-test: N passed, N failed' last and exits non-zero on any failure.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import YAML from 'yaml';

const [specPath, htmlPath, outDir] = process.argv.slice(2);
if (!specPath || !htmlPath || !outDir) {
  console.error('usage: node docs-test.mjs SPEC HTML OUTDIR');
  process.exit(2);
}

function findChromium() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // not on PATH: try the next name
    }
  }
  return '';
}

const browserPath = findChromium();
if (!browserPath || !fs.existsSync(browserPath)) {
  console.log('docs-test: SKIP: no Chromium found (apt-get install -y chromium, or set CHROMIUM)');
  process.exit(0);
}

const spec = YAML.parse(fs.readFileSync(specPath, 'utf8'));
const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const operations = [];
for (const [p, item] of Object.entries(spec.paths)) {
  for (const m of methods) {
    if (item[m]) operations.push({ id: item[m].operationId, tag: item[m].tags[0], summary: item[m].summary, method: m, path: p });
  }
}

const html = fs.readFileSync(htmlPath);
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/docs/' || url.pathname === '/docs') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html);
    return;
  }
  res.writeHead(404, { 'Content-Type': 'text/plain' });
  res.end('not found\n');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

let passed = 0;
let failed = 0;
function check(ok, what) {
  if (ok) {
    passed++;
  } else {
    failed++;
    console.log(`FAIL: ${what}`);
  }
}

fs.mkdirSync(outDir, { recursive: true });
const userDataDir = fs.mkdtempSync(path.join(outDir, 'chromium-profile-'));
// The flags this machine needs: Chromium reaches for Google's hosts at start otherwise, and
// this network refuses them. Playwright adds --headless and its own automation flags.
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: browserPath,
  headless: true,
  viewport: { width: 1400, height: 1000 },
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

try {
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // Nothing leaves the machine: requests to other hosts are refused and recorded. A
  // self-contained page needs none; the only one Redoc makes is its footer badge's logo
  // image, which hides itself when it fails to load.
  const external = [];
  await page.route('**/*', (route) => {
    const req = route.request();
    if (req.url().startsWith(origin) || req.url().startsWith('data:') || req.url().startsWith('blob:')) {
      return route.continue();
    }
    external.push(`${req.resourceType()} ${req.url()}`);
    return route.abort();
  });

  await page.goto(`${origin}/docs/`, { waitUntil: 'load' });
  const title = `${spec.info.title} (${spec.info.version})`;
  const h1 = page.locator('h1', { hasText: spec.info.title });
  await h1.first().waitFor({ timeout: 30000 });
  check((await h1.first().textContent()).trim() === title, `the page's title is "${title}"`);
  // Redoc renders the sections below the title, and its search index, after the first paint.
  try {
    const firstTag = new RegExp(`^\\s*${escapeRegExp(spec.tags[0].name)}\\s*$`);
    await page.locator('h2').filter({ hasText: firstTag }).first().waitFor({ state: 'visible', timeout: 10000 });
    await page.getByText('Loading...', { exact: true }).first().waitFor({ state: 'hidden', timeout: 10000 });
  } catch (e) {
    check(false, `the overview finishes rendering: ${e.message.split('\n')[0]}`);
  }
  await page.screenshot({ path: path.join(outDir, 'docs-overview.png') });

  // Each tag, opened from the sidebar, lists its operations there by summary and method;
  // each operation, opened from there, is rendered under a heading that is its summary.
  // (Redoc renders sections lazily, as they scroll into view, so each one is opened.)
  for (const tag of spec.tags) {
    const tagOps = operations.filter((o) => o.tag === tag.name);
    await page.getByRole('link', { name: tag.name, exact: true }).first().click();
    for (const op of tagOps) {
      const what = `${op.id} (${op.method.toUpperCase()} ${op.path})`;
      try {
        const entry = page.getByRole('link', { name: `${op.summary} ${op.method}`, exact: true });
        await entry.first().click({ timeout: 10000 });
      } catch (e) {
        check(false, `${what} is not listed in the sidebar as "${op.summary}": ${e.message.split('\n')[0]}`);
        continue;
      }
      try {
        const exact = new RegExp(`^\\s*${escapeRegExp(op.summary)}\\s*$`);
        await page.locator('h2').filter({ hasText: exact }).first().waitFor({ state: 'visible', timeout: 10000 });
        check(true, '');
      } catch (e) {
        check(false, `${what} has no heading "${op.summary}": ${e.message.split('\n')[0]}`);
      }
    }
  }
  // Every operation belongs to a listed tag, so none was left out above.
  const untagged = operations.filter((o) => !spec.tags.some((t) => t.name === o.tag));
  check(untagged.length === 0, `every operation's tag is listed: ${untagged.map((o) => o.id).join(', ')}`);

  // A person's view of one operation: the first one.
  const first = operations[0];
  try {
    await page.getByRole('link', { name: first.tag, exact: true }).first().click();
    await page.getByRole('link', { name: `${first.summary} ${first.method}`, exact: true }).first().click({ timeout: 10000 });
    await page.locator('h2').filter({ hasText: first.summary }).first().waitFor({ state: 'visible', timeout: 10000 });
    await page.waitForTimeout(300);
  } catch (e) {
    check(false, `opening ${first.id} for its screenshot: ${e.message.split('\n')[0]}`);
  }
  await page.screenshot({ path: path.join(outDir, 'docs-operation.png') });

  check(pageErrors.length === 0, `no script errors on the page: ${pageErrors.join('; ')}`);
  const needed = external.filter((r) => !r.startsWith('image '));
  check(needed.length === 0, `the page loads nothing from other hosts: ${needed.join(', ')}`);
  if (external.length > 0) console.log(`refused requests to other hosts (not needed): ${external.join(', ')}`);
  console.log(`screenshots: ${path.join(outDir, 'docs-overview.png')} ${path.join(outDir, 'docs-operation.png')}`);
} catch (e) {
  check(false, `the test itself: ${e.message.split('\n')[0]}`);
} finally {
  await context.close();
  server.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}

console.log(`docs-test: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
