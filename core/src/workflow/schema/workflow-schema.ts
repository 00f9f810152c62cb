import type { ClassType } from '../../contracts/class-type';
import type { StepKey, StepKindRegistry } from '../../contracts/step-kind';
import { StepDefinition } from '../language/step-definition';
import { TRIGGER_WITH, TriggerDefinition } from '../language/trigger-definition';
import { WorkflowDefinition } from '../language/workflow-definition';
import { ClassSchemas, type JsonSchema } from './class-schema';

const KIND_KEYS: readonly StepKey[] = ['connector-id', 'with', 'condition', 'steps', 'else'];
const TEMPLATE: JsonSchema = { type: 'string', pattern: '\\{\\{', description: 'a template, rendered at run time' };
const CONDITION: JsonSchema = {
  anyOf: [{ type: 'boolean' }, { type: 'string' }],
  description: 'KQL (event.severity: critical, x > 3, a: * and not b: web-*), true/false, or ${{ path }} to a boolean',
};

/**
 * The JSON Schema (draft-07) of workflow YAML, with each step type's `with` (built-ins and
 * every registered connector action) and each trigger type's `with`, for editors using the
 * YAML language server: `# yaml-language-server: $schema=./workflow.schema.json`. Every field
 * of a `with`, at any depth, may also be a template string (checked after rendering).
 */
export function workflowJsonSchema(kinds: StepKindRegistry): JsonSchema {
  const schemas = new ClassSchemas(new Map<ClassType<object>, string>([[StepDefinition, 'step']]), TEMPLATE);
  const root = schemas.schema(WorkflowDefinition);
  const step = schemas.schema(StepDefinition);
  const props = step.properties as Record<string, JsonSchema>;
  props.if = CONDITION;
  props.condition = CONDITION;
  props.foreach = { anyOf: [{ type: 'string' }, { type: 'array' }], description: 'items to run the step once for: "{{ event.hosts }}" or a list' };
  const stepTypes: string[] = [];
  const variants: JsonSchema[] = [];
  for (const kind of kinds.list()) {
    const forbidden = KIND_KEYS.filter((key) => !kind.keys[key]);
    const required: string[] = KIND_KEYS.filter((key) => kind.keys[key] === 'required' && key !== 'with');
    if (kind.loops) required.push('foreach');
    for (const info of kind.types()) {
      stepTypes.push(info.type);
      const withSchema = info.params ? schemas.templated(info.params) : info.withRequired ? { type: 'object', minProperties: 1 } : undefined;
      const v = variant(info.type, withSchema, info.connectorForbidden ? [...forbidden, 'connector-id'] : forbidden,
        [...required, ...(info.connectorRequired ? ['connector-id'] : [])]);
      requireWithoutConnector(v, info.requiredWithoutConnector);
      if (info.description && kind.kind === 'connector') v.description = info.description;
      variants.push(v);
    }
  }
  props.type = { enum: stepTypes, description: 'a built-in step type, a connector type (its default action) or TYPE.ACTION' };
  step.allOf = variants;
  const triggers = triggerVariants(schemas);
  schemas.definitions[nameOf(schemas.ref(TriggerDefinition))].allOf = triggers;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://relayflow.dev/schemas/workflow.json',
    title: 'Relayflow workflow',
    ...root,
    definitions: { step, ...schemas.definitions },
  };
}

function variant(type: string, withSchema: JsonSchema | undefined, forbidden: string[], required: string[]): JsonSchema {
  const then: JsonSchema = {};
  if (withSchema) then.properties = { with: withSchema };
  if (required.length) then.required = required;
  then.not = { anyOf: forbidden.map((key) => ({ required: [key] })) };
  return { if: { properties: { type: { const: type } }, required: ['type'] }, then };
}

/** Without `connector-id`, the `requiredWithoutConnector` params are required. */
function requireWithoutConnector(v: JsonSchema, keys: readonly string[] | undefined): void {
  if (!keys?.length) return;
  (v.then as JsonSchema).anyOf = [{ required: ['connector-id'] }, { required: ['with'], properties: { with: { type: 'object', required: [...keys] } } }];
}

/** Each trigger type's `with`: its class (plus "every or rrule" for scheduled), or no keys. */
function triggerVariants(schemas: ClassSchemas): JsonSchema[] {
  return Object.entries(TRIGGER_WITH).map(([type, cls]) => {
    const then: JsonSchema = cls
      ? { required: ['with'], properties: { with: { allOf: [schemas.ref(cls), { type: 'object', oneOf: [{ required: ['every'] }, { required: ['rrule'] }] }] } } }
      : { properties: { with: { type: 'object', maxProperties: 0 } } };
    return { if: { properties: { type: { const: type } }, required: ['type'] }, then };
  });
}

function nameOf(ref: JsonSchema): string {
  return String(ref.$ref).replace('#/definitions/', '');
}
