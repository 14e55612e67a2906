/**
 * Files kept in the database (stored_file), so that every server instance serves the same bytes.
 * Shared by the domains: each stores through put() inside its own transaction and serves downloads
 * through its own route after its own access check (download() builds the response).
 */
import { and, eq } from 'drizzle-orm';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { m } from '$lib/paraglide/messages';
import type { DB, Tx } from './db';
import * as table from './db/schema';
import { ServiceError } from './errors';

type Q = DB | Tx;
export type StoredFile = typeof table.storedFile.$inferSelect;
export type FileMeta = Omit<StoredFile, 'bytes'>;

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** which files a domain accepts: pictures only (photos), or documents and pictures (materials) */
export type Accept = 'images' | 'documents';

interface Kind {
	mime: string;
	exts: string[];
	image: boolean;
	/** the content says it is this kind */
	test: (b: Uint8Array) => boolean;
}

const starts = (b: Uint8Array, ...sig: number[]) => sig.every((x, i) => b[i] === x);
const ascii = (b: Uint8Array, at: number, s: string) => [...s].every((c, i) => b[at + i] === c.charCodeAt(0));
/** an Office Open XML package (zip) whose entries include this folder, e.g. word/ */
const ooxml = (folder: string) => (b: Uint8Array) =>
	starts(b, 0x50, 0x4b, 0x03, 0x04) && new TextDecoder('latin1').decode(b.subarray(0, 64 * 1024)).includes(folder);
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function isUtf8Text(b: Uint8Array): boolean {
	if (b.includes(0)) return false;
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(b);
		return true;
	} catch {
		return false;
	}
}

const KINDS: Kind[] = [
	{ mime: 'application/pdf', exts: ['pdf'], image: false, test: (b) => ascii(b, 0, '%PDF-') },
	{ mime: 'image/png', exts: ['png'], image: true, test: (b) => starts(b, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a) },
	{ mime: 'image/jpeg', exts: ['jpg', 'jpeg'], image: true, test: (b) => starts(b, 0xff, 0xd8, 0xff) },
	{ mime: 'image/webp', exts: ['webp'], image: true, test: (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP') },
	{
		mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		exts: ['docx'],
		image: false,
		test: ooxml('word/')
	},
	{ mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', exts: ['xlsx'], image: false, test: ooxml('xl/') },
	{
		mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
		exts: ['pptx'],
		image: false,
		test: ooxml('ppt/')
	},
	{ mime: 'application/msword', exts: ['doc'], image: false, test: (b) => starts(b, ...OLE) },
	{ mime: 'application/vnd.ms-excel', exts: ['xls'], image: false, test: (b) => starts(b, ...OLE) },
	{ mime: 'application/vnd.ms-powerpoint', exts: ['ppt'], image: false, test: (b) => starts(b, ...OLE) },
	{ mime: 'text/plain; charset=utf-8', exts: ['txt', 'csv', 'md'], image: false, test: isUtf8Text }
];

/** a file name safe to keep and show: no folders, no control characters, at most 120 characters */
export function cleanName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	// eslint-disable-next-line no-control-regex
	const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim();
	if (clean.length <= 120) return clean || 'file';
	const dot = clean.lastIndexOf('.');
	const ext = dot > 0 && clean.length - dot <= 8 ? clean.slice(dot) : '';
	return clean.slice(0, 120 - ext.length) + ext;
}

/**
 * The file's type from its first bytes, checked against its extension: a picture renamed .pdf, or a
 * program renamed .jpg, is refused. Throws a 400/413 with a Chinese message for the form's file field.
 */
export function detect(name: string, bytes: Uint8Array, accept: Accept, field = 'file'): Kind {
	if (bytes.length === 0) throw new ServiceError(400, 'file_empty', m.file_err_empty(), { [field]: m.file_err_empty() });
	if (bytes.length > MAX_FILE_BYTES) throw new ServiceError(413, 'file_too_large', m.file_err_too_large(), { [field]: m.file_err_too_large() });
	const typeMessage = accept === 'images' ? m.file_err_image : m.file_err_type;
	const ext = (name.match(/\.([A-Za-z0-9]{1,5})$/)?.[1] ?? '').toLowerCase();
	const byExt = KINDS.filter((k) => k.exts.includes(ext) && (accept === 'documents' || k.image));
	if (byExt.length === 0) throw new ServiceError(400, 'file_type', typeMessage(), { [field]: typeMessage() });
	const kind = byExt.find((k) => k.test(bytes));
	if (!kind) throw new ServiceError(400, 'file_mismatch', m.file_err_mismatch(), { [field]: m.file_err_mismatch() });
	return kind;
}

export interface PutInput {
	communityId: number;
	name: string;
	bytes: Uint8Array;
	uploadedById: number | null;
	accept: Accept;
	/** the form field the file came from, for the message beside it */
	field?: string;
}

/** Checks and stores a file; call inside the transaction that links it to its owner record. */
export async function put(tx: Q, input: PutInput): Promise<FileMeta> {
	const name = cleanName(input.name);
	const kind = detect(name, input.bytes, input.accept, input.field);
	const [row] = await tx
		.insert(table.storedFile)
		.values({
			communityId: input.communityId,
			name,
			mime: kind.mime,
			size: input.bytes.length,
			sha256: encodeHexLowerCase(sha256(input.bytes)),
			bytes: input.bytes,
			uploadedById: input.uploadedById
		})
		.returning({
			id: table.storedFile.id,
			communityId: table.storedFile.communityId,
			name: table.storedFile.name,
			mime: table.storedFile.mime,
			size: table.storedFile.size,
			sha256: table.storedFile.sha256,
			uploadedById: table.storedFile.uploadedById,
			createdAt: table.storedFile.createdAt
		});
	return row;
}

/** A form's File, read whole (after a size check on its declared size, so a huge upload is not read). */
export async function readUpload(file: unknown, field = 'file'): Promise<{ name: string; bytes: Uint8Array }> {
	if (!(file instanceof File) || file.size === 0) {
		throw new ServiceError(400, 'file_empty', m.file_err_empty(), { [field]: m.file_err_empty() });
	}
	if (file.size > MAX_FILE_BYTES) {
		throw new ServiceError(413, 'file_too_large', m.file_err_too_large(), { [field]: m.file_err_too_large() });
	}
	return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** The stored bytes of a file of this community, or a 404. */
export async function get(q: Q, fileId: number, communityId: number): Promise<StoredFile> {
	const [row] = await q
		.select()
		.from(table.storedFile)
		.where(and(eq(table.storedFile.id, fileId), eq(table.storedFile.communityId, communityId)));
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

/** Content-Disposition with the name in UTF-8 (RFC 6266) and a plain ASCII fallback */
export function disposition(name: string, inline = false): string {
	const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The download response for a stored file; pictures may be shown inline, everything else is an attachment. */
export function download(file: StoredFile, opts: { inline?: boolean } = {}): Response {
	const inline = (opts.inline ?? false) && file.mime.startsWith('image/');
	return new Response(new Uint8Array(file.bytes), {
		headers: {
			'content-type': file.mime,
			'content-length': String(file.bytes.length),
			'content-disposition': disposition(file.name, inline),
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'; sandbox",
			'cache-control': 'private, max-age=300',
			etag: `"${file.sha256}"`
		}
	});
}
