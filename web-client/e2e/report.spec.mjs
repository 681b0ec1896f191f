import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { BASE, PASSWORD, PHONE, launch, seriousViolations, shot, signedIn } from './lib.mjs'

// Staff draft a consultation report from the demo meeting and its online theme; the chair approves it.
let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

test('staff draft a report with its sources, send it for review, and the chair approves it', async () => {
  const staff = await signedIn(browser, 'staff')
  await staff.page.locator('[data-test=activity]', { hasText: '远程协商会' }).first().locator('a').click()
  await staff.page.locator('[data-test=draft-report]').click()
  await staff.page.locator('#report-heading').waitFor({ timeout: 30_000 })
  await staff.page.locator('h2', { hasText: '二、主要意见建议' }).waitFor()
  // a paragraph's source opens the opinion's own text
  await staff.page.locator('button.source').first().click()
  await staff.page.getByRole('dialog').locator('.text').waitFor()
  await staff.page.keyboard.press('Escape')
  await staff.page.getByRole('dialog').waitFor({ state: 'hidden' })
  assert.deepEqual(await seriousViolations(staff.page), [])
  await staff.page.screenshot({ path: shot('report-desktop.png'), fullPage: true })
  await staff.page.getByRole('button', { name: '提交审核' }).click()
  await staff.page.locator('[data-test=report-status]', { hasText: '审核中' }).waitFor()
  const url = staff.page.url()

  // drafting again from the meeting's page opens this report instead of making a second one
  await staff.page.goBack()
  await staff.page.locator('[data-test=open-report]', { hasText: '审核中' }).click()
  await staff.page.waitForURL(url)
  await staff.page.goto(url)

  const chair = await signedIn(browser, 'chair')
  await chair.page.goto(url)
  await chair.page.getByRole('button', { name: '批准' }).click()
  await chair.page.locator('[data-test=report-status]', { hasText: '已批准' }).waitFor()
  // the approved draft's HTML and PDF are kept beside the screenshots, for a reader to check
  for (const [kind, label] of [['html', '导出网页'], ['pdf', '导出 PDF']]) {
    const [file] = await Promise.all([chair.page.waitForEvent('download'),
      chair.page.getByRole('button', { name: label }).click()])
    await file.saveAs(shot(`report-draft.${kind}`))
  }

  // 交办: staff hand the first main suggestion to the department that handles it
  await staff.page.reload()
  const panel = staff.page.locator('[data-test=ledger-panel]')
  await panel.waitFor()
  await panel.locator('#ledger-pick').selectOption({ index: 1 })
  const suggestion = await panel.locator('#ledger-suggestion').inputValue()
  assert.ok(suggestion.length > 0, 'choosing a suggestion fills it in')
  assert.doesNotMatch(suggestion, /提出：|^“/, 'the department is handed the words, not who said them (issue 20.13)')
  await panel.locator('#ledger-department').selectOption({ label: '市农业农村局' })
  const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)
  await panel.locator('#ledger-due').fill(due)
  await panel.locator('#ledger-due').press('Enter')
  assert.equal(await panel.locator('#ledger-due').inputValue(), due, 'the date reads year first, not mm/dd/yyyy')
  await panel.getByRole('button', { name: '交办', exact: true }).click()
  await panel.locator('[role=status]', { hasText: '已交办' }).waitFor()
  await panel.locator('ul.entries li', { hasText: '市农业农村局' }).waitFor()
  // the demo meeting marked no commitments: there is nothing more to hand over
  await panel.locator('[data-test=hand-commitments]').click()
  await panel.locator('[role=status]', { hasText: '没有待交办的部门承诺' }).waitFor()

  // the department's official is told, finds it in the ledger, and replies on its adoption
  const official = await signedIn(browser, 'official-nyj', { viewport: PHONE })
  await official.page.locator('[data-test=ledger-link]').click()
  await official.page.locator('li[data-test^=ledger-]').first().locator('a').click()
  const entry = official.page.locator('[data-test=ledger-entry]')
  await entry.waitFor()
  // the department reads the opinions it is asked to act on, with where each came from (screen check P5)
  const opinions = entry.locator('[data-test=entry-opinions] li')
  await opinions.first().waitFor()
  assert.ok(await opinions.count() >= 1)
  assert.match(await opinions.first().textContent(), /·/)
  await entry.getByLabel('正在办理').check()
  await entry.locator('#ledger-reply').fill('已会同有关部门研究，拟于明年一季度出台具体办法。')
  await entry.getByRole('button', { name: '提交答复' }).click()
  await entry.locator('[data-test=entry-state]', { hasText: '正在办理' }).waitFor()
  await entry.locator('ol.replies li', { hasText: '明年一季度' }).waitFor()
  assert.deepEqual(await seriousViolations(official.page), [])
  await official.page.screenshot({ path: shot('ledger-phone.png'), fullPage: true })

  // staff keep the ledger as a workbook, with the department's reply in it
  await staff.page.goto(new URL('/ledger', staff.page.url()).href)
  await staff.page.locator('li[data-test^=ledger-]', { hasText: '正在办理' }).first().waitFor()
  const [file] = await Promise.all([staff.page.waitForEvent('download'),
    staff.page.locator('[data-test=ledger-export]').click()])
  assert.match(file.suggestedFilename(), /意见办理台账\.xlsx$/)
  const bytes = await readFile(await file.path())
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an Office Open XML file')
  await staff.context.close()
  await chair.context.close()
  await official.context.close()
})

