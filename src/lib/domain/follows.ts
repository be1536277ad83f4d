// What a person can follow: any public object whose changes they want to hear about.
export const followableTypes = ['project', 'call', 'consortium', 'fund'] as const;
export type FollowableType = (typeof followableTypes)[number];
