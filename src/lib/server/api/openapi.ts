// The OpenAPI description of the public, read-only API. Each new collection adds its schema here.

const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const named = { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } };

const referentProperties = {
	name: { type: 'string' },
	role: nullable('string'),
	phone: nullable('string')
};

const link = {
	type: 'object',
	required: ['organisationId', 'name', 'projectId'],
	properties: { organisationId: { type: 'string' }, name: { type: 'string' }, projectId: nullable('string') }
};

const schemas = {
	Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' }, message: { type: 'string' } } },
	Organisation: {
		type: 'object',
		required: ['id', 'slug', 'kind', 'name'],
		properties: {
			id: { type: 'string' },
			slug: { type: 'string' },
			kind: { type: 'string', enum: ['city', 'intercommunality', 'startup', 'partner'] },
			name: { type: 'string' },
			inseeCode: nullable('string', { description: 'Communes only' }),
			siren: nullable('string'),
			nafCode: nullable('string', { description: 'Startups only' }),
			description: { type: 'string' },
			departementCode: nullable('string'),
			regionCode: nullable('string'),
			population: nullable('integer', { description: 'Cities and intercommunalities: the official population' }),
			website: nullable('string'),
			pageUrl: { type: 'string', description: 'The public page, which shows the contact address (the API never gives one)' },
			contactPhone: nullable('string'),
			logoUrl: nullable('string'),
			themes: { type: 'array', items: { type: 'string' }, description: 'Themes of its published projects' },
			referent: nullable('object', { properties: referentProperties, description: 'Cities and intercommunalities: the référent numérique for TPE/PME' }),
			verifiedAt: nullable('string', { format: 'date-time' })
		}
	},
	Referent: {
		type: 'object',
		required: ['organisationId', 'organisationName', 'name'],
		properties: {
			organisationId: { type: 'string' },
			organisationName: { type: 'string' },
			organisationKind: { type: 'string', enum: ['city', 'intercommunality'] },
			departementCode: nullable('string'),
			regionCode: nullable('string'),
			pageUrl: { type: 'string', description: 'The organisation’s page, with the référent’s address' },
			...referentProperties
		}
	},
	Project: {
		type: 'object',
		required: ['id', 'title', 'summary', 'theme', 'status'],
		properties: {
			id: { type: 'string' },
			title: { type: 'string' },
			summary: { type: 'string' },
			description: { type: 'string', description: 'Markdown; in the single-project answer only' },
			theme: { type: 'string' },
			status: { type: 'string', enum: ['published', 'consortium_formed', 'funded', 'in_progress', 'completed', 'abandoned'] },
			estimatedBudgetCents: nullable('integer'),
			seekingPartners: { type: 'boolean' },
			publishedAt: nullable('string', { format: 'date-time' }),
			proposer: named,
			coproposers: { type: 'array', items: named },
			partners: {
				type: 'array',
				description: 'Organisations accepted as co-proposers; projectId is this project',
				items: link
			},
			reuse: {
				type: 'object',
				description: 'Single-project answer only: what makes it reusable',
				properties: {
					licence: nullable('string'),
					repositoryUrl: nullable('string'),
					contactName: nullable('string'),
					reusableParts: { type: 'array', items: { type: 'string', enum: ['description', 'budget', 'documents', 'licence', 'repository', 'indicators'] } },
					budgetLines: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' }, amountCents: { type: 'integer' } } } },
					indicators: {
						type: 'array',
						items: {
							type: 'object',
							properties: {
								name: { type: 'string' },
								unit: { type: 'string' },
								baseline: nullable('number'),
								target: nullable('number'),
								measurements: { type: 'array', items: { type: 'object', properties: { measuredOn: { type: 'string', format: 'date' }, value: { type: 'number' } } } }
							}
						}
					}
				}
			},
			replications: {
				type: 'array',
				description: 'Cities whose own project replicates this one (accepted by its owner); projectId is null while that project is a draft',
				items: link
			},
			departements: { type: 'array', items: { type: 'string' } }
		}
	},
	Call: {
		type: 'object',
		required: ['id', 'title', 'theme', 'status', 'opensAt', 'closesAt', 'award'],
		properties: {
			id: { type: 'string' },
			title: { type: 'string' },
			challenge: { type: 'string', description: 'Markdown; in the single-call answer only' },
			theme: { type: 'string' },
			status: { type: 'string', enum: ['open', 'closed', 'evaluating', 'decided', 'experimenting', 'evaluated'] },
			audience: { type: 'string', enum: ['startups', 'consortia'] },
			budgetCents: nullable('integer'),
			durationMonths: { type: 'integer' },
			legalFrame: { type: 'string', enum: ['experimentation_convention', 'innovative_purchase'] },
			opensAt: { type: 'string', format: 'date-time' },
			closesAt: { type: 'string', format: 'date-time' },
			publisher: named,
			consortium: { ...named, type: ['object', 'null'] },
			departements: { type: 'array', items: { type: 'string' }, description: 'The départements the call concerns' },
			criteria: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' }, weight: { type: 'integer' } } } },
			award: {
				type: ['object', 'null'],
				description: 'The award notice, once the call is decided (null before); the same in the list and in the single-call answer',
				required: ['decidedAt', 'responses', 'selected'],
				properties: {
					decidedAt: { type: 'string', format: 'date-time' },
					responses: { type: 'integer', description: 'Responses considered (submitted; never drafts or withdrawn ones)' },
					selected: {
						type: 'array',
						items: {
							type: 'object',
							required: ['organisationId', 'name', 'amountCents'],
							properties: { organisationId: { type: 'string' }, name: { type: 'string' }, amountCents: { type: 'integer' } }
						}
					}
				}
			},
			documents: {
				type: 'array',
				description: 'The PDFs the publisher attached (cahier des charges, règlement…), each downloadable at its url; in the single-call answer only',
				items: {
					type: 'object',
					required: ['id', 'name', 'sizeBytes', 'sha256', 'addedAt', 'url'],
					properties: {
						id: { type: 'string' },
						name: { type: 'string' },
						sizeBytes: { type: 'integer' },
						sha256: { type: 'string', description: 'SHA-256 of the file, hex' },
						addedAt: { type: 'string', format: 'date-time' },
						url: { type: 'string', description: 'Path of the download, relative to the site' }
					}
				}
			},
			changes: {
				type: 'array',
				description: 'Changes to its documents once the call was public, newest first; in the single-call answer only',
				items: {
					type: 'object',
					required: ['at', 'kind', 'documentName', 'note'],
					properties: {
						at: { type: 'string', format: 'date-time' },
						kind: { type: 'string', enum: ['document_added', 'document_removed'] },
						documentName: { type: 'string' },
						note: { type: 'string', description: 'What the publisher said changed; may be empty' }
					}
				}
			},
			questions: {
				type: 'array',
				description: 'Answered public questions; in the single-call answer only',
				items: { type: 'object', properties: { question: { type: 'string' }, answer: { type: 'string' }, answeredAt: { type: 'string' } } }
			}
		}
	},
	Consortium: {
		type: 'object',
		required: ['id', 'name', 'status', 'coordinatorId', 'members', 'departements', 'rules'],
		properties: {
			id: { type: 'string' },
			name: { type: 'string' },
			purpose: { type: 'string', description: 'Markdown' },
			status: { type: 'string', enum: ['forming', 'active', 'dissolved'] },
			coordinatorId: { type: 'string', description: 'The coordinating organisation' },
			members: {
				type: 'array',
				description: 'Members and invitations of organisations on the platform (cancelled invitations left out)',
				items: {
					type: 'object',
					properties: {
						organisationId: { type: 'string' },
						name: { type: 'string' },
						kind: { type: 'string', enum: ['city', 'intercommunality', 'startup', 'partner'] },
						status: { type: 'string', enum: ['invited', 'accepted', 'council_approved', 'declined', 'withdrawn'] },
						departements: { type: 'array', items: { type: 'string' } },
						deliberation: nullable('object', {
							properties: {
								number: { type: 'string' },
								date: nullable('string', { format: 'date' }),
								kind: { type: 'string', enum: ['council', 'president_delegation'] }
							}
						})
					}
				}
			},
			departements: { type: 'array', items: { type: 'string' }, description: 'Codes of the départements its current members cover' },
			rules: {
				type: 'object',
				properties: {
					minMembers: { type: 'object', properties: { required: { type: 'integer' }, count: { type: 'integer' }, holds: { type: 'boolean' } } },
					minDepartements: { type: 'object', properties: { required: { type: 'integer' }, count: { type: 'integer' }, holds: { type: 'boolean' } } },
					allowedRegions: {
						type: 'object',
						properties: { regions: { type: 'array', items: { type: 'string' }, description: 'Région codes; empty for any' }, holds: { type: 'boolean' } }
					},
					councilApprovals: { type: 'object', properties: { holds: { type: 'boolean' } } }
				}
			}
		}
	},
	Totals: {
		type: 'object',
		description: 'Derived from the ledger: the balance of each state, in integer euro cents',
		properties: Object.fromEntries(
			[
				['intentCents', 'Pledged, awaiting a signatory'],
				['approvedCents', 'Approved, not yet called'],
				['calledCents', 'Called, not yet received'],
				['receivedCents', 'Received over the fund’s life'],
				['refundedCents', 'Refunded'],
				['refundOwedCents', 'Refunds owed, not yet made: still in the account, no longer available'],
				['releasedCents', 'Released (the fund failed, or an intent lapsed)'],
				['withdrawnCents', 'Withdrawn before approval'],
				['disbursedCents', 'Paid out to projects or responses'],
				['availableCents', 'In the fund now: received − refunded − disbursed'],
				['committedCents', 'Binding: approved + called + received − refunded'],
				['matchedCents', 'The part of committed brought by partners’ matches']
			].map(([name, description]) => [name, { type: 'integer', description }])
		)
	},
	Fund: {
		type: 'object',
		required: ['id', 'name', 'kind', 'status', 'rule', 'targetCents', 'thresholdCents', 'deadline', 'totals'],
		properties: {
			id: { type: 'string' },
			name: { type: 'string' },
			kind: { type: 'string', enum: ['investment', 'experimentation'] },
			status: { type: 'string', enum: ['open', 'funded', 'failed', 'closed'] },
			rule: { type: 'string', enum: ['all_or_nothing', 'flexible'] },
			consortiumId: { type: 'string' },
			consortiumName: { type: 'string' },
			targetCents: { type: 'integer' },
			thresholdCents: { type: 'integer' },
			deadline: { type: 'string', format: 'date-time' },
			currency: { type: 'string', enum: ['EUR'] },
			totals: ref('Totals'),
			purpose: { type: 'string', description: 'Markdown; in the single-fund answer only' },
			members: { type: 'array', description: 'Single-fund answer only: each pledging organisation with its totals', items: { type: 'object' } },
			pledges: { type: 'array', description: 'Single-fund answer only', items: { type: 'object' } },
			matchOffers: { type: 'array', description: 'Single-fund answer only', items: { type: 'object' } },
			disbursements: { type: 'array', description: 'Single-fund answer only', items: { type: 'object' } }
		}
	},
	LedgerEntry: {
		type: 'object',
		required: ['seq', 'at', 'kind', 'from', 'to', 'amountCents', 'runningTotals'],
		properties: {
			seq: { type: 'integer', description: 'Order of the entry; entries are never changed or removed' },
			at: { type: 'string', format: 'date-time' },
			kind: { type: 'string', enum: ['pledge', 'amend_up', 'amend_down', 'withdraw', 'approve', 'match', 'call', 'receipt', 'expire', 'release', 'release_called', 'refund', 'disburse', 'owe', 'refund_made'] },
			from: { type: 'string', description: 'The state the money leaves' },
			to: { type: 'string', description: 'The state the money enters' },
			amountCents: { type: 'integer', minimum: 1 },
			isMatch: { type: 'boolean' },
			pledgeId: nullable('string'),
			disbursementId: nullable('string'),
			organisationId: nullable('string'),
			organisationName: nullable('string'),
			reference: { type: 'string', description: 'Délibération, bank or beneficiary reference' },
			runningTotals: ref('Totals')
		}
	}
};

