import type { CompiledConfig } from '../settings/compiled-config';
import { describeRequest, type CaseClient } from '../http/case-client';
import { OperationFailed } from '../http/operation-failed';
import { error } from '@relayflow/sdk';

/** A case as read back from the case system. */
export interface ReadCase {
  title: string;
  data: unknown;
}

/**
 * Reads a case (GET, or POST with getIncidentJson) and its title at
 * getIncidentResponseExternalTitleKey.
 * @throws OperationFailed when the request fails or the title is missing or not text
 * @throws RenderError when the URL or body does not render to something sendable
 */
export async function readCase(client: CaseClient, config: CompiledConfig, id: string, operation = `reading case ${id}`): Promise<ReadCase> {
  const view = { external: { system: { id } } };
  const { get } = config;
  const req = { method: get.method, url: get.url.render(view), body: get.body?.render(view) };
  const res = await client.send(operation, req, { read: 'json', keys: [{ path: get.titleKey, field: 'getIncidentResponseExternalTitleKey' }] });
  const title = get.titleKey.get(res.data);
  if (typeof title !== 'string' && typeof title !== 'number') {
    throw new OperationFailed(error({
      message: `error ${operation} (${describeRequest(req)}): "${get.titleKey.text}" (config.getIncidentResponseExternalTitleKey) is ${Array.isArray(title) ? 'an array' : typeof title}, not text`,
    }));
  }
  return { title: String(title), data: res.data };
}

/** The case's page for people. @throws RenderError */
export function viewUrlOf(config: CompiledConfig, id: string, title: string): string {
  return config.viewUrl.render({ external: { system: { id, title } } });
}
