// A remote consultation meeting in real browsers: the chair at the main venue, a member at 雁江 on a
// phone, a member and the venue host at 安岳, each in a browser context of their own.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, PASSWORD, PHONE, launch, seriousViolations, shot, signedIn } from './lib.mjs'

let browser
let meeting
const people = {}

async function apiLogin(username) {
  const r = await fetch(BASE + '/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }) })
  const body = await r.json()
  people[username] = body.account.id
  return body.accessToken
}

async function call(token, method, path, body) {
  const r = await fetch(BASE + path, { method, headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
    body: body === undefined ? undefined : JSON.stringify(body) })
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`)
  return r.status === 204 ? null : r.json()
}

/** A meeting with a 12-second speaking time, so the timer's warning and end happen within the test. */
async function createMeeting() {
  const staff = await apiLogin('staff')
  for (const u of ['chair', 'member01', 'member02', 'public01', 'host-anyue', 'host-yanjiang', 'host-main', 'host-lezhi', 'official-nyj']) {
    await apiLogin(u)
  }
  const orgs = await (await fetch(BASE + '/api/organizations')).json()
  const org = (name) => orgs.find((o) => o.name === name).id
  const { id } = await call(staff, 'POST', '/api/activities', { type: 'REMOTE_CONSULTATION', title: '浏览器测试远程协商会',
    topic: '农村人居环境整治', organizationId: org('资阳市政协'),
    scheduledStart: '2026-12-01T09:00:00+08:00', scheduledEnd: '2026-12-01T11:00:00+08:00' })
  const venues = {}
  for (const [name, kind, o, host] of [['主会场', 'MAIN', '资阳市政协', 'host-main'], ['雁江区分会场', 'BRANCH', '雁江区政协', 'host-yanjiang'],
    ['安岳县分会场', 'BRANCH', '安岳县政协', 'host-anyue'], ['乐至县分会场', 'BRANCH', '乐至县政协', 'host-lezhi']]) {
    venues[name] = (await call(staff, 'POST', `/api/activities/${id}/venues`, { name, kind, organizationId: org(o), hostId: people[host] })).id
  }
  await call(staff, 'POST', `/api/activities/${id}/agenda`, { title: '委员发言', plannedMinutes: 30, speakingSeconds: 12 })
  for (const [u, role, v] of [['chair', 'CHAIR', '主会场'], ['member01', 'MEMBER', '雁江区分会场'], ['member02', 'MEMBER', '安岳县分会场'],
    ['public01', 'PUBLIC_REP', '安岳县分会场'], ['official-nyj', 'OFFICIAL', '主会场']]) {
    await call(staff, 'PUT', `/api/activities/${id}/roster/${people[u]}`, { role, venueId: venues[v] })
  }
  invitation = (await call(staff, 'POST', `/api/activities/${id}/roster/${people.public01}/link`, {})).path
  return id
}

let invitation

/** Routes the context's event-bus sockets through the test, so it can cut the network for real. */
async function cuttable(context) {
  const net = { down: false, sockets: [] }
  await context.routeWebSocket(/\/eventbus\//, (ws) => {
    if (net.down) return ws.close()
    ws.connectToServer()
    net.sockets.push(ws)
  })
  net.cut = async () => {
    net.down = true
    await context.setOffline(true)
    for (const ws of net.sockets.splice(0)) await ws.close()
  }
  net.restore = async () => {
    net.down = false
    await context.setOffline(false)
  }
  return net
}

async function enter(username, options = {}, beforeEntering = async () => {}) {
  const { context, page } = await signedIn(browser, username, options)
  const extra = await beforeEntering(context)
  await page.goto(`${BASE}/live/${meeting}`)
  await page.locator('[data-test=status]').waitFor()
  await page.locator('[data-test=connection-banner]').waitFor({ state: 'detached' })
  return { context, page, extra }
}

before(async () => {
  browser = await launch()
  meeting = await createMeeting()
})
after(async () => { await browser?.close() })

test('a meeting across two branch venues, from opening to minutes', { timeout: 180_000 }, async () => {
  const chair = await enter('chair', { viewport: { width: 1366, height: 900 } })
  const yanjiang = await enter('member01', { viewport: PHONE, isMobile: true, hasTouch: true })
  const anyue = await enter('member02', {}, cuttable)
  const host = await enter('host-anyue')

  await chair.page.getByRole('button', { name: '开始会议' }).click()
  for (const p of [yanjiang.page, anyue.page, host.page]) {
    await p.locator('[data-test=status]', { hasText: '进行中' }).waitFor()
  }

  // check-in: the member himself on his phone; the host for the member in the room at 安岳
  await yanjiang.page.locator('[data-test=check-in]').click()
  // the chair checks in too: the main venue's people count as present (issue 20.10)
  await chair.page.locator('[data-test=check-in]').click()
  await chair.page.locator('[data-test=checked-in]').waitFor()
  await host.page.locator('[data-person="李晓梅"], [data-test=host-panel] li').first().waitFor()
  const name02 = await anyue.page.evaluate(() => document.querySelector('.live-head .muted')?.textContent ?? '')
  assert.match(name02, /委员/)
  await host.page.locator('[data-test=host-panel] li').filter({ has: host.page.getByRole('button', { name: '签到' }) })
    .first().getByRole('button', { name: '签到' }).click()
  await chair.page.locator('[data-venue="安岳县分会场"]', { hasText: '1 / ' }).waitFor()
  await chair.page.locator('[data-venue="雁江区分会场"]', { hasText: '1 / ' }).waitFor()

  // raise a hand on the phone; the chair grants the floor; the timer warns and then ends the speech
  await chair.page.getByRole('button', { name: '下一项议程' }).click()
  await yanjiang.page.locator('[data-test=current-item]', { hasText: '委员发言' }).waitFor()
  // the icon is Element Plus's own (an emoji shows as an empty box where no emoji font is installed)
  assert.equal(await yanjiang.page.locator('[data-test=raise] svg').count(), 1)
  assert.ok(!(await yanjiang.page.locator('[data-test=raise]').textContent()).includes('✋'))
  await yanjiang.page.locator('[data-test=raise]').click()
  await yanjiang.page.locator('[data-test=my-place]').waitFor()
  await chair.page.locator('[data-test=queue-entry]').first().waitFor()
  await chair.page.screenshot({ path: shot('chair-console.png'), fullPage: true })
  await chair.page.locator('[data-test=queue-entry]').first().getByRole('button', { name: '准予发言' }).click()
  await yanjiang.page.locator('[data-test=speaker]').waitFor()
  await anyue.page.locator('[data-test=announcer]', { hasText: '现在发言' }).waitFor()
  await yanjiang.page.screenshot({ path: shot('member-phone.png'), fullPage: true })
  await yanjiang.page.locator('.clock.warn').waitFor({ timeout: 15_000 })
  await anyue.page.locator('[data-test=floor]', { hasText: '当前无人发言' }).waitFor({ timeout: 15_000 })
  await anyue.page.locator('[data-test=announcer]', { hasText: '发言结束' }).waitFor()

  // a comment from 安岳 reaches the chair; HTML is shown as text, never run
  await anyue.page.locator('#comment-text').fill('<img src=x onerror=alert(1)>建议增加垃圾收集点')
  await anyue.page.getByRole('button', { name: '发送' }).click()
  await chair.page.locator('[data-test=comment]', { hasText: '建议增加垃圾收集点' }).waitFor()
  assert.equal(await chair.page.locator('[data-test=comments] img').count(), 0)

  // a poll with results per venue
  await chair.page.locator('#poll-question').fill('是否赞成将污水治理列为明年重点？')
  await chair.page.getByRole('button', { name: '开始表决' }).click()
  for (const [p, option] of [[yanjiang.page, '赞成'], [anyue.page, '反对']]) {
    const poll = p.locator('[data-poll="是否赞成将污水治理列为明年重点？"]')
    await poll.getByLabel(option).check()
    await poll.getByRole('button', { name: '投票' }).click()
    await poll.getByRole('button', { name: /已投票/ }).waitFor()
  }
  await chair.page.locator('[data-poll] .poll', { hasText: '' }).count()
  await chair.page.getByText('2 人参加').waitFor()
  await chair.page.getByRole('button', { name: '结束表决' }).click()
  const totals = anyue.page.locator('[data-test=poll-total]')
  await totals.waitFor()
  assert.deepEqual((await totals.locator('td').allTextContents()).map(Number), [1, 1, 0])
  const anyueRow = anyue.page.locator('.tally tr', { hasText: '安岳县分会场' })
  assert.deepEqual((await anyueRow.locator('td').allTextContents()).map(Number), [0, 1, 0])

  // a public representative joins by the invitation link; the comment waits for the chair's approval
  const pubContext = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  const pub = await pubContext.newPage()
  await pub.goto(BASE + invitation)
  await pub.waitForURL(`**/live/${meeting}`)
  await pub.locator('[data-test=status]', { hasText: '进行中' }).waitFor()
  await pub.locator('#comment-text').fill('希望村里多设几个垃圾收集点')
  await pub.getByRole('button', { name: '发送' }).click()
  await pub.locator('[data-test=comment]', { hasText: '待审核' }).waitFor()
  assert.equal(await anyue.page.locator('[data-test=comment]', { hasText: '希望村里多设几个' }).count(), 0)
  const held = chair.page.locator('[data-test=held-comments] li', { hasText: '希望村里多设几个垃圾收集点' })
  await held.getByRole('button', { name: '通过' }).click()
  await anyue.page.locator('[data-test=comment]', { hasText: '希望村里多设几个垃圾收集点' }).waitFor()
  // the chair's grid shows who is connected at each venue
  // member, host and public representative at 安岳 (polled every 5 s)
  await chair.page.waitForFunction(() => Number(document.querySelector('[data-venue="安岳县分会场"] [data-online]')
    ?.getAttribute('data-online')) >= 3, null, { timeout: 15_000 })
  await pubContext.close()

  // the network drops at 安岳; what happens meanwhile arrives once after reconnecting, and the draft stays
  await anyue.extra.cut()
  await anyue.page.locator('[data-test=connection-banner]').waitFor({ timeout: 20_000 })
  await anyue.page.locator('#comment-text').fill('离线时输入的内容')
  await chair.page.locator('#comment-text').fill('请各分会场继续发言')
  await chair.page.getByRole('button', { name: '发送' }).click()
  await chair.page.locator('[data-test=comment]', { hasText: '请各分会场继续发言' }).waitFor()
  await anyue.extra.restore()
  await anyue.page.locator('[data-test=connection-banner]').waitFor({ state: 'detached', timeout: 30_000 })
  await anyue.page.locator('[data-test=comment]', { hasText: '请各分会场继续发言' }).waitFor()
  assert.equal(await anyue.page.locator('[data-test=comment]', { hasText: '请各分会场继续发言' }).count(), 1)
  assert.equal(await anyue.page.locator('#comment-text').inputValue(), '离线时输入的内容')

  assert.deepEqual(await seriousViolations(chair.page), [])
  assert.deepEqual(await seriousViolations(yanjiang.page), [])

  // close, with minutes
  await chair.page.getByRole('button', { name: '结束会议' }).click()
  await chair.page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click()
  await yanjiang.page.locator('[data-test=status]', { hasText: '已结束' }).waitFor()
  // a closed meeting offers no live actions, and says where its record is
  await chair.page.locator('[data-test=closed-notice]').waitFor()
  assert.equal(await chair.page.locator('#interaction-heading').count(), 0, 'no 请部门负责人答复 / 标记承诺事项 / 移出会议 after closing')
  assert.equal(await chair.page.locator('[data-test=check-in]').count(), 0)
  await chair.page.goto(`${BASE}/activities/${meeting}`)
  const minutes = chair.page.locator('[data-test=minutes]')
  await minutes.waitFor()
  const text = await minutes.textContent()
  assert.match(text, /会议纪要/)
  assert.match(text, /雁江区分会场（分会场）：应到 2 人，实到 1 人/)
  assert.match(text, /主会场（主会场）：应到 \d+ 人，实到 1 人/)
  assert.match(text, /赞成 1 票；反对 1 票；弃权 0 票/)

  // staff edit the minutes into a new version, then finalise them; the member reads the final text
  const staff = await signedIn(browser, 'staff')
  await staff.page.goto(`${BASE}/activities/${meeting}`)
  await staff.page.locator('[data-test=minutes-status]', { hasText: '草稿' }).waitFor()
  await staff.page.locator('[data-test=minutes-edit]').click()
  const area = staff.page.locator('#minutes-text')
  await area.fill((await area.inputValue()) + '\n八、会议决定：请各县区政协于月底前报送整改情况。')
  await staff.page.locator('[data-test=minutes-save]').click()
  await staff.page.locator('[data-test=minutes-version]', { hasText: '第 2 版' }).waitFor()
  await staff.page.locator('[data-test=minutes-finalise]').click()
  await staff.page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click()
  await staff.page.locator('[data-test=minutes-status]', { hasText: '定稿' }).waitFor()
  assert.equal(await staff.page.locator('[data-test=minutes-edit]').count(), 0, 'final minutes are not edited')
  await staff.page.screenshot({ path: shot('minutes-final-desktop.png'), fullPage: true })
  await yanjiang.page.goto(`${BASE}/activities/${meeting}`)
  await yanjiang.page.locator('[data-test=minutes-status]', { hasText: '定稿' }).waitFor()
  assert.match(await yanjiang.page.locator('[data-test=minutes]').textContent(), /八、会议决定/)
  assert.ok(await yanjiang.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling')
  await yanjiang.page.screenshot({ path: shot('minutes-final-phone.png'), fullPage: true })
  for (const c of [chair, yanjiang, anyue, host, staff]) await c.context.close()
})

test('a member whose network passes only plain HTTP takes part; a removed member stops reading at once',
  { timeout: 120_000 }, async () => {
    meeting = await createMeeting()
    const chairToken = await apiLogin('chair')
    const chair = await enter('chair', { viewport: { width: 1366, height: 900 } })
    const removed = await enter('member01', { viewport: PHONE, isMobile: true, hasTouch: true })
    // as behind a proxy that allows no WebSocket: the browser has none, so SockJS falls back to xhr-streaming
    const sockets = []
    const transports = []
    const noWs = await signedIn(browser, 'member02')
    await noWs.context.addInitScript(() => { delete window.WebSocket; window.WebSocket = undefined })
    // a page of its own from the start: the home page signing in opened the inbox's socket, which could
    // be reported after the listener below was attached and counted as this page's
    await noWs.page.close()
    noWs.page = await noWs.context.newPage()
    noWs.page.on('websocket', (ws) => sockets.push(ws.url()))
    noWs.page.on('request', (r) => { if (/\/eventbus\/.*\/xhr/.test(r.url())) transports.push(r.url()) })
    await noWs.page.goto(`${BASE}/live/${meeting}`)
    await noWs.page.locator('[data-test=status]').waitFor()
    await noWs.page.locator('[data-test=connection-banner]').waitFor({ state: 'detached' })

    await chair.page.getByRole('button', { name: '开始会议' }).click()
    await noWs.page.locator('[data-test=status]', { hasText: '进行中' }).waitFor()
    await noWs.page.locator('#comment-text').fill('从只通 HTTP 的网络发来的意见')
    await noWs.page.getByRole('button', { name: '发送' }).click()
    await chair.page.locator('[data-test=comment]', { hasText: '从只通 HTTP 的网络发来的意见' }).waitFor()
    await chair.page.locator('#comment-text').fill('主会场回复各分会场')
    await chair.page.getByRole('button', { name: '发送' }).click()
    await noWs.page.locator('[data-test=comment]', { hasText: '主会场回复各分会场' }).waitFor()
    // an official's answer and the commitment in it reach every participant, linked to the speech answered
    await call(chairToken, 'POST', `/api/live/${meeting}/commands`, { type: 'StartItem', itemId: (await call(chairToken, 'GET', `/api/live/${meeting}`)).agenda[0].id, clientId: 'item-1' })
    await call(chairToken, 'POST', `/api/live/${meeting}/commands`, { type: 'Grant', accountId: people.member02, clientId: 'grant-1' })
    const asked = (await call(chairToken, 'GET', `/api/live/${meeting}`)).floor.speechId
    await call(chairToken, 'POST', `/api/live/${meeting}/commands`, { type: 'CallOfficial', officialId: people['official-nyj'], speechId: asked, clientId: 'call-1' })
    await noWs.page.locator('[data-test=answering]', { hasText: '答复' }).waitFor()
    const answer = (await call(chairToken, 'GET', `/api/live/${meeting}`)).floor.speechId
    await call(chairToken, 'POST', `/api/live/${meeting}/commands`, { type: 'MarkCommitment', speechId: answer, text: '年内完成污水管网改造', clientId: 'commit-1' })
    await noWs.page.locator('[data-test=commitments]', { hasText: '年内完成污水管网改造' }).waitFor()
    await removed.page.locator('[data-test=commitments]', { hasText: '年内完成污水管网改造' }).waitFor()
    await chair.page.locator('#official').focus()
    await chair.page.locator('#official option', { hasText: '农业农村局' }).first().waitFor({ state: 'attached' })
    assert.deepEqual(sockets, [], 'no WebSocket was opened')
    assert.ok(transports.some((u) => u.includes('/xhr_streaming') || u.endsWith('/xhr')), transports.join(' '))

    await call(chairToken, 'POST', `/api/live/${meeting}/commands`,
      { type: 'RemoveParticipant', accountId: people.member01, clientId: 'remove-member01' })
    await removed.page.getByText('您已被主持人移出本次会议').first().waitFor()
    await chair.page.locator('#comment-text').fill('移出之后的发言')
    await chair.page.getByRole('button', { name: '发送' }).click()
    await noWs.page.locator('[data-test=comment]', { hasText: '移出之后的发言' }).waitFor()
    // the chair hides a shown comment, with a reason: it leaves every screen at once
    const shownComment = chair.page.locator('[data-test=comment]', { hasText: '从只通 HTTP 的网络发来的意见' })
    await shownComment.locator('[data-test=hide-comment]').click()
    await chair.page.locator('.el-message-box input').fill('与议题无关')
    await chair.page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click()
    await noWs.page.locator('[data-test=comment]', { hasText: '从只通 HTTP 的网络发来的意见' }).waitFor({ state: 'detached' })
    await chair.page.locator('[data-test=comment]', { hasText: '从只通 HTTP 的网络发来的意见' }).waitFor({ state: 'detached' })
    await removed.page.waitForTimeout(1000)
    assert.equal(await removed.page.locator('[data-test=comment]', { hasText: '移出之后的发言' }).count(), 0)
    // removed means removed (screen check P1): a full notice, no meeting controls, no "reconnecting" banner
    await removed.page.locator('[data-test=removed-notice] h1', { hasText: '您已被主持人移出本次会议' }).waitFor()
    for (const control of ['[data-test=check-in]', '[data-test=raise]', '#comment-text', '[data-test=connection-banner]', '[data-test=status]']) {
      assert.equal(await removed.page.locator(control).count(), 0, control)
    }
    assert.equal(await removed.page.getByText('网络连接已断开').count(), 0)
    await removed.page.screenshot({ path: shot('member-removed.png'), fullPage: true })
    for (const c of [chair, removed, noWs]) await c.context.close()
  })
