/**
 * Exporting a chart: its picture as PNG and its data as CSV, saved as a download (the browser's
 * download in browser mode; Electron's save dialog in the desktop app).
 *
 * CSV is written here rather than with a CSV library: the app only writes (never parses) small
 * tables of numbers and labels, and RFC 4180's quoting is the few lines of `csvField`.
 */
export type CsvValue = string | number | null | undefined

/**
 * One field, quoted as RFC 4180 says when it holds a comma, a quote or a line break (quotes doubled).
 * A text field that a spreadsheet would read as a formula (starting with = + - @, tab or CR) gets a
 * leading apostrophe (OWASP, "CSV Injection"); numbers are written as numbers.
 */
export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Rows to CSV text: CRLF between records, as RFC 4180 writes them. */
export function toCsv(rows: CsvValue[][]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
}

/** A file name from a chart's title: "ModelLatency p99 for bert" → "modellatency-p99-for-bert". */
export function fileSlug(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return slug.slice(0, 80).replace(/-+$/, '') || 'chart'
}

function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.click()
  // After the click has handed the URL to the download.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

/** Saves text the host produced (a progress or world export) as a file. */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  save(new Blob([text], { type }), fileName)
}

export function downloadCsv(fileName: string, rows: CsvValue[][]): void {
  // The byte order mark makes spreadsheet programs read the file as UTF-8 ("µs", "–").
  save(new Blob(['\ufeff', toCsv(rows)], { type: 'text/csv;charset=utf-8' }), fileName)
}

/**
 * The chart's canvas as a PNG on the theme's background (a canvas is transparent, so a dark-theme
 * chart would be light text on nothing), with its title above it so the picture says what it shows.
 */
export async function downloadPng(fileName: string, source: HTMLCanvasElement, o: { title: string; background: string; color: string }): Promise<void> {
  const scale = source.width / Math.max(1, source.clientWidth || source.width)
  const titleHeight = Math.round(28 * scale)
  const out = document.createElement('canvas')
  out.width = source.width
  out.height = source.height + titleHeight
  const ctx = out.getContext('2d')
  if (!ctx) throw new Error('This browser cannot draw the picture (no 2D canvas).')
  ctx.fillStyle = o.background
  ctx.fillRect(0, 0, out.width, out.height)
  ctx.fillStyle = o.color
  ctx.font = `600 ${Math.round(14 * scale)}px system-ui, sans-serif`
  ctx.textBaseline = 'middle'
  ctx.fillText(o.title, Math.round(8 * scale), titleHeight / 2, out.width - 16 * scale)
  ctx.drawImage(source, 0, titleHeight)
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, 'image/png'))
  if (!blob) throw new Error('The picture could not be encoded as PNG.')
  save(blob, fileName)
}
