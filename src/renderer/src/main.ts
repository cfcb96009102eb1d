import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { captureToken } from './api/client'
import { router } from './router'
import './styles/base.css'

if (!window.lab) captureToken()

createApp(App).use(createPinia()).use(router).mount('#app')
