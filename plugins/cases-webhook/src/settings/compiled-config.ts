import type { HttpMethod, Problem } from '@relayflow/sdk';
import { JsonPath } from '../response/json-path';
import { BodyTemplate, UrlTemplate } from '../templates/request-templates';
import { CASE_VARIABLES, COMMENT, EXTERNAL_ID, EXTERNAL_TITLE } from '../templates/variables';
import type { CasesWebhookConfig } from './config';

/** One kind of request: its method, URL and (optional) body. */
export interface RequestSpec {
  method: HttpMethod;
  url: UrlTemplate;
  body?: BodyTemplate;
}

/** A connector's config with every template parsed and every key path read, once. */
export interface CompiledConfig {
  create: RequestSpec & { body: BodyTemplate; idKey: JsonPath };
  get: RequestSpec & { titleKey: JsonPath };
  update: RequestSpec & { body: BodyTemplate };
  comment?: RequestSpec & { body: BodyTemplate };
  viewUrl: UrlTemplate;
}

const UPDATE_VARIABLES = [...CASE_VARIABLES, EXTERNAL_ID];
const COMMENT_VARIABLES = [...CASE_VARIABLES, COMMENT, EXTERNAL_ID];

const compiled = new WeakMap<CasesWebhookConfig, CompiledConfig>();

/**
 * Compiles a config, collecting every problem with its field (`config.getIncidentUrl`).
 * @returns the compiled config, or the problems
 */
export function compileConfig(config: CasesWebhookConfig): { value: CompiledConfig; problems: [] } | { value?: undefined; problems: Problem[] } {
  const problems: Problem[] = [];
  const attempt = <T>(field: keyof CasesWebhookConfig, make: () => T): T | undefined => {
    try {
      return make();
    } catch (err) {
      problems.push({ path: `config.${field}`, message: (err as Error).message });
      return undefined;
    }
  };
  const url = (field: keyof CasesWebhookConfig, label: string, vars: readonly string[]) =>
    attempt(field, () => UrlTemplate.compile(field, label, String(config[field]), vars));
  const body = (field: keyof CasesWebhookConfig, label: string, vars: readonly string[]) =>
    attempt(field, () => BodyTemplate.compile(field, label, String(config[field]), vars));

  const create = {
    url: url('createIncidentUrl', 'Create case URL', CASE_VARIABLES),
    body: body('createIncidentJson', 'Create case JSON body', CASE_VARIABLES),
    idKey: attempt('createIncidentResponseKey', () => JsonPath.parse(config.createIncidentResponseKey)),
  };
  const getMethod = method(config.getIncidentMethod, 'GET');
  if (getMethod === 'POST' && !config.getIncidentJson) {
    problems.push({ path: 'config.getIncidentJson', message: 'is required when getIncidentMethod is post' });
  }
  const get = {
    url: url('getIncidentUrl', 'Get case URL', [EXTERNAL_ID]),
    body: getMethod === 'POST' && config.getIncidentJson ? body('getIncidentJson', 'Get case JSON body', [EXTERNAL_ID]) : undefined,
    titleKey: attempt('getIncidentResponseExternalTitleKey', () => JsonPath.parse(config.getIncidentResponseExternalTitleKey)),
  };
  const update = {
    url: url('updateIncidentUrl', 'Update case URL', UPDATE_VARIABLES),
    body: body('updateIncidentJson', 'Update case JSON body', UPDATE_VARIABLES),
  };
  const viewUrl = url('viewIncidentUrl', 'View case URL', [EXTERNAL_ID, EXTERNAL_TITLE]);

  let comment: CompiledConfig['comment'];
  const hasCommentUrl = Boolean(config.createCommentUrl);
  const hasCommentJson = Boolean(config.createCommentJson);
  if (hasCommentUrl !== hasCommentJson) {
    const missing = hasCommentUrl ? 'createCommentJson' : 'createCommentUrl';
    problems.push({ path: `config.${missing}`, message: 'is required when comments are configured (set both createCommentUrl and createCommentJson, or neither)' });
  } else if (hasCommentUrl) {
    const commentUrl = url('createCommentUrl', 'Create comment URL', COMMENT_VARIABLES);
    const commentBody = body('createCommentJson', 'Create comment JSON body', COMMENT_VARIABLES);
    if (commentUrl && commentBody) comment = { method: method(config.createCommentMethod, 'PUT'), url: commentUrl, body: commentBody };
  }

  if (problems.length) return { problems };
  return {
    value: {
      create: { method: method(config.createIncidentMethod, 'POST'), url: create.url!, body: create.body!, idKey: create.idKey! },
      get: { method: getMethod, url: get.url!, body: get.body, titleKey: get.titleKey! },
      update: { method: method(config.updateIncidentMethod, 'PUT'), url: update.url!, body: update.body! },
      comment,
      viewUrl: viewUrl!,
    },
    problems: [],
  };
}

/**
 * The compiled form of a validated config, compiled on first use and cached for the config
 * object's lifetime (the core keeps a resolved connector's config object while it is unchanged).
 * @throws Error when the config is invalid (it was validated when saved, so this is a bug)
 */
export function compiledConfigFor(config: CasesWebhookConfig): CompiledConfig {
  const hit = compiled.get(config);
  if (hit) return hit;
  const result = compileConfig(config);
  if (!result.value) throw new Error(`cases-webhook config is invalid: ${result.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  compiled.set(config, result.value);
  return result.value;
}

function method(value: string | null | undefined, fallback: HttpMethod): HttpMethod {
  return (value ? value.toUpperCase() : fallback) as HttpMethod;
}
