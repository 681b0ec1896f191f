import { describe, expect, it } from 'vitest'
import { withNotice, type InboxPage, type Notice } from './inbox'

const notice = (id: number, read = false): Notice => ({
  id, kind: 'forum.hidden', title: '您的帖子已被隐藏', body: '处理说明：含侮辱性语言', link: '/themes/1',
  createdAt: '2026-11-27T03:00:00Z', read,
})

describe('withNotice', () => {
  it('puts a pushed notice first and counts it unread', () => {
    const page: InboxPage = { notices: [notice(1, true)], unread: 0 }
    const next = withNotice(page, notice(2))
    expect(next.notices.map((n) => n.id)).toEqual([2, 1])
    expect(next.unread).toBe(1)
  })

  it('ignores a notice it already holds, as when a reload and a push cross', () => {
    const page: InboxPage = { notices: [notice(3), notice(2)], unread: 2 }
    expect(withNotice(page, notice(2))).toBe(page)
  })

  it('keeps the newest first when an older push arrives after a newer one', () => {
    const next = withNotice({ notices: [notice(5)], unread: 1 }, notice(4))
    expect(next.notices.map((n) => n.id)).toEqual([5, 4])
    expect(next.unread).toBe(2)
  })
})
