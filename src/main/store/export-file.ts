/**
 * Reading the files MLOps Lab exports (the whole progress, or one sandbox world). Each is JSON with
 * a format marker, a format version, and the SHA-256 of its payload, so a file from elsewhere, from
 * a newer release, truncated or edited by hand is refused with a message that names what is wrong,
 * before anything is changed.
 */
import { createHash } from 'node:crypto'
import type { z } from 'zod'
import { LabError, type ErrorIssue } from '../../shared/errors'
import { textAndDepthIssues } from './text'

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

export function zodIssues(error: { issues: { path: PropertyKey[]; message: string }[] }, prefix: string): ErrorIssue[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))].filter(Boolean).join('.').replace(/\.\[/g, '['),
    message: i.message
  }))
}

export interface ExportFileKind<S extends z.ZodType> {
  /** The value of `format`, e.g. `mlops-lab-progress`. */
  format: string
  version: number
  /** How the learner calls it: "progress export", "world file". */
  noun: string
  /** The key holding the payload the checksum covers. */
  payloadKey: string
  schema: S
}

/** Parses and validates an exported file completely; throws a VALIDATION LabError naming the first problem. */
export function readExportFile<S extends z.ZodType>(content: string, kind: ExportFileKind<S>): z.output<S> {
  const nothing = kind.noun === 'world file' ? 'Nothing was saved.' : 'Nothing was imported.'
  let json: unknown
  try {
    // A byte-order mark is not JSON, but editors on Windows add one when they save a file.
    json = JSON.parse(content.startsWith('\uFEFF') ? content.slice(1) : content)
  } catch (err) {
    throw new LabError('VALIDATION', `This file is not a ${kind.noun}: it is not valid JSON (${(err as Error).message}).`, [{ path: 'content', message: 'not valid JSON' }])
  }
  const marker = (json as { format?: unknown } | null)?.format
  if (typeof json !== 'object' || json === null || marker !== kind.format) {
    throw new LabError('VALIDATION', `This file is not an MLOps Lab ${kind.noun} (expected "format": "${kind.format}").`, [
      { path: 'content.format', message: `expected "${kind.format}"` }
    ])
  }
  const version = (json as { formatVersion?: unknown }).formatVersion
  if (version !== kind.version) {
    throw new LabError('VALIDATION', `This ${kind.noun} has format version ${String(version)}; this app reads version ${kind.version}.`, [
      { path: 'content.formatVersion', message: `expected ${kind.version}` }
    ])
  }
  const payload = (json as Record<string, unknown>)[kind.payloadKey]
  const claimed = (json as { sha256?: unknown }).sha256
  if (typeof claimed !== 'string' || sha256Hex(JSON.stringify(payload)) !== claimed) {
    throw new LabError('VALIDATION', `This ${kind.noun} is damaged or was edited: its checksum does not match its contents. ${nothing}`, [
      { path: 'content.sha256', message: `checksum does not match ${kind.payloadKey}` }
    ])
  }
  const parsed = kind.schema.safeParse(json)
  if (!parsed.success) {
    const issues = zodIssues(parsed.error, 'content')
    throw new LabError('VALIDATION', `This ${kind.noun} has invalid entries (${issues[0]?.path}: ${issues[0]?.message}). ${nothing}`, issues)
  }
  const textIssues = textAndDepthIssues((parsed.data as Record<string, unknown>)[kind.payloadKey], `content.${kind.payloadKey}`)
  if (textIssues.length > 0) {
    throw new LabError('VALIDATION', `This ${kind.noun} has invalid entries (${textIssues[0].path}: ${textIssues[0].message}). ${nothing}`, textIssues)
  }
  return parsed.data
}
