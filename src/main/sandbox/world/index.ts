export * from './world'
export * from './metric-store'
export * from './presets'
