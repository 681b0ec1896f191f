// The one way the client talks to /api: JSON in and out, problem+json turned into ApiError,
// the access token attached, and one silent refresh when it has expired.
import { i18n } from '../i18n'

export interface FieldError {
  field: string
  message: string
}

/** A refusal from the server (RFC 9457 problem), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly type: string,
    public readonly title: string,
    public readonly detail: string | undefined,
    public readonly errors: FieldError[],
    public readonly retryAfter?: number,
  ) {
    super(readableMessage(title, detail, errors))
  }

  /** The server's explanation in plain words (its detail or first field message), or '' when it has none readable. */
  get explanation(): string {
    return readable(this.errors.length ? this.errors[0].message : this.detail) ?? ''
  }

  /** The message for one field, if the server named it. */
  fieldMessage(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message
  }

  static network(): ApiError {
    return new ApiError(0, 'network', i18n.global.t('error.network'), i18n.global.t('error.networkDetail'), [])
  }
}

// what a person may read of a refusal: never a field's name ("token: …") or a permission's code (REPORT_MANAGE)
const FIELD_PREFIX = /^[A-Za-z_$][\w.$[\]]*: /
const CODE = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/

function readable(text: string | undefined): string | undefined {
  const plain = text?.replace(FIELD_PREFIX, '').trim()
  return plain && !CODE.test(plain) ? plain : undefined
}

/** The sentence shown for a refusal: its title, and the server's detail (or first field message) when readable. */
export function readableMessage(title: string, detail: string | undefined, errors: FieldError[] = []): string {
  const said = readable(errors.length ? errors[0].message : detail)
  return said ? i18n.global.t('common.labelled', { label: title, value: said }) : title
}

export interface TokenSource {
  accessToken(): string | null
  refresh(): Promise<boolean>
}

let tokens: TokenSource | null = null

export function useTokens(source: TokenSource | null): void {
  tokens = source
}

export async function toApiError(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {}
  try {
    body = await response.json()
  } catch {
    // not JSON: fall back to the status
  }
  const type = typeof body.type === 'string' ? body.type.replace('urn:xieshang:problem:', '') : 'http-' + response.status
  const title = typeof body.title === 'string' ? body.title : i18n.global.t('error.status', { status: response.status })
  const errors = Array.isArray(body.errors) ? (body.errors as FieldError[]) : []
  const retry = typeof body.retryAfter === 'number' ? body.retryAfter : undefined
  return new ApiError(response.status, type, title, typeof body.detail === 'string' ? body.detail : undefined, errors, retry)
}

export interface RequestOptions {
  method?: string
  body?: unknown
  raw?: Blob | ArrayBuffer
  contentType?: string
  auth?: boolean
  /** extra request headers, e.g. Idempotency-Key */
  headers?: Record<string, string>
}

export async function api<T>(path: string, options: RequestOptions = {}, retried = false): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers }
  let body: BodyInit | undefined
  if (options.raw !== undefined) {
    body = options.raw
    headers['Content-Type'] = options.contentType ?? 'application/octet-stream'
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['Content-Type'] = 'application/json'
  }
  const token = options.auth === false ? null : tokens?.accessToken()
  if (token) headers.Authorization = `Bearer ${token}`
  let response: Response
  try {
    response = await fetch(path, { method: options.method ?? (body ? 'POST' : 'GET'), headers, body })
  } catch {
    throw ApiError.network()
  }
  if (response.status === 401 && token && !retried && tokens && (await tokens.refresh())) {
    return api<T>(path, options, true)
  }
  if (!response.ok) throw await toApiError(response)
  if (response.status === 204) return undefined as T
  return (await response.json()) as T
}

/** Downloads a file from /api with the access token and saves it under the name given; a refusal is an ApiError. */
export async function downloadFile(path: string, fileName: string, retried = false): Promise<void> {
  const token = tokens?.accessToken()
  let response: Response
  try {
    response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} })
  } catch {
    throw ApiError.network()
  }
  if (response.status === 401 && token && !retried && tokens && (await tokens.refresh())) {
    return downloadFile(path, fileName, true)
  }
  if (!response.ok) throw await toApiError(response)
  const url = URL.createObjectURL(await response.blob())
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.click()
  URL.revokeObjectURL(url)
}
