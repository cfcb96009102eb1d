/**
 * Tags on SageMaker resources, as the SageMaker API Reference defines them (AddTags, DeleteTags,
 * ListTags and the Tag data type):
 * - Key: 1–128 characters, Value: 0–256 characters, both of Unicode letters, separators (spaces),
 *   digits and `_ . : / = + - @` (pattern `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`). A missing Value is
 *   stored as the empty string ("If you don't specify a value, SageMaker sets the value to an empty
 *   string").
 * - AddTags adds or overwrites; one request carries at most 50 tags, and a resource holds at most 50
 *   user tags ("Tagging AWS resources": 50 user-created tags per resource).
 * - Keys beginning with `aws:` are reserved for AWS ("Tagging AWS resources": you can't edit or delete
 *   tag keys with this prefix).
 * - DeleteTags takes 1–50 keys; deleting a key the resource does not carry is not an error.
 * - ResourceArn: at most 256 characters, `arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:.+`.
 *
 * The tag keys the issue's tagging strategy names are `project`, `env` and `team`.
 */
import { IssueList } from '../core/issues'

export const MAX_TAGS_PER_RESOURCE = 50
export const MAX_TAG_KEY = 128
export const MAX_TAG_VALUE = 256
export const SUGGESTED_TAG_KEYS = ['project', 'env', 'team'] as const

const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u
const TAG_TEXT_HELP = 'letters, digits, spaces and _ . : / = + - @'
export const SAGEMAKER_ARN = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:.+$/

export interface TagInput {
  Key: string
  Value?: string
}

export function checkTagKey(issues: IssueList, path: string, key: string): boolean {
  if (key.length < 1 || key.length > MAX_TAG_KEY) {
    issues.add(path, `must be 1–${MAX_TAG_KEY} characters, got ${key.length}`)
    return false
  }
  if (!TAG_TEXT.test(key)) {
    issues.add(path, `may use only ${TAG_TEXT_HELP}, got "${key}"`)
    return false
  }
  if (/^aws:/i.test(key)) {
    issues.add(path, 'keys starting with "aws:" are reserved for AWS; choose another key, e.g. project, env or team')
    return false
  }
  return true
}

/** Checks a Tags list (AddTags or CreateEndpoint); problems are added to `issues` under `path`. */
export function checkTags(issues: IssueList, path: string, tags: readonly TagInput[]): void {
  if (tags.length > MAX_TAGS_PER_RESOURCE) issues.add(path, `at most ${MAX_TAGS_PER_RESOURCE} tags per request, got ${tags.length}`)
  const seen = new Set<string>()
  tags.forEach((t, i) => {
    if (checkTagKey(issues, `${path}[${i}].Key`, t.Key)) {
      if (seen.has(t.Key)) issues.add(`${path}[${i}].Key`, `"${t.Key}" appears twice in this request; a resource has one value per key`)
      seen.add(t.Key)
    }
    const value = t.Value ?? ''
    if (value.length > MAX_TAG_VALUE) issues.add(`${path}[${i}].Value`, `must be at most ${MAX_TAG_VALUE} characters, got ${value.length}`)
    else if (!TAG_TEXT.test(value)) issues.add(`${path}[${i}].Value`, `may use only ${TAG_TEXT_HELP}, got "${value}"`)
  })
}

/** The resource's tags after AddTags: new keys added, existing ones overwritten. */
export function mergedTags(current: ReadonlyMap<string, string>, added: readonly TagInput[]): Map<string, string> {
  const next = new Map(current)
  for (const t of added) next.set(t.Key, t.Value ?? '')
  return next
}

/** Tags as the API lists them, sorted by key so every view and replay shows the same order. */
export function tagList(tags: ReadonlyMap<string, string>): { Key: string; Value: string }[] {
  return [...tags.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([Key, Value]) => ({ Key, Value }))
}
