import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { BASE, PASSWORD, RESULTS, horizontalOverflow, launch } from './lib.mjs'
import { join } from 'node:path'

// Every route as each demo role on a phone (360 and 390 px): no horizontal scroll, and a screenshot of
// each in test-results/screens/ to look at. Routes a role may not read still render (an error), and
// must fit as well.
let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

const ROLES = ['admin', 'chair', 'staff', 'host-main', 'official-nyj', 'expert', 'member01', 'public01']
const WIDTHS = [360, 390]
const dir = join(RESULTS, 'screens')
mkdirSync(dir, { recursive: true })

async function token(username) {
  const r = await fetch(BASE + '/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }) })
  return (await r.json()).accessToken
}

async function get(tok, path) {
  const r = await fetch(BASE + path, { headers: { Authorization: 'Bearer ' + tok } })
  return r.ok ? r.json() : null
}

const list = (x) => (Array.isArray(x) ? x : x?.entries ?? x?.items ?? x?.reports ?? [])

/** The routes with ids of the demo's things, as staff find them (those not made yet are left out). */
async function routes() {
  const staff = await token('staff')
  const activities = list(await get(staff, '/api/activities'))
  const meeting = activities.find((a) => a.title.includes('远程协商会')) ?? activities[0]
  const theme = list(await get(staff, '/api/themes'))[0]
  const pool = list(await get(staff, '/api/pools'))[0]
  const report = list(await get(staff, '/api/reports'))[0]
  const entry = list(await get(staff, '/api/ledger'))[0]
  let draft = null
  for (const a of activities) {
    draft = list(await get(staff, `/api/activities/${a.id}/drafts`))[0]
    if (draft) break
  }
  const out = { home: '/', ledger: '/ledger', reports: '/reports' }
  if (meeting) Object.assign(out, { activity: `/activities/${meeting.id}`, live: `/live/${meeting.id}` })
  if (theme) out.theme = `/themes/${theme.id}`
  if (pool) out.pool = `/pools/${pool.id}`
  if (report) out.report = `/reports/${report.id}`
  if (draft) out.draft = `/drafts/${draft.id}`
  if (entry) out.ledgerEntry = `/ledger/${entry.id}`
  return out
}

async function settle(page) {
  // the page's data has arrived when the network is quiet (the live socket does not count); bounded
  await page.waitForLoadState('networkidle', { timeout: 8000 }).catch(() => {})
}

async function check(page, name, width, failures) {
  await settle(page)
  const over = await horizontalOverflow(page)
  if (over) failures.push(`${name} at ${width} px: ${over.scroll} px wide; ${over.culprits.join('; ')}`)
  await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: true })
}

test('every route fits a phone at 360 and 390 px for every role, signed out too', async () => {
  const paths = await routes()
  const failures = []
  for (const width of WIDTHS) {
    const viewport = { width, height: 800 }
    const anon = await browser.newContext({ locale: 'zh-CN', viewport })
    const page = await anon.newPage()
    for (const [name, path] of Object.entries({ login: '/login', register: '/register', join: '/join/not-a-valid-token' })) {
      await page.goto(BASE + path)
      await check(page, `nobody-${name}`, width, failures)
    }
    await anon.close()
    for (const role of ROLES) {
      const context = await browser.newContext({ locale: 'zh-CN', viewport })
      const p = await context.newPage()
      await p.goto(BASE + '/login')
      await p.fill('#login-username', role)
      await p.fill('#login-password', PASSWORD)
      await p.click('button[type=submit]')
      await p.waitForURL((url) => !url.pathname.startsWith('/login'))
      for (const [name, path] of Object.entries(paths)) {
        await p.goto(BASE + path)
        await check(p, `${role}-${name}`, width, failures)
      }
      await context.close()
    }
  }
  assert.deepEqual(failures, [], failures.join('\n'))
})

test('before the meeting, its empty cards say what will appear there', async () => {
  const paths = await routes()
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 800 } })
  const page = await context.newPage()
  await page.goto(BASE + '/login')
  await page.fill('#login-username', 'member01')
  await page.fill('#login-password', PASSWORD)
  await page.click('button[type=submit]')
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  await page.goto(BASE + paths.live)
  await page.locator('[data-test=no-polls]', { hasText: '主持人发起表决后' }).waitFor()
  await page.locator('[data-test=no-speeches]', { hasText: '会议开始后' }).waitFor()
  await context.close()
})
