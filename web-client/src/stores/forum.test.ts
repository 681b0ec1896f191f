import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Post, Statement, Theme } from '../forum/types'

// The server, as far as this page's store asks it: one open theme with a guidance post and a thread.
const calls: { path: string; body?: unknown }[] = []
const post = (id: number, kind: Post['kind'], extra: Partial<Post> = {}): Post => ({
  id, themeId: 4, threadId: kind === 'REPLY' ? 2 : null, parentId: kind === 'REPLY' ? 2 : null, depth: kind === 'REPLY' ? 1 : 0,
  kind, status: 'VISIBLE', featured: false, version: 1, authorName: 'A', authorKind: 'MEMBER', authorKindLabel: 'M',
  organization: null, sector: null, createdAt: '2026-11-27T03:00:00Z', editedAt: null, mine: false, title: 'T', body: 'B',
  attachments: [], ...extra,
})
const statement: Statement = { id: 8, themeId: 4, body: 'S', status: 'VISIBLE', agree: 0, disagree: 0, pass: 0,
  authorKind: 'MEMBER', authorKindLabel: 'M', createdAt: '2026-11-27T03:00:00Z', mine: false }
vi.mock('../api/http', async (original) => ({
  ...(await original<typeof import('../api/http')>()),
  api: async (path: string, options?: { body?: unknown }) => {
    calls.push({ path, body: options?.body })
    if (path === '/api/themes') return [{ id: 4, state: 'OPEN' }, { id: 5, state: 'CLOSED' }] as Partial<Theme>[]
    if (path === '/api/themes/4') return { id: 4, state: 'OPEN', threads: [post(1, 'GUIDANCE'), post(2, 'THREAD')] } as Partial<Theme>
    if (path === '/api/themes/4/statements') return [statement]
    if (path === '/api/threads/2') return [post(2, 'THREAD'), post(3, 'REPLY')]
    if (path === '/api/themes/4/posts') return post(5, 'THREAD', { status: 'PENDING', mine: true })
    throw new Error('unexpected ' + path)
  },
}))
const { isHeld, useForum } = await import('./forum')

describe('forum store', () => {
  beforeEach(() => { calls.length = 0; setActivePinia(createPinia()) })

  it('lists the themes for the home page apart from the theme being read', async () => {
    const forum = useForum()
    forum.enter(4)
    await forum.loadThemes()
    expect(forum.themes.map((th) => th.id)).toEqual([4, 5])
    expect(forum.theme).toBeNull()
    expect(calls.map((c) => c.path)).toEqual(['/api/themes'])
  })

  it('loads a theme with guidance apart from the threads, and reopens the thread being read', async () => {
    const forum = useForum()
    forum.enter(4)
    await forum.load()
    expect(forum.isOpen).toBe(true)
    expect(forum.guidance.map((p) => p.id)).toEqual([1])
    expect(forum.threads.map((p) => p.id)).toEqual([2])
    await forum.openThread(2)
    calls.length = 0
    await forum.load()
    expect(calls.map((c) => c.path)).toEqual(['/api/themes/4', '/api/themes/4/statements', '/api/threads/2'])
    expect(forum.state.open?.posts.map((p) => p.id)).toEqual([2, 3])
  })

  it('shows the writer a new thread at once, held for moderation', async () => {
    const forum = useForum()
    forum.enter(4)
    await forum.load()
    const p = await forum.post({ title: 'T', body: 'B' }, 'key-1')
    expect(isHeld(p)).toBe(true)
    expect(forum.threads.map((x) => x.id)).toContain(5)
    expect(forum.threads.find((x) => x.id === 5)?.replies).toBe(0)
  })

  it('keeps nothing of the previous theme', async () => {
    const forum = useForum()
    forum.enter(4)
    await forum.load()
    forum.voted(8, 1)
    expect(forum.state.statements[0].myVote).toBe(1)
    forum.enter(9)
    expect(forum.theme).toBeNull()
    expect(forum.state.threads).toEqual([])
    expect(forum.state.statements).toEqual([])
  })
})
