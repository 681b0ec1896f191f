import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api } from '../api/http'

/** A notice (通知) to the signed-in person, as the server sends it. */
export interface Notice {
  id: number
  kind: string
  title: string
  body: string
  link: string | null
  createdAt: string
  read: boolean
}

export interface InboxPage {
  notices: Notice[]
  unread: number
}

/** Adds a pushed notice to a page of notices, newest first; a notice already there changes nothing. */
export function withNotice(page: InboxPage, notice: Notice): InboxPage {
  if (page.notices.some((n) => n.id === notice.id)) return page
  return {
    notices: [notice, ...page.notices].sort((a, b) => b.id - a.id),
    unread: page.unread + (notice.read ? 0 : 1),
  }
}

/** The signed-in person's notices: loaded over HTTP, new ones pushed on user.<accountId>.inbox. */
export const useInbox = defineStore('inbox', () => {
  const page = ref<InboxPage>({ notices: [], unread: 0 })

  async function load() {
    page.value = await api<InboxPage>('/api/inbox')
  }

  function pushed(notice: Notice) {
    page.value = withNotice(page.value, notice)
  }

  async function markAllRead() {
    const newest = page.value.notices[0]
    if (!newest || page.value.unread === 0) return
    await api('/api/inbox/read', { body: { upTo: newest.id } })
    page.value = { notices: page.value.notices.map((n) => ({ ...n, read: true })), unread: 0 }
  }

  /** Opening a notice reads it. */
  async function markRead(id: number) {
    const n = page.value.notices.find((x) => x.id === id)
    if (!n || n.read) return
    await api(`/api/inbox/${id}/read`, { method: 'POST' })
    page.value = { notices: page.value.notices.map((x) => (x.id === id ? { ...x, read: true } : x)),
      unread: Math.max(0, page.value.unread - 1) }
  }

  return { page, load, pushed, markAllRead, markRead }
})
