// Adds or replaces UI messages in both locales in one step:
//   node src/lib/i18n/add.mjs '{"topic_title": ["标题", "Title"]}'
// Safe to run while others edit: it re-reads each file right before writing.
import { readFileSync, writeFileSync } from 'node:fs';

const add = JSON.parse(process.argv[2] ?? '{}');
const dir = new URL('./messages/', import.meta.url);
for (const [index, locale] of ['zh-CN', 'en'].entries()) {
	const file = new URL(`${locale}.json`, dir);
	const current = JSON.parse(readFileSync(file, 'utf8'));
	for (const [key, texts] of Object.entries(add)) {
		if (!/^[a-z][a-z0-9_]*$/.test(key)) throw new Error(`bad key ${key}`);
		current[key] = texts[index];
	}
	writeFileSync(file, JSON.stringify(current, null, '\t') + '\n');
}
console.log(`added ${Object.keys(add).length} messages`);
