/**
 * The operators' command line: create communities and first accounts on a fresh deployment.
 *
 *   npm run admin -- community create --name 金阳社区 --street 金阳街道 [--estate 金阳花园] [--threshold 10]
 *   echo 'a-long-password' | npm run admin -- user create --community 1 --role committee --phone 13800138000 --name 张桂兰
 *   npm run admin -- demo
 *
 * Prints only the new id on stdout (for scripts: `id=$(npm run -s admin -- community create …)`; -s keeps
 * npm's own banner off stdout); messages go to stderr; exit code 1 on any error.
 * Uses PostgreSQL when DATABASE_URL is set, else PGlite in PGLITE_DIR (default data/pglite), and
 * applies the migrations first. Run by tsx without SvelteKit's aliases, so it imports only modules
 * that use relative imports (db, schema, auth, demo) — none of them loads the Paraglide messages.
 */
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** a refusal worded for the operator */
class CliError extends Error {}
/** bad arguments: the usage is shown after the message */
class UsageError extends CliError {}

const USAGE = `用法 Usage:
  npm run admin -- community create --name 社区名称 --street 街道名称 [--estate 小区名称] [--threshold 附议人数]
  npm run admin -- user create --community 社区ID --role 角色 --phone 手机号 --name 姓名   （从标准输入第一行读取密码）
  npm run admin -- user create --street 街道名称 --role street_admin --phone 手机号 --name 姓名
  npm run admin -- demo      （向空数据库载入演示数据）
角色 roles: resident 居民, owner 业主, committee 居委会, cadre 社区干部, grid 网格员, street_admin 街道管理员`;

const ROLE_NAMES: Record<string, string> = {
	resident: '居民',
	owner: '业主',
	committee: '居委会',
	cadre: '社区干部',
	grid: '网格员',
	street_admin: '街道管理员'
};

/** `--key value` and `--key=value`; anything else is an error */
export function parseOptions(args: string[], allowed: string[]): Record<string, string> {
	const out: Record<string, string> = {};
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
		if (!match) throw new UsageError(`无法识别的参数“${arg}”`);
		const [, key, inline] = match;
		if (!allowed.includes(key)) throw new UsageError(`不支持的选项 --${key}（可用：${allowed.map((a) => `--${a}`).join(' ')}）`);
		const value = inline ?? args[++i];
		if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`选项 --${key} 缺少取值`);
		if (key in out) throw new UsageError(`选项 --${key} 重复了`);
		out[key] = value.trim();
	}
	return out;
}

function required(options: Record<string, string>, key: string, what: string): string {
	const value = options[key];
	if (!value) throw new UsageError(`缺少 --${key}（${what}）`);
	return value;
}

function nameOf(value: string, what: string, max: number): string {
	if (value.length > max) throw new UsageError(`${what}最多 ${max} 个字`);
	return value;
}

/** the first line of standard input: the password, never a command-line argument (it would show in `ps` and the shell history) */
async function readPassword(): Promise<string> {
	if (process.stdin.isTTY) process.stderr.write('请输入密码（至少 8 位）Password: ');
	const lines = createInterface({ input: process.stdin, terminal: false });
	let first = '';
	for await (const line of lines) {
		first = line;
		break;
	}
	lines.close();
	return first.replace(/\r$/, '');
}

async function main(argv: string[]): Promise<string | null> {
	const [noun, verb, ...rest] = argv;
	if (!noun || noun === 'help' || noun === '--help' || noun === '-h') {
		process.stderr.write(USAGE + '\n');
		return null;
	}
	const command = `${noun} ${verb ?? ''}`.trim();
	if (!['community create', 'user create', 'demo'].includes(command)) throw new UsageError(`未知命令“${argv.join(' ')}”`);

	// validate everything the arguments can tell before touching the database
	let run: () => Promise<string | null>;
	if (command === 'community create') {
		const o = parseOptions(rest, ['name', 'street', 'estate', 'threshold']);
		const name = nameOf(required(o, 'name', '社区名称'), '社区名称', 50);
		const street = nameOf(required(o, 'street', '街道名称'), '街道名称', 50);
		const estate = nameOf(o.estate || name, '小区名称', 50);
		const threshold = o.threshold === undefined ? 10 : Number(o.threshold);
		if (!Number.isInteger(threshold) || threshold < 1 || threshold > 1000) throw new UsageError('--threshold（附议人数）应为 1 到 1000 的整数');
		run = () => createCommunity({ name, street, estate, threshold });
	} else if (command === 'user create') {
		const o = parseOptions(rest, ['community', 'street', 'role', 'phone', 'name']);
		const role = required(o, 'role', '角色');
		if (!(role in ROLE_NAMES)) throw new UsageError(`角色“${role}”无效，可用：${Object.keys(ROLE_NAMES).join(', ')}`);
		const phone = required(o, 'phone', '手机号');
		if (!/^1[3-9]\d{9}$/.test(phone)) throw new UsageError(`手机号“${phone}”不是 11 位手机号码`);
		const name = nameOf(required(o, 'name', '姓名'), '姓名', 20);
		let communityId: number | null = null;
		let street: string | null = null;
		if (role === 'street_admin') {
			if (o.community) throw new UsageError('街道管理员请用 --street 指定街道，不用 --community');
			street = required(o, 'street', '街道名称');
		} else {
			if (o.street) throw new UsageError('--street 只用于街道管理员；其他角色请用 --community 指定社区');
			const raw = required(o, 'community', '社区ID');
			if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw new UsageError(`社区ID“${raw}”应为正整数`);
			communityId = Number(raw);
		}
		const password = await readPassword();
		if (password.length < 8) throw new CliError('密码至少 8 位（从标准输入的第一行读取）');
		if (password.length > 128) throw new CliError('密码最多 128 位');
		run = () => createUser({ role, phone, name, communityId, street, password });
	} else {
		if (rest.length > 0) throw new UsageError(`demo 命令不接受参数“${rest.join(' ')}”`);
		run = loadDemo;
	}

	const here = path.dirname(fileURLToPath(import.meta.url));
	process.env.YST_MIGRATIONS ??= path.resolve(here, '../../../../drizzle');
	const { initDb, closeDb } = await import('../db/index');
	try {
		try {
			await initDb();
		} catch (e) {
			throw new CliError(`无法连接或初始化数据库：${(e as Error).message}`);
		}
		return await run();
	} finally {
		await closeDb();
	}
}

