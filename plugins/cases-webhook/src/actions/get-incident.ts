import { error, ok, type ActionContext, type ActionResult, type OAuth2TokenCache } from '@relayflow/sdk';
import { CaseClient } from '../http/case-client';
import { OperationFailed } from '../http/operation-failed';
import { requestAuthFor } from '../http/request-auth';
import { compiledConfigFor } from '../settings/compiled-config';
import type { CasesWebhookConfig } from '../settings/config';
import type { CasesWebhookSecrets } from '../settings/secrets';
import { RenderError } from '../templates/request-templates';
import type { GetIncidentParams } from './params';
import { readCase, viewUrlOf } from './read-case';

/** What `getIncident` returns: the id, title, view URL and the case as the system sent it. */
export interface GetIncidentResult {
  id: string;
  title: string;
  url: string;
  data: unknown;
}

/**
 * Reads one case by its external id.
 * @param tokens - the connector type's OAuth2 token cache
 */
export async function getIncident(
  ctx: ActionContext<GetIncidentParams, CasesWebhookConfig, CasesWebhookSecrets>, tokens: OAuth2TokenCache,
): Promise<ActionResult<GetIncidentResult>> {
  const config = compiledConfigFor(ctx.config);
  const id = ctx.params.externalId.trim();
  const client = new CaseClient(ctx.http, requestAuthFor(ctx.config, ctx.secrets), tokens, ctx.signal, ctx.logger);
  try {
    const found = await readCase(client, config, id);
    return ok({ id, title: found.title, url: viewUrlOf(config, id, found.title), data: found.data });
  } catch (err) {
    if (err instanceof OperationFailed) return err.result;
    if (err instanceof RenderError) return error({ message: err.message });
    throw err;
  }
}
