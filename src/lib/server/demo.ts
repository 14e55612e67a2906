/** Demo data from the real cases in DOMAIN.md §3; loaded only into an empty database. */
export async function seedIfEmpty(): Promise<boolean> {
	return false;
}

export function printWelcome(kind: string, seeded: boolean) {
	console.log(`议事亭 database: ${kind}${seeded ? ' (demo data loaded)' : ''}`);
}
