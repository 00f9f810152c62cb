import type { ActionType } from '../../contracts/connector-type';
import type { ClassType } from '../../contracts/class-type';
import type { ConnectorTypeRegistry } from '../../contracts/connector-type-registry';
import { BUILTIN_STEPS } from '../language/builtin-steps';
import { StepDefinition } from '../language/step-definition';
import { TRIGGER_WITH, TriggerDefinition } from '../language/trigger-definition';
import { WorkflowDefinition } from '../language/workflow-definition';
import { ClassSchemas, type JsonSchema } from './class-schema';

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
export function workflowJsonSchema(types: ConnectorTypeRegistry): JsonSchema {
  const schemas = new ClassSchemas(new Map<ClassType<object>, string>([[StepDefinition, 'step']]), TEMPLATE);
  const root = schemas.schema(WorkflowDefinition);
  const step = schemas.schema(StepDefinition);
  const props = step.properties as Record<string, JsonSchema>;
  props.if = CONDITION;
  props.condition = CONDITION;
  props.foreach = { anyOf: [{ type: 'string' }, { type: 'array' }], description: 'items to run the step once for: "{{ event.hosts }}" or a list' };
  const stepTypes: string[] = [];
  const variants: JsonSchema[] = [];
  for (const [type, builtin] of Object.entries(BUILTIN_STEPS)) {
    stepTypes.push(type);
    const withSchema = builtin.params ? schemas.templated(builtin.params) : builtin.flow ? undefined : { type: 'object', minProperties: 1 };
    variants.push(variant(type, withSchema, builtin.flow ? ['connector-id', 'with'] : ['connector-id', 'condition', 'steps', 'else'],
      type === 'if' ? ['condition', 'steps'] : type === 'foreach' ? ['foreach', 'steps'] : []));
  }
  for (const { type } of types.list()) {
    for (const action of Object.values(type.actions)) {
      const withSchema = schemas.templated(action.params as ClassType<object>);
      const required = action.connector === 'required' ? ['connector-id'] : [];
      const forbidden = action.connector === 'none' ? ['connector-id', 'condition', 'steps', 'else'] : ['condition', 'steps', 'else'];
      const names = action.id === type.defaultAction ? [type.id, `${type.id}.${action.id}`] : [`${type.id}.${action.id}`];
      for (const name of names) {
        stepTypes.push(name);
        const v = variant(name, withSchema, forbidden, required);
        requireWithoutConnector(v, action);
        if (action.description) v.description = action.description;
        variants.push(v);
      }
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

/** Without `connector-id`, the action's `requiredWithoutConnector` params are required. */
function requireWithoutConnector(v: JsonSchema, action: ActionType): void {
  const keys = action.requiredWithoutConnector;
  if (action.connector !== 'optional' || !keys?.length) return;
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
