/** A workflow of `steps` http steps, each POSTing a body rendered from the event to `url`/ingest. */
export function httpWorkflowYaml(url: string, steps: number, name = 'http-bench'): string {
  const lines = [`name: ${name}`, 'steps:'];
  for (let s = 0; s < steps; s++) {
    lines.push(`  - name: post_${s}`, '    type: http', '    with:', `      url: "${url}/ingest"`, '      method: POST',
      '      body:', '        event_id: "{{ event.id }}"', `        step: ${s}`, '        message: "Workflow action triggered by \'{{ workflow.name }}\'"');
  }
  return `${lines.join('\n')}\n`;
}
