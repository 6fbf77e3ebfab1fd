/**
 * An app written with the official ext-apps `App` class, bundled into the test's HTML: shows
 * the tool input and result it is sent, and calls `app_echo` through the host on a click.
 */
import { App } from '@modelcontextprotocol/ext-apps';

const out = document.getElementById('out') as HTMLElement;
const lines: string[] = [];
const show = (line: string): void => {
  lines.push(line);
  out.textContent = lines.join('\n');
};

const app = new App({ name: 'official-probe', version: '1.0.0' }, {});
app.ontoolinput = (params) => show(`input ${JSON.stringify(params.arguments)}`);
app.ontoolresult = (result) => show(`result ${JSON.stringify(result.structuredContent)}`);
app.onteardown = async () => {
  show('teardown');
  return {};
};
document.getElementById('echo')?.addEventListener('click', () => {
  app.callServerTool({ name: 'app_echo', arguments: { text: 'from the official App' } }).then(
    (result) => show(`echo ${JSON.stringify(result.structuredContent)}`),
    (error: Error) => show(`echo failed ${error.message}`),
  );
});
app.connect().then(
  () => show(`connected to ${app.getHostVersion()?.name}`),
  (error: Error) => show(`connect failed ${error.message}`),
);
