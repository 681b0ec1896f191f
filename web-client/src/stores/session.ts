import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, useTokens } from '../api/http'
import type { Account, Permission, Session } from '../api/types'

const REFRESH_KEY = 'xieshang.refresh'

/** Who is signed in. The access token lives in memory only; the refresh token survives a reload. */
export const useSession = defineStore('session', () => {
  const account = ref<Account | null>(null)
  const accessToken = ref<string | null>(null)
  const signedIn = computed(() => account.value !== null)
  /** Whether the account holds a permission: the server lists what its roles grant (docs/roles.md). */
  function can(permission: Permission): boolean {
    return account.value?.permissions.includes(permission) ?? false
  }
  let refreshing: Promise<boolean> | null = null

  function accept(session: Session) {
    account.value = session.account
    accessToken.value = session.accessToken
    localStorage.setItem(REFRESH_KEY, session.refreshToken)
  }

  function clear() {
    account.value = null
    accessToken.value = null
    localStorage.removeItem(REFRESH_KEY)
  }

  async function refresh(): Promise<boolean> {
    const token = localStorage.getItem(REFRESH_KEY)
    if (!token) return false
    refreshing ??= api<Session>('/api/auth/refresh', { body: { refreshToken: token }, auth: false })
      .then((s) => {
        accept(s)
        return true
      })
      .catch(() => {
        clear()
        return false
      })
      .finally(() => {
        refreshing = null
      })
    return refreshing
  }

  useTokens({ accessToken: () => accessToken.value, refresh })

  async function login(username: string, password: string) {
    accept(await api<Session>('/api/auth/login', { body: { username, password }, auth: false }))
  }

  async function register(phone: string, code: string, displayName: string, password: string) {
    accept(await api<Session>('/api/auth/register', { body: { phone, code, displayName, password }, auth: false }))
  }

  /** Opens an invitation link; returns the activity it is for. */
  async function joinByInvitation(token: string): Promise<number> {
    const s = await api<Session & { activityId: number }>('/api/auth/invitation', { body: { token }, auth: false })
    accept(s)
    return s.activityId
  }

  async function logout() {
    const token = localStorage.getItem(REFRESH_KEY)
    try {
      if (token && accessToken.value) await api('/api/auth/logout', { body: { refreshToken: token } })
    } finally {
      clear()
    }
  }

  /** On start: resume from the stored refresh token, if any. */
  async function resume(): Promise<void> {
    if (!account.value) await refresh()
  }

  return { account, accessToken, signedIn, can, login, register, joinByInvitation, logout, resume, refresh }
})
