import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { PHONE, launch, seriousViolations, shot, signedIn } from './lib.mjs'

// Opinions on the demo meeting outside its live session: a draft regulation commented on paragraph by
// paragraph (Art. 15), and a written opinion uploaded as a Word file.
let browser
before(async () => { browser = await launch() })
after(async () => { await browser?.close() })

const DRAFT = `资阳市农村生活污水治理条例（草案）
第一条　为了改善农村人居环境，制定本条例。
第二条　县级人民政府负责本行政区域内农村生活污水治理工作。
乡镇人民政府做好具体实施工作。`

async function openMeeting(page) {
  // the demo meeting, whose roster has every member (other specs add meetings of their own)
  await page.locator('[data-test=activity]', { hasText: '推进农村人居环境整治提升' }).first().locator('a').click()
  await page.locator('#activity-heading').waitFor()
}

test('staff put up a draft; a member comments on one clause from a phone; staff read it', async () => {
  const staff = await signedIn(browser, 'staff')
  await openMeeting(staff.page)
  await staff.page.locator('[data-test=draft-new]').click()
  await staff.page.fill('#draft-title', '农村生活污水治理条例（草案）')
  await staff.page.fill('#draft-text', DRAFT)
  await staff.page.locator('[data-test=draft-publish]').click()
  await staff.page.locator('[data-test=draft]', { hasText: '农村生活污水治理条例（草案）' }).waitFor()
  const url = staff.page.url()

  const member = await signedIn(browser, 'member04', { viewport: PHONE })
  await member.page.goto(url)
  await member.page.locator('[data-test=draft] a', { hasText: '农村生活污水治理条例（草案）' }).click()
  await member.page.locator('#draft-heading').waitFor()
  const clause = member.page.locator('[data-test=draft-paragraph]', { hasText: '乡镇人民政府做好具体实施工作' })
  await clause.locator('[data-test=comment-open]').click()
  assert.equal(await clause.locator('[data-test=comment-open]').textContent(), '对第二条第2款提意见')
  await clause.locator('textarea').fill('建议明确乡镇配备专职管护人员。')
  await clause.locator('[data-test=comment-send]').click()
  await clause.locator('[data-test=comment-count]', { hasText: '1 条意见' }).waitFor()
  await clause.locator('[data-test=draft-comment]', { hasText: '我的意见' }).waitFor()
  assert.deepEqual(await seriousViolations(member.page), [])
  await member.page.screenshot({ path: shot('draft-phone.png'), fullPage: true })
  const draftUrl = member.page.url()

  await staff.page.goto(draftUrl)
  const seen = staff.page.locator('[data-test=draft-paragraph]', { hasText: '乡镇人民政府做好具体实施工作' })
  await seen.locator('[data-test=draft-comment]', { hasText: '乡镇配备专职管护人员' }).waitFor()
  await staff.context.close()
  await member.context.close()
})

test('a member uploads a written opinion as a Word file and the server reads its text', async () => {
  const member = await signedIn(browser, 'member04')
  await openMeeting(member.page)
  const form = member.page.locator('form.written')
  await form.getByText('上传文件').click()
  await form.locator('[data-test=written-file]').setInputFiles(fileURLToPath(new URL('./fixtures/written-opinion.docx', import.meta.url)))
  await form.locator('[data-test=written-send]').click()
  const done = form.locator('[data-test=written-done]')
  await done.waitFor()
  assert.match(await done.textContent(), /已收到（编号 \d+，共 \d+ 字）/)
  // a file of another kind is refused under the field
  await form.locator('[data-test=written-file]').setInputFiles({ name: 'opinion.txt', mimeType: 'text/plain',
    buffer: Buffer.from('纯文本不行') })
  await form.locator('[data-test=written-send]').click()
  await form.locator('.field-error', { hasText: '只接受 DOCX、PDF 文件' }).waitFor()
  assert.deepEqual(await seriousViolations(member.page), [])
  await form.screenshot({ path: shot('written-opinion.png') })
  await member.context.close()
})
