import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useNotice } from './useNotice'

describe('useNotice', () => {
  beforeEach(() => { vi.useFakeTimers() })
  afterEach(() => { vi.useRealTimers() })

  it('clears a success message after a while, and a new one starts the wait again', () => {
    const notice = useNotice(1000)
    notice.value = '已保存'
    vi.advanceTimersByTime(600)
    expect(notice.value).toBe('已保存')
    notice.value = '已交办'
    vi.advanceTimersByTime(600)
    expect(notice.value).toBe('已交办')
    vi.advanceTimersByTime(500)
    expect(notice.value).toBe('')
  })
})
