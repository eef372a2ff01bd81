import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import chromiumPkg from '@sparticuz/chromium';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// Headless Chromium for tests that must see a page the way a browser does (the scenario HTML report). The page is
// loaded from a file:// URL, offline: any request beyond the page's own file is aborted and recorded, because a
// report that fetches anything is not self-contained.
//
// Temporary folders: the run's temp check (test/helpers/temp-check.ts) points TMPDIR at a folder of its own and
// fails when anything is left in it. @sparticuz/chromium unpacks its binary, fonts and GL libraries (~200 MB)
// into os.tmpdir() and reuses them when they are there, so it is pointed at the machine's temporary folder, where
// the unpacked copy lives across runs, rather than the run's folder, where it would be unpacked on every run and
// then count as left behind. Playwright's own profile and artifact folders go in the run's folder and are removed
// by browser.close(); the page's folder is removed by close() below.

/** The folder the run's temp check made (`oci-emu-test-run-*`) sits in the machine's temporary folder. */
function machineTmpdir(): string {
  const current = tmpdir();
  return basename(current).startsWith('oci-emu-test-run-') ? dirname(current) : current;
}

let executable: Promise<string> | undefined;

/** The unpacked Chromium; never downloads (no URL is passed), only inflates the package's own archives once. */
function executablePath(): Promise<string> {
  if (executable) return executable;
  const saved = process.env['TMPDIR'];
  process.env['TMPDIR'] = machineTmpdir();
  try {
    // executablePath() reads os.tmpdir() synchronously, before its first await: restoring right after the call
    // keeps the change invisible to the rest of the process.
    executable = chromiumPkg.executablePath();
  } finally {
    if (saved === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = saved;
  }
  return executable;
}

export interface OpenedPage {
  page: Page;
  /** document.title */
  title: string;
  /** The body's visible text. */
  text: string;
  svgCount: number;
  /** Per inline SVG, how many shapes it draws (path, rect, line, circle, polyline, polygon; text is not counted). */
  svgShapes: number[];
  consoleErrors: string[];
  pageErrors: string[];
  /** Requests for anything but the page's own file (aborted). */
  externalRequests: string[];
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface ReportBrowser {
  /** Opens HTML (written to a temporary file first) or an existing file, and waits for it to load. */
  open(source: string | { file: string }): Promise<OpenedPage>;
  close(): Promise<void>;
}

/** One browser for a test file: launch in beforeAll, close in afterAll (a launch takes a few hundred ms). */
export async function launchBrowser(): Promise<ReportBrowser> {
  const browser: Browser = await chromium.launch({
    executablePath: await executablePath(),
    args: [...chromiumPkg.args, '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    headless: true,
  });
  // One context, a page per open: with the package's --single-process, closing a context takes the browser down.
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1 });
  const pages = new Set<OpenedPage>();
  return {
    open: async (source) => {
      const opened = await openPage(context, source);
      pages.add(opened);
      const close = opened.close;
      opened.close = async () => {
        pages.delete(opened);
        await close();
      };
      return opened;
    },
    close: async () => {
      for (const page of [...pages]) await page.close();
      await browser.close();
    },
  };
}

async function openPage(context: BrowserContext, source: string | { file: string }): Promise<OpenedPage> {
  const page = await context.newPage();
  let folder: string | undefined;
  const cleanup = async () => {
    try {
      await page.close();
    } finally {
      if (folder) rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
    }
  };
  try {
    let file: string;
    if (typeof source === 'string') {
      folder = mkdtempSync(join(tmpdir(), 'oci-emu-browser-'));
      file = join(folder, 'page.html');
      writeFileSync(file, source);
    } else {
      file = resolve(source.file);
    }
    const url = pathToFileURL(file).href;
    const consoleErrors: string[] = [];
    const pageErrors: string[] = [];
    const externalRequests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => {
      if (request.url() !== url) externalRequests.push(request.url());
    });
    // Routes see http(s) and other fetched schemes; the request listener above also sees file:// siblings.
    await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort('blockedbyclient')));
    await page.goto(url, { waitUntil: 'load' });
    const title = await page.title();
    const text = await page.locator('body').innerText();
    // The callback runs in the page; the project compiles without the DOM library, so its element is untyped here.
    const svgShapes = await page
      .locator('svg')
      .evaluateAll((svgs) => svgs.map((svg) => svg.querySelectorAll('path, rect, line, circle, polyline, polygon').length as number));
    return {
      page,
      title,
      text,
      svgCount: svgShapes.length,
      svgShapes,
      consoleErrors,
      pageErrors,
      externalRequests,
      screenshot: async (path) => {
        await page.screenshot({ path, fullPage: true });
      },
      close: cleanup,
    };
  } catch (error) {
    await cleanup().catch(() => undefined);
    throw error;
  }
}

/** A page in a browser of its own, both closed by close(): for one-off looks (a scratch screenshot). */
export async function openInBrowser(source: string | { file: string }): Promise<OpenedPage> {
  const browser = await launchBrowser();
  try {
    const opened = await browser.open(source);
    const close = opened.close;
    opened.close = async () => {
      try {
        await close();
      } finally {
        await browser.close();
      }
    };
    return opened;
  } catch (error) {
    await browser.close();
    throw error;
  }
}
