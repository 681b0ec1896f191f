import { describe, expect, it } from 'vitest'
import { applyForumEvent, shares } from './reducer'
import type { Post, Statement, ThemeState } from './types'

function post(id: number, fields: Partial<Post> = {}): Post {
  return {
    id, themeId: 1, threadId: null, parentId: null, depth: 0, kind: 'THREAD', status: 'VISIBLE', featured: false,
    version: 1, authorName: '委员', authorKind: 'MEMBER', authorKindLabel: '委员', organization: '雁江区政协', sector: null,
    createdAt: '2026-11-26T00:00:00Z', editedAt: null, mine: false, title: '标题', body: '内容', attachments: [], ...fields,
  }
}

function statement(id: number, fields: Partial<Statement> = {}): Statement {
  return {
    id, themeId: 1, body: '表述', status: 'VISIBLE', agree: 0, disagree: 0, pass: 0, authorKind: 'MEMBER',
    authorKindLabel: '委员', createdAt: '2026-11-26T00:00:00Z', mine: false, ...fields,
  }
}

describe('forum events', () => {
  it('updates counts and keeps my own vote', () => {
    const s: ThemeState = { threads: [], statements: [statement(5, { myVote: 1, agree: 1 })], open: null }
    applyForumEvent(s, { type: 'Counts', statements: [{ id: 5, agree: 3, disagree: 2, pass: 1 }, { id: 9, agree: 1, disagree: 0, pass: 0 }] })
    expect(s.statements).toHaveLength(1)
    expect(s.statements[0]).toMatchObject({ agree: 3, disagree: 2, pass: 1, myVote: 1 })
  })

  it('puts a new thread first and adds a reply to the open thread once', () => {
    const s: ThemeState = { threads: [post(1, { replies: 0 })], statements: [], open: { id: 1, posts: [post(1)] } }
    applyForumEvent(s, { type: 'PostShown', post: post(2) })
    expect(s.threads.map((t) => t.id)).toEqual([2, 1])
    const reply = post(3, { threadId: 1, parentId: 1, depth: 1, kind: 'REPLY', title: null })
    applyForumEvent(s, { type: 'PostShown', post: reply })
    applyForumEvent(s, { type: 'PostShown', post: reply })
    expect(s.open?.posts.map((p) => p.id)).toEqual([1, 3])
    expect(s.threads.find((t) => t.id === 1)?.replies).toBe(1)
  })

  it('an edit keeps that the post is mine; a removal hides others\' text only', () => {
    const s: ThemeState = { threads: [post(1, { mine: true }), post(2)], statements: [statement(7), statement(8, { mine: true })],
      open: { id: 2, posts: [post(2)] } }
    applyForumEvent(s, { type: 'PostShown', post: post(1, { body: '改过的内容', version: 2 }) })
    expect(s.threads[0]).toMatchObject({ mine: true, body: '改过的内容' })
    applyForumEvent(s, { type: 'Removed', targetType: 'POST', id: 2 })
    expect(s.threads.map((t) => t.id)).toEqual([1])
    expect(s.open?.posts[0]).toMatchObject({ status: 'HIDDEN', body: null })
    applyForumEvent(s, { type: 'Removed', targetType: 'STATEMENT', id: 7 })
    applyForumEvent(s, { type: 'Removed', targetType: 'STATEMENT', id: 8 })
    expect(s.statements.map((x) => x.id)).toEqual([8])
  })

  it('shares add up to the votes', () => {
    expect(shares({ agree: 1, disagree: 1, pass: 2 })).toEqual({ agree: 25, disagree: 25, pass: 50 })
    expect(shares({ agree: 0, disagree: 0, pass: 0 })).toEqual({ agree: 0, disagree: 0, pass: 0 })
  })
})
