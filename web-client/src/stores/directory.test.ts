import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useDirectory } from './directory'
import { useSession } from './session'

// The directory over a stubbed fetch: organisations are public (asked without a token), departments
// come inside the directory for those who may read it.
const asked: { path: string; auth: string | null }[] = []
beforeEach(() => {
  asked.length = 0
  setActivePinia(createPinia())
  vi.stubGlobal('fetch', vi.fn(async (path: string, init: RequestInit) => {
    asked.push({ path, auth: (init.headers as Record<string, string>).Authorization ?? null })
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
    if (path === '/api/auth/login') return json({ accessToken: 'a', tokenType: 'Bearer', refreshToken: 'r', expiresIn: 900,
      account: { id: 1, username: 'staff', displayName: 'S', roles: ['STAFF'], permissions: ['DIRECTORY_READ'] } })
    if (path === '/api/organizations') return json([{ id: 1, name: 'C', level: 'CITY', parentId: null }])
    if (path === '/api/directory') return json({ departments: [{ id: 8, name: 'D' }], organizations: [] })
    return new Response(null, { status: 404 })
  }))
})
afterEach(() => vi.unstubAllGlobals())

describe('directory store', () => {
  it('reads the organisations without a token and the departments from the directory with one', async () => {
    await useSession().login('staff', 'pw')
    const directory = useDirectory()
    await directory.loadOrganizations()
    await directory.loadDepartments()
    expect(directory.organizations.map((o) => o.level)).toEqual(['CITY'])
    expect(directory.departments).toEqual([{ id: 8, name: 'D' }])
    expect(asked.slice(1)).toEqual([{ path: '/api/organizations', auth: null }, { path: '/api/directory', auth: 'Bearer a' }])
  })
})
