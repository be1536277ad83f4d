import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const notificationDeliveries = ['immediate', 'daily', 'never'] as const;
export type NotificationDelivery = (typeof notificationDeliveries)[number];

export const users = sqliteTable('users', {
	id: text().primaryKey(),
	/** Always stored lower-case. */
	email: text().notNull().unique(),
	name: text().notNull(),
	passwordHash: text().notNull(),
	emailVerifiedAt: integer({ mode: 'timestamp_ms' }),
	isPlatformAdmin: integer({ mode: 'boolean' }).notNull().default(false),
	locale: text().notNull().default('fr'),
	notificationDelivery: text({ enum: notificationDeliveries }).notNull().default('immediate'),
	createdAt: integer({ mode: 'timestamp_ms' }).notNull()
});

export const sessions = sqliteTable(
	'sessions',
	{
		id: text().primaryKey(),
		userId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** SHA-256 of the token's secret part; the secret itself is never stored. */
		secretHash: text().notNull(),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull(),
		lastSeenAt: integer({ mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer({ mode: 'timestamp_ms' }).notNull(),
		userAgent: text(),
		ipAddress: text(),
		actingOrganisationId: text(),
		/** When this session last passed the second factor (TOTP or a recovery code). */
		secondFactorAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

export const userTokenPurposes = ['verify_email', 'reset_password'] as const;
export type UserTokenPurpose = (typeof userTokenPurposes)[number];

/** Single-use emailed tokens; only their SHA-256 is stored. */
export const userTokens = sqliteTable(
	'user_tokens',
	{
		id: text().primaryKey(),
		userId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		purpose: text({ enum: userTokenPurposes }).notNull(),
		tokenHash: text().notNull().unique(),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer({ mode: 'timestamp_ms' }).notNull(),
		usedAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [index('user_tokens_user_idx').on(t.userId, t.purpose)]
);

/** Failed attempts per key ("signin:ip:…", "signin:account:…", "reset:…"). */
export const throttleBuckets = sqliteTable('throttle_buckets', {
	key: text().primaryKey(),
	failures: integer().notNull(),
	windowStartedAt: integer({ mode: 'timestamp_ms' }).notNull(),
	lockedUntil: integer({ mode: 'timestamp_ms' })
});

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
