import { describe, expect, it } from 'vitest';
import { redirectTarget } from './redirect-target';

const ORIGIN = 'https://ysting.example.cn';

describe('redirectTarget', () => {
	const hostile = [
		'/\t/evil.example/phish',
		'/%09/evil.example/phish',
		'/\n/evil.example',
		'/\r\n/evil.example',
		'/%0a/evil.example',
		'//evil.example',
		'///evil.example',
		'/\\evil.example',
		'\\/evil.example',
		'/%5cevil.example',
		'https://evil.example',
		'http:evil.example',
		'javascript:alert(1)',
		'JaVaScRiPt:alert(1)',
		'evil.example',
		' /me',
		'/\u0085/evil.example',
		'',
		'x'.repeat(10)
	];
	for (const value of hostile) {
		it(`refuses ${JSON.stringify(value)} with '/'`, () => {
			expect(redirectTarget(value, ORIGIN)).toBe('/');
		});
	}

	it('refuses what is not a string', () => {
		expect(redirectTarget(null, ORIGIN)).toBe('/');
		expect(redirectTarget(undefined, ORIGIN)).toBe('/');
		expect(redirectTarget(['/me'], ORIGIN)).toBe('/');
	});

	const kept: [string, string][] = [
		['/me', '/me'],
		['/c/1/topics?status=open#list', '/c/1/topics?status=open#list'],
		['/c/1/votes/2', '/c/1/votes/2'],
		['/login?next=%2Fme', '/login?next=%2Fme'],
		['/a/../me', '/me'],
		['/搜索', '/%E6%90%9C%E7%B4%A2']
	];
	for (const [value, out] of kept) {
		it(`keeps the site path ${value}`, () => {
			expect(redirectTarget(value, ORIGIN)).toBe(out);
		});
	}

	it('uses the fallback given', () => {
		expect(redirectTarget('//evil', ORIGIN, '/me')).toBe('/me');
	});
});
