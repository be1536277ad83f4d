// The consortium commands, one file per part of its life; this barrel keeps the imports of routes and tests stable.
export { createConsortium } from './creation';
export { answerInvitation, cancelInvitation, inviteOfficial, inviteOrganisation } from './invitations';
export { recordDeliberation, withdraw, type Deliberation } from './membership';
export { acceptCoordinator, dissolve, linkProject, proposeCoordinator } from './coordination';
