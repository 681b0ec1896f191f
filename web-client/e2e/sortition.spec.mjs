import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, PHONE, launch, seriousViolations, shot, signedIn } from './lib.mjs'

// Random selection (随机抽选): a member of the public volunteers from a phone; staff run a verifiable draw.
let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

async function openPool(page) {
  await page.locator('[data-test=pool]', { hasText: '随机抽选' }).first().locator('a').click()
  await page.locator('#pool-heading').waitFor()
}

test('a member of the public volunteers, with consent, from a phone', async () => {
  const { context, page } = await signedIn(browser, 'public03', { viewport: PHONE })
  await openPool(page)
  const form = page.locator('[data-test=volunteer]')
  await form.getByRole('button', { name: '提交报名' }).click()
  await form.locator('.field-error', { hasText: '报名需同意' }).waitFor()
  await page.selectOption('#v-county', '安岳县')
  await form.getByRole('radio', { name: '女' }).check({ force: true })
  await form.getByRole('radio', { name: '30-44' }).check({ force: true })
  await form.getByRole('radio', { name: '支持' }).check({ force: true })
  await form.getByText('我同意将以上信息').click()
  await form.getByRole('button', { name: '提交报名' }).click()
  await page.locator('[data-test=notice]', { hasText: '报名成功' }).waitFor()
  assert.deepEqual(await seriousViolations(page), [])
  await page.screenshot({ path: shot('pool-phone.png'), fullPage: true })
  await context.close()
})

test('staff import a list collected offline; a bad row is named and nothing is imported', async () => {
  const { context, page } = await signedIn(browser, 'staff')
  await openPool(page)
  const form = page.locator('[data-test=import]')
  const header = '姓名,手机,区县,性别,年龄段,观点,同意\n'
  await page.setInputFiles('#p-list', { name: '报名表.csv', mimeType: 'text/csv',
    buffer: Buffer.from(header + '赵一,13800007001,雁江区,女,30-44,支持,是\n钱二,123,雁江区,男,18-29,反对,是\n') })
  await form.getByRole('button', { name: '导入' }).click()
  await form.locator('[role=alert]', { hasText: '第 3 行' }).waitFor()
  await page.setInputFiles('#p-list', { name: '报名表.csv', mimeType: 'text/csv',
    buffer: Buffer.from(header + '赵一,13800007001,雁江区,女,30-44,支持,是\n钱二,13800007002,雁江区,男,18-29,反对,是\n') })
  await form.getByRole('button', { name: '导入' }).click()
  await page.locator('[data-test=notice]', { hasText: '已导入 2 人' }).waitFor()
  // before committing to anything, staff compare the algorithms on these volunteers and quotas
  await page.locator('[data-test=prepare]').getByRole('button', { name: '比较抽选算法' }).click()
  const comparison = page.locator('[data-test=comparison]')
  await comparison.locator('[data-test=algorithm-legacy]').waitFor({ timeout: 30_000 })
  const smallest = async (a) => parseFloat(await comparison.locator(`[data-test=algorithm-${a}] td`).first().textContent())
  assert.ok(await smallest('leximin') >= await smallest('legacy'), 'LEXIMIN gives the least chosen no less than LEGACY')
  await comparison.getByText('每位报名者的入选概率').click()
  await comparison.getByRole('rowheader', { name: '钱二' }).waitFor()
  assert.deepEqual(await seriousViolations(page), [])
  await comparison.screenshot({ path: shot('pool-compare-desktop.png') })
  await page.setViewportSize(PHONE)
  await comparison.screenshot({ path: shot('pool-compare-phone.png') })
  await context.close()
})

test('staff prepare a draw, draw it with a public value, and the published files check out', async () => {
  const { context, page } = await signedIn(browser, 'staff')
  await openPool(page)
  await page.locator('[data-test=prepare]').getByRole('button', { name: '计算并公布抽签名单' }).click()
  const draw = page.locator('[data-test=draw]')
  await draw.locator('text=种子承诺').waitFor({ timeout: 30_000 })
  const commitment = (await draw.locator('text=种子承诺').textContent()).split('：')[1].trim()
  await page.fill('#p-value', '2026-11-26 福彩3D 428')
  await draw.getByRole('button', { name: '抽签' }).click()
  await draw.locator('[data-test=drawn]').waitFor()
  // everyone drawn is invited; one already on the meeting's roster (the volunteer above may be drawn) has accepted
  assert.equal(await draw.locator('[data-test=pick-INVITED], [data-test=pick-ACCEPTED]').count(), 8)
  assert.deepEqual(await seriousViolations(page), [])
  await page.screenshot({ path: shot('draw-desktop.png'), fullPage: true })
  // anyone can fetch the published files; the seed hashes to the commitment shown before the draw
  const id = (await draw.locator('#draw-heading').textContent()).match(/\d+/)[0]
  const seed = (await (await fetch(`${BASE}/api/draws/${id}/files/seed.txt`)).text()).trim()
  const digest = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(seed))).toString('hex')
  assert.equal(digest, commitment)
  await context.close()
})
