declare module '@vertx/eventbus-bridge-client.js' {
  export default class EventBus {
    constructor(url: string, options?: Record<string, unknown>)
    state: number
    onopen: (() => void) | null
    onclose: ((e?: unknown) => void) | null
    onerror: ((e: unknown) => void) | null
    registerHandler(address: string, headers: Record<string, string>, cb: (err: unknown, msg: { body: unknown }) => void): void
    send(address: string, message: unknown, headers: Record<string, string>,
         cb: (err: { failureCode?: number; message?: string } | null, reply: { body: unknown }) => void): void
    enableReconnect(enable: boolean): void
    close(): void
    static OPEN: number
  }
}
