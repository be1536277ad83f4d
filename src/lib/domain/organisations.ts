// Organisations: what kinds there are and how far their claim has been checked. The database schema, the API's
// answers, the filters and the labels all read these tuples.

export const organisationKinds = ['city', 'intercommunality', 'startup', 'partner'] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const verificationStatuses = ['unverified', 'verified', 'rejected'] as const;
export type VerificationStatus = (typeof verificationStatuses)[number];
