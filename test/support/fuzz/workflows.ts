import fc from 'fast-check';
import { jsonText, keyArb, leaf, maybe, numberTextArb, obj, objectTreeArb, PROTO_NAMES, str, stringArb, tameObjectArb, tameTreeArb, treeArb, type Tree } from './values';

/** Connector names a workflow may refer to (the config fuzz preconfigures them). */
export const CONNECTOR_NAMES = ['fz-slack', 'fz-http', 'fz-jira', 'fz-cases', 'fz-slack-api'];

/** A template or plain text: what goes in `with`, `if`, `foreach`, `condition`. */
const templateArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: stringArb },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.constantFrom('{{ ', '{{{ ', '${{ ', '{{& ', '{{#', '{{^'), fc.constantFrom('event', 'inputs', 'consts', 'variables', 'steps', 'workflow', 'execution', 'foreach', 'step', ...PROTO_NAMES),
      fc.array(fc.oneof(keyArb, fc.constantFrom('length', '0', 'output', 'error', 'item', 'a', 'hosts')), { maxLength: 3 }), fc.constantFrom(' }}', ' }}}', '}}', ''))
      .map(([open, root, path, close]) => `${open}${[root, ...path].join('.')}${close}`),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('event', 'inputs', 'consts', 'steps.a.output', 'foreach.item'), keyArb, fc.constantFrom(':', ' >', ' <=', ': *', ' and', ''), stringArb).map(([a, b, op, v]) => `${a}.${b}${op} ${v}`) },
);

/** A value of `with` (or a param): a template, a number, a free-form object. */
const paramArb: fc.Arbitrary<Tree> = fc.oneof(
  { weight: 3, arbitrary: templateArb.map(str) },
  { weight: 1, arbitrary: numberTextArb.map(leaf) },
  { weight: 2, arbitrary: treeArb },
);

/** `with`: keys the built-in and official types know, and any others. */
const withArb: fc.Arbitrary<Tree> = fc.array(fc.tuple(fc.oneof(
  fc.constantFrom('message', 'duration', 'url', 'path', 'method', 'headers', 'body', 'query', 'text', 'channel', 'summary', 'issueType',
    'description', 'blocks', 'incident', 'comments', 'otherFields', 'fetcher', 'channelIds'),
  keyArb,
), paramArb), { maxLength: 5 }).map((entries) => obj(entries));

/** `on-failure`: retry (delays kept short so a dry run ends), fallback steps, continue. */
const onFailureArb = (step: fc.Arbitrary<Tree>): fc.Arbitrary<Tree> => fc.record({
  retry: maybe(fc.record({
    'max-attempts': fc.oneof(fc.integer({ min: -1, max: 4 }).map(String), numberTextArb).map(leaf),
    delay: fc.constantFrom('1ms', '10ms', '0s', '-1s', 'x', '1e400ms').map(str),
    strategy: fc.option(fc.constantFrom('fixed', 'exponential', 'linear', 'constructor').map(str), { nil: undefined }),
    'max-delay': fc.option(fc.constantFrom('20ms', '1s').map(str), { nil: undefined }),
  }).map((r) => obj(Object.entries(r))), 50),
  fallback: maybe(fc.array(step, { maxLength: 2 }).map((items): Tree => ({ t: 'arr', items })), 50),
  continue: maybe(fc.constantFrom('true', 'false', '"yes"', '1').map(leaf), 50),
}).map((r) => obj(Object.entries(r)));

const stepTypeArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('console', 'data.set', 'if', 'foreach', 'wait', 'http', 'slack', 'jira', 'cases-webhook', 'slack_api',
    'jira.getIncident', 'http.request', 'slack_api.postMessage') },
  { weight: 1, arbitrary: fc.constantFrom('.slack', 'console.x', 'constructor', '__proto__', 'toString', 'slack.constructor', 'http.__proto__', '', 'nope') },
  { weight: 1, arbitrary: stringArb },
);

