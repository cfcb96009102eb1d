/**
 * Chart colours come from the CSS variables in styles/base.css, so charts follow the light and dark
 * themes. Canvas drawing cannot use `var(--x)`, hence getComputedStyle.
 */
export interface ChartPalette {
  text: string
  muted: string
  grid: string
  surface: string
  series: string[]
  alarm: string
  insufficient: string
  ok: string
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim()
  return v || fallback
}

export function readPalette(): ChartPalette {
  const dark = document.documentElement.dataset.theme === 'dark'
  return {
    text: cssVar('--text', '#16191d'),
    muted: cssVar('--text-muted', '#4f5863'),
    grid: cssVar('--border', '#d5dae1'),
    surface: cssVar('--surface', '#ffffff'),
    // The accent first, then colours that stay distinct from it and from the state colours in both themes.
    series: [cssVar('--accent', '#0b5cad'), dark ? '#d9a3ff' : '#7b3fb5', dark ? '#5fd3c8' : '#00786f', cssVar('--warn', '#8a5a00')],
    alarm: cssVar('--alarm', '#b3261e'),
    insufficient: cssVar('--insufficient', '#6b7280'),
    ok: cssVar('--ok', '#1d7a3a')
  }
}

/** `#rrggbb` (or `#rgb`) with an alpha, for translucent fills. Other colour syntaxes are returned unchanged. */
export function withAlpha(color: string, alpha: number): string {
  let hex = color.replace('#', '')
  if (!/^[0-9a-f]{3}([0-9a-f]{3})?$/i.test(hex)) return color
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join('')
  const n = parseInt(hex, 16)
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`
}

/** Calls `onChange` whenever `<html data-theme>` changes; returns the function that stops watching. */
export function watchTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange)
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
  return () => observer.disconnect()
}
