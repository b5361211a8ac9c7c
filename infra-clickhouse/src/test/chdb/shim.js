// Modern ClickHouse (libchdb from the npm package chdb@3.4.0 = ClickHouse 26.x) behind a minimal imitation of the
// HTTP interface, to check that the store's SQL also runs on current releases (toolchain.md row 6c). Not a server:
// one session, queries run one at a time, URL settings are ignored. Usage (see infra-clickhouse/README.md):
//   npm install --prefix /tmp/chdb-shim chdb@3.4.0
//   NODE_PATH=/tmp/chdb-shim/node_modules node shim.js 28124
//   TOGGLEWORKS_TEST_CLICKHOUSE_URL=http://127.0.0.1:28124/ ./mvnw -o verify -pl infra-clickhouse
const http = require('http');
const { Session } = require('chdb');

const port = Number(process.argv[2] || 28124);
const session = new Session();
const version = session.query('SELECT version()', 'TSV').trim();

http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/ping') {
    res.end('Ok.\n');
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const q = url.searchParams.get('query');
    const sql = q ? q + '\n' + body : body;
    try {
      res.end(session.query(sql, 'TSV'));
    } catch (e) {
      res.statusCode = 500;
      res.end(String(e && e.message ? e.message : e));
    }
  });
}).listen(port, '127.0.0.1', () => console.log(`chdb ${version} on http://127.0.0.1:${port}/`));
