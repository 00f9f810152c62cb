import type { ConnectorValidationTools, Problem } from '@relayflow/sdk';
import { compileConfig } from './compiled-config';
import type { CasesWebhookConfig } from './config';
import type { CasesWebhookSecrets } from './secrets';
import { checkAuth } from './validate-auth';

/**
 * The type's cross-field check when a connector is created, updated or loaded: every template
 * parses and uses known variables, every body renders to JSON with sample values, every URL
 * keeps its scheme and host literal and passes allowedHosts, key paths parse, and the auth
 * settings are complete. Each problem names its field.
 */
export function validateSettings(input: { config: CasesWebhookConfig; secrets: CasesWebhookSecrets }, tools: ConnectorValidationTools): Problem[] {
  const compiled = compileConfig(input.config);
  const problems: Problem[] = [...compiled.problems];
  if (compiled.value) {
    const { create, get, update, comment, viewUrl } = compiled.value;
    for (const url of [create.url, get.url, update.url, comment?.url, viewUrl]) {
      if (!url) continue;
      const refusal = tools.checkUrl(url.sample());
      if (refusal) problems.push({ path: `config.${url.field}`, message: refusal });
    }
  }
  problems.push(...checkAuth(input.config, input.secrets, tools));
  return problems;
}
