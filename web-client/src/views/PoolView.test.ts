import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n } from '../i18n'
import { useSession } from '../stores/session'
import PoolView from './PoolView.vue'

const POOL = { id: 1, title: '群众代表报名', topic: '农村生活污水治理', activityId: 1, viewpointQuestion: null,
  viewpointOptions: [], eligibleCounties: [], eligibleAgeBands: [], open: true, volunteers: null, registered: false,
  phase: 'OPEN', canVolunteer: true, canPrepare: false, canDraw: false, activityTitle: '远程协商会' }

async function poolAs(roles: string[]) {
  vi.stubGlobal('fetch', vi.fn(async (path: string) =>
    new Response(JSON.stringify(path === '/api/pools' ? [POOL] : []), { status: 200, headers: { 'Content-Type': 'application/json' } })))
  const pinia = createPinia()
  setActivePinia(pinia)
  useSession().account = { id: 9, username: 'x', displayName: '某人', roles, permissions: [] } as never
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/pools/:id', component: PoolView }] })
  router.push('/pools/1')
  await router.isReady()
  const wrapper = mount(PoolView, { global: { plugins: [pinia, i18n, router, ElementPlus] } })
  await flushPromises()
  return wrapper
}

afterEach(() => vi.unstubAllGlobals())

describe('PoolView sign-up', () => {
  it('offers the sign-up form to the public', async () => {
    const wrapper = await poolAs(['PUBLIC'])
    expect(wrapper.find('[data-test="volunteer"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="volunteer-not-for-you"]').exists()).toBe(false)
  })

  it.each([['MEMBER'], ['EXPERT'], ['OFFICIAL'], ['VENUE_HOST']])('tells a %s why there is no sign-up form', async (role) => {
    const wrapper = await poolAs([role])
    expect(wrapper.find('[data-test="volunteer"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="volunteer-not-for-you"]').text()).toBe(i18n.global.t('pools.notForYou'))
  })
})
