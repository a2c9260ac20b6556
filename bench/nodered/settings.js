// Node-RED settings for the bench's peer flow (bench/README.md): no editor, no credentials file; info logs (the bench waits for "Started flows").
// The bench starts `node node_modules/node-red/red.js --settings settings.js --userDir DIR -p PORT DIR/flow.json`.
module.exports = {
  flowFile: 'flow.json',
  credentialSecret: false,
  httpAdminRoot: false,
  httpNodeRoot: false,
  uiHost: '127.0.0.1',
  logging: { console: { level: 'info', metrics: false, audit: false } },
  editorTheme: { projects: { enabled: false } },
  externalModules: { autoInstall: false },
  functionGlobalContext: {},
};
