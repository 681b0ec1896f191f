import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import { createMemoryHistory, createRouter } from 'vue-router'
import LoginView from './LoginView.vue'
import { i18n } from '../i18n'

function mountLogin() {
  const router = createRouter({ history: createMemoryHistory(), routes: [
    { path: '/login', component: LoginView }, { path: '/', component: { template: '<p>home</p>' } },
    { path: '/register', component: { template: '<p>reg</p>' } }] })
  router.push('/login')
  return { router, wrapper: mount(LoginView, { global: { plugins: [createPinia(), i18n, router, ElementPlus] } }) }
}

afterEach(() => vi.unstubAllGlobals())

describe('LoginView', () => {
  it('shows the server refusal in Chinese and keeps what was typed', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({
      type: 'urn:xieshang:problem:login-failed', title: '用户名或密码错误', status: 401,
    }), { status: 401, headers: { 'Content-Type': 'application/problem+json' } })))
    const { wrapper, router } = mountLogin()
    await router.isReady()
    await wrapper.find('#login-username').setValue('member01')
    await wrapper.find('#login-password').setValue('wrong')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test="login-error"]').text()).toContain('用户名或密码错误')
    expect((wrapper.find('#login-username').element as HTMLInputElement).value).toBe('member01')
  })

  it('puts field errors next to their fields', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({
      type: 'urn:xieshang:problem:validation', title: '请求内容有误', status: 422,
      errors: [{ field: 'username', message: '必填' }],
    }), { status: 422, headers: { 'Content-Type': 'application/problem+json' } })))
    const { wrapper, router } = mountLogin()
    await router.isReady()
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).toContain('必填')
  })

  it('signs in and goes home', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({
      accessToken: 'a', refreshToken: 'r', expiresIn: 900,
      account: { id: 1, username: 'chair', displayName: '王正清', roles: ['CHAIR'] },
    }), { status: 200, headers: { 'Content-Type': 'application/json' } })))
    const { wrapper, router } = mountLogin()
    await router.isReady()
    await wrapper.find('#login-username').setValue('chair')
    await wrapper.find('#login-password').setValue('xieshang2026')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/')
    expect(localStorage.getItem('xieshang.refresh')).toBe('r')
  })
})
