import type { ActionResult } from './action-result';
import type { ClassType } from './class-type';
import type { HttpClient } from './http-client';
import type { Logger } from './logger';
import type { Problem } from './problem';

/** Whether an action needs a connector: always, only sometimes (e.g. `http` with a full URL), or never. */
export type ConnectorRequirement = 'required' | 'optional' | 'none';

/** Identifies the connector an action runs with. */
export interface ConnectorRef {
  /** The connector's id: 1-100 of `A-Za-z0-9_-` (a generated UUID unless one was given). */
  id: string;
  /** Its unique name. */
  name: string;
  /** Its connector type id. */
  type: string;
  /** True for connectors from the config file (read-only, never stored). */
  isPreconfigured: boolean;
}

/**
 * What an action's `execute` receives. `params`, `config` and `secrets` are already validated
 * instances of the action's and connector type's classes. When an action with
 * `connector: 'optional'` runs without a connector, `connector` is undefined and `config` and
 * `secrets` are empty instances.
 */
export interface ActionContext<P, C, S> {
  /** The step's rendered `with`, validated against the action's params class. */
  params: P;
  /** The connector's config, validated against the type's config class. */
  config: C;
  /** The connector's decrypted secrets, validated against the type's secrets class. Never log or return them. */
  secrets: S;
  /** The connector the action runs with; undefined for an optional-connector action run without one. */
  connector?: ConnectorRef;
  /** The core's egress client: use it for every outbound request. */
  http: HttpClient;
  /** Aborted when the step times out or the execution is cancelled; pass it to `http.request`. */
  signal: AbortSignal;
  /** A logger that redacts this connector's secret values. */
  logger: Logger;
  /** The execution this action runs in (a one-off id for `connectors test`). */
  executionId: string;
  /** The step's address in the workflow plus its foreach indices (`steps[2]#1.steps[0]`): stable across a restart. */
  stepId: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
  /**
   * Derived from the execution id and step id: the same on every attempt of the step and after
   * a resume. Send it as an `Idempotency-Key` header to services that deduplicate with one.
   */
  idempotencyKey: string;
}

/** What a connector type's `test` receives: the action context without params. */
export type ConnectorTestContext<C, S> = Omit<ActionContext<unknown, C, S>, 'params'>;

/**
 * One action of a connector type (Kibana's sub-action). `execute` returns `ok(data)` or
 * `error({...})` for remote failures, and throws only for programming or configuration errors.
 */
export interface ActionType<P = unknown, C = unknown, S = unknown> {
  /** The action name: the step type `TYPE.ACTION` names it. */
  id: string;
  /** The class `with` is validated against (class-validator decorators). */
  params: ClassType<P>;
  /** Whether a step must name a connector (default `required`). */
  connector: ConnectorRequirement;
  /**
   * Params a step must give when it names no connector (for `connector: 'optional'` actions),
   * e.g. `['url']` for `http`: the connector would otherwise supply them. Validation reports a
   * missing one at the step, like any missing required key; a templated value counts as given.
   */
  requiredWithoutConnector?: readonly string[];
  /** One line for `relayflow connectors types` and the JSON Schema. */
  description?: string;
  /**
   * The param of this call that turns TLS verification down (the http step's
   * `fetcher.skip_ssl_verification`), as a path in the step's `with`, when `params` ask for it
   * and that would weaken what the connector's `config` sets. A step may not weaken the TLS of a
   * connector that holds secrets (its credentials would go to a server nobody verified): core
   * refuses it unless `networking.allowStepTlsOverride` is true, when a workflow is validated
   * (then `params` is the step's literal `with`, not yet validated: read it defensively;
   * templated values are strings) and before each call (the rendered, validated params).
   * @returns the path of the param, e.g. `['fetcher', 'skip_ssl_verification']`, or undefined
   */
  weakensTls?(params: P, config: C): ReadonlyArray<string | number> | undefined;
  /** Runs the action. @returns `ok(data)` or `error({...})`; throws only for programming or configuration errors */
  execute(ctx: ActionContext<P, C, S>): Promise<ActionResult>;
}

/** Helpers a connector type's cross-field `validate` can use. */
export interface ConnectorValidationTools {
  /**
   * Checks that `url` parses as http(s) and its host passes the egress policy.
   * @returns a message saying what is wrong, or undefined when the URL is acceptable
   */
  checkUrl(url: string): string | undefined;
}

/**
 * A connector type: the schema of its config and secrets, its actions and default action.
 * Made by `defineConnectorType`; registered by a plugin in `setup`.
 */
