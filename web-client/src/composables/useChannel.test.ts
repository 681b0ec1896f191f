import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

// A stand-in for the event bus the server's bridge gives: the test opens and drops it by hand.
class FakeBus {
  onopen: (() => void) | null = null
  onclose: (() => void) | null = null
  handlers: { address: string; callback: (err: unknown, msg: unknown) => void }[] = []
  closed = false
  registerHandler(address: string, _headers: object, callback: (err: unknown, msg: unknown) => void) {
    this.handlers.push({ address, callback })
  }
  close() { this.closed = true }
}

const opened: { bus: FakeBus; reconnecting: boolean }[] = []
vi.mock('../api/bus', () => ({
  openBus: async (reconnecting: boolean) => {
    const bus = new FakeBus()
    opened.push({ bus, reconnecting })
    return bus
  },
  reconnectDelay: () => 1000,
}))

const { openChannel } = await import('./useChannel')

async function settle() {
  await Promise.resolve()
  await Promise.resolve()
}

describe('openChannel', () => {
  beforeEach(() => { opened.length = 0; vi.useFakeTimers() })
  afterEach(() => { vi.useRealTimers() })

  it('registers the address, then reloads, and passes every message on', async () => {
    const events: string[] = []
    let opens = 0
    const channel = openChannel<string>('live.7.events', { onEvent: (e) => events.push(e), onOpen: () => opens++ })
    await settle()
    expect(channel.status.value).toBe('connecting')
    expect(channel.bus()).toBeNull()
    opened[0].bus.onopen!()
    expect(channel.status.value).toBe('open')
    expect(opened[0].bus.handlers.map((h) => h.address)).toEqual(['live.7.events'])
    expect(opens).toBe(1)
    opened[0].bus.handlers[0].callback(null, { body: 'FloorGranted' })
    expect(events).toEqual(['FloorGranted'])
    expect(channel.bus()).toBe(opened[0].bus)
  })

  it('reconnects after a drop, with a fresh token, and reloads again', async () => {
    let opens = 0
    let closes = 0
    const channel = openChannel('forum.3.events', { onEvent: () => {}, onOpen: () => opens++, onClose: () => closes++ })
    await settle()
    opened[0].bus.onopen!()
    opened[0].bus.onclose!()
    expect(channel.status.value).toBe('closed')
    expect(closes).toBe(1)
    expect(opened).toHaveLength(1)
    vi.advanceTimersByTime(1000)
    await settle()
    expect(opened.map((o) => o.reconnecting)).toEqual([false, true])
    opened[1].bus.onopen!()
    expect(opens).toBe(2)
    expect(channel.status.value).toBe('open')
  })

  it('stays closed once stopped, even when it was still connecting', async () => {
    const channel = openChannel('user.1.inbox', { onEvent: () => {}, onOpen: () => {} })
    channel.stop()
    await settle()
    expect(opened[0].bus.closed).toBe(true)
    expect(channel.status.value).toBe('closed')
    vi.advanceTimersByTime(10_000)
    expect(opened).toHaveLength(1)
  })

  it('tells the caller when the server ends the registration', async () => {
    const errors: (string | undefined)[] = []
    openChannel('live.7.events', { onEvent: () => {}, onOpen: () => {}, onError: (e) => errors.push(e.message) })
    await settle()
    opened[0].bus.onopen!()
    opened[0].bus.handlers[0].callback({ message: 'revoked' }, null)
    expect(errors).toEqual(['revoked'])
  })
})
