import { definePlugin, OAuth2TokenCache } from '@relayflow/sdk';
import { createHttpConnectorType } from './http-connector';

export { createHttpConnectorType } from './http-connector';
export type { HttpOutput } from './http-connector';
export { AUTH_TYPES, FetcherOptions, HTTP_METHODS, HttpConfig, HttpParams, HttpSecrets } from './schemas';
export type { AuthTypeName } from './schemas';
export { authKind } from './connector-auth';
export type { AuthKind } from './connector-auth';
export { buildRequestUrl } from './request-url';
export { mergeHeaders } from './headers';

/**
 * `@relayflow/plugin-http`: the `http` connector type and step (Kibana Workflows' http step,
 * 9.3 and 9.4 forms). Every request goes through Relayflow's egress client.
 */
const httpPlugin = definePlugin({
  id: 'relayflow-http',
  sdk: '^1.0.0',
  setup({ registerConnectorType }) {
    registerConnectorType(createHttpConnectorType(new OAuth2TokenCache()));
  },
});

export default httpPlugin;