async function token(username) {
  const r = await fetch(BASE + '/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }) })
  return (await r.json()).accessToken
}

async function call(tok, method, path, body) {
  const r = await fetch(BASE + path, { method, headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + tok },
    body: body === undefined ? undefined : JSON.stringify(body) })
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`)
  return r.json()
}

test('a report sent for review is found by the chair (notice, home page, /reports), and one returned by its author', async () => {
  const staffToken = await token('staff')
  const theme = (await call(staffToken, 'GET', '/api/themes'))[0]
  const report = await call(staffToken, 'POST', '/api/reports', { themeId: theme.id, another: true })
  const chair = await signedIn(browser, 'chair', { viewport: PHONE })
  const bell = chair.page.locator('[data-test=inbox-button]')
  const before = await bell.getAttribute('aria-label')
  await call(staffToken, 'POST', `/api/reports/${report.id}/status`, { to: 'REVIEW' })
  // told at once, on the page the chair is on
  await chair.page.waitForFunction((b) => document.querySelector('[data-test=inbox-button]')?.getAttribute('aria-label') !== b, before)
  await bell.click()
  const drawer = chair.page.getByRole('dialog', { name: '通知' })
  await drawer.getByRole('link', { name: '协商报告待您审核' }).first().click()
  await chair.page.waitForURL(`${BASE}/reports/${report.id}`)
  // the home page shows what waits, and /reports lists it with who acts next
  await chair.page.goto(BASE + '/')
  await chair.page.locator('[data-test=waiting-report]', { hasText: report.title }).first().waitFor()
  await chair.page.locator('[data-test=reports-link]').click()
  const row = chair.page.locator(`[data-test=report-${report.id}]`)
  await row.locator('[data-test=waiting]').waitFor()
  await row.locator('[data-test=next]', { hasText: '待主席、副主席审核' }).waitFor()
  await row.getByRole('link', { name: '网络议政主题' }).waitFor()
  assert.deepEqual(await seriousViolations(chair.page), [])
  await chair.page.screenshot({ path: shot('reports-phone.png'), fullPage: true })
  await row.getByRole('link', { name: report.title }).click()
  await chair.page.getByRole('button', { name: '退回修改' }).click()
  await chair.page.locator('[data-test=report-status]', { hasText: '草稿' }).waitFor()

  // the author is told it came back, and finds it waiting on the home page
  const staff = await signedIn(browser, 'staff')
  await staff.page.locator('[data-test=waiting-report]', { hasText: report.title }).first().waitFor()
  await staff.page.locator('[data-test=inbox-button]').click()
  await staff.page.getByRole('dialog', { name: '通知' }).getByRole('link', { name: '协商报告被退回修改' }).first().waitFor()
  // the theme's page links its reports
  await staff.page.goto(`${BASE}/themes/${theme.id}`)
  await staff.page.locator('[data-test=open-report]').waitFor()
  for (const c of [chair, staff]) await c.context.close()
})
