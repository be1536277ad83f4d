import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { parseNafCode, parseSirenOrSiret } from '$lib/domain/siren';
import { roles } from '$lib/domain/roles';
import { visibleCharacters } from './fields';

const organisationName = v.pipe(
	v.string(),
	v.trim(),
	v.nonEmpty(() => m.err_org_name_required()),
	v.maxLength(120, () => m.err_too_long({ max: '120' })),
	visibleCharacters
);

const description = v.optional(
	v.pipe(
		v.string(),
		v.trim(),
		v.maxLength(2000, () => m.err_too_long({ max: '2000' }))
	),
	''
);

const siren = v.pipe(
	v.string(),
	v.trim(),
	v.nonEmpty(() => m.err_siren_required()),
	v.rawTransform(({ dataset, addIssue, NEVER }) => {
		const result = parseSirenOrSiret(dataset.value);
		if (!result.ok) {
			addIssue({ message: result.reason === 'format' ? m.err_siren_format() : m.err_siren_checksum() });
			return NEVER;
		}
		return result.siren;
	})
);

const optionalSiren = v.pipe(
	v.optional(v.string(), ''),
	v.trim(),
	v.rawTransform(({ dataset, addIssue, NEVER }) => {
		if (dataset.value === '') return null;
		const result = parseSirenOrSiret(dataset.value);
		if (!result.ok) {
			addIssue({ message: result.reason === 'format' ? m.err_siren_format() : m.err_siren_checksum() });
			return NEVER;
		}
		return result.siren;
	})
);

const nafCode = v.pipe(
	v.string(),
	v.trim(),
	v.nonEmpty(() => m.err_naf_required()),
	v.rawTransform(({ dataset, addIssue, NEVER }) => {
		const code = parseNafCode(dataset.value);
		if (!code) {
			addIssue({ message: m.err_naf_format() });
			return NEVER;
		}
		return code;
	})
);

export const startupSchema = v.object({ name: organisationName, siren, nafCode, description });

export const partnerSchema = v.object({ name: organisationName, siren: optionalSiren, description });

export const claimCitySchema = v.object({
	inseeCode: v.pipe(
		v.string(),
		v.regex(/^[0-9][0-9AB][0-9]{3}$/, () => m.err_choose_commune())
	)
});

export const claimIntercommunalitySchema = v.object({
	siren: v.pipe(
		v.string(),
		v.regex(/^\d{9}$/, () => m.err_choose_epci())
	)
});

export const inviteSchema = v.object({
	email: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.err_email_required()),
		v.email(() => m.err_email_invalid())
	),
	role: v.picklist(roles, () => m.err_choice())
});

export const changeRoleSchema = v.object({
	userId: v.pipe(v.string(), v.nonEmpty()),
	role: v.picklist(roles, () => m.err_choice())
});

export const reviewSchema = v.variant('verdict', [
	v.object({ verdict: v.literal('verified'), organisationId: v.string() }),
	v.object({
		verdict: v.literal('rejected'),
		organisationId: v.string(),
		reason: v.pipe(
			v.string(),
			v.trim(),
			v.nonEmpty(() => m.err_reason_required()),
			v.maxLength(1000, () => m.err_too_long({ max: '1000' }))
		)
	})
]);
