import { describe, expect, it } from 'vitest';
import { cleanName, detect, disposition, MAX_FILE_BYTES } from './files';
import { ServiceError } from './errors';

const bytes = (...xs: (number | string)[]) =>
	new Uint8Array(xs.flatMap((x) => (typeof x === 'string' ? [...x].map((c) => c.charCodeAt(0)) : [x])));
const PNG = bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13);
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16);
const PDF = bytes('%PDF-1.7\n%âãÏÓ\n');
const DOCX = bytes(0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, '[Content_Types].xml', 0, 'word/document.xml');

function refusedWith(run: () => unknown): ServiceError {
	try {
		run();
	} catch (e) {
		if (e instanceof ServiceError) return e;
		throw e;
	}
	throw new Error('expected a refusal');
}

describe('file type checks', () => {
	it('accepts a PDF, a picture, a Word file and plain text by their content and extension', () => {
		expect(detect('燃气管道方案.pdf', PDF, 'documents').mime).toBe('application/pdf');
		expect(detect('现场.JPG', JPEG, 'documents').mime).toBe('image/jpeg');
		expect(detect('照片.png', PNG, 'images').mime).toBe('image/png');
		expect(detect('意见.docx', DOCX, 'documents').mime).toContain('wordprocessingml');
		expect(detect('名单.txt', new TextEncoder().encode('张三\n李四\n'), 'documents').mime).toMatch(/^text\/plain/);
	});

	it('refuses a picture renamed .pdf and a program renamed .jpg, with the message beside the field', () => {
		const e = refusedWith(() => detect('方案.pdf', PNG, 'documents', 'material'));
		expect(e.status).toBe(400);
		expect(e.fields.material).toBe('文件内容与扩展名不符，请检查后重新上传');
		const exe = bytes('MZ', 0x90, 0, 3, 0);
		expect(refusedWith(() => detect('photo.jpg', exe, 'images')).code).toBe('file_mismatch');
	});

	it('refuses kinds that are not accepted: a program, and a PDF where only pictures are taken', () => {
		expect(refusedWith(() => detect('setup.exe', bytes('MZ', 0x90), 'documents')).fields.file).toMatch(/不支持这种文件/);
		expect(refusedWith(() => detect('方案.pdf', PDF, 'images')).fields.file).toBe('请上传 JPG、PNG 或 WEBP 图片');
		expect(refusedWith(() => detect('无扩展名', PDF, 'documents')).code).toBe('file_type');
	});

	it('refuses an empty file and one over 10 MB with 413', () => {
		expect(refusedWith(() => detect('a.pdf', new Uint8Array(), 'documents')).code).toBe('file_empty');
		const big = new Uint8Array(MAX_FILE_BYTES + 1);
		big.set(PDF);
		const e = refusedWith(() => detect('a.pdf', big, 'documents'));
		expect(e.status).toBe(413);
		expect(e.message).toBe('文件不能超过 10 MB');
		const edge = new Uint8Array(MAX_FILE_BYTES);
		edge.set(PDF);
		expect(detect('a.pdf', edge, 'documents').mime).toBe('application/pdf');
	});

	it('keeps a plain file name: no folders or control characters, long names cut keeping the extension', () => {
		expect(cleanName('C:\\Users\\x\\会议\u0007材料.pdf')).toBe('会议材料.pdf');
		expect(cleanName('../../etc/passwd')).toBe('passwd');
		const long = cleanName('长'.repeat(300) + '.pdf');
		expect(long.length).toBe(120);
		expect(long.endsWith('.pdf')).toBe(true);
	});

	it('offers the Chinese name to the browser in UTF-8 with an ASCII fallback', () => {
		expect(disposition('议程 "1".pdf')).toBe(
			`attachment; filename="__ _1_.pdf"; filename*=UTF-8''${encodeURIComponent('议程 "1".pdf')}`
		);
	});
});