/** A workflow step: mostly shaped like one (so it gets compiled and run), sometimes any object. */
export const stepArb: fc.Arbitrary<Tree> = fc.letrec<{ step: Tree }>((tie) => ({
  step: fc.oneof({ depthSize: 'small', maxDepth: 3 },
    { weight: 8, arbitrary: fc.record({
      name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('a', 'b', 'c', 'd', 'e').map(str) }, { weight: 1, arbitrary: fc.constantFrom(...PROTO_NAMES).map(str) }, { weight: 1, arbitrary: paramArb }),
      type: fc.oneof({ weight: 5, arbitrary: stepTypeArb.map(str) }, { weight: 1, arbitrary: paramArb }),
      'connector-id': maybe(fc.oneof(fc.constantFrom(...CONNECTOR_NAMES, '{{ event.connector }}', 'missing', '__proto__').map(str), paramArb), 30),
      with: maybe(withArb, 80),
      if: maybe(templateArb.map(str), 20),
      foreach: maybe(fc.oneof(fc.constantFrom('{{ event.hosts }}', '${{ event.hosts }}', '${{ event }}', '[1,2]', '${{ consts.list }}').map(str), templateArb.map(str)), 15),
      condition: maybe(templateArb.map(str), 20),
      steps: maybe(fc.array(tie('step'), { maxLength: 3 }).map((items): Tree => ({ t: 'arr', items })), 30),
      else: maybe(fc.array(tie('step'), { maxLength: 2 }).map((items): Tree => ({ t: 'arr', items })), 15),
      timeout: maybe(fc.constantFrom('1s', '0s', '-1s', '1e400s', 'forever', '25d').map(str), 20),
      'on-failure': maybe(onFailureArb(tie('step')), 25),
      extra: maybe(fc.tuple(keyArb, treeArb), 15),
    }).map(({ extra, ...keys }) => obj([...Object.entries(keys), ...(extra ? [extra] : [])])) },
    { weight: 1, arbitrary: treeArb },
  ),
})).step;

const inputArb: fc.Arbitrary<Tree> = fc.record({
  name: fc.oneof(fc.constantFrom('severity', 'count', ...PROTO_NAMES).map(str), paramArb),
  type: maybe(fc.constantFrom('string', 'number', 'boolean', 'choice', 'array', 'object', 'constructor').map(str), 50),
  required: maybe(fc.constantFrom('true', 'false', '"x"').map(leaf), 50),
  default: maybe(paramArb, 50),
  options: maybe(fc.array(paramArb, { maxLength: 3 }).map((items): Tree => ({ t: 'arr', items })), 50),
}).map((r) => obj(Object.entries(r)));

const triggerArb: fc.Arbitrary<Tree> = fc.oneof(
  fc.constantFrom('manual', 'webhook', 'scheduled', 'constructor', 'cron').map((type) => obj([['type', str(type)]])),
  fc.record({ type: fc.constant(str('scheduled')), with: fc.oneof(
    fc.constantFrom('5m', '0s', '1e400m', 'x').map((every) => obj([['every', str(every)]])),
    objectTreeArb.map((rrule) => obj([['rrule', rrule]])),
    objectTreeArb,
  ) }).map((r) => obj(Object.entries(r))),
);

