// A small JSON Schema (2020-12) evaluator for the keywords scenario.schema.json uses, so that a test
// can hold the hand-written validator and the schema to the same verdicts.
type Schema = Record<string, any> | boolean

const supported = new Set([
  '$schema', '$id', '$defs', '$ref', 'title', 'description', 'type', 'properties', 'additionalProperties',
  'required', 'enum', 'const', 'pattern', 'minLength', 'minimum', 'maximum', 'minItems', 'items', 'oneOf',
  'anyOf', 'allOf', 'not', 'if', 'then', 'else', 'propertyNames',
])

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (Number.isInteger(value)) return 'integer'
  return typeof value
}

function resolve(root: Record<string, any>, ref: string): Schema {
  const path = ref.replace(/^#\//, '').split('/')
  return path.reduce((node, key) => node[key], root as any)
}

export function validates(root: Record<string, any>, schema: Schema, value: unknown): boolean {
  if (typeof schema === 'boolean') return schema
  for (const key of Object.keys(schema)) if (!supported.has(key)) throw new Error(`unsupported keyword ${key}`)
  if (schema.$ref !== undefined && !validates(root, resolve(root, schema.$ref), value)) return false
  const type = typeOf(value)
  if (schema.type !== undefined) {
    const types = [schema.type].flat()
    if (!types.includes(type) && !(type === 'integer' && types.includes('number'))) return false
  }
  if (schema.enum !== undefined && !schema.enum.includes(value)) return false
  if (schema.const !== undefined && schema.const !== value) return false
  if (typeof value === 'string') {
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) return false
    if (schema.minLength !== undefined && [...value].length < schema.minLength) return false
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return false
    if (schema.maximum !== undefined && value > schema.maximum) return false
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return false
    if (schema.items !== undefined && !value.every((v) => validates(root, schema.items, v))) return false
  }
  if (type === 'object') {
    const object = value as Record<string, unknown>
    if (schema.required !== undefined && !schema.required.every((k: string) => k in object)) return false
    for (const [key, v] of Object.entries(object)) {
      if (schema.propertyNames !== undefined && !validates(root, schema.propertyNames, key)) return false
      if (schema.properties?.[key] !== undefined) {
        if (!validates(root, schema.properties[key], v)) return false
      } else if (schema.additionalProperties !== undefined && !validates(root, schema.additionalProperties, v)) return false
    }
  }
  if (schema.allOf !== undefined && !schema.allOf.every((s: Schema) => validates(root, s, value))) return false
  if (schema.anyOf !== undefined && !schema.anyOf.some((s: Schema) => validates(root, s, value))) return false
  if (schema.oneOf !== undefined && schema.oneOf.filter((s: Schema) => validates(root, s, value)).length !== 1) return false
  if (schema.not !== undefined && validates(root, schema.not, value)) return false
  if (schema.if !== undefined) {
    const branch = validates(root, schema.if, value) ? schema.then : schema.else
    if (branch !== undefined && !validates(root, branch, value)) return false
  }
  return true
}