const pageParameters = [
	{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
	{ name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'The "next" value of the previous page' }
];

const query = (name: string, description: string) => ({ name, in: 'query', schema: { type: 'string' }, description });

function collection(path: string, schema: string, summary: string, filters: unknown[] = []) {
	const error = (description: string) => ({ description, content: json(ref('Error')) });
	return {
		[path]: {
			get: {
				summary,
				parameters: [...pageParameters, ...filters],
				responses: {
					'200': {
						description: 'A page',
						content: json({ type: 'object', properties: { data: { type: 'array', items: ref(schema) }, next: nullable('string') } })
					},
					'400': error('Bad parameters')
				}
			}
		},
		[`${path}/{id}`]: {
			get: {
				summary: `One of ${summary.toLowerCase()}`,
				parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
				responses: { '200': { description: 'The object', content: json(ref(schema)) }, '404': error('Unknown or not public') }
			}
		}
	};
}

export function openApiDocument(origin: string) {
	return {
		openapi: '3.1.0',
		info: {
			title: 'Entente public API',
			version: '1.0.0',
			description: 'Read-only JSON for every public object. Amounts are integer euro cents; dates are ISO 8601.'
		},
		servers: [{ url: `${origin}/api/v1` }],
		paths: {
			...collection('/organisations', 'Organisation', 'Verified organisations', [
				query('q', 'Search in names and descriptions, accents optional'),
				query('kind', 'city, intercommunality, startup or partner'),
				query('region', 'A région code'),
				query('departement', 'A département code'),
				query('population', 'under_10k, 10k_20k, 20k_50k, 50k_100k or over_100k'),
				query('theme', 'A theme of its published projects')
			]),
			'/referents': {
				get: {
					summary: 'Référents numériques for TPE/PME named by verified cities and intercommunalities',
					parameters: [...pageParameters, query('region', 'A région code'), query('departement', 'A département code')],
					responses: {
						'200': {
							description: 'A page',
							content: json({ type: 'object', properties: { data: { type: 'array', items: ref('Referent') }, next: nullable('string') } })
						},
						'400': { description: 'Bad parameters', content: json(ref('Error')) }
					}
				}
			},
			...collection('/projects', 'Project', 'Published projects', [
				query('q', 'Full-text search, accents optional'),
				query('theme', 'A theme code'),
				query('status', 'A project status'),
				query('departement', 'A département code'),
				query('region', 'A région code'),
				query('seeking', '1 for projects seeking partners'),
				query('sort', 'recent, budget or title')
			]),
			...collection('/calls', 'Call', 'Published calls for experimentation', [
				query('q', 'Full-text search in the title, the challenge and the publisher, accents optional; operators are plain words'),
				query('theme', 'A theme code'),
				query('status', 'A call status'),
				query('region', 'A région code: the call concerns one of its départements'),
				query('departement', 'A département code the call concerns (its publisher’s, or its consortium members’)'),
				query('audience', 'startups or consortia'),
				query('budget', 'A budget band: under_50k, 50k_100k, 100k_500k or over_500k'),
				query('closes', 'Open calls closing within 7, 30 or 90 days')
			]),
			...collection('/consortia', 'Consortium', 'Consortia', [
				query('status', 'forming, active or dissolved'),
				query('region', 'A région code: a current member lies in it'),
				query('departement', 'A département code the consortium covers')
			]),
			...collection('/funds', 'Fund', 'Funds', [query('status', 'open, funded, failed or closed'), query('consortium', 'A consortium id')]),
			'/funds/{id}/ledger': {
				get: {
					summary: 'The ledger of a fund, oldest entry first, with running totals',
					parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, ...pageParameters],
					responses: {
						'200': {
							description: 'A page of entries',
							content: json({ type: 'object', properties: { data: { type: 'array', items: ref('LedgerEntry') }, next: nullable('string') } })
						},
						'400': { description: 'Bad parameters', content: json(ref('Error')) },
						'404': { description: 'Unknown fund', content: json(ref('Error')) }
					}
				}
			}
		},
		components: { schemas }
	};
}
