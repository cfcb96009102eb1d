import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import DashboardView from '@/features/dashboard/DashboardView.vue'

/**
 * Hash history: the app is served from `app://mlops-lab/index.html` in Electron and from a static
 * host in browser mode, and moving between views must never be a navigation (security.ts blocks those).
 */
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'dashboard', component: DashboardView, meta: { title: 'Dashboard', nav: true, icon: 'home' } },
  {
    path: '/labs',
    name: 'labs',
    component: () => import('@/features/labs/LabsView.vue'),
    meta: { title: 'Labs', nav: true, icon: 'labs' }
  },
  { path: '/labs/:labId', name: 'lab', component: () => import('@/features/labs/LabPlayerView.vue'), meta: { title: 'Lab' } },
  {
    path: '/sandbox',
    name: 'sandbox',
    component: () => import('@/features/sandbox/SandboxView.vue'),
    meta: { title: 'Sandbox', nav: true, icon: 'sandbox' }
  },
  {
    path: '/compare',
    name: 'compare',
    component: () => import('@/features/compare/CompareView.vue'),
    meta: { title: 'Compare', nav: true, icon: 'compare' }
  },
  {
    path: '/rightsizing',
    name: 'rightsizing',
    component: () => import('@/features/cost/RightsizingView.vue'),
    meta: { title: 'Rightsizing', nav: true, icon: 'cost' }
  },
  {
    path: '/monitoring',
    name: 'monitoring',
    component: () => import('@/features/monitoring/MonitoringView.vue'),
    meta: { title: 'Monitoring', nav: true, icon: 'monitor' }
  },
  {
    path: '/settings',
    name: 'settings',
    component: () => import('@/features/settings/SettingsView.vue'),
    meta: { title: 'Settings', nav: true, icon: 'settings' }
  },
  { path: '/:pathMatch(.*)*', redirect: '/' }
]

export const router = createRouter({ history: createWebHashHistory(), routes })

router.afterEach((to) => {
  const title = typeof to.meta.title === 'string' ? to.meta.title : ''
  document.title = title ? `${title} · MLOps Lab` : 'MLOps Lab'
})
