import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n } from '../../i18n'
import JoinView from '../../views/JoinView.vue'
import LedgerView from '../../views/LedgerView.vue'
import ReportsView from '../../views/ReportsView.vue'

function problem(status: number, body: Record<string, unknown>) {
  return new Response(JSON.stringify({ status, ...body }), { status, headers: { 'Content-Type': 'application/problem+json' } })
}

async function mountAt(path: string, component: object) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({ history: createMemoryHistory(), routes: [
    { path: '/', component: { template: '<p>home</p>' } },
    { path: '/login', component: { template: '<p>login</p>' } },
    { path: '/join/:token', component },
    { path: '/ledger', component },
    { path: '/reports', component }] })
  router.push(path)
  await router.isReady()
  const wrapper = mount(component, { global: { plugins: [pinia, i18n, router, ElementPlus] } })
  await flushPromises()
  return wrapper
}

const FORBIDDEN_LEDGER = { type: 'urn:xieshang:problem:forbidden', title: '无权执行此操作',
  detail: '只有委室工作人员、主席会议成员和承办部门可以查看台账。您的意见交办后，可从通知中打开对应的交办事项。' }

afterEach(() => vi.unstubAllGlobals())

describe('a refused page', () => {
  it('tells a broken invitation link in plain words, without the field code', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => problem(422, { type: 'urn:xieshang:problem:validation', title: '请求内容有误',
      detail: 'token: 至少 20 个字', errors: [{ field: 'token', message: '至少 20 个字' }] })))
    const wrapper = await mountAt('/join/short', JoinView)
    expect(wrapper.find('h1').text()).toBe('无法进入会议')
    expect(wrapper.find('[data-test="refusal-text"]').text()).toBe('邀请链接无效或已过期，请联系委室工作人员重新发送，或改用账号登录。')
    expect(wrapper.text()).not.toContain('token')
    expect(wrapper.text()).not.toContain('20')
    expect(wrapper.find('[data-test="join-login"]').exists()).toBe(true)
  })

  it('shows only why the ledger is closed and the way home, not an empty list', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => problem(403, FORBIDDEN_LEDGER)))
    const wrapper = await mountAt('/ledger', LedgerView)
    expect(wrapper.find('h1').text()).toBe('您无权查看此页面')
    expect(wrapper.find('[data-test="refusal-text"]').text()).toBe(FORBIDDEN_LEDGER.detail)
    expect(wrapper.find('[data-test="refusal-home"]').attributes('href')).toBe('/')
    expect(wrapper.text()).not.toContain(i18n.global.t('ledger.empty'))
    expect(wrapper.text()).not.toContain(i18n.global.t('ledger.filters.all'))
    expect(wrapper.findAll('h1')).toHaveLength(1)
  })

  it('never shows a permission code, even when the server sends one', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => problem(403, { type: 'urn:xieshang:problem:forbidden', title: '无权执行此操作',
      detail: '需要权限：REPORT_MANAGE' })))
    const wrapper = await mountAt('/reports', ReportsView)
    expect(wrapper.find('h1').text()).toBe('您无权查看此页面')
    expect(wrapper.text()).not.toContain('REPORT_MANAGE')
    expect(wrapper.text()).not.toContain(i18n.global.t('reports.list.heading'))
    expect(wrapper.find('[data-test="refusal-home"]').exists()).toBe(true)
  })
})
