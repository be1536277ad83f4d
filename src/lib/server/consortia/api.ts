import { listConsortia, consortiumDetails, type ConsortiumFilters } from './queries';

// What the public API says of a consortium: members, départements, state, rules — never a person.

type Listed = Awaited<ReturnType<typeof listConsortia>>['consortia'][number];

function shape(entry: Listed) {
	const { consortium, members, report } = entry;
	return {
		id: consortium.id,
		name: consortium.name,
		purpose: consortium.purpose,
		status: consortium.status,
		coordinatorId: consortium.coordinatorOrganisationId,
		members: members
			.filter((m) => m.organisationId && m.status !== 'cancelled')
			.map((m) => ({
				organisationId: m.organisationId,
				name: m.name,
				kind: m.kind,
				status: m.status,
				departements: m.departements,
				deliberation: m.deliberationNumber
					? { number: m.deliberationNumber, date: m.deliberationDate?.toISOString().slice(0, 10) ?? null, kind: m.decisionKind }
					: null
			})),
		departements: report.departements.covered,
		rules: {
			minMembers: { required: report.members.required, count: report.members.count, holds: report.members.holds },
			minDepartements: { required: report.departements.required, count: report.departements.covered.length, holds: report.departements.holds },
			allowedRegions: { regions: report.regions.allowed, holds: report.regions.holds },
			councilApprovals: { holds: report.allApproved }
		}
	};
}

export async function publicConsortiaPage(filters: ConsortiumFilters, limit: number, offset: number) {
	const { consortia, total } = await listConsortia(filters, offset, limit);
	return { data: consortia.map(shape), nextOffset: offset + consortia.length < total ? offset + consortia.length : null };
}

export async function publicConsortium(id: string) {
	const details = await consortiumDetails(id);
	return details ? shape(details) : undefined;
}