async function createCommunity(c: { name: string; street: string; estate: string; threshold: number }): Promise<string> {
	const { db } = await import('../db/index');
	const table = await import('../db/schema/index');
	const { and, eq } = await import('drizzle-orm');
	return db.transaction(async (tx) => {
		await tx.insert(table.street).values({ name: c.street }).onConflictDoNothing();
		const [street] = await tx.select().from(table.street).where(eq(table.street.name, c.street));
		const [same] = await tx
			.select({ id: table.community.id })
			.from(table.community)
			.where(and(eq(table.community.streetId, street.id), eq(table.community.name, c.name)));
		if (same) throw new CliError(`${c.street}已有名为“${c.name}”的社区（ID ${same.id}）`);
		const [community] = await tx
			.insert(table.community)
			.values({ streetId: street.id, name: c.name, secondThreshold: c.threshold })
			.returning({ id: table.community.id });
		await tx.insert(table.estate).values({ communityId: community.id, name: c.estate });
		await tx.insert(table.auditLog).values({
			communityId: community.id,
			actorName: '命令行 admin CLI',
			action: 'community.create',
			targetType: 'community',
			targetId: community.id,
			detail: { name: c.name, street: c.street, estate: c.estate }
		});
		process.stderr.write(`已创建社区“${c.name}”（${c.street}，小区“${c.estate}”）。Community created.\n`);
		return String(community.id);
	});
}

async function createUser(u: {
	role: string;
	phone: string;
	name: string;
	communityId: number | null;
	street: string | null;
	password: string;
}): Promise<string> {
	const { db } = await import('../db/index');
	const table = await import('../db/schema/index');
	const { hashPassword } = await import('../auth');
	const { eq } = await import('drizzle-orm');
	const passwordHash = await hashPassword(u.password);
	return db.transaction(async (tx) => {
		let streetId: number | null = null;
		let where = '';
		if (u.communityId !== null) {
			const [community] = await tx.select().from(table.community).where(eq(table.community.id, u.communityId));
			if (!community) throw new CliError(`找不到 ID 为 ${u.communityId} 的社区（先用 community create 创建）`);
			where = community.name;
		} else {
			const [street] = await tx.select().from(table.street).where(eq(table.street.name, u.street!));
			if (!street) throw new CliError(`找不到名为“${u.street}”的街道（先用 community create 创建社区和街道）`);
			streetId = street.id;
			where = street.name;
		}
		const [taken] = await tx.select({ id: table.user.id }).from(table.user).where(eq(table.user.phone, u.phone));
		if (taken) throw new CliError(`手机号 ${u.phone} 已有账号（用户 ID ${taken.id}）`);
		const [user] = await tx
			.insert(table.user)
			.values({ phone: u.phone, name: u.name, passwordHash })
			.returning({ id: table.user.id });
		await tx.insert(table.membership).values({
			userId: user.id,
			communityId: u.communityId,
			streetId,
			role: u.role as (typeof table.ROLES)[number],
			status: 'verified',
			verifiedAt: new Date(),
			note: '由管理员在命令行创建'
		});
		if (u.communityId !== null) {
			await tx.insert(table.auditLog).values({
				communityId: u.communityId,
				actorName: '命令行 admin CLI',
				action: 'member.create',
				targetType: 'user',
				targetId: user.id,
				detail: { name: u.name, role: u.role }
			});
		}
		process.stderr.write(`已为${where}创建${ROLE_NAMES[u.role]}账号“${u.name}”（${u.phone}），可直接登录。User created.\n`);
		return String(user.id);
	});
}

async function loadDemo(): Promise<null> {
	const demo = await import('../demo');
	const seeded = await demo.seedIfEmpty();
	process.stderr.write(seeded ? '演示数据已载入。Demo data loaded.\n' : '数据库已有社区，未载入演示数据。The database already has data; nothing loaded.\n');
	return null;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
	main(process.argv.slice(2)).then(
		(out) => {
			if (out !== null) process.stdout.write(out + '\n');
		},
		(e: unknown) => {
			if (e instanceof UsageError) process.stderr.write(`错误：${e.message}\n\n${USAGE}\n`);
			else if (e instanceof CliError) process.stderr.write(`错误：${e.message}\n`);
			else process.stderr.write(`错误：${(e as Error)?.message ?? String(e)}\n`);
			process.exitCode = 1;
		}
	);
}
