import { Description, IsNotEmpty, IsOptional, IsString, type ConnectorValidationTools, type Problem } from '@relayflow/sdk';

/** Connector config: where Jira is and which project issues go to by default. */
export class JiraConfig {
  @Description('Base URL of the Jira site, e.g. `https://acme.atlassian.net` or `https://jira.internal/jira`.')
  @IsString() @IsNotEmpty() apiUrl!: string;
  @Description('Default project key (`ENG`); `pushToService` and the metadata actions may override it.')
  @IsString() @IsNotEmpty() projectKey!: string;
}

/**
 * Connector secrets: exactly one auth mode. Jira Cloud: `email` + `apiToken` (HTTP basic).
 * Jira Data Center / Server: `token`, a personal access token (HTTP bearer).
 */
export class JiraSecrets {
  @Description('Jira Cloud: the email of the account the apiToken belongs to')
  @IsOptional() @IsString() @IsNotEmpty() email?: string;
  @Description('Jira Cloud: an API token (id.atlassian.com); sent with email as HTTP basic auth')
  @IsOptional() @IsString() @IsNotEmpty() apiToken?: string;
  @Description('Jira Data Center / Server: a personal access token (HTTP bearer)')
  @IsOptional() @IsString() @IsNotEmpty() token?: string;
}

/** Which Jira the secrets say we talk to: Cloud (basic auth) or Data Center (bearer PAT). */
export type JiraDeployment = 'cloud' | 'datacenter';

const MODES = 'give either email + apiToken (Jira Cloud) or token (a Jira Data Center personal access token)';

/**
 * Cross-field check of a jira connector: `apiUrl` must be an http(s) URL on an allowed host, and
 * the secrets must name exactly one auth mode. Messages never contain a secret value.
 */
export function validateJiraSettings(input: { config: JiraConfig; secrets: JiraSecrets }, tools: ConnectorValidationTools): Problem[] {
  const problems: Problem[] = [];
  const urlProblem = tools.checkUrl(input.config.apiUrl);
  if (urlProblem) problems.push({ path: 'config.apiUrl', message: urlProblem });
  else if (/[?#]/.test(input.config.apiUrl)) problems.push({ path: 'config.apiUrl', message: 'must be the base URL of the Jira site, without a query or fragment' });
  const { email, apiToken, token } = input.secrets;
  if (token !== undefined && (email !== undefined || apiToken !== undefined)) {
    problems.push({ path: 'secrets', message: `both auth modes are given: ${MODES}, not both` });
  } else if (token === undefined) {
    if (email === undefined && apiToken === undefined) problems.push({ path: 'secrets', message: `no credentials: ${MODES}` });
    else if (email === undefined) problems.push({ path: 'secrets.email', message: 'missing: Jira Cloud authenticates with email + apiToken; give the email of the account the apiToken belongs to' });
    else if (apiToken === undefined) problems.push({ path: 'secrets.apiToken', message: 'missing: Jira Cloud authenticates with email + apiToken; create an API token at id.atlassian.com and give it here' });
  }
  return problems;
}

/** The deployment the (validated) secrets imply. */
export function deploymentOf(secrets: JiraSecrets): JiraDeployment {
  return secrets.token !== undefined ? 'datacenter' : 'cloud';
}

/** The Authorization header value for the (validated) secrets. Never log or return it. */
export function authorizationFor(secrets: JiraSecrets): string {
  if (secrets.token !== undefined) return `Bearer ${secrets.token}`;
  return `Basic ${Buffer.from(`${secrets.email}:${secrets.apiToken}`).toString('base64')}`;
}
