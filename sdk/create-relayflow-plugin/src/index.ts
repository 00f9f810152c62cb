/**
 * create-relayflow-plugin: writes a Relayflow connector plugin package (`npm create
 * relayflow-plugin NAME`; `relayflow plugin init NAME` is the same scaffold). No dependencies:
 * it writes files, nothing else.
 */
export { scaffoldPlugin, ScaffoldError, type ScaffoldOptions, type ScaffoldResult } from './scaffold';
export { pluginTemplate, type PluginTemplateInput } from './plugin-template';
export { main, nextSteps, type Streams } from './cli';
