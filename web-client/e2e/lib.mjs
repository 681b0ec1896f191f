// Shared helpers for the browser tests: Debian's chromium through playwright-core, sign-in, axe-core.
import { chromium } from 'playwright-core'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'

const require = createRequire(import.meta.url)
export const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080'
export const RESULTS = process.env.RESULTS_DIR ?? 'test-results'
export const PASSWORD = 'xieshang2026'
export const PHONE = { width: 390, height: 844 }

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  })
}

/** A fresh browser context (its own storage, as a separate person), signed in as a demo account. */
export async function signedIn(browser, username, contextOptions = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', ...contextOptions })
  const page = await context.newPage()
  await page.goto(BASE + '/login')
  await page.fill('#login-username', username)
  await page.fill('#login-password', PASSWORD)
  await page.click('button[type=submit]')
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  return { context, page }
}

/** axe-core violations of impact serious or critical on the current page. */
export async function seriousViolations(page) {
  // evaluate() runs through DevTools, so the page's CSP (which forbids injected scripts) stays on
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'))
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }))
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

export function shot(name) {
  return join(RESULTS, name)
}

/**
 * The page's width beyond the viewport, if any, and the innermost elements sticking out past its right
 * edge (tag, class, text), so a failure says what to fix.
 */
export async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    const scroll = document.documentElement.scrollWidth
    if (scroll <= width) return null
    const out = []
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect()
      if (r.right > width + 1 && r.width > 0 && ![...el.children].some((c) => c.getBoundingClientRect().right > width + 1)) {
        out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 30)}" → ${Math.round(r.right)}`)
      }
      if (out.length >= 8) break
    }
    return { width, scroll, culprits: out }
  })
}
