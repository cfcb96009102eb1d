/// <reference types="vite/client" />
import type { LabBridge } from '@shared/contract'

declare global {
  interface Window {
    /** Present in the desktop app (exposed by the preload); absent in browser mode. */
    lab?: LabBridge
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
