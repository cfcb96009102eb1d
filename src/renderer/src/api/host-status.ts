/**
 * What is wrong with the connection to the host as a whole, as opposed to one request: in browser
 * mode, a missing or wrong token refuses every request alike. The client records it here once and
 * the shell shows one clear message instead of each view reporting its own failure.
 */
import { reactive } from 'vue'

export const hostStatus = reactive<{ unauthorized: string | null }>({ unauthorized: null })
