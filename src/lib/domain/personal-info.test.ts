import { describe, expect, it } from 'vitest';
import { findPersonalInfo, isIdCard } from './personal-info';

const kinds = (s: string) => findPersonalInfo(s).map((f) => f.kind);

describe('personal numbers in public text', () => {
	it.each([
		['李大爷的电话13800138000，有事找他', ['mobile']],
		['打 138 0013 8000', ['mobile']],
		['打138-0013-8000', ['mobile']],
		['打１３８００１３８０００', ['mobile']],
		['+86 13800138000', ['mobile']],
		['+8613800138000', ['mobile']],
		['身份证11010519491231002X', ['id_card']],
		['身份证 110105 19491231 002x', ['id_card']],
		['老身份证110105491231002', ['id_card']],
		['座机 028-85551234', ['landline']],
		['座机 0755 1234567', ['landline']],
		['两个：13800138000 和 13912345678', ['mobile', 'mobile']]
	])('%s → %j', (text, expected) => {
		expect(kinds(text)).toEqual(expected);
	});

	it.each([
		['12盏灯报价12000元，降到8000元'],
		['3栋2单元501'],
		['2026年12月3日下午3点'],
		['市民热线12345，燃气抢修96777'],
		['订单号 202612031380013800099'],
		['12800138000 不是手机号（第二位是2）'],
		['11010519491231002Y 校验位不对'],
		['110105194912310021 校验位不对'],
		['110105194902300028 二月没有三十日']
	])('nothing in %s', (text) => {
		expect(findPersonalInfo(text)).toEqual([]);
	});

	it('shows the number masked, as written', () => {
		expect(findPersonalInfo('电话 138 0013 8000。')).toEqual([{ kind: 'mobile', text: '138 0013 8000', masked: '138******00' }]);
	});

	it('checks the ID check character (GB 11643)', () => {
		expect(isIdCard('11010519491231002X')).toBe(true);
		expect(isIdCard('110105194912310020')).toBe(false);
	});
});
