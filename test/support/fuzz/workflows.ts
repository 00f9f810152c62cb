import fc from 'fast-check';
import { keyArb, leaf, maybe, numberTextArb, obj, objectTreeArb, PROTO_NAMES, str, stringArb, treeArb, type Tree } from './values';

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
export const inputArgsArb: fc.Arbitrary<string[]> = fc.array(fc.tuple(fc.oneof(fc.constantFrom('severity', 'count', ...PROTO_NAMES), fc.string({ maxLength: 5 })), fc.string({ maxLength: 8 }))
  .map(([k, v]) => `${k}=${v}`), { maxLength: 2 }).map((pairs) => pairs.flatMap((p) => ['--input', p]));
