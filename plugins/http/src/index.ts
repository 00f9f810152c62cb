import { definePlugin } from '@relayflow/sdk';
import { createHttpConnectorType } from './http-connector';
import { OAuth2Tokens } from './oauth2-tokens';

export { createHttpConnectorType } from './http-connector';
export type { HttpOutput } from './http-connector';
export { AUTH_TYPES, FetcherOptions, HTTP_METHODS, HttpConfig, HttpParams, HttpSecrets } from './schemas';
export type { AuthTypeName } from './schemas';
export { authKind } from './connector-auth';
export type { AuthKind } from './connector-auth';
export { buildRequestUrl } from './request-url';
export { mergeHeaders } from './headers';
export { OAuth2Tokens } from './oauth2-tokens';
export type { AccessToken } from './oauth2-tokens';

/**
 * `@relayflow/plugin-http`: the `http` connector type and step (Kibana Workflows' http step,
 * 9.3 and 9.4 forms). Every request goes through Relayflow's egress client.
 */
const httpPlugin = definePlugin({
  id: 'relayflow-http',
  sdk: '^1.0.0',
  setup({ registerConnectorType }) {
    registerConnectorType(createHttpConnectorType(new OAuth2Tokens()));
  },
});

export default httpPlugin;
