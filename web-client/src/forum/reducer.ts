import type { ForumEvent, Post, Statement, ThemeState } from './types'

/**
 * Applies one event of forum.<id>.events to the page's state. Events carry what every reader may see;
 * what only this reader knows (their own vote, that a post is theirs) is kept.
 */
export function applyForumEvent(s: ThemeState, e: ForumEvent): void {
  switch (e.type) {
    case 'Counts':
      for (const c of e.statements) {
        const st = s.statements.find((x) => x.id === c.id)
        if (st) Object.assign(st, { agree: c.agree, disagree: c.disagree, pass: c.pass })
      }
      break
    case 'PostShown':
      showPost(s, e.post)
      break
    case 'StatementShown':
      upsert(s.statements, e.statement, (old, next) => ({ ...next, mine: old.mine, myVote: old.myVote }), false)
      break
    case 'Removed':
      if (e.targetType === 'STATEMENT') {
        s.statements = s.statements.filter((x) => x.id !== e.id || x.mine)
      } else {
        s.threads = s.threads.filter((x) => x.id !== e.id || x.mine)
        if (s.open) {
          for (const p of s.open.posts) {
            if (p.id === e.id && !p.mine) Object.assign(p, { status: 'HIDDEN', body: null, title: null, authorName: null })
          }
        }
      }
      break
  }
}

function showPost(s: ThemeState, post: Post) {
  const keep = (old: Post, next: Post): Post => ({ ...next, mine: old.mine, replies: old.replies ?? next.replies })
  if (post.parentId === null) {
    upsert(s.threads, { ...post, replies: post.replies ?? 0 }, keep, true)
  }
  const root = post.threadId ?? post.id
  if (s.open && s.open.id === root) {
    const isNew = !s.open.posts.some((p) => p.id === post.id)
    upsert(s.open.posts, post, keep, false)
    s.open.posts.sort((a, b) => a.id - b.id)
    if (isNew && post.parentId !== null) {
      const thread = s.threads.find((t) => t.id === root)
      if (thread) thread.replies = (thread.replies ?? 0) + 1
    }
  } else if (post.parentId !== null) {
    const thread = s.threads.find((t) => t.id === root)
    if (thread) thread.replies = (thread.replies ?? 0) + 1
  }
}

function upsert<T extends { id: number }>(list: T[], item: T, merge: (old: T, next: T) => T, first: boolean) {
  const i = list.findIndex((x) => x.id === item.id)
  if (i >= 0) list[i] = merge(list[i], item)
  else if (first) list.unshift(item)
  else list.push(item)
}

/** Share of agree / disagree / pass among the votes, in whole per cent. */
export function shares(st: Pick<Statement, 'agree' | 'disagree' | 'pass'>): { agree: number; disagree: number; pass: number } {
  const total = st.agree + st.disagree + st.pass
  if (total === 0) return { agree: 0, disagree: 0, pass: 0 }
  return {
    agree: Math.round((100 * st.agree) / total),
    disagree: Math.round((100 * st.disagree) / total),
    pass: Math.round((100 * st.pass) / total),
  }
}
