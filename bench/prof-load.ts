import autocannon from 'autocannon';
import { makeRequests } from './feishu-ingest/events';
const reqs = makeRequests(30000);
let i = 0;
const r = await autocannon({
  url: 'http://127.0.0.1:18799/webhook/feishu',
  method: 'POST',
  connections: 32,
  duration: 5,
  requests: [
    {
      setupRequest: (req: any) => {
        const x = reqs[i++]!;
        return { ...req, method: 'POST', body: x.body, headers: x.headers };
      },
    },
  ],
});
console.log('rps', r.requests.average, 'p50', r.latency.p50, 'p99', r.latency.p99, 'max', r.latency.max);
