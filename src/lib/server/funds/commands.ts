// The funds commands, one file per sub-aggregate; this barrel keeps the imports of routes, jobs and tests stable.
export { asCoordinator, loadPledge, peopleOf, type LimitRefusal } from './support';
export { consortiumHoldsMoney, openFund, type FundInput } from './fund-lifecycle';
export { amendPledge, approvePledge, enterPledge, pledgeApprovalRefusal, withdrawPledge, type Approval } from './pledges';
export { approvedMemberPledges, makeMatch, offerMatch, type MatchOfferInput } from './matches';
export { callPledges, paymentReferenceOf, receive, recordReceipt, type Receipt } from './payment-calls';
export { queueVoid, settleDueFunds } from './settlement';
export { decideDisbursement, proposeDisbursement, type DisbursementInput } from './disbursements';