/** A workflow document: the keys of contract §4 with values right or wrong, plus any others. */
export const workflowArb: fc.Arbitrary<Tree> = fc.record({
  name: maybe(fc.oneof({ weight: 5, arbitrary: fc.constantFrom('fuzz', 'wf-1', 'constructor', '__proto__', 'a b').map(str) }, { weight: 1, arbitrary: paramArb }), 92),
  description: maybe(paramArb, 25),
  enabled: maybe(fc.constantFrom('true', 'false', '"no"', '0').map(leaf), 20),
  triggers: maybe(fc.array(triggerArb, { maxLength: 2 }).map((items): Tree => ({ t: 'arr', items })), 25),
  inputs: maybe(fc.array(inputArb, { maxLength: 3 }).map((items): Tree => ({ t: 'arr', items })), 30),
  consts: maybe(fc.oneof(objectTreeArb, fc.constant(obj([['list', { t: 'arr', items: [leaf('1'), leaf('2')] }]]))), 30),
  settings: maybe(fc.record({
    timeout: fc.option(fc.constantFrom('1m', '1ms', '0s', 'x', '1e400s').map(str), { nil: undefined }),
    'on-failure': fc.option(onFailureArb(stepArb), { nil: undefined }),
  }).map((r) => obj(Object.entries(r))), 25),
  steps: fc.oneof({ weight: 8, arbitrary: fc.array(stepArb, { maxLength: 5 }).map((items): Tree => ({ t: 'arr', items })) }, { weight: 1, arbitrary: treeArb }),
  extra: maybe(fc.tuple(keyArb, treeArb), 20),
}).map(({ extra, ...keys }) => obj([...Object.entries(keys), ...(extra ? [extra] : [])]));

/** An event: any JSON object (prototype names, deep nesting, huge numbers), often with `hosts` for foreach. */
export const eventArb: fc.Arbitrary<Tree> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(objectTreeArb, fc.array(treeArb, { maxLength: 4 })).map(([event, hosts]) => (event.t === 'obj'
    ? { t: 'obj' as const, entries: [...event.entries, ['hosts', { t: 'arr' as const, items: hosts }] as [string, Tree]] } : event)) },
  { weight: 1, arbitrary: treeArb },
);

/** `--input KEY=VALUE` arguments. */
export const inputArgsArb: fc.Arbitrary<string[]> = fc.oneof({ weight: 3, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.array(fc.tuple(fc.oneof(fc.constantFrom('severity', 'count', ...PROTO_NAMES), fc.string({ maxLength: 5 })), fc.string({ maxLength: 8 }))
  .map(([k, v]) => `${k}=${v}`), { minLength: 1, maxLength: 2 }).map((pairs) => pairs.flatMap((p) => ['--input', p])) });

/** A path into the context: through keys of any (template-safe) name, the prototype's included. */
const pathArb: fc.Arbitrary<string> = fc.tuple(
  fc.constantFrom('event', 'inputs', 'consts', 'variables', 'steps', 'foreach.item', 'foreach.index', 'workflow', 'execution', 'step', ...PROTO_NAMES),
  fc.array(fc.oneof(keyArb.filter((k) => /^[A-Za-z_$][\w$-]*$/.test(k)), fc.constantFrom('length', '0', 'hosts', 'x')), { maxLength: 3 }),
).map(([root, rest]) => [root, ...rest].join('.'));

/** A template that parses: Mustache tags, sections, `${{ }}`, or a KQL condition. */
const goodTemplateArb: fc.Arbitrary<string> = fc.oneof(
  pathArb.map((p) => `{{ ${p} }}`), pathArb.map((p) => `{{{ ${p} }}}`), pathArb.map((p) => `\${{ ${p} }}`),
  fc.tuple(stringArb.filter((t) => !/[{}]/.test(t)), pathArb).map(([t, p]) => `${t} {{ ${p} }} ${t}`),
  pathArb.map((p) => `{{#${p}}}[{{.}}]{{/${p}}}`), pathArb.map((p) => `{{^${p}}}none{{/${p}}}`),
  fc.tuple(pathArb, fc.constantFrom(': critical', ' > 3', ' <= 1e400', ': *', ': web-*', ': "a b"', ': (a or b)')).map(([p, op]) => `${p}${op}`),
  fc.tuple(pathArb, pathArb).map(([a, b]) => `not ${a}: * and (${b} >= 0 or ${b}: x)`),
  fc.constantFrom('true', 'false', 'plain text'),
);

