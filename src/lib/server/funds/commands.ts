// The funds commands, one file per sub-aggregate; this barrel keeps the imports of routes, jobs and tests stable.
export { loadPledge, peopleOf, type LimitRefusal } from './support';
// refunds.ts and receiving-account.ts still call it by its former name.
export { coordinatingFund as asCoordinator } from './policy';
export { consortiumHoldsMoney, openFund, type FundInput } from './fund-lifecycle';
export { amendPledge, approvePledge, enterPledge, pledgeApprovalRefusal, withdrawPledge, type Approval } from './pledges';
export { approvedMemberPledges, makeMatch, offerMatch, type MatchOfferInput } from './matches';
export { callPledges, paymentReferenceOf, receive, recordReceipt, type Receipt } from './payment-calls';
export { queueVoid, settleDueFunds } from './settlement';
export { decideDisbursement, proposeDisbursement, type DisbursementInput } from './disbursements';
