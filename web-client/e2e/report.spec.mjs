import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, seriousViolations, shot, signedIn } from './lib.mjs'

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

  const chair = await signedIn(browser, 'chair')
  await chair.page.goto(url)
  await chair.page.getByRole('button', { name: '批准' }).click()
  await chair.page.locator('[data-test=report-status]', { hasText: '已批准' }).waitFor()
  await staff.context.close()
  await chair.context.close()
})
