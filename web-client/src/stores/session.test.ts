import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useSession } from './session'

afterEach(() => vi.unstubAllGlobals())

describe('useSession().can', () => {
  it('answers from the permissions the server sent with the account, not from its roles', async () => {
    setActivePinia(createPinia())
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({
      accessToken: 'a', tokenType: 'Bearer', refreshToken: 'r', expiresIn: 900,
      account: { id: 5, username: 'official-nyj', displayName: '农业局', roles: ['OFFICIAL'],
        permissions: ['DIRECTORY_READ', 'LEDGER_HANDLE'] },
    }), { status: 200, headers: { 'Content-Type': 'application/json' } })))
    const session = useSession()
    expect(session.can('DIRECTORY_READ')).toBe(false)
    await session.login('official-nyj', 'xieshang2026')
    expect(session.can('LEDGER_HANDLE')).toBe(true)
    expect(session.can('REPORT_MANAGE')).toBe(false)
    await session.logout().catch(() => undefined)
    expect(session.can('LEDGER_HANDLE')).toBe(false)
  })
})
