import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import { api } from '../api/http'
import { applyForumEvent } from '../forum/reducer'
import type { ForumEvent, Post, Statement, Theme, ThemeState } from '../forum/types'

export interface SearchResults { posts: Post[]; statements: Statement[]; highlight: string[] }
export interface PostVersion { version: number; body: string; writtenAt: string }

/**
 * One online theme (网络议政) as its page shows it: the theme, its threads and statements kept current
 * by forum.<id>.events (applyForumEvent), the thread being read, and what a participant does there.
 * Actions send to the server and fold the answer in as the event the others receive; they throw the
 * server's refusal (ApiError) for the page to show beside the form.
 */
export const useForum = defineStore('forum', () => {
  const themeId = ref(0)
  const theme = ref<Theme | null>(null)
  const state = reactive<ThemeState>({ threads: [], statements: [], open: null })
  const loading = ref(false)
  const versions = ref<PostVersion[]>([])
  const results = ref<SearchResults | null>(null)

  const isOpen = computed(() => theme.value?.state === 'OPEN')
  const guidance = computed(() => state.threads.filter((p) => p.kind === 'GUIDANCE'))
  const threads = computed(() => state.threads.filter((p) => p.kind !== 'GUIDANCE'))

  /** Starts on a theme: nothing of another theme's page is kept. */
  function enter(id: number) {
    themeId.value = id
    theme.value = null
    Object.assign(state, { threads: [], statements: [], open: null })
    versions.value = []
    results.value = null
  }

  /** The theme, its threads and statements, and the open thread again (after every (re)connection). */
  async function load() {
    loading.value = true
    try {
      const detail = await api<Theme>(`/api/themes/${themeId.value}`)
      theme.value = detail
      state.threads = detail.threads ?? []
      state.statements = await api<Statement[]>(`/api/themes/${themeId.value}/statements`)
      if (state.open) await openThread(state.open.id)
    } finally {
      loading.value = false
    }
  }

  function apply(e: ForumEvent) {
    applyForumEvent(state, e)
  }

  async function openThread(id: number) {
    state.open = { id, posts: await api<Post[]>(`/api/threads/${id}`) }
  }

  async function post(body: { title?: string; body: string; parentId?: number; guidance?: boolean }, key: string): Promise<Post> {
    const p = await api<Post>(`/api/themes/${themeId.value}/posts`, { body, headers: { 'Idempotency-Key': key } })
    apply({ type: 'PostShown', post: body.parentId === undefined ? { ...p, replies: 0 } : p })
    return p
  }

  async function edit(id: number, body: string): Promise<Post> {
    const p = await api<Post>(`/api/posts/${id}`, { method: 'PUT', body: { body } })
    apply({ type: 'PostShown', post: p })
    return p
  }

  // withdrawing and featuring change what the page lists: the caller reloads (load) afterwards
  async function withdraw(p: Post) {
    await api(`/api/posts/${p.id}`, { method: 'DELETE' })
  }

  async function feature(p: Post) {
    await api(`/api/posts/${p.id}/featured`, { method: 'PUT', body: { featured: !p.featured } })
  }

  async function report(targetType: 'POST' | 'STATEMENT', targetId: number, reason: string) {
    await api(`/api/themes/${themeId.value}/reports`, { body: { targetType, targetId, reason } })
  }

  async function loadVersions(p: Post) {
    versions.value = await api<PostVersion[]>(`/api/posts/${p.id}/versions`)
  }

  async function addStatement(body: string, key: string): Promise<Statement> {
    const s = await api<Statement>(`/api/themes/${themeId.value}/statements`, { body: { body },
      headers: { 'Idempotency-Key': key } })
    apply({ type: 'StatementShown', statement: s })
    return s
  }

  /** The person's vote on a statement, as the voting component sent it. */
  function voted(id: number, vote: number) {
    const s = state.statements.find((x) => x.id === id)
    if (s) s.myVote = vote
  }

  /** The online themes the reader may see, for the home page. */
  const themes = ref<Theme[]>([])

  /** Nothing of an earlier list (another reader's) is kept while it loads. */
  async function loadThemes() {
    themes.value = []
    themes.value = await api<Theme[]>('/api/themes')
  }

  async function search(q: string) {
    results.value = await api<SearchResults>(`/api/themes/${themeId.value}/search?q=${encodeURIComponent(q)}`)
  }

  return { themeId, theme, state, loading, versions, results, isOpen, guidance, threads, themes,
    enter, load, loadThemes, apply, openThread, post, edit, withdraw, feature, report, loadVersions, addStatement, voted, search }
})

/** Whether what the person just wrote waits for a moderator (先审后发) or is shown. */
export function isHeld(p: Post | Statement): boolean {
  return p.status === 'PENDING'
}
