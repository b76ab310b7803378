// One real-browser test of the page: Debian's chromium driven by playwright-core (never a downloaded
// browser). Skipped, saying why, only where /usr/bin/chromium is absent; .ci/run installs it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { initBackend } from '../src/backend.ts';
import { loadPredictor } from '../src/load.ts';
import type { Predictor } from '../src/predict.ts';
import { createApp } from '../src/server/app.ts';
import { ROOT } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'];

describe('the page in a real browser', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install chromium)` }, () => {
  let server: Server;
  let base: string;
  let browser: Browser;
  let predictor: Predictor;

  before(async () => {
    predictor = await loadPredictor('models/default', await initBackend(() => undefined));
    server = createApp({ predictor, modelDir: 'models/default', log: () => undefined }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });
  after(async () => {
    await browser?.close();
    server?.close();
    predictor?.dispose();
  });

  it('reads "seven hundred and seventy seven" as the user types', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    // A pause while typing may ask about a half-typed phrase; the API's 4xx answer to it is expected, and
    // Chromium logs every non-2xx response as a console error.
    page.on('console', (m) => m.type() === 'error' && !/status of 4\d\d/.test(m.text()) && problems.push(m.text()));
    await page.goto(base);
    await page.locator('#q').pressSequentially('seven hundred and seventy seven', { delay: 15 });
    await page.locator('#steps tbody tr:nth-child(5)').waitFor();
    await page.locator('#chart-box:not([hidden])').waitFor();
    const tokens = await page.locator('#steps td.token').allInnerTexts();
    assert.deepEqual(tokens, ['seven', 'hundred', 'and', 'seventy', 'seven']);
    assert.equal(await page.locator('#rounded').innerText(), '777');
    assert.equal(await page.locator('#reference').innerText(), '777');
    assert.match(await page.locator('#verdict').innerText(), /agree/);
    assert.equal(await page.locator('#backend').innerText(), 'wasm');
    const artifacts = path.join(ROOT, 'test', 'artifacts');
    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'page.png'), fullPage: true });
    assert.deepEqual(problems, []);
  });

  it('shows a friendly message naming an unknown word', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await page.locator('#q').fill('seven bananas');
    await page.locator('#error').waitFor();
    assert.match(await page.locator('#error').innerText(), /"bananas" is not a number word — word 2: “bananas”/);
  });
});
