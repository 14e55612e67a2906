/**
 * The server secret that keeps anonymous choices anonymous to anyone who reads only the database: cadre ratings
 * key their ballots with it, anonymous polls seal their choices with it. It is kept outside the database on purpose.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

let cachedSecret: Buffer | null = null;

/**
 * RATING_SECRET (at least 32 characters), or else 32 random bytes kept in RATING_SECRET_FILE (default
 * data/rating-secret), created on first use. Several servers sharing one PostgreSQL database must share
 * RATING_SECRET, or a changed rating would count twice and a poll sealed by one could not be counted by another.
 */
export function serverSecret(): Buffer {
	if (cachedSecret) return cachedSecret;
	const env = process.env.RATING_SECRET;
	if (env !== undefined && env !== '') {
		if (env.length < 32) throw new Error('RATING_SECRET must be at least 32 characters');
		return (cachedSecret = Buffer.from(env, 'utf8'));
	}
	const file = path.resolve(process.env.RATING_SECRET_FILE ?? 'data/rating-secret');
	try {
		return (cachedSecret = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex'));
	} catch {
		mkdirSync(path.dirname(file), { recursive: true });
		try {
			writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
		} catch {
			// another process created it first: use theirs
		}
		return (cachedSecret = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex'));
	}
}
