/**
 * One delivery worker in a process of its own (run with tsx), sending SMS through Alibaba Cloud's API to the
 * stand-in at STANDIN_URL: the crash test and the bench start it, SIGKILL it mid-batch and start another.
 * DATABASE_URL names the database. Prints "ready" once it takes jobs.
 */
import { initDb } from '../../src/lib/server/db';
import { startWorker } from '../../src/lib/server/notify/delivery/worker';
import { aliyunTransport } from '../../src/lib/server/notify/providers/aliyun';

process.env.SMS_QUIET_HOURS = 'off';
await initDb();
const sms = aliyunTransport({
	accessKeyId: 'bench',
	accessKeySecret: 'bench-secret',
	signName: '议事亭',
	templates: { notice: 'SMS_1', digest: 'SMS_2' },
	endpoint: process.env.STANDIN_URL
});
await startWorker({
	senders: { sms, email: null, wechat: null },
	batchSize: Number(process.env.WORKER_BATCH ?? 50),
	concurrency: Number(process.env.WORKER_CONCURRENCY ?? 16),
	retryDelay: 1
});
console.log('ready');
