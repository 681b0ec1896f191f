import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

// The live store's connection is the shared channel's: these check what the store adds to it.
class FakeBus {
  onopen: (() => void) | null = null
  onclose: (() => void) | null = null
  handlers: { address: string; callback: (err: unknown, msg: unknown) => void }[] = []
  sent: { address: string; body: unknown }[] = []
  registerHandler(address: string, _h: object, callback: (err: unknown, msg: unknown) => void) {
    this.handlers.push({ address, callback })
  }
  send(address: string, body: unknown, _h: object, reply: (err: unknown, msg: unknown) => void) {
    this.sent.push({ address, body })
    reply(null, { body: { seq: 9 } })
  }
  close() {}
}
const buses: FakeBus[] = []
vi.mock('../api/bus', () => ({
  openBus: async () => { const b = new FakeBus(); buses.push(b); return b },
  reconnectDelay: () => 1000,
}))
vi.mock('../api/http', async (original) => ({
  ...(await original<typeof import('../api/http')>()),
  api: async (path: string) => (path.includes('/events') ? [] : { seq: 0, status: 'LIVE' }),
}))

const { useLive } = await import('./live')

async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}

describe('live store', () => {
  beforeEach(() => { buses.length = 0; setActivePinia(createPinia()); vi.useFakeTimers() })

  it('listens to the session and sends commands over the open channel', async () => {
    const live = useLive()
    live.join(5)
    await settle()
    expect(live.status).toBe('connecting')
    buses[0].onopen!()
    expect(live.status).toBe('open')
    expect(buses[0].handlers.map((h) => h.address)).toEqual(['live.5.events'])
    await expect(live.send('RaiseHand', {}, 'k1')).resolves.toEqual({ seq: 9 })
    expect(buses[0].sent).toEqual([{ address: 'live.5.cmd', body: { type: 'RaiseHand', clientId: 'k1' } }])
  })

  it('stops listening and says why when the chair removes the person', async () => {
    const live = useLive()
    live.join(5)
    await settle()
    buses[0].onopen!()
    buses[0].handlers[0].callback({ message: 'revoked' }, null)
    expect(live.status).toBe('closed')
    expect(live.error?.type).toBe('removed')
    expect(live.removedMe).toBe(true)
    vi.advanceTimersByTime(10_000)
    await settle()
    expect(buses).toHaveLength(1)
  })
})
