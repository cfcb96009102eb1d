/**
 * The preload exposes `window.lab`: one function per contract channel, each a plain
 * `ipcRenderer.invoke` on that channel's prefixed name, and nothing else (no ipcRenderer, no
 * generic send). Bundled whole, so it runs in the sandboxed renderer.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { CHANNELS, IPC_PREFIX } from '../shared/contract'

const bridge: Record<string, (request: unknown) => Promise<unknown>> = {}
for (const channel of CHANNELS) {
  bridge[channel] = (request: unknown) => ipcRenderer.invoke(IPC_PREFIX + channel, request)
}

contextBridge.exposeInMainWorld('lab', Object.freeze(bridge))
