import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { API_CLIENT } from './api/api-client'
import { createHostClient } from './api/client'
import { router } from './router'
import './styles/base.css'

createApp(App).provide(API_CLIENT, createHostClient(window.lab)).use(createPinia()).use(router).mount('#app')
