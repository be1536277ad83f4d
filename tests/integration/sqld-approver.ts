// The second app process of tests/integration/sqld-cluster.test.ts (run with tsx): it connects to the same
// libSQL server, says it is ready, and on "go" approves its share of the pledges, all at once, then tries
// to take the settlement job's lease. It prints one JSON line with what was acknowledged.
import { createInterface } from 'node:readline';
import { eq } from 'drizzle-orm';
import { connect, db } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import { approvePledge } from '$lib/server/funds/commands';
import { holdLease } from '$lib/server/jobs/lease';

const [url, userId, idsText] = process.argv.slice(2);
await connect(url, undefined);
const row = (await db().query.users.findFirst({ where: eq(users.id, userId) }))!;
// What a signed-in signatory's session brings: the second factor passed just now.
const signer = { ...row, secondFactor: { enrolled: true, passedAt: new Date() } };
const lines = createInterface({ input: process.stdin });
console.log('ready');
for await (const line of lines) {
	if (line.trim() !== 'go') continue;
	const ids = idsText.split(',');
	const outcomes = await Promise.all(ids.map((id, i) => approvePledge(signer, id, { reference: `DEL-B-${i}`, date: new Date(Date.now() - 86_400_000) })));
	const acknowledged = ids.filter((_, i) => outcomes[i].ok);
	const refused = outcomes.filter((o) => !o.ok).map((o) => ('code' in o ? o.code : '?'));
	const lease = await holdLease('settle-funds', 60_000);
	console.log(JSON.stringify({ acknowledged, refused, lease }));
	break;
}
lines.close();
process.exit(0);