export interface ConnectorType<C = unknown, S = unknown> {
  /** Type id as the step type uses it (`slack`, `slack_api`, `cases-webhook`). */
  id: string;
  /**
   * Other ids this type answers to wherever a connector type id is read (the CLI, the config
   * file, the library, `connectors import`), e.g. Kibana's `.slack`. Connectors are always
   * stored and shown with `id`; step types use `id` only.
   */
  aliases?: readonly string[];
  /** Display name. */
  name: string;
  /** One line for `relayflow connectors types`. */
  description?: string;
  /** The config class (class-validator decorators); stored in clear. */
  config: ClassType<C>;
  /** The secrets class (class-validator decorators); encrypted at rest. */
  secrets: ClassType<S>;
  /** The action the bare step type runs. */
  defaultAction: string;
  /** Actions by name. */
  actions: Readonly<Record<string, ActionType<unknown, C, S>>>;
  /**
   * Cross-field validation of config and secrets together, after each passed its class.
   * A problem with `severity: 'warning'` does not refuse the connector: it is shown to whoever
   * saves it (`connectors create|update`, `connectors import`, preconfigured connectors at start).
   * @returns problems (with paths such as `secrets.webhookUrl`), one message, or nothing
   */
  validate?(input: { config: C; secrets: S }, tools: ConnectorValidationTools): Problem[] | string | void;
  /** A health check `relayflow connectors test` runs when no params are given. */
  test?(ctx: ConnectorTestContext<C, S>): Promise<ActionResult>;
}

/** One action as a plugin author writes it; `connector` defaults to `required`. */
export interface ActionDefinition<P, C, S> {
  /** The class the step's `with` is validated against; its type types `execute`'s `params`. */
  params: ClassType<P>;
  /** Whether a step must name a connector: `required` (default), `optional` or `none`. */
  connector?: ConnectorRequirement;
  /**
   * Params a step without `connector-id` must give (see {@link ActionType.requiredWithoutConnector}):
   * `http` lists `url`, since without a connector there is no base URL. `execute` should still
   * check them: a templated value may render empty.
   */
  requiredWithoutConnector?: ReadonlyArray<keyof P & string>;
  /** One line for `relayflow connectors types` and the JSON Schema. */
  description?: string;
  /**
   * For an action whose params can turn TLS verification down: the path of that param when
   * `params` do so (see {@link ActionType.weakensTls}); core then refuses the step for a
   * connector that holds secrets unless `networking.allowStepTlsOverride` allows it.
   */
  weakensTls?(params: P, config: C): ReadonlyArray<string | number> | undefined;
  /** Runs the action. @returns `ok(data)` or `error({...})`; throws only for programming or configuration errors */
  execute(ctx: ActionContext<P, C, S>): Promise<ActionResult>;
}

/** A connector type as a plugin author writes it; `A` maps action names to their params types. */
export interface ConnectorTypeDefinition<C, S, A> {
  /** Type id as the step type uses it: lower-case letters, digits, `-`, `_`. */
  id: string;
  /**
   * Other ids the type answers to when a connector is created, configured or imported (e.g.
   * Kibana's `.jira`): lower-case letters, digits, `-`, `_`, `.`; unique across every plugin.
   */
  aliases?: readonly string[];
  /** Display name. */
  name: string;
  /** One line for `relayflow connectors types`. */
  description?: string;
  /** The config class (stored in clear). */
  config: ClassType<C>;
  /** The secrets class (encrypted at rest). */
  secrets: ClassType<S>;
  /** The action the bare step type runs; must be one of `actions`. */
  defaultAction: keyof A & string;
  /** Actions by name. */
  actions: { [K in keyof A]: ActionDefinition<A[K], C, S> };
  /** Cross-field validation of config and secrets together; `severity: 'warning'` problems do not refuse (see {@link ConnectorType.validate}). */
  validate?(input: { config: C; secrets: S }, tools: ConnectorValidationTools): Problem[] | string | void;
  /** A health check `relayflow connectors test NAME` runs when no params are given. */
  test?(ctx: ConnectorTestContext<C, S>): Promise<ActionResult>;
}

/**
 * Defines a connector type. Types flow from the classes: each action's `execute` receives its
 * params, config and secrets typed, with no casts.
 *
 * @param definition - id, name, config and secrets classes, actions and the default action
 * @returns the connector type, ready for `registerConnectorType`
 * @throws Error when `defaultAction` names no action (a programming error)
 */
export function defineConnectorType<C, S, A>(definition: ConnectorTypeDefinition<C, S, A>): ConnectorType<C, S> {
  const actions: Record<string, ActionType<unknown, C, S>> = {};
  for (const [name, action] of Object.entries(definition.actions) as Array<[string, ActionDefinition<unknown, C, S>]>) {
    actions[name] = {
      id: name,
      params: action.params,
      connector: action.connector ?? 'required',
      requiredWithoutConnector: action.requiredWithoutConnector,
      description: action.description,
      ...(action.weakensTls ? { weakensTls: action.weakensTls } : {}),
      execute: action.execute,
    };
  }
  if (!actions[definition.defaultAction]) {
    throw new Error(`connector type "${definition.id}": defaultAction "${definition.defaultAction}" is not one of its actions (${Object.keys(actions).join(', ')})`);
  }
  return {
    id: definition.id,
    ...(definition.aliases ? { aliases: [...definition.aliases] } : {}),
    name: definition.name,
    description: definition.description,
    config: definition.config,
    secrets: definition.secrets,
    defaultAction: definition.defaultAction,
    actions,
    validate: definition.validate,
    test: definition.test,
  };
}
