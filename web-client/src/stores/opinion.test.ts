import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

// The server, as far as the opinion store asks it: activity 4 with the drafts put up so far, draft 9
// with one paragraph and its comments, and written opinions taken with their id.
const calls: { path: string; body?: unknown; headers?: Record<string, string> }[] = []
let drafts: { id: number; title: string }[] = []
let comments = 0
let readsFail = false
vi.mock('../api/http', async (original) => ({
  ...(await original<typeof import('../api/http')>()),
  api: async (path: string, options?: { body?: Record<string, unknown>; headers?: Record<string, string> }) => {
    calls.push({ path, body: options?.body, headers: options?.headers })
    if (path === '/api/activities/4/drafts' && options?.body) {
      drafts.push({ id: 9, title: String(options.body.title) })
      return { id: 9 }
    }
    if (path === '/api/activities/4/drafts') { if (readsFail) throw new Error('offline'); return drafts }
    if (path === '/api/drafts/9/comments') { comments++; return { id: comments } }
    if (path === '/api/drafts/9') return { id: 9, activityId: 4, title: 'D',
      paragraphs: [{ id: 1, label: '第一条', count: comments, comments: [] }] }
    if (path === '/api/activities/4/submissions') return { id: 31, text: String(options?.body?.text ?? 'from file') }
    throw new Error('unexpected ' + path)
  },
}))
const { useOpinions } = await import('./opinion')

describe('opinion store', () => {
  beforeEach(() => { calls.length = 0; drafts = []; comments = 0; readsFail = false; setActivePinia(createPinia()) })

  it('reads the list again after a draft is put up', async () => {
    const opinions = useOpinions()
    await opinions.loadDrafts(4)
    expect(opinions.drafts).toEqual([])
    await opinions.publishDraft(4, '条例草案', '第一条 …')
    expect(calls[1].body).toEqual({ title: '条例草案', text: '第一条 …' })
    expect(opinions.drafts.map((d) => d.id)).toEqual([9])
    opinions.enterActivity()
    expect(opinions.drafts).toEqual([])
  })

  it('does not call a draft put up a failure when only the re-read fails (a resend would put it up twice)', async () => {
    const opinions = useOpinions()
    readsFail = true
    await expect(opinions.publishDraft(4, '条例草案', '第一条 …')).resolves.toBeUndefined()
    expect(drafts.map((d) => d.id)).toEqual([9])
    expect(calls.map((c) => c.path)).toEqual(['/api/activities/4/drafts', '/api/activities/4/drafts'])
  })

  it('sends a comment on a paragraph with its key and reads the draft again', async () => {
    const opinions = useOpinions()
    await opinions.loadDraft(9)
    expect(opinions.draft?.paragraphs[0].count).toBe(0)
    await opinions.comment(9, 1, '建议修改', 'key-1')
    expect(calls[1]).toEqual({ path: '/api/drafts/9/comments', body: { paragraphId: 1, text: '建议修改' },
      headers: { 'Idempotency-Key': 'key-1' } })
    expect(opinions.draft?.paragraphs[0].count).toBe(1)
    opinions.enterDraft()
    expect(opinions.draft).toBeNull()
  })

  it('sends a written opinion with its key and gives back what the server took', async () => {
    const opinions = useOpinions()
    const r = await opinions.submit(4, { kind: 'SUBMISSION', text: '书面意见' }, 'key-2')
    expect(r).toEqual({ id: 31, text: '书面意见' })
    expect(calls[0].headers).toEqual({ 'Idempotency-Key': 'key-2' })
    expect(calls[0].body).toEqual({ kind: 'SUBMISSION', text: '书面意见' })
  })
})
