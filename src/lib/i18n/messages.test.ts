import { describe, expect, it } from 'vitest';
import zh from './messages/zh-CN.json';

describe('the Chinese messages', () => {
	it('address the reader as 您, never 你', () => {
		expect(Object.entries(zh).filter(([, text]) => String(text).includes('你'))).toEqual([]);
	});
});
