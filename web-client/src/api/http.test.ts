import { afterEach, describe, expect, it, vi } from 'vitest'
import { api, ApiError, useTokens } from './http'

function reply(status: number, body: unknown, type = 'application/json') {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': type } })
}

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p
  } catch (e) {
    return e as ApiError
  }
  throw new Error('expected a refusal')
}

afterEach(() => {
  vi.unstubAllGlobals()
  useTokens(null)
})

describe('api', () => {
  it('turns problem+json into an ApiError with the fields at fault', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => reply(422, {
      type: 'urn:xieshang:problem:validation', title: '请求内容有误', status: 422,
      errors: [{ field: 'phone', message: '格式不正确' }],
    }, 'application/problem+json')))
    const error = await refusal(api('/api/x', { body: {} }))
    expect(error).toBeInstanceOf(ApiError)
    expect(error.type).toBe('validation')
    expect(error.title).toBe('请求内容有误')
    expect(error.fieldMessage('phone')).toBe('格式不正确')
  })

  it('reports a lost network as status 0 in Chinese', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch') }))
    const error = await refusal(api('/api/x'))
    expect(error.status).toBe(0)
    expect(error.title).toBe('无法连接服务器')
  })

  it('refreshes an expired token once and repeats the request', async () => {
    let token = 'old'
    const fetchMock = vi.fn(async (_path: string, init: RequestInit) => {
      const auth = (init.headers as Record<string, string>).Authorization
      return auth === 'Bearer new' ? reply(200, { ok: true }) : reply(401, { title: '未登录或登录已失效' })
    })
    vi.stubGlobal('fetch', fetchMock)
    useTokens({ accessToken: () => token, refresh: async () => { token = 'new'; return true } })
    await expect(api('/api/me')).resolves.toEqual({ ok: true })
    expect(fetchMock).toHaveBeenCalledTimes(2)
  })

  it('gives up when the refresh fails', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => reply(401, { title: '未登录或登录已失效' })))
    useTokens({ accessToken: () => 'old', refresh: async () => false })
    const error = await refusal(api('/api/me'))
    expect(error.status).toBe(401)
  })

  it('carries Retry-After seconds of a rate limit', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => reply(429, { title: '登录失败次数过多，请稍后再试', retryAfter: 30 })))
    const error = await refusal(api('/api/auth/login', { body: {} }))
    expect(error.retryAfter).toBe(30)
  })

  it('never shows a field name or a permission code in its message', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => reply(422, {
      type: 'urn:xieshang:problem:validation', title: '请求内容有误', status: 422, detail: 'token: 至少 20 个字',
      errors: [{ field: 'token', message: '至少 20 个字' }],
    }, 'application/problem+json')))
    const invalid = await refusal(api('/api/x', { body: {} }))
    expect(invalid.message).toBe('请求内容有误：至少 20 个字')
    expect(invalid.explanation).toBe('至少 20 个字')
    vi.stubGlobal('fetch', vi.fn(async () => reply(403, {
      type: 'urn:xieshang:problem:forbidden', title: '无权执行此操作', status: 403, detail: '需要权限：REPORT_MANAGE',
    }, 'application/problem+json')))
    const coded = await refusal(api('/api/reports/1'))
    expect(coded.message).toBe('无权执行此操作')
    expect(coded.explanation).toBe('')
    vi.stubGlobal('fetch', vi.fn(async () => reply(403, {
      type: 'urn:xieshang:problem:forbidden', title: '无权执行此操作', status: 403,
      detail: '只有委室工作人员和主席会议成员可以查看和编写协商报告。',
    }, 'application/problem+json')))
    const plain = await refusal(api('/api/reports/1'))
    expect(plain.message).toBe('无权执行此操作：只有委室工作人员和主席会议成员可以查看和编写协商报告。')
  })
})
