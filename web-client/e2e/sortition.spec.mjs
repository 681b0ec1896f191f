import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, PASSWORD, PHONE, horizontalOverflow, launch, seriousViolations, shot, signedIn } from './lib.mjs'
const todayInChina = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())

// Random selection (随机抽选): a member of the public volunteers from a phone; staff run a verifiable draw.
let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

async function token(username) {
  const r = await fetch(BASE + '/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }) })
  return (await r.json()).accessToken
}

async function call(tok, method, path, body, contentType = 'application/json') {
  const r = await fetch(BASE + path, { method, headers: { 'Content-Type': contentType, Authorization: 'Bearer ' + tok },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) })
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`)
  return r.status === 204 ? null : r.json()
}

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

test('the sign-up form fits a phone: the consent wraps, the box and 提交报名 are tapped as they are', async () => {
  for (const width of [360, 390]) {
    const { context, page } = await signedIn(browser, 'public02', { viewport: { width, height: 800 } })
    await openPool(page)
    const form = page.locator('[data-test=volunteer]')
    await form.waitFor()
    assert.equal(JSON.stringify(await horizontalOverflow(page)), 'null', `no horizontal scroll at ${width} px`)
    const consent = form.locator('[data-test=consent]')
    const box = await consent.boundingBox()
    assert.ok(box.x >= 0 && box.x + box.width <= width, `consent ${JSON.stringify(box)} within ${width}`)
    assert.ok(box.height > 30, 'the consent text wraps onto more than one line')
    // a plain tap on the box (no force) checks it; the button is whole on screen and finger-sized
    await consent.locator('.el-checkbox__inner').click()
    assert.equal(await consent.locator('input').isChecked(), true)
    const submit = form.getByRole('button', { name: '提交报名' })
    const b = await submit.boundingBox()
    assert.ok(b.x >= 0 && b.x + b.width <= width && b.height >= 40, `提交报名 ${JSON.stringify(b)}`)
    await page.screenshot({ path: shot(`pool-form-${width}.png`), fullPage: true })
    await context.close()
  }
})

test('a prepared draw stays on the pool page after a reload until drawn or withdrawn, in public, and is not prepared twice', async () => {
  const { context, page } = await signedIn(browser, 'staff')
  await openPool(page)
  await page.locator('[data-test=prepare]').getByRole('button', { name: '计算并公布抽签名单' }).click()
  const draw = page.locator('[data-test=draw]')
  await draw.locator('text=种子承诺').waitFor({ timeout: 30_000 })
  const commitment = (await draw.locator('text=种子承诺').textContent()).split('：')[1].trim()
  await page.reload()
  // still there with its published commitment and the draw button; preparing again is not offered
  await draw.getByText(commitment).waitFor()
  await draw.getByRole('button', { name: '抽签', exact: true }).waitFor()
  await page.locator('[data-test=pending-note]').waitFor()
  assert.equal(await page.locator('[data-test=prepare]').count(), 0, 'no second commitment while one is pending')
  assert.equal(await draw.getByRole('link', { name: 'seed.txt' }).count(), 0, 'the seed is not linked before the draw')
  // withdrawing is an explicit act with a published reason
  await draw.locator('[data-test=withdraw]').click()
  await page.fill('#p-withdraw', '配额需按人口普查比例调整')
  await draw.getByRole('button', { name: '公开撤回' }).click()
  await page.locator('[data-test=notice]', { hasText: '已撤回' }).waitFor()
  await page.reload()
  const record = page.locator('[data-test=record-WITHDRAWN]', { hasText: commitment })
  await record.getByText('配额需按人口普查比例调整').waitFor()
  await page.locator('[data-test=prepare]').waitFor()
  await page.screenshot({ path: shot('draw-withdrawn-desktop.png'), fullPage: true })
  await context.close()
  // anyone signed in sees the withdrawn draw with its commitment, and its seed to check it
  const citizen = await signedIn(browser, 'public04', { viewport: PHONE })
  await openPool(citizen.page)
  const seen = citizen.page.locator('[data-test=record-WITHDRAWN]', { hasText: commitment })
  await seen.getByText('已撤回').waitFor()
  await seen.getByRole('link', { name: 'seed.txt' }).waitFor()
  await citizen.context.close()
})

test('staff prepare a draw, draw it with a public value, and the published files check out', async () => {
  const { context, page } = await signedIn(browser, 'staff')
  await openPool(page)
  await page.locator('[data-test=prepare]').getByRole('button', { name: '计算并公布抽签名单' }).click()
  const draw = page.locator('[data-test=draw]')
  await draw.locator('text=种子承诺').waitFor({ timeout: 30_000 })
  const commitment = (await draw.locator('text=种子承诺').textContent()).split('：')[1].trim()
  // the date drawn defaults to today (Beijing): a value from before the commitment would be refused
  await page.fill('#p-value', `${todayInChina} 福彩3D 428`)
  await draw.getByRole('button', { name: '抽签' }).click()
  await draw.locator('[data-test=drawn]').waitFor()
  // drawn: sign-up has closed and no second draw is offered (screen check P6)
  await page.locator('[data-test=phase]', { hasText: '已经抽签，报名已截止' }).waitFor()
  assert.equal(await page.locator('[data-test=prepare]').count(), 0, 'no second draw beside a drawn one')
  // everyone drawn is invited; one already on the meeting's roster (the volunteer above may be drawn) has accepted
  assert.equal(await draw.locator('[data-test=pick-INVITED], [data-test=pick-ACCEPTED]').count(), 8)
  // the links to send by text message are absolute: a phone cannot open /join/…
  assert.match(await draw.locator('[data-test=invitations] li').first().textContent(), /https?:\/\/[^/]+\/join\//)
  assert.deepEqual(await seriousViolations(page), [])
  await page.screenshot({ path: shot('draw-desktop.png'), fullPage: true })
  // anyone can fetch the published files; the seed hashes to the commitment shown before the draw
  const id = (await draw.locator('#draw-heading').textContent()).match(/\d+/)[0]
  const seed = (await (await fetch(`${BASE}/api/draws/${id}/files/seed.txt`)).text()).trim()
  const digest = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(seed))).toString('hex')
  assert.equal(digest, commitment)
  await context.close()
})

test('once its meeting has closed, a pool offers no sign-up and no draw, and each screen says what is still possible', async () => {
  const staffToken = await token('staff')
  const chairToken = await token('chair')
  const orgs = await (await fetch(BASE + '/api/organizations')).json()
  const city = orgs.find((o) => o.name === '资阳市政协').id
  const { id: activity } = await call(staffToken, 'POST', '/api/activities', { type: 'REMOTE_CONSULTATION',
    title: '已结束的抽选测试协商会', topic: '农村人居环境', organizationId: city,
    scheduledStart: '2026-11-20T09:00:00+08:00', scheduledEnd: '2026-11-20T11:00:00+08:00' })
  const { id: venue } = await call(staffToken, 'POST', `/api/activities/${activity}/venues`, { name: '主会场', kind: 'MAIN', organizationId: city })
  const me = await call(chairToken, 'GET', '/api/me')
  await call(staffToken, 'PUT', `/api/activities/${activity}/roster/${me.id}`, { role: 'CHAIR', venueId: venue })
  const { id: pool } = await call(staffToken, 'POST', '/api/pools', { title: '已结束会议的群众代表抽选', topic: '农村人居环境', activityId: activity })
  const rows = Array.from({ length: 6 }, (_, i) => `群众${i},1380000${8100 + i},雁江区,${i % 2 ? '男' : '女'},30-44,支持,是`)
  await call(staffToken, 'POST', `/api/pools/${pool}/import`, '姓名,手机,区县,性别,年龄段,观点,同意\n' + rows.join('\n') + '\n', 'text/csv')
  // the public are invited while the meeting is ahead
  const citizen = await signedIn(browser, 'public05', { viewport: PHONE })
  await citizen.page.locator('[data-test=pool]', { hasText: '已结束会议的群众代表抽选' }).waitFor()
  // then a draw is prepared (its list published closes sign-up), and the meeting is held and closed
  const pending = await call(staffToken, 'POST', `/api/pools/${pool}/draws`, { panelSize: 2,
    quotas: { gender: { 女: { min: 1, max: 1 }, 男: { min: 1, max: 1 } } } })
  for (const type of ['Open', 'Close']) {
    await call(chairToken, 'POST', `/api/live/${activity}/commands`, { type, clientId: crypto.randomUUID() })
  }
  // (no pool may be listed at all now: the demo pool was drawn above; wait for the list's answer instead)
  await Promise.all([citizen.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/pools' && r.ok()), citizen.page.reload()])
  await citizen.page.locator('[data-test=welcome]').waitFor()
  assert.equal(await citizen.page.locator('[data-test=pool]', { hasText: '已结束会议的群众代表抽选' }).count(), 0,
    'the home page stops inviting volunteers')
  await citizen.page.goto(`${BASE}/pools/${pool}`)
  await citizen.page.locator('[data-test=phase]', { hasText: '已结束' }).waitFor()
  assert.equal(await citizen.page.locator('[data-test=volunteer]').count(), 0, 'no sign-up form')
  await citizen.page.locator('[data-test=record-PREPARED]', { hasText: pending.commitment }).waitFor()
  await citizen.page.screenshot({ path: shot('pool-ended-phone.png'), fullPage: true })
  await citizen.context.close()

  const { context, page } = await signedIn(browser, 'staff')
  await page.goto(`${BASE}/pools/${pool}`)
  await page.locator('[data-test=phase]', { hasText: '不能再准备抽签' }).waitFor()
  await page.locator('[data-test=draw]').getByText(pending.commitment).waitFor()
  assert.equal(await page.locator('[data-test=prepare]').count(), 0, '准备抽签 is not offered')
  assert.equal(await page.locator('[data-test=draw]').getByRole('button', { name: '抽签', exact: true }).count(), 0, '抽签 is not offered')
  await page.locator('[data-test=draw] [data-test=withdraw]').waitFor()
  // the server refuses it as well, saying why
  const r = await fetch(`${BASE}/api/draws/${pending.id}/draw`, { method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + staffToken }, body: JSON.stringify({ publicValue: '1', publicValueOn: todayInChina }) })
  assert.equal(r.status, 409)
  assert.match(r.headers.get('content-type'), /problem\+json/)
  assert.equal((await r.json()).title, '活动已结束')
  await page.screenshot({ path: shot('pool-ended-desktop.png'), fullPage: true })
  await context.close()
})

