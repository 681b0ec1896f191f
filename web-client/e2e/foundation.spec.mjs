import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, PHONE, launch, seriousViolations, shot, signedIn } from './lib.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

test('the login page is Chinese, accessible, and works on a phone', async () => {
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(BASE + '/')
  await page.waitForURL('**/login')
  assert.equal(await page.locator('h1').textContent(), '登录')
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN')
  assert.deepEqual(await seriousViolations(page), [])
  await page.screenshot({ path: shot('login-phone.png'), fullPage: true })
  await context.close()
})

test('a wrong password is refused in Chinese and the typed name stays', async () => {
  const context = await browser.newContext({ locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(BASE + '/login')
  await page.fill('#login-username', 'member01')
  await page.fill('#login-password', 'not-the-password')
  await page.click('button[type=submit]')
  await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor()
  assert.equal(await page.inputValue('#login-username'), 'member01')
  await context.close()
})

test('the chair signs in and sees the home page; a reload keeps the session', async () => {
  const { context, page } = await signedIn(browser, 'chair')
  await page.locator('[data-test=welcome]').filter({ hasText: '王正清' }).waitFor()
  await page.locator('.el-tag').filter({ hasText: '主席' }).waitFor()
  await page.locator('li', { hasText: '安岳县政协' }).first().waitFor()
  await page.locator('[data-test=activity]', { hasText: '远程协商会' }).first().waitFor()
  assert.deepEqual(await seriousViolations(page), [])
  await page.reload()
  await page.locator('[data-test=welcome]').filter({ hasText: '王正清' }).waitFor()
  await page.screenshot({ path: shot('home-desktop.png'), fullPage: true })
  await context.close()
})