/** Step names: unique within a workflow (the prototype's names among them). */
const STEP_NAMES = ['a', 'b', 'c', 'd', 'constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'e', 'f', 'g'];

/** A template a step can render: into the event, consts, inputs, earlier steps, foreach. */
const tameTemplateArb: fc.Arbitrary<Tree> = fc.oneof(
  { weight: 4, arbitrary: goodTemplateArb.map(str) },
  { weight: 1, arbitrary: templateArb.map(str) },
  { weight: 1, arbitrary: fc.constantFrom('${{ event }}', '${{ event.hosts }}', '${{ consts }}', '${{ steps }}', '${{ foreach.item }}', '{{ event.__proto__ }}').map(str) },
  { weight: 1, arbitrary: tameTreeArb },
);

/** Headers or a query: keys of any name, string values (templates among them). */
const stringRecordArb: fc.Arbitrary<Tree> = fc.uniqueArray(fc.tuple(keyArb, fc.oneof(stringArb, goodTemplateArb).map(str)), { maxLength: 4, selector: ([k]) => k })
  .map((entries): Tree => ({ t: 'obj', entries }));

/** `with` of each kind of step, shaped as the type takes it (values may still be anything). */
function withFor(type: string): fc.Arbitrary<Tree> {
  const obj1 = (r: Record<string, fc.Arbitrary<Tree | undefined>>) => fc.record(r).map((v) => obj(Object.entries(v)));
  switch (type) {
    case 'console': return obj1({ message: tameTemplateArb });
    case 'wait': return obj1({ duration: fc.constantFrom('1ms', '0s', '{{ event.x }}').map(str) });
    case 'data.set': return tameObjectArb;
    case 'http': return obj1({
      url: fc.constantFrom('https://example.com/{{ event.x }}', 'http://127.0.0.1:1/{{ foreach.item }}', '{{ event.url }}', 'https://example.com/${{ event }}').map(str),
      method: maybe(fc.constantFrom('GET', 'POST', 'post', 'DELETE', 'TRACE').map(str), 50),
      headers: maybe(stringRecordArb, 40), query: maybe(stringRecordArb, 30), body: maybe(tameTreeArb, 40),
    });
    case 'slack': return obj1({ message: tameTemplateArb, blocks: maybe(tameTreeArb, 20) });
    case 'slack_api': return obj1({ channel: fc.constantFrom('#general', 'C0123456789', '{{ event.channel }}').map(str), text: tameTemplateArb });
    case 'jira': return obj1({ issueType: fc.constantFrom('Bug', '10001').map(str), summary: tameTemplateArb, description: maybe(tameTemplateArb, 50), labels: maybe(tameTreeArb, 30), otherFields: maybe(tameObjectArb, 30) });
    default: return obj1({ incident: obj1({ title: tameTemplateArb, description: maybe(tameTemplateArb, 50), tags: maybe(tameTreeArb, 30) }), comments: maybe(tameTreeArb, 20) });
  }
}

/** The preconfigured connector's name for each type (the config fuzz gives it that name). */
export const CONNECTOR_OF: Record<string, string> = { slack: 'fz-slack', http: 'fz-http', jira: 'fz-jira', 'cases-webhook': 'fz-cases', slack_api: 'fz-slack-api' };

/**
 * A step that compiles (mostly): a built-in or official type with its `with`, guards, loops,
 * failure settings. `connectors`: steps of every official type, on the preconfigured connectors;
 * else only steps that need none.
 */
function wellFormedStepArb(connectors: boolean): fc.Arbitrary<Tree> {
  const types = connectors ? ['console', 'data.set', 'wait', 'if', 'foreach', 'http', 'slack', 'jira', 'cases-webhook', 'slack_api'] : ['console', 'console', 'data.set', 'wait', 'if', 'foreach', 'http'];
  return fc.letrec<{ step: Tree }>((tie) => ({
  step: fc.constantFrom(...types).chain((type) => fc.record({
    name: fc.constantFrom(...STEP_NAMES).map(str),
    type: fc.constant(str(type)),
    'connector-id': connectors && type in CONNECTOR_OF ? maybe(fc.constant(str(CONNECTOR_OF[type])), type === 'http' ? 30 : 90) : fc.constant(undefined),
    with: type === 'if' || type === 'foreach' ? fc.constant(undefined) : withFor(type),
    condition: type === 'if' ? goodTemplateArb.map(str) : fc.constant(undefined),
    foreach: type === 'foreach' ? fc.constantFrom('${{ event.hosts }}', '{{ event.hosts }}', '${{ consts.list }}', '${{ event }}', '{{ event.x }}').map(str) : maybe(fc.constantFrom('${{ event.hosts }}', '[1, 2]').map(str), 10),
    steps: type === 'if' || type === 'foreach' ? fc.array(tie('step'), { minLength: 1, maxLength: 2 }).map((items): Tree => ({ t: 'arr', items })) : fc.constant(undefined),
    else: type === 'if' ? maybe(fc.array(tie('step'), { minLength: 1, maxLength: 2 }).map((items): Tree => ({ t: 'arr', items })), 30) : fc.constant(undefined),
    if: maybe(goodTemplateArb.map(str), 15),
    'on-failure': maybe(fc.record({
      retry: type === 'if' || type === 'foreach' ? fc.constant(undefined) : maybe(fc.constant(obj([['max-attempts', leaf('2')], ['delay', str('1ms')]])), 60),
      continue: maybe(fc.constant(leaf('true')), 50),
    }).map((r) => obj(Object.entries(r))), 15),
  }).map((r) => obj(Object.entries(r)))),
  })).step;
}

/** Gives each step (nested ones too) a name of its own, so the workflow gets past the duplicate check. */
function uniqueNames(steps: Tree[], used = new Set<string>()): Tree[] {
  return steps.map((step) => {
    if (step.t !== 'obj') return step;
    return { t: 'obj', entries: step.entries.map(([k, v]): [string, Tree] => {
      if (k === 'name' && v.t === 'leaf') {
        let name = JSON.parse(v.json) as string;
        for (let i = 2; used.has(name); i++) name = `${JSON.parse(v.json)}${i}`;
        used.add(name);
        return [k, str(name)];
      }
      if ((k === 'steps' || k === 'else') && v.t === 'arr') return [k, { t: 'arr', items: uniqueNames(v.items, used) }];
      return [k, v];
    }) };
  });
}

/** A workflow that compiles most of the time, so run --dry-run renders and runs its steps (`connectors`: see {@link wellFormedStepArb}). */
export function wellFormedWorkflowArb(connectors: boolean): fc.Arbitrary<Tree> {
  return fc.record({
  name: fc.constantFrom('fuzz', 'constructor', '__proto__', 'toString', 'wf 1').map(str),
  consts: maybe(fc.tuple(tameObjectArb).map(([c]) => (c.t === 'obj' ? { t: 'obj' as const, entries: [...c.entries.filter(([k]) => k !== 'list'), ['list', { t: 'arr', items: [leaf('1'), str('b')] }] as [string, Tree]] } : c)), 50),
  inputs: maybe(fc.uniqueArray(fc.record({ name: fc.constantFrom('severity', 'count', ...PROTO_NAMES).map(str), type: fc.constant(str('string')), default: maybe(stringArb.map(str), 50) })
    .map((r) => obj(Object.entries(r))), { maxLength: 2, selector: (t) => (t.t === 'obj' ? jsonText(t.entries[0][1]) : '') }).map((items): Tree => ({ t: 'arr', items })), 20),
  steps: fc.array(wellFormedStepArb(connectors), { minLength: 1, maxLength: 5 }).map((items): Tree => ({ t: 'arr', items: uniqueNames(items) })),
  }).map((r) => obj(Object.entries(r)));
}

/** An event a parser takes (keys of any name, huge numbers, NUL), with `hosts` for foreach. */
export const tameEventArb: fc.Arbitrary<Tree> = fc.tuple(tameObjectArb, fc.array(tameTreeArb, { maxLength: 4 })).map(([event, hosts]) => (event.t === 'obj'
  ? { t: 'obj' as const, entries: [...event.entries.filter(([k]) => k !== 'hosts'), ['hosts', { t: 'arr' as const, items: hosts }] as [string, Tree]] } : event));
