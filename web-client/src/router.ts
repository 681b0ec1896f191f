import { createRouter, createWebHistory } from 'vue-router'
import { useSession } from './stores/session'

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
    { path: '/register', component: () => import('./views/RegisterView.vue'), meta: { public: true } },
    { path: '/join/:token', component: () => import('./views/JoinView.vue'), meta: { public: true } },
    { path: '/', component: () => import('./views/HomeView.vue') },
    { path: '/activities/:id(\\d+)', component: () => import('./views/ActivityView.vue') },
    { path: '/live/:id(\\d+)', component: () => import('./views/LiveView.vue') },
    { path: '/themes/:id(\\d+)', component: () => import('./views/ThemeView.vue') },
    { path: '/pools/:id(\\d+)', component: () => import('./views/PoolView.vue') },
    { path: '/reports', component: () => import('./views/ReportsView.vue') },
    { path: '/reports/:id(\\d+)', component: () => import('./views/ReportView.vue') },
    { path: '/drafts/:id(\\d+)', component: () => import('./views/DraftView.vue') },
    { path: '/ledger', component: () => import('./views/LedgerView.vue') },
    { path: '/ledger/:id(\\d+)', component: () => import('./views/LedgerView.vue') },
  ],
})

router.beforeEach(async (to) => {
  const session = useSession()
  await session.resume()
  if (!to.meta.public && !session.signedIn) {
    return { path: '/login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
  }
  return true
})
