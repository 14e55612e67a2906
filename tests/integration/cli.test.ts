/**
 * The operators' CLI, run as operators run it: `tsx src/lib/server/cli/admin.ts …` in a child process,
 * on a PGlite directory of its own, and — when DATABASE_URL is set — on this file's fresh PostgreSQL database.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as auth from '$lib/server/auth';
import * as people from '$lib/server/people';

const TSX = path.resolve('node_modules/.bin/tsx');
const CLI = path.resolve('src/lib/server/cli/admin.ts');

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

function admin(args: string[], env: Record<string, string | undefined>, stdin = ''): Promise<Run> {
	const childEnv: NodeJS.ProcessEnv = { ...process.env };
	delete childEnv.DATABASE_URL;
	delete childEnv.PGLITE_DIR;
	delete childEnv.VITEST;
	Object.assign(childEnv, env);
	return new Promise((resolve, reject) => {
		const child = spawn(TSX, [CLI, ...args], { env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
		child.stdin.end(stdin);
	});
}

const dirs: string[] = [];
afterAll(() => {
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('admin CLI on PGlite', () => {
	it('creates a community and a committee member who can sign in; refuses bad arguments in Chinese', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'yst-cli-'));
		dirs.push(dir);
		const env = { PGLITE_DIR: dir };

		const created = await admin(['community', 'create', '--name', '新华社区', '--street', '新华街道'], env);
		expect(created.stderr).not.toContain('错误');
		expect(created.code).toBe(0);
		expect(created.stdout).toMatch(/^\d+\n$/);
		const communityId = created.stdout.trim();

		const user = await admin(
			['user', 'create', '--community', communityId, '--role', 'committee', '--phone', '13911112222', '--name', '马主任'],
			env,
			'long-enough-1\nsecond line ignored\n'
		);
		expect(user.code).toBe(0);
		expect(user.stdout).toMatch(/^\d+\n$/);

		const short = await admin(['user', 'create', '--community', communityId, '--role', 'committee', '--phone', '13911113333', '--name', '短'], env, 'short\n');
		expect(short.code).toBe(1);
		expect(short.stdout).toBe('');
		expect(short.stderr).toContain('密码至少 8 位');

		const missing = await admin(['community', 'create', '--street', '新华街道'], env);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toContain('缺少 --name');

		const badRole = await admin(['user', 'create', '--community', communityId, '--role', 'mayor', '--phone', '13911114444', '--name', '某'], env, 'long-enough-1\n');
		expect(badRole.code).toBe(1);
		expect(badRole.stderr).toContain('角色“mayor”无效');

		const taken = await admin(['user', 'create', '--community', communityId, '--role', 'resident', '--phone', '13911112222', '--name', '马主任'], env, 'long-enough-2\n');
		expect(taken.code).toBe(1);
		expect(taken.stderr).toContain('已有账号');

		// what the CLI wrote, read back from its PGlite directory
		const { PGlite } = await import('@electric-sql/pglite');
		const pg = await PGlite.create(dir);
		try {
			const { rows } = await pg.query<{ password_hash: string; role: string; status: string; community_id: number; estate: string }>(
				`select u.password_hash, m.role, m.status, m.community_id, e.name as estate
				 from "user" u join membership m on m.user_id = u.id join estate e on e.community_id = m.community_id
				 where u.phone = '13911112222'`
			);
			expect(rows).toHaveLength(1);
			expect(rows[0]).toMatchObject({ role: 'committee', status: 'verified', community_id: Number(communityId), estate: '新华社区' });
			expect(await auth.verifyPassword(rows[0].password_hash, 'long-enough-1')).toBe(true);
			expect(await auth.verifyPassword(rows[0].password_hash, 'second line ignored')).toBe(false);
		} finally {
			await pg.close();
		}
	}, 180_000);
});

describe.runIf(process.env.DATABASE_URL)('admin CLI on PostgreSQL', () => {
	it('creates a community, its committee member signs in with the password from standard input', async () => {
		const env = { DATABASE_URL: process.env.DATABASE_URL };
		const created = await admin(['community', 'create', '--name=长乐社区', '--street=长乐街道', '--estate=长乐花园'], env);
		expect(created.code).toBe(0);
		const communityId = Number(created.stdout.trim());
		const [community] = await db.select().from(table.community).where(eq(table.community.id, communityId));
		expect(community.name).toBe('长乐社区');
		const estates = await db.select().from(table.estate).where(eq(table.estate.communityId, communityId));
		expect(estates.map((e) => e.name)).toEqual(['长乐花园']);

		const made = await admin(
			['user', 'create', '--community', String(communityId), '--role', 'committee', '--phone', '13922223333', '--name', '钱书记'],
			env,
			'pg-password-9\n'
		);
		expect(made.code).toBe(0);
		const signedIn = await people.login({ phone: '13922223333', password: 'pg-password-9' }, '127.0.0.1');
		expect(signedIn.user.id).toBe(Number(made.stdout.trim()));
		const { user } = await auth.validateSessionToken(signedIn.token);
		expect(user?.memberships).toEqual([expect.objectContaining({ communityId, role: 'committee', status: 'verified' })]);
	}, 120_000);
});
